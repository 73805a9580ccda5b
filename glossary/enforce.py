"""Term enforcement: each technique in turn, on the segments whose target still misses a term.
Every step reads the record's current term checks and verifies only the targets it makes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from glossary.engines import ATTENTION, CONSTRAIN, NBEST, Engine, Fixed, MTSegment, can
from glossary.match import Match
from glossary.mt import polish, translations
from glossary.record import Segment
from glossary.repair import repair
from glossary.verify import expected_rendering, verify

# What enforcement may do, in the order it does it. "nbest", "constrain" and "align" need an
# engine with the capability; with others they are skipped.
TECHNIQUES = ("nbest", "repair", "constrain", "align", "inject")
NEEDS = {"nbest": NBEST, "constrain": CONSTRAIN, "align": ATTENTION}


def check_techniques(techniques: Iterable[str]) -> tuple[str, ...]:
    """The techniques in the order given, once each; ValueError for an unknown one."""
    chosen = tuple(dict.fromkeys(techniques))
    unknown = set(chosen) - set(TECHNIQUES)
    if unknown:
        raise ValueError(f"unknown techniques: {', '.join(sorted(unknown))}")
    return chosen


class Enforcer:
    """Runs the techniques with one engine; remembers the engine's rendering of each term
    translated alone, which repair looks for in the output."""

    def __init__(self, engine: Engine, techniques: Iterable[str] = TECHNIQUES):
        self.engine = engine
        self.techniques = tuple(
            t for t in check_techniques(techniques) if t not in NEEDS or can(engine, NEEDS[t])
        )
        self.alone: dict[str, str] = {}  # Spanish text -> the engine's translation of it alone

    def uses(self, technique: str) -> bool:
        return technique in self.techniques

    def enforce(self, records: Sequence[Segment]) -> None:
        failing = [r for r in records if r.misses_term]
        if not failing:
            return
        if self.uses("nbest"):
            rerank(failing)
        self.translate_alone(failing)
        for technique in self.techniques:
            todo = [r for r in failing if r.misses_term]
            if not todo:
                break
            if technique == "repair":
                self._repair(todo)
            elif technique == "constrain":
                from glossary.constrain import constrain

                constrain(self.engine, todo, self.alone)
            elif technique == "align":
                from glossary.constrain import align_repair

                align_repair(self.engine, todo)
            elif technique == "inject":
                self._inject(todo)

    def translate_alone(self, records: Sequence[Segment]) -> None:
        """The engine's translation of every unmet term on its own, to find it in the output."""
        texts = {t for r in records for c in r.violations for t in (c.source, c.match.term.source)}
        todo = sorted(t for t in texts if t not in self.alone)
        if todo:
            outputs = translations(self.engine, [MTSegment(t) for t in todo])
            for text, out in zip(todo, outputs, strict=True):
                self.alone[text] = out.strip().rstrip(".")

    def repaired(self, record: Segment, target: str, checks) -> tuple[str, list]:
        """`target` with the engine's renderings of its unmet terms replaced, verified."""
        fixed = repair(record.source, target, checks, self.alone)
        if fixed == target:
            return target, checks
        fixed = polish(record, fixed)
        return fixed, verify(record.source, fixed, record.matches)

    def _repair(self, records: Sequence[Segment]) -> None:
        for record in records:
            text, checks = self.repaired(record, record.target, record.checks)
            if text != record.target and sum(c.ok for c in checks) >= record.met:
                record.accept(text, checks)

    def _inject(self, records: Sequence[Segment]) -> None:
        """Translate again with the terms fixed in the source; keep the new translation only if
        it meets more terms."""
        injected = [with_terms_fixed(r.request, r.matches) for r in records]
        for record, output in zip(records, translations(self.engine, injected), strict=True):
            text = polish(record, output)
            text, checks = self.repaired(record, text, verify(record.source, text, record.matches))
            if sum(c.ok for c in checks) > record.met:
                record.accept(text, checks)


def rerank(records: Sequence[Segment]) -> None:
    """Among the engine's n best translations, take the one that meets the most terms (the
    first choice when no other meets more)."""
    for record in records:
        best = None
        for hyp in record.candidates[1:]:
            text = polish(record, hyp.text)
            checks = verify(record.source, text, record.matches)
            met = sum(c.ok for c in checks)
            if met > (best[0] if best else record.met):
                best = (met, text, checks)
        if best is not None:
            record.accept(best[1], best[2])


def with_terms_fixed(req: MTSegment, matches: Sequence[Match]) -> MTSegment:
    """The request with every term fixed to its glossary rendering in the source."""
    fixed = list(req.fixed)
    for m in matches:
        if not m.term.keep:
            text = expected_rendering(m, req.text)
            if not any(c.isalnum() for c in req.text[: m.start]):
                text = text[:1].upper() + text[1:]
            fixed.append(Fixed(m.start, m.end, text))
    return MTSegment(req.text, tuple(sorted(fixed, key=lambda f: f.start)))
