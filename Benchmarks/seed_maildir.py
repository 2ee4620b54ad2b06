#!/usr/bin/env python3
"""Writes N generated messages straight into a test user's Maildir (new/), so a
benchmark mailbox of tens of thousands of messages is ready in seconds. Dovecot picks
them up on the next login. Deterministic for a given seed.

usage: seed_maildir.py MAILDIR COUNT AVERAGE_KB [SEED]
"""
import base64, os, random, sys, time

def message(index, rng, average_kb):
    names = ["Ada Lovelace", "Grace Hopper", "Jürgen Müller", "山田 太郎", "Zoë Ñúñez", "Ken Thompson"]
    name = rng.choice(names)
    encoded = name if name.isascii() else "=?utf-8?B?" + base64.b64encode(name.encode()).decode() + "?="
    subject = f"Benchmark message {index} — {rng.choice(['report', 'Grüße', 'plan', 'Отчёт', '会議'])}"
    subject_header = "=?utf-8?B?" + base64.b64encode(subject.encode()).decode() + "?="
    kind = index % 10
    size = max(1, int(rng.expovariate(1 / (average_kb * 1024))))
    size = min(size, 400 * 1024)
    headers = (f"From: {encoded} <sender{index % 50}@example.test>\r\nTo: <bench@example.test>\r\n"
               f"Subject: {subject_header}\r\nDate: Thu, 26 Nov 2026 10:{index % 60:02d}:00 +0000\r\n"
               f"Message-ID: <bench.{index}@example.test>\r\nMIME-Version: 1.0\r\n")
    if index > 0 and index % 4 == 0:
        parent = index - rng.randint(1, min(index, 20))
        headers += f"In-Reply-To: <bench.{parent}@example.test>\r\nReferences: <bench.{parent}@example.test>\r\n"
    line = "The quick brown fox jumps over the lazy dog; Grüße aus Köln.\r\n"
    text = line * max(1, min(size, 8192) // len(line))
    if kind < 5:
        return headers + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + text
    boundary = f"=_b{index}"
    if kind < 8:
        html = "<html><body>" + "<p>" + text.replace("\r\n", "</p><p>") + "</p></body></html>\r\n"
        return (headers + f'Content-Type: multipart/alternative; boundary="{boundary}"\r\n\r\n'
                f"--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{text}"
                f"--{boundary}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{html}"
                f"--{boundary}--\r\n")
    blob = base64.encodebytes(rng.randbytes(size)).decode().replace("\n", "\r\n")
    return (headers + f'Content-Type: multipart/mixed; boundary="{boundary}"\r\n\r\n'
            f"--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{text[:500]}"
            f"--{boundary}\r\nContent-Type: application/pdf; name=\"report-{index}.pdf\"\r\n"
            f"Content-Disposition: attachment; filename=\"report-{index}.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{blob}"
            f"--{boundary}--\r\n")

def main():
    maildir, count, average_kb = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 42)
    new = os.path.join(maildir, "new")
    os.makedirs(new, exist_ok=True)
    stamp = int(time.time())
    total = 0
    for index in range(count):
        data = message(index, rng, average_kb).encode()
        total += len(data)
        path = os.path.join(new, f"{stamp}.M{index}P{os.getpid()}.bench,S={len(data)}")
        with open(path, "wb") as handle:
            handle.write(data)
    print(f"seeded {count} messages, {total / 1e6:.1f} MB", file=sys.stderr)

main()
