"""HTML documents: the text people read becomes blocks (inline markup as tags, attributes as
blocks of their own), and a translation changes nothing else: every tag, attribute, comment,
script, style, code and pre of the source is in the output, byte for byte outside the text."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html

from glossary.document import Block
from glossary.formats import TranslatedBlock, formats, get_format, parse, read_document

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data" / "html"
# Real Spanish pages nobody wrote for these tests, read where their Debian packages install them
# (.ci/run installs the packages): the package and the path of each.
DEBIAN = {
    # HTML5, ISO-8859-1 declared in an upper-case META, accents as character references;
    # menus, a language menu, a table, inline SVG, code and pre
    "apache-handler": ("apache2-doc", "/usr/share/doc/apache2-doc/manual/es/handler.html"),
    # DocBook XHTML: an XML declaration, navigation tables, definition lists, a table, code, pre
    "aptitude-styles": ("aptitude-doc-es", "/usr/share/doc/aptitude/html/es/ch02s05s03.html"),
    # the same, with lang="es" and xml:lang="es" on the book and paragraphs left in English
    "aptitude-index": ("aptitude-doc-es", "/usr/share/doc/aptitude/html/es/index.html"),
    # DocBook XHTML 1.1, indented, <a id="…"/>, shell sessions in pre
    "maint-guide-upload": ("maint-guide-es", "/usr/share/doc/maint-guide-es/html/upload.es.html"),
}
# Written for the tests: translate="no" and notranslate in running text, other languages' lang
# (no Debian page has them); markup a careless tool breaks.
OURS = ["ayuda-ordenes.html", "hostile.html"]
PAGES = [*DEBIAN, *OURS]


def path_of(name: str) -> Path:
    """Where the page is; a Debian page whose package is missing fails, naming the package."""
    if name not in DEBIAN:
        return DATA / name
    package, path = DEBIAN[name]
    if not Path(path).is_file():
        pytest.fail(
            f"{path} is missing: it comes with the Debian package {package} "
            f"(apt-get install {package}, as .ci/run does)",
            pytrace=False,
        )
    return Path(path)


# What the format may change: the translated attributes, and lang (now English).
TRANSLATED_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder", "content", "value"}
LANG = {"lang", "xml:lang"}
NEVER_TRANSLATED = {"code", "kbd", "samp", "pre", "script", "style", "template", "textarea"}
SPANISH_WORDS = {"el", "los", "las", "del", "que", "para", "una", "con", "por", "como", "sus"}


def english(document, targets) -> bytes:
    fmt = get_format(document.format)
    return fmt.write(document, [TranslatedBlock(b, t) for b, t in zip(document.blocks, targets)])


def identity(document) -> bytes:
    return english(document, [b.text for b in document.blocks])


def shouted(block: Block) -> str:
    """A stand-in translation: the words upper-cased, the markup and protected text kept."""
    keep = sorted([*block.protected, *(s for t in block.tags for s in (t.open, t.close))])
    out, pos = [], 0
    for span in keep:
        out += [block.text[pos : span.start].upper(), block.text[span.start : span.end]]
        pos = span.end
    out.append(block.text[pos:].upper())
    return "".join(out)


def not_translated(element) -> bool:
    """The element's own text must stay: code and the like, translate="no" (the nearest
    translate attribute decides), class="notranslate", another language than Spanish."""
    line = [element, *element.iterancestors()]
    if any(e.tag in NEVER_TRANSLATED for e in line):
        return True
    for e in line:
        if e.get("translate") is not None:
            return e.get("translate").strip().lower() == "no"
        if "notranslate" in (e.get("class") or "").split():
            return True
        lang = (e.get("lang") or "").lower()
        if lang and e.tag not in ("html", "head", "body") and not lang.startswith("es"):
            return True
    return False


def tree(data: bytes):
    """The document as lxml reads it, in the encoding it declares (UTF-8 if none)."""
    declared = re.search(rb"""(?:encoding|charset)=["']?([\w-]+)""", data[:1024])
    encoding = declared.group(1).decode() if declared else "utf-8"
    return lxml_html.document_fromstring(data, parser=lxml_html.HTMLParser(encoding=encoding))


def judged_on(data: bytes, source: bytes | None):
    """The elements of `source` (or of `data`), in order: what must stay is decided on the
    document that was translated, since a Spanish part of it now says lang="en"."""
    return iter(
        [e for e in tree(data if source is None else source).iter() if isinstance(e.tag, str)]
    )


def skeleton(data: bytes, source: bytes | None = None) -> list[tuple]:
    """The document's tree without the text that may be translated: each element with its
    attributes (but the translatable ones), each comment, and the text of what must stay."""
    root = tree(data)
    judged = judged_on(data, source)
    found: list[tuple] = []
    for node in root.iter():
        if isinstance(node, etree._Comment):
            found.append(("comment", node.text))
        elif isinstance(node.tag, str):
            skip = TRANSLATED_ATTRIBUTES | LANG
            attrs = sorted((k, v) for k, v in node.attrib.items() if k not in skip)
            kept = None
            if not_translated(next(judged, node)):
                kept = (node.text, [child.tail for child in node])
                attrs = sorted((k, v) for k, v in node.attrib.items() if k not in LANG)
            found.append((node.tag, attrs, kept))
    return found


def all_text(data: bytes) -> str:
    """Every character of text of the document, upper-cased, whitespace runs made one space."""
    return " ".join(tree(data).text_content().split()).upper()


def visible_words(data: bytes, source: bytes | None = None) -> list[str]:
    """The words of the text that is translated (not code, not translate="no")."""
    root = tree(data)
    judged = judged_on(data, source)
    words = []
    for node in root.iter():
        if not isinstance(node.tag, str) or not_translated(next(judged, node)):
            continue
        if node.tag in ("script", "style"):
            continue
        own = [node.text or "", *(child.tail or "" for child in node)]
        words += re.findall(r"\w+", " ".join(own).lower())
    return words


# Reading: which text is a block --------------------------------------------------------------


def test_formats_lists_html():
    assert formats()["html"].suffixes == (".html", ".htm")
    r = subprocess.run(
        [sys.executable, "-m", "glossary", "formats"], capture_output=True, text=True, cwd=ROOT
    )
    assert r.returncode == 0, r.stderr
    line = next(line for line in r.stdout.splitlines() if line.startswith("html"))
    assert ".html .htm" in line and "monolingual" in line


def test_blocks_of_a_page():
    doc = read_document(DATA / "hostile.html")
    blocks = [(b.context, b.text) for b in doc.blocks]
    assert blocks[:3] == [
        ("page title", "Guía de la biblioteca & sus herramientas"),
        ("meta description", 'La guía "completa" de la biblioteca'),
        ("heading", "Bienvenido a la <EM>biblioteca</EM>"),
    ]
    texts = [text for _, text in blocks]
    # Whitespace runs are one space for the engine; inline tags stay in the sentence.
    assert texts[3].startswith("Este texto tiene <B>negrita con <I>cursiva anidada</I></B> y un <A")
    assert "espacios duros y un guion\u2014largo." in texts[3]
    assert ("attribute title", 'El "manual" oficial') in blocks
    assert ("attribute alt", "Logotipo de la biblioteca") in blocks
    assert ("attribute placeholder", "Escribe una palabra") in blocks
    assert ("attribute value", "Buscar ahora") in blocks  # a submit button's label
    assert ("table cell", "Libro de cocina") in blocks and ("table header", "Precio") in blocks
    assert ("menu option", "Más antiguos") in blocks
    # translate="yes" inside translate="no" is translated, nothing else of it.
    assert ("paragraph", "este fragmento sí se traduce") in blocks
    for kept in (
        "Nombre de la marca",
        "tampoco",
        "protegido por la clase",
        "preformateado",
        "Plantilla",
        "No se traduce",
        "Texto por defecto",
        "sección CDATA",
    ):
        assert not any(kept in text for text in texts), kept
    assert not any("viewport" in text or "width=" in text for text in texts)


def test_inline_markup_is_tags_and_code_is_protected():
    doc = read_document(DATA / "hostile.html")
    block = next(b for b in doc.blocks if b.text.startswith("Este texto"))
    pairs = [
        (block.text[t.open.start : t.open.end], block.text[t.close.start : t.close.end])
        for t in block.tags
    ]
    assert pairs[0] == ("<B>", "</B>") and pairs[1] == ("<I>", "</I>")
    assert pairs[2][0].startswith("<A HREF=") and pairs[2][1] == "</A>"
    assert [block.text[s.start : s.end] for s in block.protected] == ["<BR/>"]
    code = next(b for b in doc.blocks if "pip install" in b.text)
    assert [code.text[s.start : s.end] for s in code.protected] == [
        "<code>pip install biblioteca</code>",
        "<kbd>Ctrl+S</kbd>",
    ]
    assert code.tags == ()


def test_each_entry_of_a_menu_is_a_block():
    doc = read_document(path_of("apache-handler"))
    texts = [b.text for b in doc.blocks]
    # "<a>M&oacute;dulos</a> | <a>Directivas</a> | …": names, not one phrase for the engine to
    # reorder
    start = texts.index("Módulos")
    assert texts[start : start + 6] == [
        "Módulos",
        "Directivas",
        "Preguntas Frecuentes",
        "Glosario",
        "Mapa del sitio web",
        "Reportar un error",
    ]
    trail = texts.index("Apache")
    assert texts[trail : trail + 4] == ["Apache", "Servidor HTTP", "Documentación", "Versión 2.4"]
    # Words between the elements, or only spaces: one sentence.
    sentence = parse("<p><a href=a>Uno</a> y <b>dos</b> <i>tres</i></p>", "html")
    assert [b.text for b in sentence.blocks] == ["<a href=a>Uno</a> y <b>dos</b> <i>tres</i>"]
    spaced = parse("<p><b>Perro</b> <i>grande</i></p>", "html")
    assert [b.text for b in spaced.blocks] == ["<b>Perro</b> <i>grande</i>"]


def test_a_self_closed_element_holds_nothing():
    # XHTML's <script src="…"/> and <a name="…"/>: the text after them is the page's text.
    doc = parse('<body><script src="a.js"/><p>Hola <a name="x"/>mundo</p></body>', "html")
    assert [b.text for b in doc.blocks] == ['Hola <a name="x"/>mundo']


def test_a_language_menu_keeps_its_codes():
    doc = read_document(path_of("apache-handler"))
    menu = next(b for b in doc.blocks if b.text.startswith("<span>Idiomas disponibles"))
    kept = [menu.text[s.start : s.end] for s in menu.protected]
    assert any(k.endswith(">&nbsp;en&nbsp;</a>") for k in kept)
    assert any(k.endswith(">&nbsp;es&nbsp;</a>") for k in kept)  # no hreflang; its href says
    assert not any(b.text in ("English", "Español") for b in doc.blocks)  # their titles too


def test_an_attribute_that_cannot_be_placed_is_reported():
    from glossary.formats.html_source import Attr, Token
    from glossary.formats.html_walk import Walker

    source = '<p>Hola</p>\n<img alt="Un gato">'
    walker = Walker(source)
    # A value whose place in the tag is unknown (the tokenizer and the parser disagreed).
    walker.walk(
        [
            Token("start", 0, 3, "p"),
            Token("text", 3, 7, decoded="Hola"),
            Token("end", 7, 11, "p"),
            Token("text", 11, 12, decoded="\n"),
            Token("start", 12, len(source), "img", (Attr("alt", "Un gato"),)),
        ]
    )
    (left,) = walker.left_out
    assert left.line == 2 and "Un gato" in left.text and "alt" in left.reason
    assert [b.block.text for b in walker.blocks] == ["Hola"]


def test_a_tag_written_as_text_is_not_taken_for_markup():
    doc = parse("<p>La etiqueta &lt;b&gt; se escribe así: <b>negrita</b>.</p>", "html")
    (block,) = doc.blocks
    assert block.text[block.protected[0].start : block.protected[0].end] == "&lt;b&gt;"
    out = english(doc, ["The &lt;b&gt; tag is written like this: <b>bold</b>."]).decode()
    assert out == "<p>The &lt;b&gt; tag is written like this: <b>bold</b>.</p>"


# Writing back: identity is byte for byte ---------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_untranslated_page_comes_back_byte_for_byte(name):
    data = path_of(name).read_bytes()
    doc = read_document(path_of(name))
    assert doc.text.encode(doc.encoding.codec) == data
    out = identity(doc)
    # Only lang changes: the root's (to English, added where missing) and a Spanish part's.
    html_tag = re.compile(rb"<html\b[^>]*>", re.I)
    source_tag, out_tag = html_tag.search(data).group(), html_tag.search(out).group()
    spanish_parts = re.sub(rb'(\s(?:xml:)?lang=)"es(?:-[\w-]+)?"', rb'\1"en"', data, flags=re.I)
    expected = spanish_parts.replace(html_tag.search(spanish_parts).group(), source_tag, 1)
    assert out.replace(out_tag, source_tag, 1) == expected
    assert re.search(rb'\slang="en"', out_tag)
    assert b"es" not in re.sub(rb"(xml:)?lang=\"en\"", b"", out_tag).replace(b"xmlns", b"")


HOSTILE_SNIPPETS = [
    "<P CLASS=x>Hola <B>mundo <I>cruel</B> y</I> fin<BR/>otra línea<P>Sin cierre",
    "<ul><li>Uno<li>Dos <a href=x title='El \"título\"'>enlace</a><li>Tres</ul>",
    "<table><tr><td>Celda uno<td>Celda <b>dos</b><tr><th>Cabecera</table>",
    "<div>Texto directo <p>párrafo</p> y más texto</div>",
    "<p>Sal &amp; pimienta &lt;b&gt; &nbsp;y&#160;más &#x41; AT&T &copy 2024 &noexiste;</p>",
    "<p>texto <!-- comentario --> sigue</p><![CDATA[ nada ]]><?php echo 1 ?>",
    "<p title=Hola>x</p><input type=submit value='Enviar datos'><input placeholder=\"Tu nombre\">",
    "<p>Un <b>texto <a href='#'>sin</b> cerrar",
    "\ufeff<p>Con marca de orden de bytes</p>",
    "<p>Un < suelto y un & suelto</></p><p>fin",
    "<p>\n   Texto\n   partido en\n   líneas\n</p>",
]


@pytest.mark.parametrize("source", HOSTILE_SNIPPETS)
def test_hostile_markup_comes_back_byte_for_byte(source):
    doc = get_format("html").parse(source.encode())
    assert doc.blocks, "no text found"
    assert identity(doc) == source.encode()


# Generated documents: markup is never lost, whatever the translation does --------------------

_word = st.sampled_from(
    [
        "casa",
        "Hola",
        "mundo",
        "árbol",
        "año",
        "&amp;",
        "&lt;",
        "&gt;",
        "&nbsp;",
        "&#243;",
        "&#x41;",
        "AT&T",
        "a < b",
        ">",
        ".",
        "¿Qué?",
        "\n   ",
        "  ",
    ]
)
_text = st.lists(_word, min_size=1, max_size=6).map(" ".join)
_quote = st.sampled_from(['"', "'", ""])


@st.composite
def _attribute(draw, name: str) -> str:
    quote = draw(_quote)
    value = draw(st.sampled_from(["Un título", "x", "Dice \u201chola\u201d", "a&amp;b"]))
    if not quote:
        value = value.split()[0]
    return f" {draw(st.sampled_from([name, name.upper()]))}={quote}{value}{quote}"


@st.composite
def _inline(draw, depth: int = 0) -> str:
    kind = draw(st.sampled_from(["text", "b", "a", "span-no", "code", "br", "img", "comment"]))
    inner = lambda: draw(_inline(depth + 1)) if depth < 2 else draw(_text)  # noqa: E731
    if kind == "b":
        tag = draw(st.sampled_from(["b", "EM", "i", "strong"]))
        end = draw(st.sampled_from([f"</{tag}>", ""]))
        return f"<{tag}>{inner()}{end}"
    if kind == "a":
        return f"<a href='https://x.org/?a=1&amp;b=2'{draw(_attribute('title'))}>{inner()}</a>"
    if kind == "span-no":
        how = draw(st.sampled_from(['translate="no"', 'class="notranslate"', 'lang="en"']))
        return f"<span {how}>{draw(_text)}</span>"
    if kind == "code":
        return f"<code>{draw(_text)}</code>"
    if kind == "br":
        return draw(st.sampled_from(["<br>", "<BR/>", "<wbr>"]))
    if kind == "img":
        return f"<img src=a.png{draw(_attribute('alt'))}>"
    if kind == "comment":
        return f"<!-- {draw(_text)} -->"
    return draw(_text)


@st.composite
def _block(draw) -> str:
    body = "".join(draw(st.lists(_inline(), min_size=1, max_size=4)))
    kind = draw(st.sampled_from(["p", "li", "h2", "div", "td", "pre", "script", "p-open"]))
    if kind == "li":
        return f"<ul><li>{body}</li><li>{draw(_text)}</ul>"
    if kind == "td":
        return f"<table><tr><td>{body}<td>{draw(_text)}</table>"
    if kind == "pre":
        return f"<pre>{draw(_text)}</pre>"
    if kind == "script":
        return f"<script>var a = '<p>{draw(_text)}</p>';</script>"
    if kind == "p-open":
        return f"<p{draw(_attribute('title'))}>{body}\n"
    return f"<{kind}>{body}</{kind}>"


_document = st.lists(_block(), min_size=1, max_size=5).map("\n".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_document)
def test_generated_html_keeps_every_byte_and_every_tag(source):
    doc = parse(source, "html")
    assert doc.text == source
    assert identity(doc) == source.encode()
    # Any translation that keeps its markup: only the words change.
    out = english(doc, [shouted(b) for b in doc.blocks])
    assert skeleton(out, source.encode()) == skeleton(source.encode())
    assert all_text(out) == all_text(source.encode())  # no word lost, doubled or moved
    # A translation that loses every tag: the tags are put back, none is lost.
    bare = [re.sub(r"<[^>]*>", "", shouted(b)) for b in doc.blocks]
    assert skeleton(english(doc, bare), source.encode()) == skeleton(source.encode())


# Writing back: text escaped, attributes quoted, tags where they belong ---------------------------


def test_translated_text_is_escaped_and_references_kept():
    doc = parse("<p>Sal &amp; pimienta con&nbsp;a&#243;</p>", "html")
    out = english(doc, ["Salt & pepper <3 with\u00a0ó"]).decode()
    # & and < escaped; a no-break space and ó written as the source wrote them
    assert out == "<p>Salt &amp; pepper &lt;3 with&nbsp;&#243;</p>"


def test_attributes_keep_their_quotes():
    doc = parse(
        """<img alt="Un gato" title='Un perro' class=x data-x="y"><a title=Hola>x</a>""", "html"
    )
    texts = [b.text for b in doc.blocks]
    assert texts == ["Un gato", "Un perro", "Hola", "x"] or set(texts) >= {"Un gato", "Hola"}
    targets = {"Un gato": 'A "cat"', "Un perro": "A dog's", "Hola": "Hello there", "x": "x"}
    out = english(doc, [targets[b.text] for b in doc.blocks]).decode()
    assert 'alt="A &quot;cat&quot;"' in out
    assert "title='A dog&#39;s'" in out
    assert 'title="Hello there"' in out  # an unquoted value that now needs quotes
    assert 'class=x data-x="y"' in out


def test_a_lost_or_reversed_tag_is_put_back():
    doc = parse("<p>El <b>perro</b> come <br> carne <i>roja</i>.</p>", "html")
    lost = english(doc, ["The dog eats meat red."]).decode()
    assert lost.count("<b>") == lost.count("</b>") == lost.count("<br>") == 1
    assert lost.index("<b>") < lost.index("</b>") and lost.index("<i>") < lost.index("</i>")
    reversed_ = english(doc, ["The </b>dog<b> eats <br> meat <i>red</i>."]).decode()
    assert "<b>dog</b>" in reversed_


def test_hard_wrapped_paragraph_is_wrapped_again():
    source = "<p>Este es un párrafo largo que\n   ocupa varias líneas en el\n   fichero.</p>\n"
    doc = parse(source, "html")
    assert doc.blocks[0].text == "Este es un párrafo largo que ocupa varias líneas en el fichero."
    target = "This is a long paragraph that takes up several lines in the file, and more words."
    out = english(doc, [target]).decode()
    width = max(len(line) for line in source.splitlines())
    assert len(out.splitlines()) >= 3
    assert all(len(line.removesuffix("</p>")) <= width for line in out.splitlines())
    assert out.splitlines()[1].startswith("   ")
    assert re.sub(r"\s+", " ", out) == f"<p>{target}</p> "


def test_lang_is_added_to_the_root_and_spanish_parts():
    doc = parse('<html><body><p>Hola <span lang="es-ES">mundo</span></p></body></html>', "html")
    out = identity(doc).decode()
    assert out == '<html lang="en"><body><p>Hola <span lang="en">mundo</span></p></body></html>'


def test_declared_charset_is_read_and_written_back():
    source = (
        '<html lang="es"><head><meta charset="iso-8859-1"><title>Canción</title></head>'
        "<body><p>Información útil</p></body></html>"
    ).encode("latin-1")
    fmt = get_format("html")
    doc = fmt.parse(source)
    assert [b.text for b in doc.blocks] == ["Canción", "Información útil"]
    out = fmt.write(doc, [TranslatedBlock(b, t) for b, t in zip(doc.blocks, ["Song", "It’s ú"])])
    assert out == source.replace(b"Canci\xf3n", b"Song").replace(
        "Información útil".encode("latin-1"), "It&#8217;s ú".encode("latin-1")
    ).replace(b'lang="es"', b'lang="en"')


@pytest.mark.parametrize(
    "data, message",
    [
        (b"<p>caf\xe9</p>", "not UTF-8 text, and it declares no charset (invalid byte at offset 6"),
        (b'<meta charset="klingon"><p>x</p>', "declares an unknown charset 'klingon'"),
        (b'<meta charset="utf-8"><p>caf\xe9</p>', "not utf-8 text, as it declares"),
    ],
)
def test_bad_bytes_are_one_line_naming_the_file(tmp_path, data, message):
    page = tmp_path / "page.html"
    page.write_bytes(data)
    r = subprocess.run(
        [sys.executable, "-m", "glossary", "translate", str(page), "--engine", "apertium"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "GLOSSARY_CACHE_DIR": str(tmp_path / "cache")},
        timeout=120,
    )
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr
    (line,) = r.stderr.splitlines()
    assert line.startswith(f"glossary: error: {page}: ") and message in line
    assert not (tmp_path / "page.en.html").exists()


# End to end: real pages through `glossary translate --engine apertium` ------------------------


@pytest.fixture(scope="module")
def translated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("html-en")
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "glossary",
            "translate",
            *(str(path_of(name)) for name in PAGES),
            "--engine",
            "apertium",
            "--out-dir",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "GLOSSARY_CACHE_DIR": str(out / "cache")},
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    assert f"{len(PAGES)} document(s)" in r.stderr
    return out


def output(folder: Path, name: str) -> bytes:
    return (folder / path_of(name).name.replace(".html", ".en.html")).read_bytes()


@pytest.mark.parametrize("name", PAGES)
def test_real_page_keeps_its_structure(translated, name):
    source, out = path_of(name).read_bytes(), output(translated, name)
    assert skeleton(out, source) == skeleton(source)
    # Doctype, XML declaration, comments before the root: untouched.
    head = re.compile(rb"^.*?<html", re.I | re.S)
    assert head.match(out).group() == head.match(source).group()
    assert out.count(b"&nbsp;") == source.count(b"&nbsp;")
    root = tree(out)
    assert root.get("lang") == "en"
    assert root.get("xml:lang") in (None, "en")


@pytest.mark.parametrize("name", PAGES)
def test_real_page_is_in_english(translated, name):
    source, out = path_of(name).read_bytes(), output(translated, name)
    before, after = visible_words(source), visible_words(out, source)
    share = lambda words: sum(w in SPANISH_WORDS for w in words) / len(words)  # noqa: E731
    assert share(before) > 0.05  # a contents page has fewer function words than prose
    assert share(after) < 0.01, [w for w in after if w in SPANISH_WORDS]
    assert tree(out).findtext(".//title") != tree(source).findtext(".//title")


def test_a_spanish_part_of_a_real_page_says_english():
    # aptitude's manual: <div xml:lang="es" class="book" lang="es"> holds the whole book.
    doc = read_document(path_of("aptitude-index"))
    book = re.search(r"<div [^>]*class=\"book\"[^>]*>", identity(doc).decode()).group()
    assert 'xml:lang="en"' in book and 'lang="en"' in book and '"es"' not in book


def test_real_page_attributes_are_english(translated):
    root = tree(output(translated, "hostile.html"))
    assert "library" in root.find(".//img").get("alt").lower()
    assert "word" in root.find(".//input[@id='q']").get("placeholder").lower()
    assert root.find(".//input[@type='submit']").get("value") != "Buscar ahora"
    assert "guide" in root.find(".//meta[@name='description']").get("content").lower()
    apache = output(translated, "apache-handler").decode("latin-1")
    # Each menu entry keeps its own words.
    assert '<a href="./mod/index.html">Modules</a> | <a href="./mod/quickreference.html">' in apache
    permalinks = tree(output(translated, "apache-handler")).findall(".//a[@class='permalink']")
    assert len(permalinks) == 3
    assert all(a.get("title") == "Permanent link" for a in permalinks)  # "Enlace permanente"
    ours = tree(output(translated, "ayuda-ordenes.html"))
    description = ours.find(".//meta[@name='description']").get("content")
    assert "options" in description and "opciones" not in description
    aptitude = tree(output(translated, "aptitude-styles"))
    assert aptitude.find(".//img[@src='images/note.png']").get("alt") == "[Note]"  # "[Nota]"


def test_real_page_keeps_what_must_not_be_translated(translated):
    out = output(translated, "ayuda-ordenes.html").decode()
    source = path_of("ayuda-ordenes.html").read_text()
    # Every element marked translate="no", with its text, is in the output as it was.
    kept = re.findall(r'<(?:code|samp) translate="no">[^<]*</(?:code|samp)>', source)
    assert len(kept) > 30 and all(out.count(k) >= source.count(k) for k in kept)
    figures = re.findall(r'<figure class="ejemplo" translate="no">.*?</figure>', source, re.S)
    assert len(figures) == 3 and all(figure in out for figure in figures)
    for part in (
        '<p class="notranslate">Herramientas Larpa</p>',
        '<span class="notranslate">Archivo › Exportar</span>',
        '<q lang="fr">l\'aide en ligne</q>',
        '<i lang="en">usage line</i>',
        '<p translate="no">Larpa™ es una marca de ejemplo.</p>',
    ):
        assert part in out, part
    # The real pages' code and pre, byte for byte, as often as in the source.
    for name in DEBIAN:
        source, out = path_of(name).read_bytes(), output(translated, name)
        code = re.findall(rb"<(?:code|pre)\b[^>]*>[^<]*</(?:code|pre)>", source)
        assert code and all(out.count(c) >= source.count(c) for c in code), name
    hostile = output(translated, "hostile.html").decode()
    for part in (
        "Nombre de la marca que no se traduce",
        "Este párrafo tampoco, pero",
        '<span class="notranslate">Guardar como</span>',
        "Texto protegido por la clase",
        "Esto es código preformateado: no se traduce.",
        "<p>Plantilla sin traducir</p>",
        '<q lang="en">The quick brown fox</q>',
        "&lt;p&gt;ni siquiera esto&lt;/p&gt;",
        'var aviso = "<p>No se traduce</p>"; if (a < b && c > d)',
        "<![CDATA[ una sección CDATA que no se toca ]]>",
        "<!-- un comentario en medio -->",
        "&lt;b&gt;",
    ):
        assert part in hostile, part
    assert "este fragmento sí se traduce" not in hostile  # translate="yes" inside "no"


def test_code_over_a_line_break_is_kept(tmp_path):
    # As in aptitude's manual: <code class="literal">aptitude search gnome\nkde</code>
    source = "<p>Por ejemplo, <code>aptitude search gnome\nkde</code> muestra los paquetes.</p>\n"
    (tmp_path / "code.html").write_text(source, encoding="utf-8")
    r = subprocess.run(
        [sys.executable, "-m", "glossary", "translate", "code.html", "--engine", "apertium"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "GLOSSARY_CACHE_DIR": str(tmp_path / "cache")},
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    out = (tmp_path / "code.en.html").read_text(encoding="utf-8")
    assert "&lt;code" not in out  # not the markup written out as text
    assert re.fullmatch(r"<p>[^<]*<code>aptitude search gnome\nkde</code>[^<]+</p>\n", out), out
