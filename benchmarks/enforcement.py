"""Term accuracy and quality per enforcement technique combination, measured side by side.

    python benchmarks/enforcement.py --src SRC.es --ref REF.en --terms TERMS.tsv --engine apertium

Prints one row per combination (glossary off first) and, with --json, one JSON object a row.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from glossary.enforce import Enforcer
from glossary.engines import get_engine
from glossary.evaluate import evaluate
from glossary.match import Matcher
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
    engine = get_engine(args.engine)
    combos = [tuple(args.only.split(","))] if args.only else COMBINATIONS[args.engine]
    plain = Enforcer(engine, None, locale=None, run_checks=False)
    rows = [("off", evaluate(args.src, args.ref, glossary, plain))]
    for combo in combos:
        enforcer = Enforcer(engine, Matcher(glossary), techniques=combo, run_checks=False)
        rows.append(
            ("+".join(combo) or "verify only", evaluate(args.src, args.ref, glossary, enforcer))
        )
    engine.close()
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
