"""Subtitles (.srt, .vtt): every byte but the cue text kept, sentences over several cues split
back over the same cues, lines wrapped to the limits, and the `line-length` check."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.formats import TranslatedBlock
from glossary.formats.cues import split_over, wrap
from glossary.formats.subtitles import MAX_CHARS, MAX_LINES, SRT, VTT, SubtitleDocument

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data" / "subtitles"
# Written for these tests, with the traits of real subtitle files: see data/subtitles/README.
STORM = DATA / "tormenta.srt"
ROAD = DATA / "camino.vtt"
SPANISH_WORDS = {"el", "los", "las", "que", "por", "con", "una", "del", "muy", "pero", "para"}


def run(*args: str, cwd: Path = ROOT):
    return subprocess.run(
        [sys.executable, "-m", "glossary", *args],
        capture_output=True,
        cwd=cwd,
        env=os.environ,
        timeout=120,
    )


def write(fmt, data: bytes, translate) -> bytes:
    """The file written after `translate` turned each block's text into its target."""
    document = fmt.parse(data)
    return fmt.write(document, [TranslatedBlock(b, translate(b.text)) for b in document.blocks])


def skeleton(fmt, data: bytes) -> str:
    """The file without the text of its cues: numbers, timings, settings, blocks, blank lines."""
    document = fmt.parse(data)
    text = document.text
    out, pos = [], 0
    for cue in document.cues:
        out.append(text[pos : cue.start])
        pos = cue.end
    return "".join(out) + text[pos:]


def cue_texts(fmt, data: bytes) -> list[str]:
    return [cue.markup.text for cue in fmt.parse(data).cues]


def english(text: str) -> str:
    """A stand-in translation: every word changed and longer, markup and punctuation kept."""
    return re.sub(r"[^\W\d_]+", lambda m: m.group().upper() + "X", text)


# Generated files -----------------------------------------------------------------------------

WORDS = ["hola", "casa", "Él", "¿qué?", "ñandú", "dijo,", "fin.", "...", "¡ya!", "JUAN:", "♪"]
MARKUP = ["<i>", "</i>", "<b>", "</b>", '<font color="#ff0">', "</font>", "{\\an8}", "&amp;"]
words = st.lists(st.sampled_from(WORDS + MARKUP + ["- "]), min_size=1, max_size=8)
text_line = st.tuples(words, st.sampled_from(["", " ", "  "])).map(lambda t: " ".join(t[0]) + t[1])
newline = st.sampled_from(["\n", "\r\n"])


@st.composite
def srt_files(draw) -> bytes:
    eol = draw(newline)
    out = []
    for n in range(1, draw(st.integers(1, 6)) + 1):
        if draw(st.booleans()) or n == 1:
            out.append(f"{n}{draw(st.sampled_from(['', ' ']))}{eol}")
        settings_ = draw(st.sampled_from(["", " X1:100 X2:200 Y1:10 Y2:20"]))
        out.append(f"00:00:{n:02d},000 --> 00:00:{n:02d},900{settings_}{eol}")
        lines = draw(st.lists(text_line, max_size=3))
        out += [line + draw(st.sampled_from([eol, "\n"])) for line in lines]
        if lines and draw(st.booleans()):  # a blank line inside a cue's text, as players allow
            out += [eol, draw(text_line) + eol]
        out.append(eol * draw(st.integers(1, 2)))
    text = "".join(out)
    if draw(st.booleans()):
        text = text.rstrip("\r\n")
    return (b"\xef\xbb\xbf" if draw(st.booleans()) else b"") + text.encode("utf-8")


@st.composite
def vtt_files(draw) -> bytes:
    eol = draw(newline)
    out = ["WEBVTT" + draw(st.sampled_from(["", " - Subtítulos"])) + eol]
    out.append(draw(st.sampled_from(["", f"Kind: captions{eol}Language: es{eol}"])) + eol)
    out.append(draw(st.sampled_from(["", f"STYLE{eol}::cue {{ color: lime }}{eol}{eol}"])))
    for n in range(1, draw(st.integers(1, 5)) + 1):
        if draw(st.booleans()):
            out.append(f"NOTE una nota que no se traduce{eol}{eol}")
        if draw(st.booleans()):
            out.append(f"c{n}{eol}")
        cue_settings = draw(st.sampled_from(["", " align:start position:10%", " line:0"]))
        out.append(f"00:{n:02d}.000 --> 00:{n:02d}.900{cue_settings}{eol}")
        out += [line + eol for line in draw(st.lists(text_line, min_size=1, max_size=3))]
        out.append(eol)
    return (b"\xef\xbb\xbf" if draw(st.booleans()) else b"") + "".join(out).encode("utf-8")


@settings(max_examples=150, deadline=None)
@given(st.one_of(srt_files().map(lambda d: (SRT, d)), vtt_files().map(lambda d: (VTT, d))))
def test_an_untranslated_file_is_written_back_byte_for_byte(case):
    fmt, data = case
    assert write(fmt, data, lambda text: text) == data


@settings(max_examples=150, deadline=None)
@given(st.one_of(srt_files().map(lambda d: (SRT, d)), vtt_files().map(lambda d: (VTT, d))))
def test_translation_changes_the_cue_text_and_nothing_else(case):
    fmt, data = case
    out = write(fmt, data, english)
    assert skeleton(fmt, out) == skeleton(fmt, data)  # numbers, timings, settings, blocks, BOM
    assert out.startswith(b"\xef\xbb\xbf") == data.startswith(b"\xef\xbb\xbf")
    before, after = cue_texts(fmt, data), cue_texts(fmt, out)
    assert len(after) == len(before)
    # Each cue with words to translate has English now; the others are as they were.
    translated = fmt.parse(data).groups
    for i, (src, en) in enumerate(zip(before, after)):
        if any(i in group for group in translated):
            assert en and en != src, (src, en)
        else:
            assert en == src


def test_crlf_and_a_byte_order_mark_are_kept_in_a_translated_file():
    data = "\ufeff1\r\n00:00:01,000 --> 00:00:02,000\r\nHola, ¿cómo estás?\r\n\r\n".encode()
    out = write(SRT, data, lambda text: "Hello, how are you doing on this fine day, my friend?")
    assert out.startswith(b"\xef\xbb\xbf1\r\n00:00:01,000 --> 00:00:02,000\r\n")
    assert b"\n" not in out.replace(b"\r\n", b"")  # every line ending still CRLF
    assert out.decode().endswith("\r\n\r\n")
    assert out.decode().count("\r\n") == 5  # the English took two lines


# Blocks: a sentence over several cues is one ---------------------------------------------------


def srt(*cues: str) -> bytes:
    return "".join(
        f"{n}\n00:00:{n:02d},000 --> 00:00:{n:02d},900\n{text}\n\n"
        for n, text in enumerate(cues, 1)
    ).encode()


def test_a_sentence_running_over_cues_is_one_block():
    document = SRT.parse(
        srt("Y entonces,", "llegamos a casa.", "Debo haber...", "...me dormí.", "¡Hola!", "Adiós.")
    )
    assert [b.text for b in document.blocks] == [
        "Y entonces, llegamos a casa.",
        "Debo haber... ...me dormí.",
        "¡Hola!",
        "Adiós.",
    ]


def test_a_new_speaker_or_a_sound_starts_a_new_block():
    document = SRT.parse(
        srt("Y entonces,", "- llegamos.", "Pero...", "[risas]", "Ana, ven", "JUAN: no")
    )
    assert [b.text for b in document.blocks] == [
        "Y entonces,",
        "- llegamos.",
        "Pero...",
        "[risas]",
        "Ana, ven",
        "JUAN: no",
    ]


def test_the_english_of_a_sentence_goes_back_over_the_same_cues():
    data = srt("Y entonces,", "llegamos a casa.")
    out = write(SRT, data, lambda text: "And then, we finally arrived home.")
    assert cue_texts(SRT, out) == ["And then,", "we finally arrived home."]
    assert skeleton(SRT, out) == skeleton(SRT, data)


def test_the_split_prefers_a_clause_end_near_the_proportional_point():
    sources = ["Cuando llegamos a la estación", "el tren ya se había ido."]
    target = "When we arrived at the station, the train had already left."
    first, second = (target[s.start : s.end] for s in split_over(target, sources, 84))
    assert (first, second) == ("When we arrived at the station,", "the train had already left.")
    # Without punctuation, by length; never a cue ending in "the".
    target = "When we arrived at the old station the train had already left for good"
    first, _ = (target[s.start : s.end] for s in split_over(target, sources, 84))
    assert not first.endswith(" the") and 25 <= len(first) <= 45


def test_continuation_marks_and_tags_guide_the_split():
    data = srt("<i>Y entonces,</i>", "<i>llegamos a casa.</i>")
    out = write(SRT, data, lambda text: "<i>And then we finally arrived home.</i>")
    # The tags go round each cue's share, as in the source.
    assert cue_texts(SRT, out) == ["<i>And then we</i>", "<i>finally arrived home.</i>"]
    data = srt("¡Qué frío hace en esta casa!...", "...¿y quién ha dejado la ventana abierta?")
    out = write(
        SRT, data, lambda text: "How cold this house is!... ...and who left the window open?"
    )
    assert cue_texts(SRT, out) == ["How cold this house is!...", "...and who left the window open?"]


def test_a_vtt_voice_goes_on_over_its_cues_and_a_new_one_starts_a_block():
    data = b"WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ana>Y entonces,\n\n00:02.000 --> 00:03.000\n"
    data += b"<v Ana>llegamos.\n\n00:03.000 --> 00:04.000\n<v Juan>y nosotros.\n"
    document = VTT.parse(data)
    assert [b.text for b in document.blocks] == [
        "<v Ana>Y entonces, <v Ana>llegamos.",
        "<v Juan>y nosotros.",
    ]
    targets = iter(["<v Ana>And then, <v Ana>we arrived.", "<v Juan>and so did we."])
    out = write(VTT, data, lambda text: next(targets))
    assert cue_texts(VTT, out) == [
        "<v Ana>And then,",
        "<v Ana>we arrived.",
        "<v Juan>and so did we.",
    ]
    # A voice the engine left only at the start is opened again in the next cue.
    out = write(VTT, data, lambda text: "<v Ana>And then, we arrived." if "Ana" in text else text)
    assert cue_texts(VTT, out)[:2] == ["<v Ana>And then,", "<v Ana>we arrived."]


def test_the_engines_capital_after_an_ellipsis_is_lowered_where_the_source_went_on_lower():
    data = srt("Ana tuvo que esforzarse...", "...preparándose para el examen.")
    out = write(SRT, data, lambda text: "Ana had to work hard... ...Preparing for the exam.")
    # "Preparing" is no function word: only "the", "it", "that"... are lowered.
    assert cue_texts(SRT, out)[1] == "...Preparing for the exam."
    out = write(SRT, data, lambda text: "Ana had to work hard... ...The exam was near.")
    assert cue_texts(SRT, out)[1] == "...the exam was near."


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text("abcdefghij", min_size=1, max_size=12), min_size=1, max_size=40),
    st.lists(st.text("xyz ", min_size=1, max_size=30), min_size=1, max_size=6),
)
def test_a_split_keeps_every_word_in_order_and_gives_each_cue_some(words, sources):
    target = " ".join(words)
    spans = split_over(target, sources, 84)
    pieces = [target[s.start : s.end] for s in spans]
    assert len(pieces) == len(sources)
    assert " ".join(p for p in pieces if p).split() == words
    if len(words) >= len(sources):
        assert all(pieces)


# Lines ----------------------------------------------------------------------------------------


def test_a_long_cue_is_wrapped_in_two_balanced_lines_after_a_clause():
    text = "If the road is still closed tomorrow, believe me, I will walk all the way home!"
    lines = wrap(text, MAX_CHARS)
    assert lines == [
        "If the road is still closed tomorrow,",
        "believe me, I will walk all the way home!",
    ]
    assert wrap("A short line.", MAX_CHARS) == ["A short line."]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text("abcdefgh,.", min_size=1, max_size=14), min_size=1, max_size=16))
def test_wrapped_lines_keep_the_words_and_fit_when_the_words_can(words):
    text = " ".join(words)
    lines = wrap(text, MAX_CHARS)
    assert " ".join(lines).split() == words
    greedy, used = 1, 0
    for w in words:
        if used and used + 1 + len(w) > MAX_CHARS:
            greedy, used = greedy + 1, len(w)
        else:
            used = used + 1 + len(w) if used else len(w)
    if greedy <= MAX_LINES:  # fits in two lines: it is, each line within the limit
        assert len(lines) <= MAX_LINES and all(len(line) <= MAX_CHARS for line in lines)
    plain = all(len(w) <= 10 and w.isalpha() and w != "a" for w in words)  # no clause, no "a"
    if len(lines) == 2 and plain:  # balanced, not filled greedily
        assert abs(len(lines[0]) - len(lines[1])) <= 11


def test_each_speakers_dash_keeps_its_own_line():
    data = srt("- ¿Vienes?\n- Sí.")
    out = write(SRT, data, lambda text: "- Are you coming? - Yes.")
    assert "\n- Are you coming?\n- Yes.\n" in out.decode()


def test_markup_passes_through_and_is_not_translated():
    document = SRT.parse(srt('{\\an8}JUAN: <font color="#ff0">Hola</font> ♪ &amp; <i>ya</i>'))
    (block,) = document.blocks
    protected = [block.text[s.start : s.end] for s in block.protected]
    tags = [
        (block.text[t.open.start : t.open.end], block.text[t.close.start : t.close.end])
        for t in block.tags
    ]
    assert protected == ["{\\an8}", "JUAN: ", "♪", "&amp;"]
    assert tags == [('<font color="#ff0">', "</font>"), ("<i>", "</i>")]
    (block,) = VTT.parse(
        b"WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ana>Hola <c.big>amigo</c>\n"
    ).blocks
    assert [block.text[s.start : s.end] for s in block.protected] == ["<v Ana>"]  # open to the end
    assert len(block.tags) == 1


def test_vtt_header_notes_styles_regions_and_cue_settings_are_not_translated():
    data = ROAD.read_bytes().replace(
        b"llegada\r\n",
        b"NOTE Nota del traductor\r\n\r\nREGION\r\nid:r1 width:40%\r\n\r\nllegada\r\n",
    )
    document = VTT.parse(data)
    assert len(document.cues) == 8
    assert all(
        "Nota" not in b.text and "WEBVTT" not in b.text and "align" not in b.text
        for b in document.blocks
    )
    out = write(VTT, data, english)
    header = "WEBVTT - Subtítulos en español\r\n\r\nNOTE Nota del traductor\r\n".encode()
    assert out.startswith(header)
    assert b"00:00:21.200 --> 00:00:24.800 align:start\r\n" in out
    assert skeleton(VTT, out) == skeleton(VTT, data)


# Bad input -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.vtt", b"00:01.000 --> 00:02.000\nHola\n", "not a WebVTT file"),
        ("a.srt", "Hola, esto no es un subtítulo.\n".encode(), "no subtitle cues"),
        ("a.srt", "1\n00:00:01,000 --> 00:00:02,000\nAdiós\n".encode("latin-1"), "iconv"),
    ],
)
def test_a_file_that_is_not_subtitles_is_a_one_line_error(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    r = run("translate", str(path), "--engine", "apertium")
    err = r.stderr.decode()
    assert r.returncode == 2, err
    assert err.startswith(f"glossary: error: {path}") and message in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / name.replace(".", ".en.")).exists()


# End to end, with Apertium, on whole subtitle files -------------------------------------------


def cues_over_limits(fmt, data: bytes) -> set[str]:
    """The names of the cues of a file with more lines, or longer lines, than the limits (what
    a viewer sees of a line: no tags such as <i> or <v Anciano>)."""
    over = set()
    for cue in fmt.parse(data).cues:
        lines = [re.sub(r"<[^<>]*>|\{\\[^{}]*\}", "", line).strip() for line in cue.lines]
        lines = [line for line in lines if line]
        if len(lines) > MAX_LINES or any(len(line) > MAX_CHARS for line in lines):
            over.add(cue.name)
    return over


def test_a_whole_srt_file_comes_out_in_english_with_the_same_cues_and_timings(tmp_path):
    out, report = tmp_path / "tormenta.en.srt", tmp_path / "report.json"
    r = run(
        "translate", str(STORM), "--engine", "apertium", "-o", str(out), "--report", str(report)
    )
    assert r.returncode == 0, r.stderr
    src, en = STORM.read_bytes(), out.read_bytes()
    assert skeleton(SRT, en) == skeleton(SRT, src)  # numbers and timings byte for byte
    assert en.startswith(b"\xef\xbb\xbf1\n00:00:01,200 --> 00:00:03,100\n")  # the BOM, LF
    assert b"\r" not in en
    assert len(SRT.parse(en).cues) == len(SRT.parse(src).cues) == 43
    texts = cue_texts(SRT, en)
    for text in texts:
        assert "¡" not in text and "¿" not in text
        assert not SPANISH_WORDS & set(re.findall(r"\w+", text.lower())), text
    # Cues over the limits are exactly the ones the report names: the cue of three speakers,
    # each on a line of their own, is one of them.
    issues = [
        i["message"]
        for d in json.loads(report.read_text())["documents"]
        for s in d["segments"]
        for i in s["issues"]
        if i["id"] == "line-length"
    ]
    reported = {re.match(r"cue (.+?\)):", m).group(1) for m in issues}
    assert reported == cues_over_limits(SRT, en)
    assert "17 (00:00:52,300)" in reported and len(reported) <= 3
    three = SRT.parse(en).cues[16]
    assert [line[:2] for line in three.lines if line.strip()] == ["- ", "- ", "- "]
    # "¡Qué frío hace en esta casa!..." / "...¿y quién ha dejado abierta la ventana?": one
    # sentence, translated whole, and its English over the same two cues.
    segments = [s for d in json.loads(report.read_text())["documents"] for s in d["segments"]]
    assert any(
        s["source"].startswith("¡Qué frío hace en esta casa!... ...¿y quién") for s in segments
    )
    cold, window = texts[5], texts[6]
    assert cold.endswith("...") and "cold" in cold.lower() and "window" not in cold
    assert window.startswith("...") and "window" in window and window.endswith("?")
    # The radio's announcement, in italics over two cues, keeps its italics in each.
    assert all(t.startswith("<i>") and t.endswith("</i>") for t in texts[26:28])


def test_a_whole_vtt_file_keeps_its_header_ids_timings_and_line_endings(tmp_path):
    out = tmp_path / "camino.en.vtt"
    r = run("translate", str(ROAD), "--engine", "apertium", "-o", str(out))
    assert r.returncode == 0, r.stderr
    src, en = ROAD.read_bytes(), out.read_bytes()
    assert skeleton(VTT, en) == skeleton(VTT, src)
    header = "WEBVTT - Subtítulos en español\r\n\r\nllegada\r\n00:00:12.000".encode()
    assert en.startswith(header)
    assert b"\n" not in en.replace(b"\r\n", b"")
    texts = cue_texts(VTT, en)
    assert len(texts) == 8
    for text in texts:
        assert not SPANISH_WORDS & set(re.findall(r"\w+", text.lower())), text
    assert cues_over_limits(VTT, en) == set()
    # The voice goes on over its two cues.
    assert texts[5].startswith("<v Anciano>") and texts[6].startswith("<v Anciano>")
    assert "bridge" in texts[5] and "night" in texts[6]


LONG = srt(
    "Si mañana siguen cortando la carretera, créeme: "
    "¡volveré andando a casa aunque tenga que cruzar el monte!"
)


@pytest.mark.parametrize(
    ("checks", "status", "severity"),
    [
        ("", 0, "warning"),
        ("checks:\n  line-length: error\n", 1, "error"),
        ("checks:\n  line-length: off\n", 0, None),
    ],
)
def test_line_length_is_a_warning_by_default_and_settable_in_terms_yaml(
    tmp_path, checks, status, severity
):
    (tmp_path / "long.srt").write_bytes(LONG)
    (tmp_path / "terms.yaml").write_text("terms:\n  escalado: scaling\n" + checks, encoding="utf-8")
    r = run(
        "translate",
        "long.srt",
        "--engine",
        "apertium",
        "--report",
        "r.json",
        "--strict",
        cwd=tmp_path,
    )
    assert r.returncode == status, r.stderr
    issues = [
        i
        for d in json.loads((tmp_path / "r.json").read_text())["documents"]
        for s in d["segments"]
        for i in s["issues"]
        if i["id"] == "line-length"
    ]
    assert [i["severity"] for i in issues] == ([severity] if severity else [])
    if severity:
        assert issues[0]["message"].startswith("cue 1 (00:00:01,000): 3 line(s) of ")
    en = (tmp_path / "long.en.srt").read_text(encoding="utf-8")
    assert len(en.split("\n\n")[0].splitlines()) == 2 + 3  # number, timing, three lines


def test_the_limits_are_the_formats_own(tmp_path):
    narrow = type(SRT)(max_chars=20, max_lines=3)
    document = narrow.parse(srt("Hola"))
    assert isinstance(document, SubtitleDocument) and document.max_chars == 20
    text = "Hello there, my friend, how are you?"
    out = narrow.write(document, [TranslatedBlock(document.blocks[0], text)])
    lines = out.decode().split("\n")[2:-2]
    assert len(lines) == 2 and all(len(line) <= 20 for line in lines)
