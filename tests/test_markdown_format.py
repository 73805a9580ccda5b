"""Markdown documents: the right runs of text become blocks; render puts targets back exactly."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from glossary.formats import Block, Document, parse
from glossary.formats.markdown import parse_markdown

SAMPLE = """\
---
title: Guía de uso
lang: es
---

# Introducción al *modelo* ##

Este párrafo usa **negrita**, `pip install glosario` y [la guía](http://x.org/guía "Guía").
Sigue con [el manual][man] y <http://auto.es>, escribe a ana@ejemplo.es.\\
Y ~~no~~ visita https://ejemplo.es/ruta ![un gráfico](img/g.png) <b>ya</b>.

Capítulo de prueba
------------------

- Primer elemento
  que continúa
- Segundo elemento
  1. Elemento anidado

> Una cita con texto
> que sigue aquí
en línea perezosa

| Término | Traducción |
|---------|:----------:|
| escalado | `scaling` |
| cómputo \\| cálculo |  |

```python
# Comentario en español que no se traduce
print("hola mundo")
```

    código indentado en español

<div class="nota">
Bloque HTML en español
</div>

[man]: http://manual.es "El manual"

***
Fin del documento.
"""

EXPECTED_BLOCKS = [
    "Introducción al *modelo*",
    "Este párrafo usa **negrita**, `pip install glosario` y "
    '[la guía](http://x.org/guía "Guía").\n'
    "Sigue con [el manual][man] y <http://auto.es>, escribe a ana@ejemplo.es.\\\n"
    "Y ~~no~~ visita https://ejemplo.es/ruta ![un gráfico](img/g.png) <b>ya</b>.",
    "Capítulo de prueba",
    "Primer elemento\nque continúa",
    "Segundo elemento",
    "Elemento anidado",
    "Una cita con texto\nque sigue aquí\nen línea perezosa",
    "Término",
    "Traducción",
    "escalado",
    "`scaling`",
    "cómputo \\| cálculo",
    "Fin del documento.",
]

SAMPLE_TRANSLATED = """\
---
title: Guía de uso
lang: es
---

# INTRODUCCIÓN AL *MODELO* ##

ESTE PÁRRAFO USA **NEGRITA**, `pip install glosario` Y [LA GUÍA](http://x.org/guía "Guía").
SIGUE CON [EL MANUAL][man] Y <http://auto.es>, ESCRIBE A ana@ejemplo.es.\\
Y ~~NO~~ VISITA https://ejemplo.es/ruta ![un gráfico](img/g.png) <b>YA</b>.

CAPÍTULO DE PRUEBA
------------------

- PRIMER ELEMENTO
  QUE CONTINÚA
- SEGUNDO ELEMENTO
  1. ELEMENTO ANIDADO

> UNA CITA CON TEXTO
> QUE SIGUE AQUÍ
EN LÍNEA PEREZOSA

| TÉRMINO | TRADUCCIÓN |
|---------|:----------:|
| ESCALADO | `scaling` |
| CÓMPUTO \\| CÁLCULO |  |

```python
# Comentario en español que no se traduce
print("hola mundo")
```

    código indentado en español

<div class="nota">
Bloque HTML en español
</div>

[man]: http://manual.es "El manual"

***
FIN DEL DOCUMENTO.
"""

HAND_WRITTEN = [
    SAMPLE,
    "",
    "\n\n",
    "Sin salto final",
    "---\nfront: matter\n---\nTexto tras el front matter\n",
    "Título\r\n======\r\n\r\nPárrafo con\r\nfinales CRLF.\r\n",
    "- uno\n  - dos\n    - tres\n      continúa\n\n  otro párrafo del uno\n",
    "1. primero\n2) segundo\n\n10. décimo\n",
    ">> cita anidada\n> - con lista\n>   y más\n>\n> ```\n> código citado\n> ```\n",
    "-\ttabulador\n\tcontinuación con tab\n",
    "a | b\n--|--\nc | d\ne\n",
    "| sola |\n|---|\n| celda | sobrante |\n",
    "# \n\n#\n\n### Título con ### almohadillas ###\n",
    "Texto<span\nclass='x'>html</span> [ref]\n\n[ref]: <http://x> 'y'\n",
    "~~~\nvaya\n~~~~\n\n````md\n```\nanidado\n```\n````\n",
    "Línea con NUL \x00 dentro\ny\u00a0espacio duro\n",
    "foo\n\u00a0\n",
    "*a **b** c*  \nduro\n\n***negrita cursiva***\n",
    "<!-- comentario -->\n\n<details>\nresumen\n</details>\n",
    "   sangría de tres\n        y continuación\n",
]


def blocks_of(text: str) -> list[str]:
    return [b.text for b in parse_markdown(text).blocks]


def protected_texts(block: Block) -> list[str]:
    return [block.text[s.start : s.end] for s in block.protected]


def upper_outside_protected(block: Block) -> str:
    """What a translator does: changes every translatable character, keeps protected spans."""
    out, pos = [], 0
    for span in block.protected:
        out += [block.text[pos : span.start].upper(), block.text[span.start : span.end]]
        pos = span.end
    out.append(block.text[pos:].upper())
    return "".join(out)


def render_upper(doc: Document) -> str:
    return doc.render([upper_outside_protected(b) for b in doc.blocks])


@pytest.mark.parametrize("text", HAND_WRITTEN)
def test_identity_round_trip_on_hand_written_documents(text: str):
    doc = parse_markdown(text)
    assert doc.render([b.text for b in doc.blocks]) == text


FRAGMENTS = [
    "palabra", "niño", " ", "  ", "\t", "\n", "\n\n", "\r\n", "\r", "# ", "## ", "=", "===",
    "-", "- ", "* ", "+ ", "1. ", "2) ", "> ", ">", "    ", "```", "~~~", "`", "*", "**",
    "_", "~~", "|", " | ", "|---|", "\\", "[", "]", "(", ")", "[a](http://x.es)", "[a][r]",
    "\n[r]: /u\n", "<", ">", "<b>", "</b>", "<div>", "<!--", "&amp;", "!", "![i](s.png)",
    "---", "\x00", "\u00a0", "ana@x.es", "https://x.es/a", ":", '"',
]  # fmt: skip
markdownish = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(markdownish)
def test_identity_round_trip_on_generated_markdown(text: str):
    doc = parse_markdown(text)
    assert doc.render([b.text for b in doc.blocks]) == text


@settings(max_examples=300, deadline=None)
@given(markdownish)
def test_translating_the_text_keeps_the_structure(text: str):
    """Blocks of the rendered document are exactly the targets: no marker, prefix or code
    was taken into a block, and no block text leaked out of one."""
    doc = parse_markdown(text)
    targets = [upper_outside_protected(b) for b in doc.blocks]
    assert blocks_of(doc.render(targets)) == targets


@settings(max_examples=200, deadline=None)
@given(markdownish)
def test_protected_spans_are_sorted_and_inside_the_block(text: str):
    for block in parse_markdown(text).blocks:
        spans = block.protected
        assert all(0 <= s.start < s.end <= len(block.text) for s in spans)
        assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))


def test_blocks_are_the_translatable_runs_and_nothing_else():
    assert blocks_of(SAMPLE) == EXPECTED_BLOCKS


def test_code_html_front_matter_and_definitions_are_not_blocks():
    text = "\n".join(blocks_of(SAMPLE))
    for kept_out in ("Guía de uso", "Comentario", "hola mundo", "indentado", "Bloque HTML"):
        assert kept_out not in text
    assert "http://manual.es" not in text
    assert "---" not in text and "***" not in text and "=" not in text


def test_protected_spans_cover_code_urls_and_markup_but_not_link_text():
    heading, paragraph = parse_markdown(SAMPLE).blocks[:2]
    assert protected_texts(heading) == ["*", "*"]
    assert protected_texts(paragraph) == [
        "**",
        "**",
        "`pip install glosario`",
        "[",
        '](http://x.org/guía "Guía")',
        "[",
        "][man]",
        "<http://auto.es>",
        "ana@ejemplo.es",
        "\\",
        "~~",
        "~~",
        "https://ejemplo.es/ruta",
        "![un gráfico](img/g.png)",
        "<b>",
        "</b>",
    ]


def test_link_text_and_emphasised_words_stay_translatable():
    (block,) = parse_markdown("Lee [la guía](http://x.es) y *todo* __esto__.").blocks
    free = upper_outside_protected(block)
    assert free == "LEE [LA GUÍA](http://x.es) Y *TODO* __ESTO__."


def test_table_cells_are_blocks_and_delimiter_row_stays():
    text = "| Término | Uso |\n|:--|--:|\n| `código` \\| pipa | x |\n"
    doc = parse_markdown(text)
    assert [b.text for b in doc.blocks] == ["Término", "Uso", "`código` \\| pipa", "x"]
    assert protected_texts(doc.blocks[2]) == ["`código`", "\\|"]
    assert render_upper(doc) == "| TÉRMINO | USO |\n|:--|--:|\n| `código` \\| PIPA | X |\n"


def test_rendering_translations_changes_only_the_translatable_text():
    assert render_upper(parse_markdown(SAMPLE)) == SAMPLE_TRANSLATED


def test_rendered_document_has_the_same_shape_for_a_renderer():
    def shape(text: str) -> list[tuple[str, str]]:
        md = MarkdownIt("commonmark").enable("table")
        return [(t.type, t.markup) for t in md.parse(text) if t.type != "inline"]

    assert shape(render_upper(parse_markdown(SAMPLE))) == shape(SAMPLE)


def test_target_with_fewer_lines_takes_the_first_line_and_drops_the_others():
    doc = parse_markdown("> uno\n> dos\ntres\n\n- a\n  b\n")
    assert doc.render(["UNO DOS TRES", "A\nB"]) == "> UNO DOS TRES\n\n- A\n  B\n"


def test_target_with_more_lines_stays_inside_its_container():
    doc = parse_markdown("- elemento\n- # título\n")
    rendered = doc.render(["primera\nsegunda", "uno\ndos"])
    assert rendered == "- primera segunda\n- # uno dos\n"
    assert blocks_of(rendered) == ["primera segunda", "uno dos"]


def test_crlf_lines_are_kept_when_a_line_is_dropped():
    doc = parse_markdown("> uno\r\n> dos\r\n\r\nfin\r\n")
    assert doc.render(["UNO", "FIN"]) == "> UNO\r\n\r\nFIN\r\n"


def test_a_paragraph_that_cannot_be_located_is_left_alone():
    # markdown-it trims the no-break-space line away, so the source no longer lines up.
    text = "foo\n\u00a0\n\nbar\n"
    doc = parse_markdown(text)
    assert [b.text for b in doc.blocks] == ["bar"]
    assert doc.render(["BAR"]) == "foo\n\u00a0\n\nBAR\n"


def test_parse_dispatches_markdown_by_kind():
    doc = parse("# Hola\n\nMundo `x`\n", "md")
    assert doc.format == "md"
    assert [b.text for b in doc.blocks] == ["Hola", "Mundo `x`"]
    assert doc.render(["Hello", "World `x`"]) == "# Hello\n\nWorld `x`\n"
