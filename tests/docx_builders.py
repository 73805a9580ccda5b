"""Word documents for the DOCX tests, built with python-docx; what it has no API for (a
hyperlink, a footnote, a field) is written as the XML Word writes."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

LINK = "https://example.org/informe-anual?año=2024"
STORIES = ("word/document.xml", "word/header", "word/footer", "word/footnotes.xml")
STORIES += ("word/comments.xml",)


def png() -> bytes:
    """A 2×2 red PNG."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    image = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + image


def add_hyperlink(paragraph, text: str, url: str, bold: bool = False) -> None:
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    props = '<w:rStyle w:val="Hyperlink"/>' + ("<w:b/>" if bold else "")
    paragraph._p.append(
        parse_xml(
            f'<w:hyperlink {nsdecls("w", "r")} r:id="{r_id}"><w:r><w:rPr>{props}</w:rPr>'
            f"<w:t>{text}</w:t></w:r></w:hyperlink>"
        )
    )


def add_field(paragraph, code: str, shown: str) -> None:
    """A complex field (PAGE, DATE...): its code and the result Word last showed."""
    for xml in (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r><w:instrText xml:space="preserve"> {code} </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        f"<w:r><w:t>{shown}</w:t></w:r>",
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        paragraph._p.append(parse_xml(xml.replace("<w:r>", f"<w:r {nsdecls('w')}>", 1)))


def add_footnotes(document, notes: list[str]) -> None:
    """A footnotes part (python-docx has none) with one footnote per text, as Word writes it."""
    body = "".join(
        f'<w:footnote w:id="{i}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
        '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'
        for i, text in enumerate(notes, start=1)
    )
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {nsdecls("w")}>'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        "<w:continuationSeparator/></w:r></w:p></w:footnote>" + body + "</w:footnotes>"
    )
    part = Part(
        PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml.encode(), document.part.package
    )
    document.part.relate_to(part, RT.FOOTNOTES)


def add_footnote_reference(paragraph, number: int) -> None:
    paragraph._p.append(
        parse_xml(
            f'<w:r {nsdecls("w")}><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
            f'<w:footnoteReference w:id="{number}"/></w:r>'
        )
    )


def add_text_box(paragraph, text: str) -> None:
    """A VML text box, as Word writes for older readers, with a paragraph of its own."""
    vml = 'xmlns:v="urn:schemas-microsoft-com:vml"'
    paragraph._p.append(
        parse_xml(
            f'<w:r {nsdecls("w")} {vml}><w:pict><v:shape style="width:120pt;height:40pt">'
            f"<v:textbox><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
            "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        )
    )


def report(path: Path) -> Path:
    """A Spanish report with what Word documents have: headings, bold and italic words inside
    sentences, a link, a table with a table inside, a tab and a line break, a footnote, an
    image, a text box, a comment, headers (first page too) and a footer with a page-number
    field."""
    document = docx.Document()
    document.add_heading("Informe sobre el agua", level=1)
    p = document.add_paragraph("El agua es ")
    p.add_run("necesaria").bold = True
    p.add_run(" para la ")
    p.add_run("vida").italic = True
    p.add_run(" de todos.")
    p = document.add_paragraph("Lea el ")
    add_hyperlink(p, "informe completo", LINK)
    p.add_run(" antes de la reunión.")
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ["Ciudad", "Población", "Madrid", "Tres millones"]):
        cell.text = text
    inner = table.cell(1, 1).add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "Tabla dentro de una celda"
    p = document.add_paragraph("Nombre:")
    run = p.add_run()
    run.add_tab()
    run.add_text("Juan")
    run.add_break()
    run.add_text("Ciudad:")
    p = document.add_paragraph("El río es muy largo")
    add_footnote_reference(p, 1)
    p.add_run(".")
    add_footnotes(document, ["Según el instituto nacional de estadística."])
    p = document.add_paragraph("La imagen muestra el puerto. ")
    p.add_run().add_picture(io.BytesIO(png()))
    add_text_box(document.add_paragraph("Véase el cuadro: "), "Datos del año pasado")
    commented = document.add_paragraph("La reunión es el lunes.")
    document.add_comment(commented.runs, text="Hay que confirmar la fecha.", author="Ana")
    big = document.add_paragraph("Texto grande y ")
    big.runs[0].font.size = Pt(20)
    big.add_run("normal").font.size = Pt(10)
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.header.paragraphs[0].text = "Documento interno"
    section.first_page_header.paragraphs[0].text = "Primera página del informe"
    footer = section.footer.paragraphs[0]
    footer.text = "Página "
    add_field(footer, "PAGE", "1")
    document.save(path)
    return path


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def is_story(name: str) -> bool:
    return name.startswith(STORIES)


def without_text(xml: bytes) -> bytes:
    """A part's XML with the text of its w:t elements (and their xml:space) taken out."""
    from lxml import etree

    root = etree.fromstring(xml)
    for t in root.iter(qn("w:t")):
        t.text = ""
        t.attrib.pop("{http://www.w3.org/XML/1998/namespace}space", None)
    return etree.tostring(root)


def texts(xml: bytes) -> list[str]:
    from lxml import etree

    return [t.text or "" for t in etree.fromstring(xml).iter(qn("w:t"))]


def story_paragraphs(data: bytes) -> list:
    """Every paragraph (lxml w:p) of the translated parts, in order."""
    from lxml import etree

    found = []
    for name, xml in sorted(members(data).items()):
        if is_story(name):
            found += list(etree.fromstring(xml).iter(qn("w:p")))
    return found


def formatted_runs(data: bytes) -> list[tuple[bytes, str]]:
    """(run properties, text) of every run with text whose properties are not empty."""
    from lxml import etree

    runs = []
    for p in story_paragraphs(data):
        for r in p.iter(qn("w:r")):
            rpr = r.find(qn("w:rPr"))
            text = "".join(t.text or "" for t in r.iter(qn("w:t")))
            if rpr is not None and len(rpr) and text:
                runs.append((etree.tostring(rpr), text))
    return runs


def links(data: bytes) -> list[tuple[str | None, str | None, str]]:
    """Each hyperlink's relationship id, anchor and text."""
    found = []
    for p in story_paragraphs(data):
        for h in p.iter(qn("w:hyperlink")):
            text = "".join(t.text or "" for t in h.iter(qn("w:t")))
            found.append((h.get(qn("r:id")), h.get(qn("w:anchor")), text))
    return found


def compare(source: bytes, translated: bytes) -> dict[str, object]:
    """What changed between a DOCX and its translation, beyond the text of w:t elements."""
    before, after = members(source), members(translated)
    other = [n for n in before if not is_story(n)]
    stories = [n for n in before if is_story(n)]
    return {
        "same members": list(before) == list(after),
        "other parts changed": [n for n in other if before[n] != after.get(n)],
        "stories changed beyond w:t text": [
            n for n in stories if without_text(before[n]) != without_text(after[n])
        ],
        "paragraphs": (len(story_paragraphs(source)), len(story_paragraphs(translated))),
        "links": ([x[:2] for x in links(source)], [x[:2] for x in links(translated)]),
        "paragraphs that lost a format": [
            i
            for i, (a, b) in enumerate(zip(story_paragraphs(source), story_paragraphs(translated)))
            if formats_of(a) - formats_of(b)
        ],
    }


def formats_of(p) -> set[bytes]:
    """The run properties (and whether in a link) that carry text in a paragraph."""
    from lxml import etree

    found = set()
    for r in p.iter(qn("w:r")):
        if "".join(t.text or "" for t in r.iter(qn("w:t"))):
            rpr = r.find(qn("w:rPr"))
            link = r.getparent().tag == qn("w:hyperlink")
            found.add((b"link:" if link else b"") + (b"" if rpr is None else etree.tostring(rpr)))
    return found
