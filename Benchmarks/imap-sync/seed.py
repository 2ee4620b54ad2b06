#!/usr/bin/env python3
"""Seeds an IMAP folder with N generated messages (about 40 KB on average): plain text,
multipart/alternative with HTML, attachments up to a few hundred KB, non-ASCII
headers, and threads. Deterministic for a given N and seed.

usage: seed.py HOST PORT CAFILE USER PASSWORD FOLDER N
"""
import base64, imaplib, random, ssl, sys, time

host, port, cafile, user, password, folder, count = sys.argv[1:8]
count = int(count)
rng = random.Random(20261126)
WORDS = ("mail sync folder message server client header body thread reply quote "
         "über naïve café Grüße 東京 привет résumé").split()


def text(n_words):
    lines, line = [], []
    for _ in range(n_words):
        line.append(rng.choice(WORDS))
        if len(line) >= 12:
            lines.append(" ".join(line))
            line = []
    lines.append(" ".join(line))
    return "\r\n".join(lines)


def encoded(subject):
    return "=?UTF-8?B?" + base64.b64encode(subject.encode()).decode() + "?="


def message(i):
    kind = i % 10
    thread = i // 5
    mid = f"<bench-{i}@example.test>"
    head = [f"From: =?UTF-8?Q?J=C3=BCrgen_{i % 37}?= <sender{i % 37}@example.test>",
            "To: Bench <bench@example.test>",
            f"Subject: {encoded(f'Thread {thread}: Grüße und 東京 #{i}')}",
            f"Message-ID: {mid}",
            f"Date: Wed, {1 + i % 28:02d} Oct 2026 {i % 24:02d}:{i % 60:02d}:00 +0000",
            "MIME-Version: 1.0"]
    if i % 5:
        parent = f"<bench-{i - 1}@example.test>"
        head += [f"In-Reply-To: {parent}", f"References: <bench-{thread * 5}@example.test> {parent}"]
    if kind < 5:  # plain, ~8-30 KB
        head += ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"]
        body = text(rng.randint(1000, 4000))
    elif kind < 8:  # alternative with HTML, ~20-60 KB
        b = f"alt{i}"
        plain = text(rng.randint(1500, 4000))
        html = "<html><body><p>" + plain.replace("\r\n", "</p>\r\n<p>") + "</p></body></html>"
        head.append(f'Content-Type: multipart/alternative; boundary="{b}"')
        body = (f"--{b}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{plain}\r\n"
                f"--{b}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{html}\r\n--{b}--")
    else:  # attachment, up to a few hundred KB (rarely)
        b = f"mix{i}"
        size = rng.choice([20_000, 40_000, 60_000, 80_000]) if i % 50 else 300_000
        blob = base64.encodebytes(rng.randbytes(size)).decode().replace("\n", "\r\n")
        head.append(f'Content-Type: multipart/mixed; boundary="{b}"')
        body = (f"--{b}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{text(200)}\r\n"
                f"--{b}\r\nContent-Type: application/octet-stream; name=\"file{i}.bin\"\r\n"
                f"Content-Disposition: attachment; filename=\"file{i}.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                f"{blob}--{b}--")
    return ("\r\n".join(head) + "\r\n\r\n" + body + "\r\n").encode()


context = ssl.create_default_context(cafile=cafile)
imap = imaplib.IMAP4_SSL(host, int(port), ssl_context=context)
imap.login(user, password)
if folder.upper() != "INBOX":
    imap.create(folder)
total = 0
start = time.time()
for i in range(count):
    raw = message(i)
    total += len(raw)
    flags = "(\\Seen)" if i % 3 else "()"
    typ, _ = imap.append(folder, flags, None, raw)
    if typ != "OK":
        sys.exit(f"APPEND failed for message {i}")
imap.logout()
print(f"seeded {count} messages, {total / 1e6:.1f} MB ({total / max(count, 1) / 1024:.1f} KB average) in {time.time() - start:.1f} s")
