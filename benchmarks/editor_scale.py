"""The editor on a long document: time to the first screen, to the first screen translated, and
per scroll step, for 2,000 segments against 20 (the ratio shows what the size costs).

    python benchmarks/editor_scale.py [--segments 2000] [--engine apertium]

Runs headless (Textual's Pilot) at 120×40; the engine loads in the background and is not part
of the time to the first screen.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from textual import events

from glossary.api import MACHINE, open_session
from tui.app import EditorApp

SENTENCES = [
    "Durante los últimos años, el escalado de los modelos de lenguaje ha sido la receta"
    " principal de la industria.",
    "Más parámetros, más datos de entrenamiento y más cómputo han dado modelos cada vez más"
    " capaces.",
    "Las leyes de escalado describen cómo baja la pérdida cuando crecen el modelo y los datos.",
    "La inferencia también se encarece con cada nuevo modelo.",
]


def document(folder: Path, segments: int) -> Path:
    paragraphs = [f"Párrafo {n}: {SENTENCES[n % len(SENTENCES)]}" for n in range(segments)]
    path = folder / f"long-{segments}.md"
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def screen(app) -> str:
    strips = app.screen._compositor.render_strips()  # draws every line, as a terminal gets it
    return "\n".join("".join(s.text for s in strip) for strip in strips)


async def measure(path: Path, engine: str, steps: int) -> dict[str, float]:
    started = time.perf_counter()
    # No cache: every run translates, as the first opening of a new document does.
    review = open_session(path, None, engine, cache=False)
    project = review.project
    app = EditorApp(review)
    result = {}
    async with app.run_test(size=(120, 40)) as pilot:
        while "Párrafo 0: Durante" not in screen(app):
            await pilot.pause(0.005)
        result["first screen s"] = time.perf_counter() - started
        visible = range(0, 10)
        while any(project.segments[i].status != MACHINE for i in visible):
            await pilot.pause(0.01)
        result["first screen translated s"] = time.perf_counter() - started
        # Keys pressed while the rest of the document is translated in the background.
        result.update(await scroll(pilot, app, steps, "while translating"))
        while app.translating:
            await pilot.pause(0.05)
        await pilot.press("home")
        result.update(await scroll(pilot, app, steps, "after"))
    return result


async def scroll(pilot, app, steps: int, when: str) -> dict[str, float]:
    """Milliseconds from a key arriving (as a terminal's does) to the move made and the whole
    screen drawn, median and worst. (Pilot.press waits for the app to be idle, which it is not
    while translating: it would measure the translation.)"""
    result = {}
    for key in ("pagedown", "down"):
        times = []
        for _ in range(steps):
            if app.table.current == len(app.review) - 1:
                app.table.go_to(0)
                await pilot.pause()
            before = app.table.current
            t = time.perf_counter()
            app.post_message(events.Key(key, None))
            while app.table.current == before:
                await asyncio.sleep(0.0005)
            screen(app)
            times.append((time.perf_counter() - t) * 1000)
            await asyncio.sleep(0.02)  # a person's pace, more or less
        result[f"{key} {when}, median ms"] = statistics.median(times)
        result[f"{key} {when}, worst ms"] = max(times)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--segments", type=int, default=2000)
    parser.add_argument("--engine", default="apertium")
    parser.add_argument("--steps", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        runs = [Path(folder) / name for name in ("warm-up", "small", "large")]
        for run in runs:
            run.mkdir()  # each run a new document: no project file to resume
        asyncio.run(measure(document(runs[0], 20), args.engine, 5))  # imports, caches
        small = asyncio.run(measure(document(runs[1], 20), args.engine, args.steps))
        large = asyncio.run(measure(document(runs[2], args.segments), args.engine, args.steps))
    print(f"{'':36}{'20 segments':>12}{f'{args.segments} segments':>16}{'ratio':>8}")
    for key in large:
        print(f"{key:36}{small[key]:12.3f}{large[key]:16.3f}{large[key] / small[key]:8.2f}")


if __name__ == "__main__":
    main()
