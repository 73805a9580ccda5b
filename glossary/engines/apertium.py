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
_SPECIAL = re.compile(r"[\\\[\]^$@/<>{}]")  # the stream's syntax: escaped with a backslash
# Characters the stream can't carry as text: control characters ("\0" flushes the null-flush
# stream, so one in a sentence used to shift every later translation onto the wrong segment),
# line and paragraph separators, lone surrogates, "~", which the post-generator takes for its
# own mark and drops, and "^", which even escaped makes lrx-proc wait forever when no word
# follows it ("Precio 5^"). They travel out of band, as superblanks of our own, and are put back.
_OUT_OF_BAND = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029~^\ud800-\udfff]")
_UNSAFE = re.compile(f"{_SPECIAL.pattern}|{_OUT_OF_BAND.pattern}")  # escaped, or out of band
# Our superblanks, each naming its segment: "s" ends segment N of batch B, "c" is the character
# with code point X inside segment N, "f" is the segment's fixed span K. User text can't make
# them, because '[' is escaped.
_TAG = re.compile(r"<(?:s(\d+)\.(\d+)|c(\d+)\.([0-9a-f]+)|f(\d+)\.(\d+))/>")
_TOKEN = re.compile(r"\\([^\0])|\[([^\[\]]*)\]|(\0)|([^\\\[\]\0]+)|(.)", re.S)
# After each segment: a last blank, so its final word is flushed out, and the flush itself. A
# flush per segment costs nothing measurable and keeps each translation free of its neighbours'
# words ("Nueve.b" before "Diez." left "Diez" untranslated when they shared a flush).
_TRAILER = "[][\n]\0"
_CHUNK = 400  # segments per write: bounded memory, and errors point at a small batch


def mode_file() -> Path | None:
    for d in MODE_DIRS:
        if (d / f"{PAIR}.mode").exists():
            return d / f"{PAIR}.mode"
    return None


def available() -> bool:
    return mode_file() is not None and shutil.which("apertium-wblank-mode") is not None


class Unpaired(Exception):
    """Apertium's output can't be split into one translation per segment of the batch."""


def encode(segments: Sequence[MTSegment], batch: int = 0) -> str:
    """The stream for a batch: each segment, its fixed spans and the characters the stream can't
    carry as superblanks that name the segment, then a separator that names it too, then a
    flush."""
    out = []
    for n, segment in enumerate(segments):

        def carried(m: re.Match, n: int = n) -> str:
            c = m.group()
            return f"[<c{n}.{ord(c):x}/>]" if _OUT_OF_BAND.fullmatch(c) else "\\" + c

        def text(piece: str) -> str:
            return _UNSAFE.sub(carried, piece.replace("\n", " "))

        pos = 0
        for k, f in enumerate(_fixed(segment)):
            out += [text(segment.text[pos : f.start]), f"[<f{n}.{k}/>]"]
            pos = f.end
        out += [text(segment.text[pos:]), f"[<s{batch}.{n}/>]", _TRAILER]
    return "".join(out)


def decode(stream: str, segments: Sequence[MTSegment], batch: int = 0) -> list[str]:
    """One translation per segment, each built only from pieces that name that segment;
    Unpaired when a piece names another segment or batch, or a separator or flush is missing."""
    outputs: list[list[str]] = [[] for _ in segments]
    current = 0  # the segment whose separator comes next
    flushes = 0
    for m in _TOKEN.finditer(stream):
        escaped, blank, flush, plain, stray = m.groups()
        if stray is not None:
            raise Unpaired(f"stray {stray!r} in the output")
        if flush is not None:
            if flushes != current - 1:
                raise Unpaired(f"a flush inside the translation of segment {current}")
            flushes += 1
            continue
        if blank is None:
            piece = escaped if escaped is not None else plain
            if flushes == current < len(segments):
                outputs[current].append(piece)
            elif piece.strip():
                raise Unpaired(f"text between segments {current - 1} and {current}: {piece!r}")
            continue
        tag = _TAG.fullmatch(blank)
        if tag is None:
            if blank.strip():
                raise Unpaired(f"unknown superblank [{blank}]")
            continue  # the trailer's blanks
        sep_batch, sep, char_of, char, fixed_of, fixed = tag.groups()
        owner = int(sep if sep is not None else char_of if char_of is not None else fixed_of)
        if owner != current or flushes != current or (sep is not None and int(sep_batch) != batch):
            raise Unpaired(f"[{blank}] found in the translation of segment {current}")
        if sep is not None:
            current += 1
        elif char is not None:
            outputs[current].append(chr(int(char, 16)))
        else:
            spans = _fixed(segments[current])
            if int(fixed) >= len(spans):
                raise Unpaired(f"[{blank}]: segment {current} has no such fixed span")
            outputs[current].append(spans[int(fixed)].text)
    if current != len(segments) or flushes != current:
        raise Unpaired(f"{current} separators, {flushes} flushes for {len(segments)} segments")
    # Only the blanks Apertium adds go: characters that came back out of band are the source's.
    return ["".join(parts).strip(" \t\n") for parts in outputs]


def _fixed(segment: MTSegment) -> list:
    return sorted(segment.fixed, key=lambda f: f.start)


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
        self._batch = 0  # names each flush's separators, so an answer to another is caught
        atexit.register(self.close)

    @property
    def loaded(self) -> bool:
        return self._proc is not None

    def _start(self) -> subprocess.Popen:
        if self._proc is None:
            try:
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
            except (OSError, subprocess.CalledProcessError) as e:
                raise EngineError(f"cannot start apertium ({self._mode}): {e}") from None
        return self._proc

    def translate_batch(self, segments: Sequence[MTSegment]) -> list[str]:
        results: list[str] = []
        for i in range(0, len(segments), _CHUNK):
            results.extend(self._translate_chunk(segments[i : i + _CHUNK]))
        return results

    def _translate_chunk(self, segments: Sequence[MTSegment]) -> list[str]:
        if not segments:
            return []
        with self._lock:
            try:
                return self._translate_paired(segments)
            except Unpaired:
                # Something in one of them broke the stream: a fresh pipeline, and each
                # segment alone, so the others still get their own translations.
                self._restart()
                return [self._translate_alone(s) for s in segments]

    def _translate_alone(self, segment: MTSegment) -> str:
        try:
            (target,) = self._translate_paired([segment])
            return target
        except Unpaired as e:
            self._restart()
            raise EngineError(
                f"apertium's output could not be paired with the segment {segment.text[:80]!r}"
                f" ({e})"
            ) from None

    def _translate_paired(self, segments: Sequence[MTSegment]) -> list[str]:
        self._batch += 1
        stream = encode(segments, self._batch)
        raw = self._exchange(stream.encode("utf-8"), len(segments))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise Unpaired(f"output not UTF-8 at byte {e.start}") from None
        return decode(text, segments, self._batch)

    def _exchange(self, data: bytes, flushes: int) -> bytes:
        """The pipeline's answer to a batch of `flushes` flushes; Unpaired when it stops
        mid-batch (a segment may have crashed it) or answers with more."""
        proc = self._start()
        # Write from a thread: the pipeline's output pipe fills up while we are still writing.
        writer = threading.Thread(target=_write, args=(proc, data), daemon=True)
        writer.start()
        chunks, seen = [], 0
        while seen < flushes:
            chunk = proc.stdout.read1(1 << 16)
            if not chunk:
                writer.join()
                raise Unpaired(f"apertium stopped: {_last_words(proc) or 'no output'}")
            chunks.append(chunk)
            seen += chunk.count(b"\0")
        writer.join()
        answer = b"".join(chunks)
        if seen > flushes or not answer.endswith(b"\0"):
            raise Unpaired("more flushes in the output than segments")
        return answer

    def _restart(self) -> None:
        """A fresh pipeline: nothing of a broken exchange can be read as the next answer."""
        self.close()
        self._start()

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
                proc.wait()


def _last_words(proc: subprocess.Popen) -> str:
    """What a stopped pipeline wrote on stderr (its stdin closed first: a stage still waiting
    for input would keep stderr open)."""
    try:
        proc.stdin.close()
    except OSError:
        pass
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    return proc.stderr.read().decode(errors="replace").strip()


def _write(proc: subprocess.Popen, data: bytes) -> None:
    try:
        proc.stdin.write(data)
        proc.stdin.flush()
    except (BrokenPipeError, ValueError, OSError):
        pass  # reported by the reader
