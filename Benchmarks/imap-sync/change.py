#!/usr/bin/env python3
"""Makes 100 flag changes and 100 expunges in a folder, as another client would.

usage: change.py HOST PORT CAFILE USER PASSWORD FOLDER
"""
import imaplib, ssl, sys

host, port, cafile, user, password, folder = sys.argv[1:7]
imap = imaplib.IMAP4_SSL(host, int(port), ssl_context=ssl.create_default_context(cafile=cafile))
imap.login(user, password)
imap.select(folder)
typ, data = imap.uid("SEARCH", "ALL")
uids = data[0].split()
step = max(1, len(uids) // 200)
picked = uids[::step][:200]
flag, gone = picked[:100], picked[100:200]
imap.uid("STORE", b",".join(flag).decode(), "+FLAGS", "(\\Flagged $Bench)")
imap.uid("STORE", b",".join(gone).decode(), "+FLAGS.SILENT", "(\\Deleted)")
imap.uid("EXPUNGE", b",".join(gone).decode())
imap.logout()
print(f"flagged {len(flag)}, expunged {len(gone)}")
