"""OpenDocument texts: every paragraph translated, span formats and links around their
translations, notes, frames and fields kept, and every other part of the package kept."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from docx_builders import members
from odt_builders import LINK, NS, own_text, paragraphs, report, without_text
from test_cli_apertium import run

from glossary.formats import TranslatedBlock, format_for, get_format, parse

DATA = Path(__file__).parent / "data" / "docx"
SPANISH = {"agua", "informe", "reunión", "río", "imagen", "puerto", "lunes", "página", "ciudad"}
SPANISH |= {"documento", "según", "hay", "datos", "nombre", "limpieza", "calles"}
STORIES = ("content.xml", "styles.xml")


def write(data: bytes, change) -> bytes:
    document = parse(data, "odt")
    blocks = [TranslatedBlock(b, change(b.text)) for b in document.blocks]
    return get_format("odt").write(document, blocks)


def _t(name: str) -> str:
    return f"{{{NS['text']}}}{name}"


def test_odt_is_a_registered_format():
    assert format_for(Path("Informe.ODT")).name == "odt"


def test_a_spanish_odt_comes_out_in_english_with_its_layout(tmp_path):
    source, out = report(tmp_path / "informe.odt"), tmp_path / "informe.en.odt"
    r = run("translate", str(source), "--engine", "apertium", "-o", str(out), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    before, after = members(source.read_bytes()), members(out.read_bytes())
    assert list(after) == list(before) and list(after)[0] == "mimetype"
    with zipfile.ZipFile(out) as z:
        assert z.infolist()[0].compress_type == zipfile.ZIP_STORED
    assert [n for n in before if n not in STORIES and before[n] != after[n]] == []
    assert [n for n in STORIES if without_text(before[n]) != without_text(after[n])] == []

    english = [own_text(p) for n in STORIES for p in paragraphs(after[n])]
    english = [t for t in english if t.strip()]
    assert len(english) == 15
    for text in english:
        assert not set(re.findall(r"\w+", text.lower())) & SPANISH, text

    body = paragraphs(after["content.xml"])
    sentence = body[1]
    spans = {s.get(_t("style-name")): s.text for s in sentence.iter(_t("span"))}
    assert spans == {"B": "necessary", "I": "life"}, own_text(sentence)
    [link] = body[2].iter(_t("a"))
    assert link.get(f"{{{NS['xlink']}}}href") == LINK and "report" in link.text
    noted = next(p for p in body if "river" in own_text(p).lower())
    [note] = noted.iter(_t("note"))
    assert note.tail == "." and own_text(noted).endswith("long.")
    assert "national" in own_text(note.find(f".//{_t('p')}")).lower()
    tabbed = next(p for p in body if p.find(_t("tab")) is not None)
    assert [c.tag.split("}")[1] for c in tabbed] == ["tab", "line-break", "s"]
    assert tabbed.find(_t("s")).get(_t("c")) == "3"
    footer = paragraphs(after["styles.xml"])[1]
    assert footer.find(_t("page-number")).text == "1" and "Page" in own_text(footer)


def test_writing_the_source_back_keeps_every_byte(tmp_path):
    for data in (
        report(tmp_path / "a.odt").read_bytes(),
        (DATA / "aviso-libreoffice.odt").read_bytes(),
    ):
        assert write(data, lambda text: text) == data


def test_libreoffices_own_file_keeps_its_structure(tmp_path):
    source, out = DATA / "aviso-libreoffice.odt", tmp_path / "aviso.en.odt"
    r = run("translate", str(source), "--engine", "apertium", "-o", str(out), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    before, after = members(source.read_bytes()), members(out.read_bytes())
    assert [n for n in before if n not in STORIES and before[n] != after[n]] == []
    assert without_text(before["content.xml"]) == without_text(after["content.xml"])
    text = " ".join(own_text(p) for p in paragraphs(after["content.xml"]))
    words = set(re.findall(r"\w+", text.replace("junta@vecinos.example.org", "").lower()))
    assert not {"vecinos", "reunión", "biblioteca", "martes"} & words, text


def test_spans_the_translation_reorders_take_their_formats_with_them(tmp_path):
    data = report(tmp_path / "a.odt").read_bytes()
    source = "El agua es <1>necesaria</1> para la <2>vida</2> de todos."
    out = write(data, lambda t: "For <2>life</2>, water is <1>necessary</1>." if t == source else t)
    sentence = paragraphs(members(out)["content.xml"])[1]
    assert sentence.text == "For "
    assert [(s.get(_t("style-name")), s.text, s.tail) for s in sentence] == [
        ("I", "life", ", water is "),
        ("B", "necessary", "."),
    ]


def test_a_lost_note_comes_back_and_garbled_tags_lose_no_text(tmp_path):
    data = report(tmp_path / "a.odt").read_bytes()
    targets = {
        "El río es muy largo<1/>.": "The river is very long.",
        "El agua es <1>necesaria</1> para la <2>vida</2> de todos.": "The water <2>is <1>vital.",
    }
    out = write(data, lambda t: targets.get(t, t))
    body = paragraphs(members(out)["content.xml"])
    noted = next(p for p in body if "river" in own_text(p))
    assert own_text(noted) == "The river is very long." and noted.find(_t("note")) is not None
    assert own_text(body[1]) == "The water is vital." and body[1].find(_t("span")) is None


@pytest.mark.parametrize(
    "content, message",
    [
        (b"El agua.", "not an OpenDocument text (not a zip package)"),
        ("spreadsheet", "not an OpenDocument text (its mimetype is"),
    ],
)
def test_a_file_that_is_not_an_odt_is_one_line(tmp_path, content, message):
    path = tmp_path / "x.odt"
    if content == "spreadsheet":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
            z.writestr("content.xml", "<x/>")
        path.write_bytes(buffer.getvalue())
    else:
        path.write_bytes(content)
    r = run("translate", str(path), "--engine", "apertium", "-o", str(tmp_path / "o.odt"))
    err = r.stderr.decode()
    assert r.returncode == 2 and err.startswith(f"glossary: error: {path}: {message}"), err
    assert len(err.strip().splitlines()) == 1


def test_code_stays_as_it_is(tmp_path):
    body = (
        '<text:p text:style-name="Preformatted_20_Text">para cada elemento: imprimir</text:p>'
        '<text:p>Ejecute <text:span text:style-name="Source_20_Text">instalar paquete'
        "</text:span> en la terminal.</text:p>"
    )
    source, out = report(tmp_path / "code.odt", body), tmp_path / "code.en.odt"
    blocks = [b.text for b in parse(source.read_bytes(), "odt").blocks]
    assert blocks[0] == "Ejecute <1>instalar paquete</1> en la terminal."
    r = run("translate", str(source), "--engine", "apertium", "-o", str(out), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    code, sentence = paragraphs(members(out.read_bytes())["content.xml"])
    assert own_text(code) == "para cada elemento: imprimir"
    assert "instalar paquete" in own_text(sentence) and "terminal" in own_text(sentence)
    assert not own_text(sentence).startswith("Ejecute")
