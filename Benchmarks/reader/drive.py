#!/usr/bin/env python3
"""Times a terminal mail reader from outside, as a user feels it: key press to finished
screen, in a real terminal (tmux, 120x40), through a tmux control-mode client.

The reader runs as the only program of a tmux pane. The client sends a key and reads
tmux's %output notifications, which carry every byte the program writes to the terminal
as it writes it; the step is finished when the program has written nothing for a quiet
period, and its time is that of the last byte (the quiet period is not counted). A
snapshot of the pane after each step checks that the step did what it should.

usage: drive.py NAME STEPS_JSON COMMAND...
  STEPS_JSON: [{"name": ..., "keys": [...], "expect": "text on screen" | null}, ...]
  Prints one line per step: name, milliseconds, bytes written; then the peak RSS.

With BOTTOM_ROWS=N in the environment, output that writes only to the last N rows of
the pane does not count: a reader indexing in the background updates its progress on
the status line several times a second, and a key's time is that of its own screen.
With BUSY=TEXT, a step after which the screen shows TEXT (say, the indexing progress)
is marked so.
"""
import json, os, re, subprocess, sys, time, uuid

BOTTOM_ROWS = int(os.environ.get("BOTTOM_ROWS", "0"))
BUSY = os.environ.get("BUSY")
QUIET = 1.0           # seconds without output that end a step (NeoMutt at 100,000 pauses mid-step)
FIRST_QUIET = 1.0     # the first screen may come in parts while the program starts
TIMEOUT = 60.0


class Control:
    """One tmux server in control mode, one session, one pane running `command`."""

    def __init__(self, command, columns=120, rows=40):
        self.socket = "merle-reader-bench-" + uuid.uuid4().hex[:8]
        self.proc = subprocess.Popen(
            ["tmux", "-L", self.socket, "-f", "/dev/null", "-C", "new-session", "-x", str(columns), "-y", str(rows),
             "-s", "bench", command],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
        os.set_blocking(self.proc.stdout.fileno(), False)
        self.buffer = b""
        self.last_output = None
        self.output_bytes = 0
        self.rows = rows
        self.cursor = RowTracker()

    def write(self, line):
        self.proc.stdin.write((line + "\n").encode())
        self.proc.stdin.flush()

    def pump(self, wait):
        """Reads what tmux has sent for up to `wait` seconds; notes output times and bytes."""
        deadline = time.monotonic() + wait
        got = False
        while True:
            try:
                chunk = os.read(self.proc.stdout.fileno(), 65536)
            except BlockingIOError:
                chunk = b""
            if chunk:
                now = time.monotonic()
                self.buffer += chunk
                while b"\n" in self.buffer:
                    line, self.buffer = self.buffer.split(b"\n", 1)
                    if line.startswith(b"%output "):
                        payload = line.split(b" ", 2)[2] if line.count(b" ") >= 2 else b""
                        data = decode(payload)
                        self.output_bytes += len(data)
                        touched = self.cursor.feed(data)
                        if not BOTTOM_ROWS or (touched and min(touched) <= self.rows - BOTTOM_ROWS):
                            self.last_output = now
                            got = True
                    elif line.startswith(b"%begin"):
                        self.pending_block = []
                    elif line.startswith(b"%end") or line.startswith(b"%error"):
                        self.block = getattr(self, "pending_block", [])
                        self.pending_block = None
                    elif getattr(self, "pending_block", None) is not None:
                        self.pending_block.append(line.decode("utf-8", "replace"))
                continue
            if time.monotonic() >= deadline:
                return got
            time.sleep(0.0005)

    def capture(self):
        self.block = None
        self.write("capture-pane -p -t bench")
        deadline = time.monotonic() + 5
        while self.block is None and time.monotonic() < deadline:
            self.pump(0.002)
        return "\n".join(self.block or [])

    def display(self, fmt):
        self.block = None
        self.write(f"display-message -p -t bench '{fmt}'")
        deadline = time.monotonic() + 5
        while self.block is None and time.monotonic() < deadline:
            self.pump(0.002)
        return (self.block or [""])[0].strip()

    def settle(self, start, quiet):
        """Waits until nothing was written for `quiet` seconds; returns the last byte's time."""
        deadline = start + TIMEOUT
        while time.monotonic() < deadline:
            self.pump(0.005)
            last = self.last_output or start
            if time.monotonic() - max(last, start) >= quiet:
                return last
        raise SystemExit("timed out waiting for the screen to settle")

    def close(self):
        try:
            subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=10)
        finally:
            self.proc.kill()


class RowTracker:
    """Follows the cursor's row through what a curses program writes (absolute and
    relative moves, newlines) well enough to tell which rows a piece of output draws on."""
    CSI = re.compile(rb"\x1b\[([0-9;?]*)([@-~])")

    def __init__(self):
        self.row = 1

    def feed(self, data):
        touched = set()
        i = 0
        while i < len(data):
            byte = data[i]
            if byte == 0x1B:
                match = self.CSI.match(data, i)
                if match:
                    params, final = match.group(1), match.group(2)
                    numbers = [int(p) if p.isdigit() else 0 for p in params.split(b";")] if params else []
                    first = numbers[0] if numbers and numbers[0] else 1
                    if final in (b"H", b"f"):
                        self.row = first if numbers else 1
                    elif final == b"d":
                        self.row = first
                    elif final == b"A":
                        self.row -= first
                    elif final in (b"B", b"e"):
                        self.row += first
                    elif final in (b"K", b"X", b"@", b"P"):
                        touched.add(self.row)
                    elif final == b"J":
                        touched.update(range(self.row, self.row + 200))
                    elif final == b"r":
                        self.row = 1  # setting the scrolling region homes the cursor
                    i = match.end()
                    continue
                if data[i + 1:i + 2] == b"M":
                    self.row -= 1
                # A character set choice (ESC ( B) has one byte more.
                i += 3 if data[i + 1:i + 2] in (b"(", b")") else 2
                continue
            if byte == 0x0A:
                self.row += 1
            elif byte >= 0x20:
                touched.add(self.row)
            i += 1
        return touched


def decode(payload):
    """tmux escapes bytes below 32 and the backslash as \\ooo octal."""
    out = bytearray()
    i = 0
    while i < len(payload):
        if payload[i] == 0x5C and i + 3 < len(payload) + 1 and payload[i + 1:i + 4].isdigit():
            out.append(int(payload[i + 1:i + 4], 8))
            i += 4
        else:
            out.append(payload[i])
            i += 1
    return bytes(out)


def peak_rss(pid):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def main():
    name, steps_json = sys.argv[1], sys.argv[2]
    command = " ".join(sys.argv[3:])
    steps = json.loads(steps_json)
    control = Control(command)
    try:
        start = time.monotonic()
        control.pump(0.01)
        first = steps[0]
        last = control.settle(start, FIRST_QUIET)
        screen = control.capture()
        if first.get("expect") and not re.search(first["expect"], screen):
            raise SystemExit(f"{name}: the first screen does not show {first['expect']!r}:\n{screen}")
        pid = control.display("#{pane_pid}")
        busy = f"  ({BUSY})" if BUSY and BUSY in screen else ""
        print(f"{name:9} {first['name']:34} {1000 * (last - start):9.1f} ms {control.output_bytes:9d} bytes{busy}")
        for step in steps[1:]:
            for key in step.get("before", []):
                control.write(f"send-keys -t bench {key}")
                control.settle(time.monotonic(), QUIET)
            control.output_bytes = 0
            control.last_output = None
            begin = time.monotonic()
            for key in step["keys"]:
                control.write(f"send-keys -t bench {key}")
            last = control.settle(begin, QUIET)
            screen = control.capture()
            if step.get("expect") and not re.search(step["expect"], screen):
                raise SystemExit(f"{name}: after {step['name']} the screen does not show {step['expect']!r}:\n{screen}")
            elapsed = 1000 * (last - begin) if control.last_output else float("nan")
            busy = f"  ({BUSY})" if BUSY and BUSY in screen else ""
            print(f"{name:9} {step['name']:34} {elapsed:9.1f} ms {control.output_bytes:9d} bytes{busy}")
        print(f"{name:9} {'peak RSS':34} {peak_rss(pid):9.1f} MB")
    finally:
        control.close()


if __name__ == "__main__":
    main()
