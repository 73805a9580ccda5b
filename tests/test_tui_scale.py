"""A 2,000-segment document: the editor draws only what is on screen, so opening and scrolling
do not grow with the document (timings: benchmarks/editor_scale.py)."""

from __future__ import annotations

import time

from tui_support import GatedEngine, copy_document, make_app, run_async, screen_text

from tui.segments import SegmentTable

SEGMENTS = 2000


def long_document(tmp_path):
    paragraphs = [f"Párrafo {n}: el escalado de los modelos de lenguaje." for n in range(SEGMENTS)]
    return copy_document(tmp_path, "\n\n".join(paragraphs) + "\n")


@run_async
async def test_long_document_opens_and_scrolls_drawing_only_the_screen(tmp_path, monkeypatch):
    drawn = []
    draw = SegmentTable._draw
    monkeypatch.setattr(
        SegmentTable, "_draw", lambda self, i, c: drawn.append(i) or draw(self, i, c)
    )
    document, terms = long_document(tmp_path)
    # nothing translated: the engine's time is not the editor's
    started = time.perf_counter()
    app = make_app(document, terms, engine=GatedEngine.name)
    engine = app.review.service.engine
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Párrafo 0: el escalado" in screen_text(app)
        assert time.perf_counter() - started < 5  # well under a second on a developer machine
        assert len(set(drawn)) < 60
        for _ in range(20):
            await pilot.press("pagedown")
        await pilot.press("end")
        assert f"Párrafo {SEGMENTS - 1}:" in screen_text(app)
        assert app.table.current == SEGMENTS - 1
        assert len(set(drawn)) < 800  # the 21 screens passed through, not all 2,000
        engine.open()
