"""Enforcement: machine-translate segments and make every glossary term come out as required."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from glossary.engines import Engine, Fixed, MTSegment
from glossary.match import Match, Matcher
from glossary.segment import Span
from glossary.verify import TermCheck, expected_rendering, find_phrase, verify

_STOPWORDS = frozenset("a an the of to in on and or for by with is are be it this that".split())
_ARTICLE = re.compile(r"\b([Aa]n?)(\s+)$")
_DOUBLE_SPACE = re.compile(r"(?<=\S) {2,}(?=\S)")
_SPACE_BEFORE_PUNCT = re.compile(r"(?<=\w) +(?=[.,;:!?](?:\s|$))")


@dataclass(frozen=True)
class Segment:
    """A source sentence to translate and the spans in it that pass through untouched."""

    text: str
    protected: tuple[Span, ...] = ()


@dataclass
class Translation:
    """A segment's machine translation after enforcement, with its term checks."""

    source: str
    target: str
    checks: list[TermCheck] = field(default_factory=list)

    @property
    def violations(self) -> list[TermCheck]:
        return [c for c in self.checks if not c.ok]


@dataclass
class Timing:
    """Seconds in the plain machine translation, and in everything the glossary adds to it."""

    mt: float = 0.0
    glossary: float = 0.0


class Enforcer:
    """Translates batches of segments with one engine and enforces one glossary on them."""

    def __init__(self, engine: Engine, matcher: Matcher | None = None):
        self.engine = engine
        self.matcher = matcher
        self.timing = Timing()
        self._alone: dict[str, str] = {}  # Spanish text -> the engine's translation of it alone

    def translate(self, segments: Sequence[Segment]) -> list[Translation]:
        started = time.perf_counter()
        matches = [self.find_terms(s) for s in segments]
        requests = [_request(s, m) for s, m in zip(segments, matches)]
        mt_started = time.perf_counter()
        targets = self.engine.translate_batch(requests)
        mt = time.perf_counter() - mt_started
        if self.matcher is not None:
            targets = self._repair_all(segments, matches, targets)
            targets = self._inject_failing(segments, matches, targets)
        targets = [_tidy(s.text, t) for s, t in zip(segments, targets)]
        results = [
            Translation(s.text, t, verify(s.text, t, m))
            for s, m, t in zip(segments, matches, targets)
        ]
        self.timing.mt += mt
        self.timing.glossary += time.perf_counter() - started - mt
        return results

    def find_terms(self, segment: Segment) -> list[Match]:
        if self.matcher is None or not segment.text.strip():
            return []
        return self.matcher.find(segment.text, segment.protected)

    def _repair_all(self, segments, matches, targets) -> list[str]:
        """Replace the engine's own rendering of each unmet term with the glossary's."""
        failing = [
            (i, c)
            for i, (s, m, t) in enumerate(zip(segments, matches, targets))
            for c in verify(s.text, t, m)
            if not c.ok and not c.match.term.keep
        ]
        self._translate_alone(
            {c.source for _, c in failing} | {c.match.term.source for _, c in failing}
        )
        targets = list(targets)
        for i in sorted({i for i, _ in failing}):
            targets[i] = self.repair(segments[i].text, targets[i], matches[i])
        return targets

    def repair(self, source: str, target: str, matches: Sequence[Match]) -> str:
        """Post-hoc repair of one translation, term by term, in source order."""
        for check in verify(source, target, matches):
            if check.ok or check.match.term.keep:
                continue
            done = [
                c.target_span for c in verify(source, target, matches) if c.ok and c.target_span
            ]
            candidates = self._wrong_renderings(check)
            span = _nearest(target, candidates, done, check.match.start / max(1, len(source)))
            if span is not None:
                target = _replace(target, span, check.expected)
        return target

    def _wrong_renderings(self, check: TermCheck) -> list[str]:
        term = check.match.term
        found = [self._alone.get(check.source.casefold()), self._alone.get(term.source.casefold())]
        found += list(term.avoid)
        useful = []
        for r in found:
            if r and len(r) > 2 and r.casefold() not in _STOPWORDS and r not in useful:
                useful.append(r)
        return useful

    def _translate_alone(self, texts: set[str]) -> None:
        todo = sorted({t for t in texts if t.casefold() not in self._alone})
        if not todo:
            return
        for text, out in zip(todo, self.engine.translate_batch([MTSegment(t) for t in todo])):
            self._alone[text.casefold()] = out.strip().rstrip(".")

    def _inject_failing(self, segments, matches, targets) -> list[str]:
        """Translate again the segments still failing, with their terms fixed in the source."""
        redo = []
        for i, (s, m, t) in enumerate(zip(segments, matches, targets)):
            checks = verify(s.text, t, m)
            if any(not c.ok for c in checks):
                redo.append((i, sum(c.ok for c in checks)))
        if not redo:
            return targets
        requests = [_request(segments[i], matches[i], inject=True) for i, _ in redo]
        targets = list(targets)
        for (i, ok_before), out in zip(redo, self.engine.translate_batch(requests)):
            out = self.repair(segments[i].text, out, matches[i])
            ok_after = sum(c.ok for c in verify(segments[i].text, out, matches[i]))
            if ok_after > ok_before:
                targets[i] = out
        return targets


def _request(segment: Segment, matches: Sequence[Match], inject: bool = False) -> MTSegment:
    """Protected spans and keep-as-is terms pass fixed; with `inject`, every term does."""
    fixed = [Fixed(p.start, p.end, segment.text[p.start : p.end]) for p in segment.protected]
    for m in matches:
        if m.term.keep or inject:
            text = expected_rendering(m, segment.text)
            if inject and not m.term.keep and _starts_sentence(segment.text, m.start):
                text = text[:1].upper() + text[1:]
            fixed.append(Fixed(m.start, m.end, text))
    return MTSegment(segment.text, tuple(sorted(fixed, key=lambda f: f.start)))


def _starts_sentence(text: str, pos: int) -> bool:
    return not any(c.isalnum() for c in text[:pos])


def _nearest(target: str, candidates: Sequence[str], taken, where: float) -> Span | None:
    """The occurrence of any candidate closest to the relative position `where`."""
    best = None
    for phrase in candidates:
        span = find_phrase(target, phrase, taken)
        while span is not None:
            distance = abs(span.start / max(1, len(target)) - where)
            if best is None or distance < best[0]:
                best = (distance, span)
            span = find_phrase(target, phrase, [*taken, Span(0, span.end)])
    return best[1] if best else None


def _replace(target: str, span: Span, rendering: str) -> str:
    found = target[span.start : span.end]
    if found[:1].isupper() and rendering[:1].islower():
        rendering = rendering[:1].upper() + rendering[1:]
    before = target[: span.start]
    article = _ARTICLE.search(before)
    if article:
        word = "an" if _vowel_sound(rendering) else "a"
        if article.group(1)[0].isupper():
            word = word.capitalize()
        before = before[: article.start()] + word + article.group(2)
    return before + rendering + target[span.end :]


def _vowel_sound(word: str) -> bool:
    low = word.lower()
    if re.match(r"(uni|use|usu|eu|one|once)", low):
        return False
    return low[:1] in "aeiou" or bool(re.match(r"(hour|honest|honou?r)", low))


def _tidy(source: str, target: str) -> str:
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
