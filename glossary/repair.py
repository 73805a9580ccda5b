"""Post-hoc repair: find where the engine rendered a term its own way and put the glossary's in."""

from __future__ import annotations

import re
from collections.abc import Sequence

from glossary.match import Match
from glossary.span import Span
from glossary.verify import TermCheck, find_phrase

_STOPWORDS = frozenset("a an the of to in on and or for by with is are be it this that".split())
_ARTICLE = re.compile(r"\b([Aa]n?)(\s+)$")


def wrong_renderings(check: TermCheck, alone: dict[str, str]) -> list[str]:
    """Texts that stand for the term in a translation that misses it: the engine's translation
    of the term alone (as it appears, and of the entry), then the entry's avoided renderings."""
    term = check.match.term
    found = [alone.get(check.source), alone.get(term.source), *term.avoid]
    useful: list[str] = []
    for r in found:
        if r and len(r) > 2 and r.casefold() not in _STOPWORDS and r not in useful:
            useful.append(r)
    return useful


def locate(target: str, candidates: Sequence[str], taken: Sequence[Span], where: float):
    """The occurrence of any candidate closest to the relative position `where` (0..1)."""
    best = None
    for phrase in candidates:
        blocked = list(taken)
        while (span := find_phrase(target, phrase, blocked)) is not None:
            distance = abs(span.start / max(1, len(target)) - where)
            if best is None or distance < best[0]:
                best = (distance, span)
            blocked.append(span)
    return best[1] if best else None


def repair(source: str, target: str, checks: Sequence[TermCheck], alone: dict[str, str]) -> str:
    """Replace the engine's rendering of each unmet term of `checks` (the target's term checks)
    by the glossary's. Places are chosen in source order, each away from the terms met and the
    places already chosen, then replaced right to left so that the spans stay true."""
    taken = [c.target_span for c in checks if c.ok and c.target_span]
    edits: list[tuple[Span, str]] = []
    for check in checks:
        if check.ok or check.match.term.keep:
            continue
        where = relative(check.match, source)
        span = locate(target, wrong_renderings(check, alone), taken, where)
        if span is not None:
            edits.append((span, check.expected))
            taken.append(span)
    for span, rendering in sorted(edits, key=lambda e: e[0].start, reverse=True):
        target = replace(target, span, rendering)
    return target


def relative(match: Match, source: str) -> float:
    return match.start / max(1, len(source))


def replace(target: str, span: Span, rendering: str) -> str:
    """Put `rendering` at `span`, capitalised like what it replaces, with a/an agreeing."""
    found = target[span.start : span.end]
    if found[:1].isupper() and rendering[:1].islower():
        rendering = rendering[:1].upper() + rendering[1:]
    before = target[: span.start]
    article = _ARTICLE.search(before)
    if article:
        word = "an" if vowel_sound(rendering) else "a"
        if article.group(1)[0].isupper():
            word = word.capitalize()
        before = before[: article.start()] + word + article.group(2)
    return before + rendering + target[span.end :]


def vowel_sound(word: str) -> bool:
    low = word.lower()
    if re.match(r"(uni|use|usu|eu|one|once)", low):
        return False
    return low[:1] in "aeiou" or bool(re.match(r"(hour|honest|honou?r)", low))
