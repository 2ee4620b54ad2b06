#!/usr/bin/env python3
"""The physical limit: one minimal client streams UID FETCH 1:* (UID FLAGS BODY.PEEK[])
over TLS and discards it. Prints the seconds it took.

usage: stream.py HOST PORT CAFILE USER PASSWORD FOLDER
"""
import socket, ssl, sys, time

host, port, cafile, user, password, folder = sys.argv[1:7]
context = ssl.create_default_context(cafile=cafile)
sock = context.wrap_socket(socket.create_connection((host, int(port))), server_hostname=host)
sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
buffer = b""


def until(tag):
    global buffer
    marker = tag + b" "
    while True:
        for line in buffer.split(b"\r\n")[:-1]:
            if line.startswith(marker):
                buffer = b""
                return
        # keep only the tail: a tag line cannot span more than this
        buffer = buffer[-4096:] + sock.recv(1 << 20)


sock.recv(4096)
start = time.time()
sock.sendall(f'a LOGIN "{user}" "{password}"\r\nb SELECT "{folder}"\r\nzq7 UID FETCH 1:* (UID FLAGS BODY.PEEK[])\r\n'.encode())
until(b"zq7")
print(f"{time.time() - start:.2f}")
sock.sendall(b"d LOGOUT\r\n")
