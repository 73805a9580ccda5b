"""The real editor in a pseudo-terminal, as a user runs it: `glossary edit` in its own process,
keys written to it, what it drew read back as plain text, signals sent to it."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[A-Za-z~]|\x1b\][^\x07]*\x07|\x1b[()][A-Z0-9]|\x1b[=>78]")
KEYS = {
    "enter": b"\r",
    "escape": b"\x1b",
    "down": b"\x1b[B",
    "ctrl+q": b"\x11",
    "ctrl+s": b"\x13",
    "select_all": b"\x1b[18~",  # F7 in the target editor
    "backspace": b"\x7f",
}
LEAVE_ALTERNATE_SCREEN = b"\x1b[?1049l"


class Terminal:
    """`python -m glossary ARGS` on a 120×40 pseudo-terminal."""

    def __init__(self, *args: str, cwd: Path, env: dict[str, str] | None = None):
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        environment = {**os.environ, **(env or {}), "TERM": "xterm-256color"}
        for name in ("TEXTUAL", "NO_COLOR", "COLUMNS", "LINES"):
            environment.pop(name, None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "glossary", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=cwd,
            env=environment,
            start_new_session=True,
        )
        os.close(slave)
        self._data = bytearray()
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # the program has ended and closed its side
                return
            if not chunk:
                return
            with self._lock:
                self._data += chunk

    @property
    def raw(self) -> bytes:
        with self._lock:
            return bytes(self._data)

    @property
    def text(self) -> str:
        """Everything written so far, without escape sequences."""
        return ANSI.sub(b"", self.raw).decode("utf-8", "replace")

    def wait_for(self, wanted: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while wanted not in self.text:
            if time.monotonic() > deadline or self.process.poll() is not None:
                time.sleep(0.2)
                if wanted in self.text:
                    return
                raise AssertionError(f"{wanted!r} never shown; the screen:\n{self.text[-3000:]}")
            time.sleep(0.05)

    def press(self, *keys: str, pause: float = 0.25) -> None:
        for key in keys:
            os.write(self.master, KEYS.get(key, key.encode()))
            time.sleep(pause)

    def type(self, text: str) -> None:
        os.write(self.master, text.encode())
        time.sleep(0.3)

    def signal(self, number: int = signal.SIGTERM) -> None:
        self.process.send_signal(number)

    def wait(self, timeout: float = 30) -> int:
        try:
            return self.process.wait(timeout)
        finally:
            time.sleep(0.1)  # the last bytes reach the reader

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        try:
            os.close(self.master)
        except OSError:
            pass

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
