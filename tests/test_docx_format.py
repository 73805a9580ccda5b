"""Word documents: every story translated, run formatting and links around their
translations, fields, notes, images and every other part of the package kept."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx_builders import (
    LINK,
    add_hyperlink,
    compare,
    is_story,
    links,
    members,
    report,
    texts,
)
from test_cli_apertium import run

from glossary.formats import TranslatedBlock, format_for, formats, get_format, parse

DATA = Path(__file__).parent / "data" / "docx"
# Words of the report that Apertium translates (names such as Madrid and Juan stay).
SPANISH = {"agua", "informe", "reunión", "río", "imagen", "puerto", "lunes", "página", "ciudad"}
SPANISH |= {"tabla", "documento", "según", "hay", "datos", "primera", "nombre", "población"}


def write(data: bytes, targets) -> bytes:
    document = parse(data, "docx")
    if callable(targets):
        targets = [targets(b.text) for b in document.blocks]
    blocks = [TranslatedBlock(b, t) for b, t in zip(document.blocks, targets, strict=True)]
    return get_format("docx").write(document, blocks)


def every_text(path: Path) -> list[str]:
    """The text of each paragraph of every story: body, cells, text boxes, headers, footers,
    footnotes, comments."""
    from lxml import etree

    found = []
    for name, xml in members(path.read_bytes()).items():
        if is_story(name):
            for p in etree.fromstring(xml).iter(qn("w:p")):
                text = "".join(t.text or "" for t in p.iter(qn("w:t")) if _own(t, p))
                if text.strip():
                    found.append(text)
    return found


def _own(t, p) -> bool:
    return next(a for a in t.iterancestors(qn("w:p"))) is p


def test_docx_is_a_registered_format():
    assert "docx" in formats()
    assert format_for(Path("Informe.DOCX")).name == "docx"


def test_a_spanish_report_comes_out_in_english_with_its_layout(tmp_path):
    source, out = report(tmp_path / "informe.docx"), tmp_path / "informe.en.docx"
    r = run("translate", str(source), "--engine", "apertium", "-o", str(out), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    english = every_text(out)
    assert len(english) == len(every_text(source)) == 20
    for text in english:
        assert not set(re.findall(r"\w+", text.lower())) & SPANISH, text
    assert any("water" in t.lower() for t in english)

    result = docx.Document(out)
    sentence = result.paragraphs[1]
    bold = [r.text for r in sentence.runs if r.bold]
    italic = [r.text for r in sentence.runs if r.italic]
    assert bold == ["necessary"] and italic == ["life"], [(r.text, r.bold) for r in sentence.runs]

    # The link's text is translated, its target the same.
    [(r_id, _, link_text)] = links(out.read_bytes())
    assert result.part.rels[r_id].target_ref == LINK
    assert "report" in link_text and "informe" not in link_text

    # The tab and the line break, the footnote reference, the picture, the text box, the
    # page-number field: each where it was.
    by_text = {p.text: p for p in result.paragraphs}
    tabbed = next(p for t, p in by_text.items() if "\t" in t)
    assert re.fullmatch(r"[^\t\n]+:\tJuan\n[^\t\n]+:", tabbed.text)
    noted = next(p for t, p in by_text.items() if "river" in t.lower())
    assert noted._p.xpath("string(.//w:footnoteReference/@w:id)") == "1"
    [reference] = noted._p.xpath(".//w:footnoteReference/..")
    assert reference.getprevious().xpath("string(.//w:t)").endswith("long")
    assert reference.getnext().xpath("string(.//w:t)") == "."
    assert any(p._p.xpath(".//a:blip") for p in result.paragraphs)
    footer = result.sections[0].footer.paragraphs[0]._p
    assert footer.xpath("string(.//w:instrText)") == " PAGE "
    assert len(footer.xpath(".//w:fldChar")) == 3

    change = compare(source.read_bytes(), out.read_bytes())
    assert change["same members"]
    assert change["other parts changed"] == []  # styles, image, relationships, settings...
    assert change["stories changed beyond w:t text"] == []
    assert change["links"][0] == change["links"][1]


def test_writing_the_source_back_keeps_every_byte(tmp_path):
    for data in (
        report(tmp_path / "a.docx").read_bytes(),
        (DATA / "aviso-libreoffice.docx").read_bytes(),
    ):
        again = write(data, lambda text: text)
        assert members(again) == members(data)
        assert [texts(x) for n, x in members(again).items() if is_story(n)] == [
            texts(x) for n, x in members(data).items() if is_story(n)
        ]


def test_another_word_processors_file_keeps_its_structure(tmp_path):
    """LibreOffice's DOCX: character styles, empty run properties, a list, a mailto link."""
    source = DATA / "aviso-libreoffice.docx"
    out = tmp_path / "aviso.en.docx"
    r = run("translate", str(source), "--engine", "apertium", "-o", str(out), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    change = compare(source.read_bytes(), out.read_bytes())
    assert change["other parts changed"] == [] and change["stories changed beyond w:t text"] == []
    assert change["links"][0] == change["links"][1] and len(change["links"][0]) == 2
    assert change["paragraphs that lost a format"] == []
    english = " ".join(every_text(out))
    assert "junta@vecinos.example.org" in english
    words = set(re.findall(r"\w+", english.replace("junta@vecinos.example.org", "").lower()))
    assert not {"vecinos", "reunión", "biblioteca"} & words


def _runs(data: bytes, index: int) -> list[tuple[str, bool, bool]]:
    p = docx.Document(io.BytesIO(data)).paragraphs[index]
    return [(r.text, bool(r.bold), bool(r.italic)) for r in p.runs if r.text]


def test_tags_the_translation_reorders_take_their_formats_with_them(tmp_path):
    data = report(tmp_path / "a.docx").read_bytes()
    source = "El agua es <1>necesaria</1> para la <2>vida</2> de todos."
    target = "For <2>life</2>, water is <1>necessary</1>."
    out = write(data, lambda text: target if text == source else text)
    assert _runs(out, 1) == [
        ("For ", False, False),
        ("life", False, True),
        (", water is ", False, False),
        ("necessary", True, False),
        (".", False, False),
    ]


def test_a_link_moved_by_the_translation_keeps_its_target(tmp_path):
    document = docx.Document()
    p = document.add_paragraph("Vea ")
    p.add_run("aquí").bold = True
    p.add_run(" el ")
    add_hyperlink(p, "informe", LINK)
    document.save(tmp_path / "a.docx")
    data = (tmp_path / "a.docx").read_bytes()
    assert parse(data, "docx").blocks[0].text == "Vea <1>aquí</1> el <2>informe</2>"
    out = write(data, ["The <2>report</2>, see <1>here</1>"])
    result = docx.Document(io.BytesIO(out))
    [link] = result.paragraphs[0]._p.findall(qn("w:hyperlink"))
    assert link.xpath("string(.)") == "report"
    assert result.part.rels[link.get(qn("r:id"))].target_ref == LINK
    assert result.paragraphs[0].text == "The report, see here"
    assert [r.text for r in result.paragraphs[0].runs if r.bold] == ["here"]


def test_garbled_tags_lose_no_text_and_no_placeholder(tmp_path):
    data = report(tmp_path / "a.docx").read_bytes()
    sources = {
        "El agua es <1>necesaria</1> para la <2>vida</2> de todos.": (
            "The water is <1>necessary for the </2>life of all."
        ),
        "Nombre:<1/>Juan<2/>Ciudad:": "<2/>City <3>:<1/>Juan Name:",
    }
    out = write(data, lambda text: sources.get(text, text))
    result = docx.Document(io.BytesIO(out))
    assert result.paragraphs[1].text == "The water is necessary for the life of all."
    assert {r.bold for r in result.paragraphs[1].runs} == {None}  # the first run's format
    # Placeholders keep their source order (the tab before the break), at the places given.
    assert result.paragraphs[3].text == "\tCity <3>:\nJuan Name:"


def test_a_placeholder_the_translation_lost_comes_back(tmp_path):
    data = report(tmp_path / "a.docx").read_bytes()
    out = write(data, lambda t: "The river is very long." if t.startswith("El río") else t)
    noted = next(p for p in docx.Document(io.BytesIO(out)).paragraphs if "river" in p.text)
    assert noted.text == "The river is very long."
    assert noted._p.xpath("string(.//w:footnoteReference/@w:id)") == "1"


def test_text_that_looks_like_a_tag_is_kept_as_text(tmp_path):
    document = docx.Document()
    p = document.add_paragraph("Escriba <1> y ")
    p.add_run("</b>").bold = True
    p.add_run(r" o <\2/> aquí")
    document.save(tmp_path / "a.docx")
    data = (tmp_path / "a.docx").read_bytes()
    [block] = parse(data, "docx").blocks
    assert block.text == r"Escriba <\1> y <1></b></1> o <\\2/> aquí"
    pieces = [block.text[s.start : s.end] for s in block.protected]
    assert pieces == [r"<\1>", r"<\\2/>"]
    out = write(data, [block.text.replace("Escriba", "Write").replace("aquí", "here")])
    assert docx.Document(io.BytesIO(out)).paragraphs[0].text == r"Write <1> y </b> o <\2/> here"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"PK\x03\x04 this is not a zip", "not a Word document (not a zip package)"),
        (b"El agua es necesaria.", "not a Word document (not a zip package)"),
        ("zip", "not a Word document"),
        ("broken", "not a Word document (damaged XML:"),
    ],
)
def test_a_file_that_is_not_a_word_document_is_one_line(tmp_path, content, message):
    path = tmp_path / "x.docx"
    if content == "zip":
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("notes.txt", "hola")
    elif content == "broken":
        data = members(report(tmp_path / "a.docx").read_bytes())
        data["word/document.xml"] = data["word/document.xml"][:-40]
        with zipfile.ZipFile(path, "w") as z:
            for name, body in data.items():
                z.writestr(name, body)
    else:
        path.write_bytes(content)
    r = run("translate", str(path), "--engine", "apertium", "-o", str(tmp_path / "o.docx"))
    err = r.stderr.decode()
    assert r.returncode == 2, err
    assert err.startswith(f"glossary: error: {path}: {message}"), err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (tmp_path / "o.docx").exists()


def test_a_field_over_several_paragraphs_translates_what_it_shows(tmp_path):
    """A table of contents: one field from its first entry to its last; its code stays, the
    entries Word shows are translated, each a link to its heading."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    first, second = document.add_paragraph(), document.add_paragraph()
    w = nsdecls("w")
    for xml in (
        f'<w:r {w}><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {w}><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h </w:instrText></w:r>',
        f'<w:r {w}><w:fldChar w:fldCharType="separate"/></w:r>',
        f'<w:hyperlink {w} w:anchor="_Toc1"><w:r><w:t>Capítulo uno</w:t></w:r></w:hyperlink>',
    ):
        first._p.append(parse_xml(xml))
    for xml in (
        f'<w:hyperlink {w} w:anchor="_Toc2"><w:r><w:t>Capítulo dos</w:t></w:r></w:hyperlink>',
        f'<w:r {w}><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        second._p.append(parse_xml(xml))
    document.save(tmp_path / "toc.docx")
    data = (tmp_path / "toc.docx").read_bytes()
    assert [b.text for b in parse(data, "docx").blocks] == ["Capítulo uno", "Capítulo dos"]
    out = write(data, ["Chapter one", "Chapter two"])
    assert links(out) == [(None, "_Toc1", "Chapter one"), (None, "_Toc2", "Chapter two")]
    result = docx.Document(io.BytesIO(out)).paragraphs
    assert result[0]._p.xpath("string(.//w:instrText)") == ' TOC \\o "1-3" \\h '
    assert [len(p._p.xpath(".//w:fldChar")) for p in result] == [2, 1]


def test_the_tagged_text_is_what_differs_from_the_paragraphs_own_format(tmp_path):
    document = docx.Document()
    p = document.add_paragraph()
    p.add_run("Nota:").bold = True
    p.add_run(" el agua del grifo se puede beber.")
    p = document.add_paragraph("Vea ")
    add_hyperlink(p, "el informe completo del año pasado", LINK)
    document.save(tmp_path / "a.docx")
    blocks = parse((tmp_path / "a.docx").read_bytes(), "docx").blocks
    assert [b.text for b in blocks] == [
        "<1>Nota:</1> el agua del grifo se puede beber.",
        "Vea <1>el informe completo del año pasado</1>",  # a link is a tag, however long
    ]


def test_code_stays_as_it_is(tmp_path):
    """A paragraph in a code style is not translated; a run in a monospace font or a code
    character style inside a sentence passes through as it is."""
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    style = document.styles.add_style("Código", WD_STYLE_TYPE.PARAGRAPH)
    style.font.name = "Courier New"
    document.add_paragraph("para cada elemento en la lista: imprimir elemento", style=style)
    p = document.add_paragraph("Ejecute ")
    p.add_run("instalar paquete").font.name = "Consolas"
    p.add_run(" y después ")
    p.add_run("borrar todo").style = "Macro Text Char"
    p.add_run(" en la terminal.")
    document.add_paragraph("Fuente del documento").runs[0].font.name = "Courier New"
    document.styles.add_style("Verbatim Char", WD_STYLE_TYPE.CHARACTER)
    p = document.add_paragraph("La función ")
    p.add_run("abrir_puerta").style = "Verbatim Char"
    p.add_run(" abre la puerta.")
    source, out = tmp_path / "code.docx", tmp_path / "code.en.docx"
    document.save(source)
    blocks = parse(source.read_bytes(), "docx").blocks
    assert [b.text for b in blocks] == [
        "Ejecute <1>instalar paquete</1> y después <2>borrar todo</2> en la terminal.",
        "La función <1>abrir_puerta</1> abre la puerta.",
    ]
    r = run("translate", str(source), "--engine", "apertium", "-o", str(out), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    result = [p.text for p in docx.Document(out).paragraphs]
    assert result[0] == "para cada elemento en la lista: imprimir elemento"
    assert "instalar paquete" in result[1] and "borrar todo" in result[1]
    assert "Run" in result[1] or "Execute" in result[1], result[1]
    assert result[2] == "Fuente del documento"
    assert "abrir_puerta" in result[3] and "door" in result[3], result[3]
