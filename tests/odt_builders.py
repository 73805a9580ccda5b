"""OpenDocument texts for the ODT tests, written as LibreOffice writes them (the package's
`mimetype` first and uncompressed, a manifest, content.xml and styles.xml)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from docx_builders import png

LINK = "https://example.org/informe-anual?año=2024"
NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "dc": "http://purl.org/dc/elements/1.1/",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
}
_DECLS = " ".join(f'xmlns:{k}="{v}"' for k, v in NS.items() if k != "manifest")
_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'

BODY = (
    '<text:h text:style-name="Heading_20_1" text:outline-level="1">Informe sobre el agua</text:h>'
    '<text:p text:style-name="Text_20_body">El agua es <text:span text:style-name="B">necesaria'
    '</text:span> para la <text:span text:style-name="I">vida</text:span> de todos.</text:p>'
    f'<text:p>Lea el <text:a xlink:type="simple" xlink:href="{LINK}">informe completo</text:a>'
    " antes de la reunión.</text:p>"
    '<text:p>El río es muy largo<text:note text:id="ftn1" text:note-class="footnote">'
    "<text:note-citation>1</text:note-citation><text:note-body><text:p>Según el instituto"
    " nacional de estadística.</text:p></text:note-body></text:note>.</text:p>"
    '<text:p>Nombre:<text:tab/>Juan<text:line-break/>Ciudad:<text:s text:c="3"/>Madrid</text:p>'
    '<text:p>La imagen muestra el puerto. <draw:frame draw:name="Imagen1" svg:width="1cm"'
    ' svg:height="1cm"><draw:image xlink:href="Pictures/puerto.png" xlink:type="simple"/>'
    "</draw:frame></text:p>"
    '<text:p>Véase el cuadro: <draw:frame draw:name="Cuadro1" svg:width="4cm"><draw:text-box>'
    "<text:p>Datos del año pasado</text:p></draw:text-box></draw:frame></text:p>"
    '<text:p><office:annotation office:name="c1"><dc:creator>Ana</dc:creator><text:p>Hay que'
    " confirmar la fecha.</text:p></office:annotation>La reunión es el lunes."
    '<office:annotation-end office:name="c1"/></text:p>'
    '<table:table table:name="Tabla1"><table:table-column/><table:table-row><table:table-cell>'
    "<text:p>Ciudad</text:p></table:table-cell></table:table-row></table:table>"
    "<text:list><text:list-item><text:p>La limpieza de las calles.</text:p></text:list-item>"
    "</text:list>"
)


CODE_STYLES = (
    '<style:style style:name="Source_20_Text" style:display-name="Source Text"'
    ' style:family="text"/><style:style style:name="Preformatted_20_Text"'
    ' style:display-name="Preformatted Text" style:family="paragraph"/>'
)


def report(path: Path, body: str = BODY) -> Path:
    """A Spanish report: a heading, bold and italic words inside a sentence, a link, a
    footnote, a tab, spaces and a line break, an image, a text box, a comment, a table, a
    list, and a header and a footer with a page-number field (or another `body`)."""
    content = (
        f'{_HEAD}<office:document-content {_DECLS} office:version="1.3"><office:automatic-styles>'
        '<style:style style:name="B" style:family="text"><style:text-properties'
        ' fo:font-weight="bold"/></style:style><style:style style:name="I" style:family="text">'
        '<style:text-properties fo:font-style="italic"/></style:style></office:automatic-styles>'
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )
    styles = (
        f'{_HEAD}<office:document-styles {_DECLS} office:version="1.3">'
        f"<office:styles>{CODE_STYLES}</office:styles><office:master-styles>"
        '<style:master-page style:name="Standard"><style:header><text:p>Documento interno'
        "</text:p></style:header><style:footer><text:p>Página <text:page-number"
        ' text:select-page="current">1</text:page-number></text:p></style:footer>'
        "</style:master-page></office:master-styles></office:document-styles>"
    )
    manifest = (
        f'{_HEAD}<manifest:manifest xmlns:manifest="{NS["manifest"]}" manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/"'
        ' manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="Pictures/puerto.png"'
        ' manifest:media-type="image/png"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.text",
            zipfile.ZIP_STORED,
        )
        z.writestr("content.xml", content)
        z.writestr("styles.xml", styles)
        z.writestr("Pictures/puerto.png", png())
        z.writestr("META-INF/manifest.xml", manifest)
    return path


def paragraphs(xml: bytes) -> list:
    from lxml import etree

    root = etree.fromstring(xml)
    return [p for p in root.iter(f"{{{NS['text']}}}p", f"{{{NS['text']}}}h")]


def own_text(p) -> str:
    """A paragraph's text without that of the paragraphs inside it (notes, text boxes)."""
    out = [p.text or ""]
    for child in p:
        if child.tag.rsplit("}", 1)[-1] in ("span", "a"):
            out.append(own_text(child))
        out.append(child.tail or "")
    return "".join(out)


def without_text(xml: bytes) -> bytes:
    """A part's XML with the text and tails inside its paragraphs taken out."""
    from lxml import etree

    root = etree.fromstring(xml)
    for p in root.iter(f"{{{NS['text']}}}p", f"{{{NS['text']}}}h"):
        p.text = None
        for node in p.iter():
            if node is not p:
                node.tail = None
                if node.tag.rsplit("}", 1)[-1] in ("span", "a", "p", "h"):
                    node.text = None
    return etree.tostring(root)
