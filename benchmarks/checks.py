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

from glossary.protect import find_protected
from glossary.record import Segment
from glossary.service import RunConfig, build_service
from glossary.settings import CHECKS


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
    config = RunConfig(
        engine=None if args.ref else args.engine,
        glossary=args.terms,
        convert_numbers=not args.no_convert,
        cache=False,
    )
    started = time.perf_counter()
    with build_service(config) as service:
        if args.ref:
            references = args.ref.read_text(encoding="utf-8").splitlines()
            for s, t in zip(segments, references):
                s.target = t
            service.check(segments)
        else:
            service.translate(segments)
    targets = [s.target for s in segments]
    issues = [s.issues for s in segments]
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
