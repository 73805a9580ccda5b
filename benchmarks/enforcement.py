"""Term accuracy and quality per enforcement technique combination, measured side by side.

    python benchmarks/enforcement.py --src SRC.es --ref REF.en --terms TERMS.tsv --engine apertium

Prints one row per combination (glossary off first) and, with --json, one JSON object a row.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from glossary.evaluate import evaluate
from glossary.service import RunConfig, build_service
from glossary.terms import load_glossary

COMBINATIONS = {
    "apertium": [(), ("repair",), ("inject",), ("repair", "inject")],
    "argos": [
        (),
        ("nbest",),
        ("repair",),
        ("inject",),
        ("constrain",),
        ("nbest", "constrain"),
        ("constrain", "repair"),
        ("nbest", "constrain", "repair", "inject"),
    ],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--src", type=Path, required=True)
    parser.add_argument("--ref", type=Path, required=True)
    parser.add_argument("--terms", type=Path, required=True)
    parser.add_argument("--engine", choices=sorted(COMBINATIONS), required=True)
    parser.add_argument("--only", help="comma-separated combination to run, e.g. repair,inject")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    glossary = load_glossary(args.terms)
    combos = [tuple(args.only.split(","))] if args.only else COMBINATIONS[args.engine]
    # Numbers left to the engine: the techniques' own effect, as the README's table shows it.
    common = dict(engine=args.engine, convert_numbers=False, cache=False, quality_checks=False)
    runs = [("off", RunConfig(**common))]
    runs += [
        ("+".join(c) or "verify only", RunConfig(glossary=glossary, techniques=c, **common))
        for c in combos
    ]
    rows = []
    for name, config in runs:
        with build_service(config) as service:
            rows.append((name, evaluate(args.src, args.ref, glossary, service)))
    if args.json:
        for name, r in rows:
            print(json.dumps({"techniques": name, **r}))
        return
    header = ("techniques", "term acc", "differ", "chrF", "BLEU", "s", "glossary")
    print("{:34} {:>8} {:>7} {:>6} {:>6} {:>7} {:>8}".format(*header))
    for name, r in rows:
        print(
            f"{name:34} {r['term_accuracy']:8.4f} {r['term_accuracy_differing']:7.4f}"
            f" {r['chrf']:6.2f} {r['bleu']:6.2f} {r['seconds']:7.2f} {r['glossary_share']:8.1%}"
        )


if __name__ == "__main__":
    main()
