"""Hostile characters never put a translation on the wrong segment: numbered sentences ("Uno."
… "Diez.") with control characters, invisible characters, lone backslashes and text that looks
like the engine's own stream syntax come out each with its own number, with every engine, and
the cache holds no wrong pair (a clean document translated afterwards with it is right)."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from conftest import make_service
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.engines import NBEST, Hypothesis, MTSegment, register_engine, unregister_engine
from glossary.engines.apertium import ApertiumEngine, Unpaired, decode, encode
from glossary.errors import EngineError
from glossary.record import Segment
from glossary.terms import Term

ROOT = Path(__file__).resolve().parent.parent
OUT_OF_BAND = ("Cc", "Zl", "Zp")  # categories Apertium gets as blanks of ours, not as text
needs_apertium = pytest.mark.skipif(not ApertiumEngine.available(), reason="no Apertium")

SPANISH = ["Uno", "Dos", "Tres", "Cuatro", "Cinco", "Seis", "Siete", "Ocho", "Nueve", "Diez"]
ENGLISH = ["One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten"]

# One class of hostile text each: what can end or break a stream, what is invisible, what looks
# like Apertium's stream syntax or our own superblanks.
HOSTILE = {
    "nul": "\0",
    "c0-controls": "\x01\x08\x0b\x0c\x0e\x1b\x1f",
    "carriage-return": "\r",
    "del": "\x7f",
    "c1-controls": "\x80\x85\x9f",
    "line-separators": "\u2028\u2029",
    "invisible": "\ufeff\u200b\u200d\u2060",
    "backslash": "\\",
    "our-superblanks": "[<g/>][<s1.0/>][<c0.0/>][<f0.0/>]",
    "stream-syntax": "^casa<n>$ [x] {y} @/<> #*+",
    "tilde": "~",
    "caret": "^",  # with no word after it, it made Apertium wait forever
    "wordbound-blanks": "[[t:b:123]]x[[/]]",
}


def numbered(hostile: str) -> list[str]:
    """The ten sentences, the hostile text in most of them, in different places."""
    places = [
        "{h}{w}.",
        "{w}{h}.",
        "{w}.",
        "{w} {h}.",
        "{h}{w}{h}.",
        "{w}.{h}",
        "{w}{h}{h}.",
        "{w}.",
        "{h} {w}.",
        "{w}{h}.",
    ]
    return [p.format(h=hostile, w=w) for p, w in zip(places, SPANISH, strict=True)]


def owner(text: str, words: list[str]) -> list[int]:
    """Which number words (their indices) a text has, as whole words."""
    return [i for i, w in enumerate(words) if re.search(rf"(?<![^\W_]){w}(?![^\W_])", text, re.I)]


def assert_paired(sources: list[str], targets: list[str], words: list[str]) -> None:
    assert len(targets) == len(sources)
    for source, target in zip(sources, targets, strict=True):
        assert owner(target, words) == owner(source, SPANISH), (source, target)


def cache_rows(cache_dir: Path) -> list[tuple[str, str]]:
    path = cache_dir / "translations.sqlite3"
    if not path.exists():
        return []
    with sqlite3.connect(path) as db:
        return db.execute("SELECT source, target FROM tm").fetchall()


def glossary_cli(*args: str, stdin: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "glossary", *args],
        input=stdin.encode("utf-8", "surrogatepass"),
        capture_output=True,
        env=env,
        cwd=ROOT,
        timeout=180,
    )


# Apertium, through the command line: output, exit status, report and cache ---------------


@needs_apertium
@pytest.mark.parametrize("name", list(HOSTILE))
def test_apertium_document_keeps_each_translation_with_its_sentence(name, tmp_path, cache_dir):
    sources = numbered(HOSTILE[name])
    report = tmp_path / "report.json"
    args = ("translate", "-", "--engine", "apertium", "--no-glossary", "--report", str(report))
    run = glossary_cli(*args, stdin="\n\n".join(sources) + "\n")
    assert run.returncode == 0, run.stderr
    output = run.stdout.decode("utf-8")
    assert_paired(sources, output.rstrip("\n").split("\n\n"), ENGLISH)
    document = "\n\n".join(sources).removeprefix("\ufeff")  # a byte-order mark, not text
    for c in {c for c in HOSTILE[name] if not c.isalnum()}:  # all comes back but words
        assert output.count(c) == document.count(c), repr(c)
    assert "0 violation(s)" in run.stderr.decode()
    segments = json.loads(report.read_text())["documents"][0]["segments"]
    assert_paired([s["source"] for s in segments], [s["target"] for s in segments], ENGLISH)
    for source, target in cache_rows(cache_dir):
        assert owner(target, ENGLISH) == owner(source, SPANISH), (source, target)

    # The same cache, a clean document: what is reused from it is right.
    clean = [f"{w}." for w in SPANISH]
    again = glossary_cli(*args[:-2], stdin="\n\n".join(clean) + "\n")
    assert again.returncode == 0, again.stderr
    # At least "Tres." and "Ocho." were segments of the first document, so the cache has them.
    cached = {s["source"] for s in segments} & set(clean)
    assert len(cached) >= 2
    assert f"{len(cached)} segments reused" in again.stderr.decode()
    assert_paired(clean, again.stdout.decode().rstrip("\n").split("\n\n"), ENGLISH)


@needs_apertium
def test_the_reproduction_comes_out_in_place_every_time(cache_dir):
    """The issue's reproduction, which used to shift now and then: three runs, all right."""
    text = "Uno.\n\nDos\0\0 tres.\n\nCuatro.\n\n\0Cinco.\n\nSeis\0.\n\nSiete.\n"
    for _ in range(3):
        run = glossary_cli("translate", "-", "--engine", "apertium", "--no-cache", stdin=text)
        assert run.returncode == 0, run.stderr
        assert run.stdout.decode() == (
            "One.\n\nTwo\0\0 three.\n\nFour.\n\n\0Five.\n\nSix\0.\n\nSeven.\n"
        )


# Apertium, in one process: random insertion, the checked stream ------------------------------


@pytest.fixture(scope="module")
def apertium():
    if not ApertiumEngine.available():
        pytest.skip("no Apertium")
    engine = ApertiumEngine()
    yield engine
    engine.close()


# Every character of the classes but letters and digits, which would glue onto the number word
# and make another word of it.
hostile_text = st.text(
    alphabet=st.sampled_from(
        sorted(c for c in set("".join(HOSTILE.values())) | {" "} if not c.isalnum())
    ),
    min_size=1,
    max_size=6,
)


@st.composite
def sentences_with_hostile_text(draw) -> list[str]:
    """The ten sentences with hostile text inserted at random word and punctuation
    boundaries (inside a word it would make another word)."""
    out = []
    for word in SPANISH:
        slots = [draw(st.one_of(st.just(""), hostile_text)) for _ in range(3)]
        out.append(f"{slots[0]}{word}{slots[1]}.{slots[2]}")
    return out


@settings(max_examples=40, deadline=None)
@given(sources=sentences_with_hostile_text())
def test_apertium_pairing_holds_for_random_insertions(apertium, sources):
    targets = apertium.translate_batch([MTSegment(s) for s in sources])
    assert len(targets) == len(sources)
    for n, (source, target) in enumerate(zip(sources, targets, strict=True)):
        # Never another sentence's number; its own unless a character glued to the word made
        # another word of it for Apertium ("Dos@" is an unknown word, left as it is).
        assert owner(target, ENGLISH) in ([[], [n]] if glued(source, SPANISH[n]) else [[n]])
        # Every character but letters comes back, those carried out of band too.
        for c in set(source):
            if not c.isalnum() and c not in " .":
                assert target.count(c) >= source.count(c), (c, source, target)


def glued(source: str, word: str) -> bool:
    """Whether a character Apertium reads as part of a word touches `word` in `source`."""
    start = source.index(word)
    around = source[start - 1 : start] + source[start + len(word) : start + len(word) + 1]
    return any(
        not (c.isspace() or c in ".~^" or unicodedata.category(c) in OUT_OF_BAND) for c in around
    )


@needs_apertium
def test_hostile_text_inside_words_shifts_nothing(apertium):
    sources = [w[:2] + "\0\x1b~\\" + w[2:] + "." for w in SPANISH]
    targets = apertium.translate_batch([MTSegment(s) for s in sources])
    assert len(targets) == 10
    for source, target in zip(sources, targets, strict=True):
        assert owner(target, ENGLISH) == []  # no sentence got another's number
        assert "\0\x1b~\\" in target, (source, target)


def test_every_piece_of_the_stream_names_its_segment():
    segments = [MTSegment("Uno\0."), MTSegment("Dos~.")]
    stream = encode(segments, batch=7)
    assert stream.count("\0") == 2 and stream.endswith("\0")  # one flush per segment, no more
    assert "~" not in stream and "[<c0.0/>]" in stream and "[<c1.7e/>]" in stream
    assert decode(stream, segments, batch=7) == ["Uno\0.", "Dos~."]
    moved = stream.replace("[<c0.0/>]", "").replace("Dos", "[<c0.0/>]Dos")
    with pytest.raises(Unpaired, match="segment 1"):
        decode(moved, segments, batch=7)
    with pytest.raises(Unpaired):  # an answer to another batch
        decode(stream, segments, batch=8)
    with pytest.raises(Unpaired):  # a separator lost
        decode(stream.replace("[<s7.0/>]", ""), segments, batch=7)
    with pytest.raises(Unpaired):  # a flush too early: "Dos" would land on segment 0
        decode(stream.replace("Uno", "Uno\0", 1), segments, batch=7)


@needs_apertium
def test_a_broken_answer_is_asked_again_one_segment_at_a_time(monkeypatch):
    """An answer whose separators don't match (as NUL bytes used to make) is never split by
    guesswork: each segment is translated alone, on a fresh pipeline."""
    engine = ApertiumEngine()
    real = engine._exchange
    asked = []

    def lose_a_separator(data: bytes, flushes: int) -> bytes:
        answer = real(data, flushes)
        asked.append(data.count(b"[<s"))
        return re.sub(rb"\[<s\d+\.0/>\]", b"", answer) if asked[-1] > 1 else answer

    monkeypatch.setattr(engine, "_exchange", lose_a_separator)
    sources = [f"{w}." for w in SPANISH[:4]]
    assert engine.translate_batch([MTSegment(s) for s in sources]) == [
        "One.",
        "Two.",
        "Three.",
        "Four.",
    ]
    assert asked == [4, 1, 1, 1, 1]
    engine.close()


@needs_apertium
def test_a_segment_that_cant_be_paired_is_an_error_and_is_not_cached(monkeypatch, tmp_path):
    from glossary.engines import apertium

    real = apertium.decode

    def unpairable(stream, segments, batch=0):
        if any("Cinco" in s.text for s in segments):
            raise Unpaired("a test's broken answer")
        return real(stream, segments, batch)

    monkeypatch.setattr(apertium, "decode", unpairable)
    with make_service("apertium", cache=True, cache_dir=tmp_path) as service:
        with pytest.raises(EngineError, match="Cinco"):
            service.translate([Segment(f"{w}.") for w in SPANISH])
        service.flush()
    assert cache_rows(tmp_path) == []


# Argos (the tests' tiny copy model: the Spanish comes back) --------------------------------


@pytest.fixture(scope="module")
def argos_options(argos_package_dir):
    return {"package_path": argos_package_dir}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_argos_keeps_each_translation_with_its_sentence(name, argos_options, tmp_path):
    sources = numbered(HOSTILE[name])
    config = dict(engine_options=argos_options, cache=True, cache_dir=tmp_path)
    with make_service("argos", **config) as service:
        records = service.translate([Segment(s) for s in sources])
    assert_paired(sources, [r.target for r in records], SPANISH)
    for source, target in cache_rows(tmp_path):
        assert owner(target, SPANISH) == owner(source, SPANISH), (source, target)
    clean = [f"{w}." for w in SPANISH]
    with make_service("argos", **config) as service:
        records = service.translate([Segment(s) for s in clean])
    assert_paired(clean, [r.target for r in records], SPANISH)
    assert sum(r.reused for r in records) == 2


@pytest.fixture(scope="module")
def argos_service(argos_options):
    with make_service("argos", engine_options=argos_options) as service:
        yield service


@settings(max_examples=30, deadline=None)
@given(sources=sentences_with_hostile_text())
def test_argos_pairing_holds_for_random_insertions(argos_service, sources):
    records = argos_service.translate([Segment(s) for s in sources])
    assert_paired(sources, [r.target for r in records], SPANISH)


def test_argos_reads_control_characters_as_spaces(argos_options):
    """SentencePiece drops an ESC, which glued "Uno" and "dos" into one word."""
    with make_service("argos", engine_options=argos_options) as service:
        records = service.translate([Segment("Uno\x1bdos."), Segment("Tres\x85cuatro.")])
    assert [owner(r.target, SPANISH) for r in records] == [[0, 1], [2, 3]]


def test_argos_command_line_report_is_honest(argos_installed_env, tmp_path):
    sources = [
        s for name in ("nul", "c0-controls", "our-superblanks") for s in numbered(HOSTILE[name])
    ]
    report = tmp_path / "report.json"
    env = {**argos_installed_env, "GLOSSARY_CACHE_DIR": str(tmp_path / "cache")}
    args = ("translate", "-", "--engine", "argos", "--no-glossary", "--report", str(report))
    run = glossary_cli(*args, stdin="\n\n".join(sources) + "\n", env=env)
    assert run.returncode == 0, run.stderr
    assert_paired(sources, run.stdout.decode().rstrip("\n").split("\n\n"), SPANISH)
    segments = json.loads(report.read_text())["documents"][0]["segments"]
    assert_paired([s["source"] for s in segments], [s["target"] for s in segments], SPANISH)


# Any engine: the service checks what comes back ---------------------------------------------


class MiscountingEngine:
    """A plug-in engine that drops the last translation of every batch of more than one (and
    of every batch, with `always`), and answers n-best requests with one list too few."""

    name = "miscounting"
    title = "drops a translation (a test engine)"
    capabilities = frozenset({NBEST})
    auto_order = None
    identity = "miscounting:1"
    always = False
    batches: list[int] = []  # the size of every batch asked for

    @classmethod
    def available(cls) -> bool:
        return True

    loaded = True

    def translate_batch(self, segments):
        self.batches.append(len(segments))
        out = [
            s.text.replace("Uno", "One").replace("Dos", "Two").replace("Tres", "Three")
            for s in segments
        ]
        return out[:-1] if len(out) > 1 or self.always else out

    def translate_nbest(self, segments, n):
        return [[Hypothesis(t)] for t in self.translate_batch(segments)]

    def close(self) -> None:
        pass


@pytest.fixture
def miscounting():
    register_engine(MiscountingEngine)
    yield MiscountingEngine
    MiscountingEngine.always = False
    MiscountingEngine.batches.clear()
    unregister_engine(MiscountingEngine.name)


def test_a_short_batch_is_translated_again_one_by_one(miscounting, tmp_path):
    sources = [Segment(s) for s in ("Uno.", "Dos.", "Tres.")]
    with make_service("miscounting", cache=True, cache_dir=tmp_path) as service:
        assert [r.target for r in service.translate(sources)] == ["One.", "Two.", "Three."]
    assert miscounting.batches == [3, 1, 1, 1]
    # Terms the engine misses: n-best, translate-alone and injection each ask for two at once.
    miscounting.batches.clear()
    terms = [Term("dos", "deuce"), Term("tres", "trey")]
    with make_service("miscounting", terms, cache=True, cache_dir=tmp_path / "2") as service:
        records = service.translate([Segment(s.source) for s in sources])
    assert [r.target for r in records] == ["One.", "Deuce.", "Trey."]
    # n-best (two segments) and translate-alone (four texts): each short answer asked again.
    batches = miscounting.batches
    multi = [i for i, size in enumerate(batches) if size > 1]
    assert len(multi) >= 2
    assert all(batches[i + 1 : i + 1 + batches[i]] == [1] * batches[i] for i in multi)
    for source, target in cache_rows(tmp_path) + cache_rows(tmp_path / "2"):
        assert source[:3] in ("Uno", "Dos", "Tre") and target in (
            {"Uno.": "One.", "Dos.": "Two.", "Tres.": "Three."}[source],
            {"Uno.": "One.", "Dos.": "Deuce.", "Tres.": "Trey."}[source],
        )


def test_an_engine_that_never_pairs_is_an_error_and_caches_nothing(miscounting, tmp_path):
    miscounting.always = True
    with make_service("miscounting", cache=True, cache_dir=tmp_path) as service:
        with pytest.raises(EngineError, match="returned 0 translations for 1 segment"):
            service.translate([Segment("Uno."), Segment("Dos.")])
        service.flush()
    assert cache_rows(tmp_path) == []
