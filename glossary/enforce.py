"""Enforcement: machine-translate segments and make every glossary term come out as required."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from glossary.checks import Issue, check_segment
from glossary.engines import Engine, Fixed, MTSegment
from glossary.localize import DEFAULT_LOCALE, Conversion, drop_articles, find_conversions
from glossary.match import Match, Matcher
from glossary.repair import repair
from glossary.segment import Span
from glossary.verify import TermCheck, expected_rendering, verify

# What enforcement may do, in the order it does it; each step only touches segments that still
# miss a term. "nbest", "constrain" and "align" need a neural engine; others skip them.
TECHNIQUES = ("nbest", "repair", "constrain", "align", "inject")
NBEST = 4

_DOUBLE_SPACE = re.compile(r"(?<=\S) {2,}(?=\S)")
_SPACE_BEFORE_PUNCT = re.compile(r"(?<=\w) +(?=[.,;:!?](?:\s|$))")


@dataclass(frozen=True)
class Segment:
    """A source sentence to translate and the spans in it that pass through untouched."""

    text: str
    protected: tuple[Span, ...] = ()


@dataclass
class Translation:
    """A segment's machine translation after enforcement, with its term checks and the
    quality checks' issues."""

    source: str
    target: str
    checks: list[TermCheck] = field(default_factory=list)
    reused: bool = False  # the target came from the memory or cache, not the engine
    issues: list[Issue] = field(default_factory=list)

    @property
    def violations(self) -> list[TermCheck]:
        return [c for c in self.checks if not c.ok]


@dataclass
class Timing:
    """Seconds in the plain machine translation, in everything the glossary (and locale
    conversion) adds to it, and in the quality checks."""

    mt: float = 0.0
    glossary: float = 0.0
    checks: float = 0.0


class Enforcer:
    """Translates batches of segments with one engine and enforces one glossary on them."""

    def __init__(
        self,
        engine: Engine,
        matcher: Matcher | None = None,
        techniques: Iterable[str] = TECHNIQUES,
        locale: str | None = DEFAULT_LOCALE,
        checks: Mapping[str, str] | None = None,
        run_checks: bool = True,
    ):
        """`locale`: the target locale numbers, amounts and dates are written in (None leaves
        them to the engine); `checks`: severities of the quality checks (terms.yaml);
        `run_checks`: False leaves translations without issues (measuring MT only)."""
        self.engine = engine
        self.matcher = matcher
        self.locale = locale
        self.checks = checks
        self.run_checks = run_checks
        self.techniques = list(dict.fromkeys(techniques))  # the order is the order of the steps
        unknown = set(self.techniques) - set(TECHNIQUES)
        if unknown:
            raise ValueError(f"unknown techniques: {', '.join(sorted(unknown))}")
        self.timing = Timing()
        self._alone: dict[str, str] = {}  # Spanish text -> the engine's translation of it alone

    def uses(self, technique: str) -> bool:
        needs = {"nbest": "translate_nbest", "constrain": "continue_batch", "align": "align"}.get(
            technique
        )
        return technique in self.techniques and (needs is None or hasattr(self.engine, needs))

    def find_terms(self, segment: Segment) -> list[Match]:
        if self.matcher is None or not segment.text.strip():
            return []
        return self.matcher.find(segment.text, segment.protected)

    def conversions(self, segment: Segment, matches: Sequence[Match]) -> list[Conversion]:
        """Numbers, amounts and dates to write the target locale's way, outside protected
        spans and terms."""
        if self.locale is None:
            return []
        skip = [*segment.protected, *(m.span for m in matches)]
        return find_conversions(segment.text, self.locale, skip)

    def check(self, segment: Segment, target: str, matches: Sequence[Match]) -> list[Issue]:
        """The quality checks' issues of one target."""
        if not self.run_checks:
            return []
        return check_segment(
            segment.text,
            target,
            protected=segment.protected,
            matches=matches,
            config=self.checks,
            locale=self.locale or DEFAULT_LOCALE,
        )

    def translate(self, segments: Sequence[Segment]) -> list[Translation]:
        started = time.perf_counter()
        matches = [self.find_terms(s) for s in segments]
        conversions = [self.conversions(s, m) for s, m in zip(segments, matches)]
        requests = [request(s, m, c) for s, m, c in zip(segments, matches, conversions)]
        mt_started = time.perf_counter()
        targets, nbest = self._first_pass(requests, matches)
        mt = time.perf_counter() - mt_started
        if self.matcher is not None:
            targets = self.enforce(requests, matches, targets, nbest)
        targets = [
            tidy(s.text, drop_articles(t, c)) for s, t, c in zip(segments, targets, conversions)
        ]
        results = [
            Translation(s.text, t, verify(s.text, t, m))
            for s, m, t in zip(segments, matches, targets)
        ]
        self.timing.mt += mt
        self.timing.glossary += time.perf_counter() - started - mt
        checks_started = time.perf_counter()
        for segment, m, result in zip(segments, matches, results):
            result.issues = self.check(segment, result.target, m)
        self.timing.checks += time.perf_counter() - checks_started
        return results

    def _first_pass(self, requests, matches) -> tuple[list[str], list | None]:
        """Plain translation; segments with terms get the model's n best to choose from."""
        with_terms = [i for i, m in enumerate(matches) if m]
        if not self.uses("nbest") or not with_terms:
            return self.engine.translate_batch(requests), None
        others = [i for i, m in enumerate(matches) if not m]
        targets: list[str] = [""] * len(requests)
        nbest: list = [None] * len(requests)
        hyps = self.engine.translate_nbest([requests[i] for i in with_terms], NBEST)
        for i, h in zip(with_terms, hyps):
            targets[i], nbest[i] = h[0].text, h
        for i, t in zip(others, self.engine.translate_batch([requests[i] for i in others])):
            targets[i] = t
        return targets, nbest

    def alternatives(self, segment: Segment, n: int = 3) -> list[Translation]:
        """Up to `n` different translations of one segment, each verified; [] when the engine
        has no n-best (Apertium)."""
        if not hasattr(self.engine, "translate_nbest"):
            return []
        matches = self.find_terms(segment)
        conversions = self.conversions(segment, matches)
        req = request(segment, matches, conversions)
        (hyps,) = self.engine.translate_nbest([req], n)
        results = []
        for hyp in hyps:
            target = tidy(segment.text, drop_articles(hyp.text, conversions))
            if matches and failing(req, matches, target) and self.uses("repair"):
                self._translate_alone([req], [matches], [target])
                target = repair(req.text, target, matches, self._alone)
            checks = verify(segment.text, target, matches)
            issues = self.check(segment, target, matches)
            results.append(Translation(segment.text, target, checks, issues=issues))
        return results

    def enforce(self, requests, matches, targets, nbest=None) -> list[str]:
        """Each technique in turn, on the segments that still miss a term."""
        targets = list(targets)
        if not any(failing(r, m, t) for r, m, t in zip(requests, matches, targets)):
            return targets
        if nbest is not None:
            targets = rerank(requests, matches, targets, nbest)
        self._translate_alone(requests, matches, targets)
        for technique in self.techniques:
            if technique == "nbest" or not self.uses(technique):
                continue
            todo = [
                i for i, (r, m, t) in enumerate(zip(requests, matches, targets)) if failing(r, m, t)
            ]
            if not todo:
                break
            step = getattr(self, f"_{technique}")
            fixed = step(
                [requests[i] for i in todo], [matches[i] for i in todo], [targets[i] for i in todo]
            )
            for i, target in zip(todo, fixed):
                targets[i] = target
        return targets

    def _constrain(self, requests, matches, targets) -> list[str]:
        from glossary.constrain import constrain

        return constrain(self.engine, requests, matches, targets, self._alone)

    def _repair(self, requests, matches, targets) -> list[str]:
        return [repair(r.text, t, m, self._alone) for r, m, t in zip(requests, matches, targets)]

    def _align(self, requests, matches, targets) -> list[str]:
        from glossary.constrain import align_repair

        return align_repair(self.engine, requests, matches, targets)

    def _translate_alone(self, requests, matches, targets) -> None:
        """The engine's translation of every unmet term on its own, to find it in the output."""
        texts = set()
        for r, m, t in zip(requests, matches, targets):
            for c in verify(r.text, t, m):
                if not c.ok:
                    texts |= {c.source, c.match.term.source}
        todo = sorted(t for t in texts if t not in self._alone)
        if todo:
            for text, out in zip(todo, self.engine.translate_batch([MTSegment(t) for t in todo])):
                self._alone[text] = out.strip().rstrip(".")

    def _inject(self, requests, matches, targets) -> list[str]:
        """Translate again the segments still missing a term, with their terms fixed in the
        source; keep the new translation only if it meets more terms."""
        targets = list(targets)
        redo = []
        for i, (r, m, t) in enumerate(zip(requests, matches, targets)):
            checks = verify(r.text, t, m)
            if any(not c.ok for c in checks):
                redo.append((i, sum(c.ok for c in checks)))
        if not redo:
            return targets
        injected = [with_terms_fixed(requests[i], matches[i]) for i, _ in redo]
        for (i, ok_before), req, out in zip(redo, injected, self.engine.translate_batch(injected)):
            out = repair(req.text, out, matches[i], self._alone)
            if sum(c.ok for c in verify(req.text, out, matches[i])) > ok_before:
                targets[i] = out
        return targets


def rerank(requests, matches, targets, nbest) -> list[str]:
    """Among the model's n best translations, take the one that meets the most terms (the
    model's first choice when no other meets more)."""
    targets = list(targets)
    for i, (req, ms, hyps) in enumerate(zip(requests, matches, nbest)):
        if not ms or not hyps or not failing(req, ms, targets[i]):
            continue
        met = [sum(c.ok for c in verify(req.text, h.text, ms)) for h in hyps]
        best = max(range(len(hyps)), key=lambda k: (met[k], -k))
        if met[best] > met[0]:
            targets[i] = hyps[best].text
    return targets


def failing(req: MTSegment, matches: Sequence[Match], target: str) -> bool:
    return any(not c.ok for c in verify(req.text, target, matches))


def request(
    segment: Segment, matches: Sequence[Match], conversions: Sequence[Conversion] = ()
) -> MTSegment:
    """What the engine gets: protected spans and keep-as-is terms pass through fixed, and
    numbers, amounts and dates as the target locale writes them."""
    fixed = [Fixed(p.start, p.end, segment.text[p.start : p.end]) for p in segment.protected]
    fixed += [Fixed(m.start, m.end, segment.text[m.start : m.end]) for m in matches if m.term.keep]
    fixed += [Fixed(c.start, c.end, c.text) for c in conversions]
    return MTSegment(segment.text, tuple(sorted(fixed, key=lambda f: f.start)))


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


def tidy(source: str, target: str) -> str:
    """Engine debris out: doubled spaces, a space before punctuation, a lower-case start where
    the source starts with a capital."""
    if "  " not in source:
        target = _DOUBLE_SPACE.sub(" ", target)
    target = _SPACE_BEFORE_PUNCT.sub("", target)
    first_src = next((c for c in source if c.isalpha()), "")
    for i, c in enumerate(target):
        if c.isalpha():
            if first_src.isupper() and c.islower():
                return target[:i] + c.upper() + target[i + 1 :]
            break
    return target
