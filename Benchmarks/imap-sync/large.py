"""Appends one large message (a short text part and a base64 attachment of about
SIZE_MB megabytes) to FOLDER, replacing whatever FOLDER held.

usage: large.py HOST PORT CA USER PASSWORD FOLDER SIZE_MB
"""
import base64
import imaplib
import os
import ssl
import sys

host, port, ca, user, password, folder, size_mb = sys.argv[1:8]
imap = imaplib.IMAP4_SSL(host, int(port), ssl_context=ssl.create_default_context(cafile=ca))
imap.login(user, password)
imap.create(folder)
if int(imap.select(folder)[1][0]) > 0:
    imap.store("1:*", "+FLAGS.SILENT", "(\\Deleted)")
    imap.expunge()

# 57 random bytes make one 76-character base64 line.
line_count = int(size_mb) * (1 << 20) // 78
chunk = os.urandom(57 * 4096)
encoded = base64.b64encode(chunk).decode()
pool = [encoded[i:i + 76] for i in range(0, len(encoded), 76)]
body = "\r\n".join(pool[i % len(pool)] for i in range(line_count))
message = (
    "From: Big Sender <big@example.test>\r\nTo: bench@example.test\r\nSubject: one large message\r\n"
    "Message-ID: <large-bench@example.test>\r\nDate: Thu, 26 Nov 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=LARGE\r\n\r\n--LARGE\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
    "The measurements are attached.\r\n--LARGE\r\nContent-Type: application/octet-stream\r\n"
    "Content-Disposition: attachment; filename=measurements.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n"
    + body + "\r\n--LARGE--\r\n"
).encode()
imap.append(folder, None, None, message)
imap.logout()
print(f"{len(message) / (1 << 20):.1f} MB")
