"""Throughput side by side on one Transformer-base-sized Argos package: Argos Translate's own
translate() per paragraph, raw CTranslate2 translate_batch, and our whole pipeline.

    python benchmarks/throughput.py [--json] [--rounds 3] [--sentences 300]

The package is built here with tests/model_builders.py (6+6 layers, d_model 512, 8 heads, ffn 2048,
~32k BPE vocabulary, int8, "copy" weights so every output is as long as its input) from the
Spanish/English gettext catalogs Debian ships, and installed in a temporary Argos directory.
The three runs alternate, each `--rounds` times; the median is reported. Model loading is
excluded from all three (each is warmed up once).
"""

from __future__ import annotations

import argparse
import gettext
import json
import os
import random
import re
import resource
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

# The model builders live with the tests: they are not installed with the tool.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from model_builders import argos_environment  # noqa: E402

WORK = Path(tempfile.mkdtemp(prefix="glossary-throughput-"))
# Before argostranslate is first imported: keep the user's own Argos home out of it.
os.environ.update(argos_environment(WORK))

CATALOGS = Path("/usr/share/locale/es/LC_MESSAGES")


def gettext_text() -> tuple[list[str], list[str]]:
    """(training lines for the tokenizer, Spanish sentences of realistic length) from the
    msgstr/msgid pairs of the system's Spanish gettext catalogs."""
    pairs = set()
    for mo in sorted(CATALOGS.glob("*.mo")):
        try:
            with mo.open("rb") as f:
                catalog = gettext.GNUTranslations(f)._catalog
        except (OSError, ValueError):
            continue
        for en, es in catalog.items():
            if isinstance(en, str) and isinstance(es, str) and en.strip() and es.strip():
                if "\x00" not in es and "\n" not in es and "\n" not in en:
                    pairs.add((es.strip(), en.strip()))
    pairs = sorted(pairs)
    training = [es for es, _ in pairs] + [en for _, en in pairs]
    sentences = sorted(
        {
            es
            for es, _ in pairs
            if 6 <= len(es.split()) <= 40
            and es[0].isupper()
            and es[-1] in ".?!"
            and not re.search(r"[%<>{}\\$`|_]|--", es)
        }
    )
    return training, sentences


def build(training: list[str]) -> Path:
    from model_builders import build_package

    text = WORK / "train.txt"
    text.write_text("\n".join(training) + "\n", encoding="utf-8")
    package = build_package(
        WORK / "translate-es_en-base.argosmodel",
        text,
        vocab_size=32000,
        model_type="bpe",
        d_model=512,
        heads=8,
        ffn=2048,
        layers=6,
        minisbd=True,
    )
    with zipfile.ZipFile(package) as z:
        z.extractall(os.environ["ARGOS_PACKAGES_DIR"])
    return next(Path(os.environ["ARGOS_PACKAGES_DIR"]).iterdir())


def article_sentences() -> list[str]:
    """The prose sentences of examples/escalado.md."""
    from glossary.formats import read_document
    from glossary.segment import split_block

    doc = read_document(Path(__file__).resolve().parent.parent / "examples" / "escalado.md")
    found = [s.source for b in doc.blocks for s in split_block(b).segments]
    return [s for s in found if len(s.split()) >= 6 and "`" not in s and "[" not in s]


def paragraphs_of(sentences: list[str], size: int = 5) -> list[str]:
    return [" ".join(sentences[i : i + size]) for i in range(0, len(sentences), size)]


def run_argos(paragraphs: list[str]) -> None:
    from argostranslate import translate

    for p in paragraphs:
        translate.translate(p, "es", "en")


class Raw:
    """One translate_batch over all pre-tokenised sentences, with the best settings found."""

    def __init__(self, package_dir: Path, sentences: list[str]):
        import ctranslate2
        import sentencepiece

        sp = sentencepiece.SentencePieceProcessor(
            model_file=str(package_dir / "sentencepiece.model")
        )
        # Sorted by length: batches of similar lengths waste the least padding.
        self.tokens = sorted((sp.encode(s, out_type=str) for s in sentences), key=len)
        self.model_dir = str(package_dir / "model")
        self.ctranslate2 = ctranslate2
        self.best = self._tune()

    def _translator(self, inter: int, intra: int):
        return self.ctranslate2.Translator(
            self.model_dir, device="cpu", inter_threads=inter, intra_threads=intra
        )

    def _tune(self) -> dict:
        sample = self.tokens[: max(64, len(self.tokens) // 3)]
        timings = {}
        batchings = [
            ("examples", 16),
            ("examples", 32),
            ("examples", 64),
            ("tokens", 1024),
            ("tokens", 2048),
        ]
        for inter, intra in ((2, 1), (1, 2)):
            translator = self._translator(inter, intra)
            for batch_type, size in batchings:
                start = time.perf_counter()
                translator.translate_batch(
                    sample, beam_size=4, max_batch_size=size, batch_type=batch_type
                )
                timings[(inter, intra, batch_type, size)] = time.perf_counter() - start
        inter, intra, batch_type, size = min(timings, key=timings.get)
        self.translator = self._translator(inter, intra)
        return {
            "inter_threads": inter,
            "intra_threads": intra,
            "batch_type": batch_type,
            "max_batch_size": size,
        }

    def __call__(self) -> None:
        self.translator.translate_batch(
            self.tokens,
            beam_size=4,
            max_batch_size=self.best["max_batch_size"],
            batch_type=self.best["batch_type"],
        )


class Ours:
    """`glossary translate` in-process: parse, segment, match, translate, enforce, verify,
    check, write; the translation service with the default glossary, no cache unless given."""

    def __init__(self, text: str, cache_dir: Path | None = None):
        from glossary.files import default_glossary
        from glossary.service import RunConfig, build_service

        self.source = WORK / "input.txt"
        self.source.write_text(text, encoding="utf-8")
        self.output = WORK / "input.en.txt"
        config = RunConfig(
            engine="argos",
            glossary=default_glossary(),
            cache=cache_dir is not None,
            cache_dir=cache_dir,
        )
        self.service = build_service(config)
        self.results = []

    def warm_up(self) -> None:
        """Load the model without translating the document (nothing goes to the cache)."""
        from glossary.engines import MTSegment

        self.service.engine.translate_batch([MTSegment("Hola.")])

    def __call__(self) -> None:
        from glossary.files import write_atomic
        from glossary.formats import read_document
        from glossary.pipeline import translate_documents

        document = read_document(self.source)
        self.results = translate_documents(
            [document], self.service, on_document=lambda r: write_atomic(self.output, r.data())
        )


def rerun(text: str) -> dict:
    """A first run that fills a fresh disk cache, then the same document again."""
    ours = Ours(text, WORK / "cache")
    ours.warm_up()
    first = timed(ours)
    second = timed(ours)
    reused = sum(s.reused for r in ours.results for s in r.segments)
    ours.service.close()
    return {
        "first_run_s": round(first, 3),
        "second_run_s": round(second, 3),
        "second_vs_first": round(second / first, 4),
        "second_run_reused": reused,
    }


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sentences", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1234)
    args = parser.parse_args()

    training, candidates = gettext_text()
    article = article_sentences()
    if len(candidates) < args.sentences:
        sys.exit(f"not enough Spanish text in {CATALOGS} ({len(candidates)} sentences)")
    # Software-interface sentences with the example article's AI sentences mixed in, so that
    # the glossary has terms to enforce (the copy model gets every one of them wrong).
    sentences = random.Random(args.seed).sample(candidates, args.sentences - len(article))
    sentences += article
    random.Random(args.seed).shuffle(sentences)
    paragraphs = paragraphs_of(sentences)
    words = sum(len(s.split()) for s in sentences)
    started = time.perf_counter()
    package_dir = build(training)
    build_seconds = time.perf_counter() - started

    raw = Raw(package_dir, sentences)
    text = "\n\n".join(paragraphs) + "\n"
    ours = Ours(text)
    runs = {"argos": lambda: run_argos(paragraphs), "raw": raw, "ours": ours}
    for fn in runs.values():
        fn()  # warm up: model loads, sentence splitter, caches
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.rounds):
        for name, fn in runs.items():
            times[name].append(timed(fn))
    median = {name: statistics.median(t) for name, t in times.items()}
    wps = {name: words / s for name, s in median.items()}
    result = {
        "words": words,
        "sentences": len(sentences),
        "paragraphs": len(paragraphs),
        "argos_wps": round(wps["argos"], 1),
        "raw_wps": round(wps["raw"], 1),
        "ours_wps": round(wps["ours"], 1),
        "ours_vs_argos": round(wps["ours"] / wps["argos"], 3),
        "ours_vs_raw": round(wps["ours"] / wps["raw"], 3),
        "raw_settings": raw.best,
        "ours_glossary_seconds": round(ours.service.timing.glossary / (args.rounds + 1), 3),
        "seconds": {name: [round(t, 3) for t in ts] for name, ts in times.items()},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "build_seconds": round(build_seconds, 1),
        "terms_found": sum(len(s.checks) for r in ours.results for s in r.segments),
        "rerun": rerun(text),
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:22} {value}")


if __name__ == "__main__":
    main()
