"""Apertium spa→eng: one long-lived null-flush pipeline for the whole run."""

from __future__ import annotations

import atexit
import re
import shutil
import subprocess
import threading
from collections.abc import Sequence
from pathlib import Path

from glossary.engines import FIXED_SPANS, MTSegment
from glossary.errors import EngineError

MODE_DIRS = (Path("/usr/share/apertium/modes"), Path("/usr/local/share/apertium/modes"))
PAIR = "spa-eng"
_SPECIAL = re.compile(r"([\\\[\]^$@/<>{}])")
# Our own superblank between segments; user text can't produce it because '[' is escaped.
_SEPARATOR = "[<g/>]"
_UNESCAPE = re.compile(r"\\(.)", re.S)
_CHUNK = 400  # segments per flush: bounded memory, and errors point at a small batch


def mode_file() -> Path | None:
    for d in MODE_DIRS:
        if (d / f"{PAIR}.mode").exists():
            return d / f"{PAIR}.mode"
    return None


def available() -> bool:
    return mode_file() is not None and shutil.which("apertium-wblank-mode") is not None


def escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def encode(segment: MTSegment) -> str:
    """Apertium stream text: fixed spans become superblanks, which pass through untouched."""
    out, pos = [], 0
    for f in sorted(segment.fixed, key=lambda f: f.start):
        out.append(escape(segment.text[pos : f.start]))
        out.append("[" + escape(f.text) + "]")
        pos = f.end
    out.append(escape(segment.text[pos:]))
    return "".join(out).replace("\n", " ")


def decode(stream: str) -> str:
    """Drop superblank brackets and escapes from Apertium output."""
    out, i = [], 0
    while i < len(stream):
        c = stream[i]
        if c == "\\" and i + 1 < len(stream):
            out.append(stream[i + 1])
            i += 2
        elif c in "[]":
            i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


class ApertiumEngine:
    """Translates through Debian's apertium-eng-spa without unknown-word marks."""

    name = "apertium"
    title = "Apertium spa-eng (rule-based)"
    capabilities = frozenset({FIXED_SPANS})  # superblanks pass through untouched
    auto_order = 20
    install_hint = "'sudo apt-get install apertium-eng-spa' (Apertium)"

    @classmethod
    def available(cls) -> bool:
        return available()

    def __init__(self) -> None:
        mode = mode_file()
        if mode is None or not shutil.which("apertium-wblank-mode"):
            raise EngineError(
                "Apertium Spanish→English is not installed: sudo apt-get install apertium-eng-spa"
            )
        data = sorted(mode.parent.parent.glob(f"apertium-*/{PAIR}.*"))
        self.identity = f"apertium:{mode}:" + ",".join(str(f.stat().st_mtime_ns) for f in data)
        self._mode = mode
        self._proc: subprocess.Popen | None = None  # started at first use
        self._lock = threading.Lock()
        atexit.register(self.close)

    @property
    def loaded(self) -> bool:
        return self._proc is not None

    def _start(self) -> subprocess.Popen:
        if self._proc is None:
            script = subprocess.run(
                ["apertium-wblank-mode", "-z", str(self._mode)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
            # $1 is the generator mode (-n: no unknown-word marks), $2 the tagger option.
            self._proc = subprocess.Popen(
                ["bash", "-c", script, "apertium", "-n", ""],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        return self._proc

    def translate_batch(self, segments: Sequence[MTSegment]) -> list[str]:
        results: list[str] = []
        for i in range(0, len(segments), _CHUNK):
            results.extend(self._translate_chunk(segments[i : i + _CHUNK]))
        return results

    def _translate_chunk(self, segments: Sequence[MTSegment]) -> list[str]:
        if not segments:
            return []
        stream = "".join(encode(s) + _SEPARATOR for s in segments) + "[][\n]\0"
        with self._lock:
            raw = self._exchange(stream.encode("utf-8"))
        parts = raw.decode("utf-8").split(_SEPARATOR)
        if len(parts) != len(segments) + 1:
            if len(segments) == 1:
                return [decode("".join(parts)).strip()]
            # A segment swallowed or split a separator: translate these one by one.
            return [self._translate_chunk([s])[0] for s in segments]
        return [decode(p).strip() for p in parts[:-1]]

    def _exchange(self, data: bytes) -> bytes:
        proc = self._start()
        if proc.poll() is not None:
            raise EngineError(f"apertium stopped: {proc.stderr.read().decode(errors='replace')}")
        # Write from a thread: the pipeline's output pipe fills up while we are still writing.
        writer = threading.Thread(target=self._write, args=(data,), daemon=True)
        writer.start()
        chunks = []
        while True:
            chunk = proc.stdout.read1(1 << 16)
            if not chunk:
                err = proc.stderr.read().decode(errors="replace").strip()
                raise EngineError(f"apertium stopped: {err or 'no output'}")
            chunks.append(chunk)
            if chunk.endswith(b"\0"):
                break
        writer.join()
        return b"".join(chunks).rstrip(b"\0")

    def _write(self, data: bytes) -> None:
        try:
            self._start().stdin.write(data)
            self._start().stdin.flush()
        except (BrokenPipeError, ValueError):
            pass  # reported by the reader

    def close(self) -> None:
        proc = getattr(self, "_proc", None)
        self._proc = None
        if proc and proc.poll() is None:
            try:
                proc.stdin.close()
            except OSError:
                pass
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
