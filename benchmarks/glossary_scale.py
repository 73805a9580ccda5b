"""Cost of the glossary (term matching, enforcement, verification) as the glossary and the text
grow: 1k, 10k, 100k synthetic multi-word entries over 0.1, 1 and 10 MB of Spanish text.

    python benchmarks/glossary_scale.py [--json] [--sizes 0.1,1,10] [--entries 1000,10000,100000]

The engine is a stand-in that costs nothing and copies its input, so every term comes out in
Spanish and enforcement has to repair each one: the time measured is the glossary's alone.
"""

from __future__ import annotations

import argparse
import json
import random
import time

from glossary.engines import register_engine
from glossary.record import Segment
from glossary.segment import segment
from glossary.service import RunConfig, build_service
from glossary.terms import Glossary, Term

SYLLABLES = (
    "ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo la le li lo lu ma me mi "
    "mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu "
    "va ve vi vo za zo ción dad mien tos".split()
)
FILLER = (
    "el la los las de del en con por para que una un es son se su sus más muy como "
    "pero también sobre entre cuando donde este esta estos otro otra modelo sistema datos "
    "resultado proceso forma parte caso tiempo nuevo gran primer"
).split()


@register_engine
class CopyEngine:
    """Returns its input, with fixed spans applied: a free, always-wrong translator."""

    name = "copy"
    title = "copies its input"
    capabilities = frozenset()
    auto_order = None
    identity = "copy"
    loaded = True

    @classmethod
    def available(cls) -> bool:
        return True

    def translate_batch(self, segments):
        return [s.with_fixed() for s in segments]

    def close(self) -> None:
        pass


def make_word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def make_glossary(n: int, rng: random.Random) -> list[Term]:
    seen, terms = set(), []
    while len(terms) < n:
        words = [make_word(rng) for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.4:
            words.insert(1, "de")
        source = " ".join(words)
        if source not in seen:
            seen.add(source)
            terms.append(Term(source, " ".join(f"w{rng.randrange(10**6)}" for _ in words)))
    return terms


def make_text(megabytes: float, terms: list[Term], rng: random.Random) -> str:
    """Sentences of 8-30 words, about one glossary term in three sentences' worth of words."""
    target = int(megabytes * 1_000_000)
    sentences, size = [], 0
    while size < target:
        words = [rng.choice(FILLER) for _ in range(rng.randint(8, 30))]
        for _ in range(rng.randint(0, 2)):
            words.insert(rng.randrange(len(words)), rng.choice(terms).source)
        sentence = " ".join(words).capitalize() + "."
        sentences.append(sentence)
        size += len(sentence.encode()) + 1
    paragraphs = [" ".join(sentences[i : i + 6]) for i in range(0, len(sentences), 6)]
    return "\n\n".join(paragraphs)


def measure(terms: list[Term], text: str) -> dict:
    # The glossary's work only: number conversion and quality checks are measured elsewhere.
    config = RunConfig(
        engine=CopyEngine.name,
        glossary=Glossary(terms),
        techniques=("repair",),
        convert_numbers=False,
        cache=False,
        quality_checks=False,
    )
    started = time.perf_counter()
    service = build_service(config)  # builds the term matcher
    build = time.perf_counter() - started
    segments = [Segment(p.text) for p in segment(text) if p.text]
    started = time.perf_counter()
    found = sum(len(service.matcher.find(s.source)) for s in segments)
    matching = time.perf_counter() - started
    started = time.perf_counter()
    results = service.translate(segments)
    total = time.perf_counter() - started
    applied = sum(c.ok for r in results for c in r.checks)
    return {
        "build_s": round(build, 3),
        "matching_s": round(matching, 3),
        "glossary_s": round(total, 3),
        "segments": len(segments),
        "terms_found": found,
        "terms_applied": applied,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--sizes", default="0.1,1,10", help="text sizes in MB")
    parser.add_argument("--entries", default="1000,10000,100000")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    sizes = [float(x) for x in args.sizes.split(",")]
    entries = [int(x) for x in args.entries.split(",")]

    rows = {}
    for n in entries:
        rng = random.Random(args.seed)
        terms = make_glossary(n, rng)
        for mb in sizes:
            rows[(n, mb)] = measure(terms, make_text(mb, terms, random.Random(args.seed + 1)))
            if not args.json:
                r = rows[(n, mb)]
                print(
                    f"{n:>7} entries {mb:>5} MB: build {r['build_s']:7.3f} s  matching "
                    f"{r['matching_s']:7.3f} s  matching+enforcement+verification "
                    f"{r['glossary_s']:7.3f} s  ({r['terms_applied']}/{r['terms_found']} terms,"
                    f" {r['segments']} segments)"
                )

    def growth(a, b):
        return (
            round(rows[b]["glossary_s"] / rows[a]["glossary_s"], 2)
            if rows[a]["glossary_s"]
            else None
        )

    result = {
        "seconds_10k_terms_1mb": rows.get((10000, 1.0), {}).get("glossary_s"),
        "rows": [{"entries": n, "mb": mb, **r} for (n, mb), r in rows.items()],
        # time ratio when the text grows 10x (at each glossary size), and when the glossary
        # grows 10x (at each text size)
        "growth_text_10x": {
            f"{n}": [growth((n, a), (n, b)) for a, b in zip(sizes, sizes[1:])] for n in entries
        },
        "growth_glossary_10x": {
            f"{mb}": [growth((a, mb), (b, mb)) for a, b in zip(entries, entries[1:])]
            for mb in sizes
        },
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(json.dumps({k: v for k, v in result.items() if k != "rows"}, indent=1))


if __name__ == "__main__":
    main()
