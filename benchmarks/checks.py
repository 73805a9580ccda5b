"""How many segments each quality check flags on a translated corpus, and a sample of the flags
to judge by hand.

    python benchmarks/checks.py --src dev.es --terms terms.tsv --engine apertium [--sample 20]

Translates the Spanish file line by line (glossary enforced, numbers and dates converted,
or --no-convert), runs the checks on every line, prints the count of flagged lines per check and
a random sample of flags (fixed seed). --ref checks the reference translation instead.
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from pathlib import Path

from glossary.checks import check_segment
from glossary.enforce import Enforcer, Segment
from glossary.engines import get_engine
from glossary.match import Matcher
from glossary.protect import find_protected
from glossary.settings import CHECKS
from glossary.terms import load_glossary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--src", type=Path, required=True)
    parser.add_argument("--terms", type=Path, required=True)
    parser.add_argument("--engine", default="apertium")
    parser.add_argument("--ref", type=Path, help="check these translations instead")
    parser.add_argument("--no-convert", action="store_true")
    parser.add_argument("--sample", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    sources = args.src.read_text(encoding="utf-8").splitlines()
    segments = [Segment(s, tuple(find_protected(s))) for s in sources]
    matcher = Matcher(load_glossary(args.terms))
    started = time.perf_counter()
    if args.ref:
        targets = args.ref.read_text(encoding="utf-8").splitlines()
        issues = [
            check_segment(s.text, t, protected=s.protected, matches=matcher.find(s.text))
            for s, t in zip(segments, targets)
        ]
    else:
        engine = get_engine(args.engine)
        enforcer = Enforcer(engine, matcher, locale=None if args.no_convert else "en_US")
        translations = enforcer.translate(segments)
        engine.close()
        targets = [t.target for t in translations]
        issues = [t.issues for t in translations]
    seconds = time.perf_counter() - started

    flagged = Counter(check for found in issues for check in {i.id for i in found})
    print(f"{len(sources)} segments, {seconds:.1f} s; segments flagged by each check:")
    for check in CHECKS:
        print(f"  {check:18} {flagged[check]:4}  ({flagged[check] / len(sources):.1%})")
    print(f"  {'any':18} {sum(bool(f) for f in issues):4}")
    flags = [(n, i) for n, found in enumerate(issues) for i in found]
    sample = random.Random(args.seed).sample(flags, min(args.sample, len(flags)))
    print(f"\nA sample of {len(sample)} of {len(flags)} flags:")
    for n, issue in sorted(sample, key=lambda f: f[0]):
        print(f"\n[{n + 1}] {issue.severity} {issue.id}: {issue.message}")
        print(f"  es: {sources[n]}")
        print(f"  en: {targets[n]}")


if __name__ == "__main__":
    main()
