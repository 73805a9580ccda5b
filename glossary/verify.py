"""Verification: for every term found in a source, is the glossary rendering in the target?"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from glossary.inflect import english_plural, is_adjective
from glossary.match import Match
from glossary.span import Span

APPLIED, KEPT, MISSING, AVOIDED = "applied", "kept", "missing", "avoided"
VIOLATIONS = (MISSING, AVOIDED)


@dataclass(frozen=True)
class TermCheck:
    """The outcome for one term occurrence of a segment."""

    match: Match
    source: str  # the Spanish text as it appears in the segment
    expected: str  # the English text the glossary asks for here
    status: str
    target_span: Span | None = None

    @property
    def ok(self) -> bool:
        return self.status not in VIOLATIONS


def expected_rendering(match: Match, source: str) -> str:
    """What the glossary requires for this occurrence: the plural for a plural source."""
    term = match.term
    if term.keep:
        return source[match.start : match.end]
    if match.plural and not is_adjective(term.source, term.target):
        return term.plural or english_plural(term.target)
    return term.target


def accepted_renderings(match: Match, source: str) -> list[str]:
    """Renderings that satisfy the glossary, the expected one first; number may differ."""
    if match.term.keep:
        return [source[match.start : match.end]]
    first = expected_rendering(match, source)
    others = []
    for r in match.term.renderings:
        others += [
            r,
            match.term.plural
            if r == match.term.target and match.term.plural
            else english_plural(r),
        ]
    return list(dict.fromkeys([first, *others]))


def find_phrase(
    text: str,
    phrase: str,
    taken: Iterable[Span] = (),
    case: bool = False,
    hyphen_joins: bool = False,
) -> Span | None:
    """The first whole-word occurrence of `phrase` that does not overlap a taken span; any run
    of whitespace (a line break too) may stand between its words. A hyphen before the phrase
    joins it to the word before; after it, only with `hyphen_joins` ("COVID-19-induced" holds
    "COVID-19" for verification, not for the WMT metric). Plain string search: this runs for
    every term of every segment, and compiling a pattern per phrase cost more than the rest."""
    words = phrase.split()
    if not words:
        return None
    hay = text if case else text.lower()
    if len(hay) != len(text):  # lower-casing changed the length: offsets would drift
        return _find_phrase_re(text, phrase, taken, case, hyphen_joins)
    if not case:
        words = [w.lower() for w in words]
    taken = list(taken)
    first, rest = words[0], words[1:]
    pos = hay.find(first)
    while pos >= 0:
        end = _rest_at(hay, pos + len(first), rest)
        if (
            end is not None
            and not _joins(hay, pos - 1, True)
            and not _joins(hay, end, hyphen_joins)
            and not Span(pos, end).overlaps_any(taken)
        ):
            return Span(pos, end)
        pos = hay.find(first, pos + 1)
    return None


def _rest_at(hay: str, pos: int, words: Sequence[str]) -> int | None:
    """Where the remaining words end if they follow `pos`, each after some whitespace."""
    for word in words:
        start = pos
        while pos < len(hay) and hay[pos].isspace():
            pos += 1
        if pos == start or not hay.startswith(word, pos):
            return None
        pos += len(word)
    return pos


def _joins(hay: str, i: int, hyphen: bool) -> bool:
    """Is the character at `i` part of a word (so the phrase would be inside a longer one)?"""
    if i < 0 or i >= len(hay):
        return False
    c = hay[i]
    return c.isalnum() or c == "_" or (hyphen and c == "-")


@lru_cache(maxsize=1024)
def _pattern(phrase: str, case: bool, hyphen_joins: bool) -> re.Pattern:
    body = r"\s+".join(re.escape(w) for w in phrase.split())
    after = r"(?![\w-])" if hyphen_joins else r"(?!\w)"
    return re.compile(r"(?<![\w-])" + body + after, 0 if case else re.IGNORECASE)


def _find_phrase_re(text, phrase, taken, case, hyphen_joins) -> Span | None:
    taken = list(taken)
    for m in _pattern(phrase, case, hyphen_joins).finditer(text):
        if not Span(*m.span()).overlaps_any(taken):
            return Span(m.start(), m.end())
    return None


def verify(source: str, target: str, matches: Sequence[Match]) -> list[TermCheck]:
    """Check each match, in source order; each target occurrence satisfies one match only."""
    taken: list[Span] = []
    checks = []
    for match in matches:
        surface = source[match.start : match.end]
        expected = expected_rendering(match, source)
        span = None
        for rendering in accepted_renderings(match, source):
            span = find_phrase(target, rendering, taken, case=match.term.keep)
            if span:
                break
        if span is not None:
            status = KEPT if match.term.keep else APPLIED
            taken.append(span)
        elif any(find_phrase(target, a, taken) for a in _avoid_forms(match)):
            status = AVOIDED  # rendered with a form the glossary rejects
        else:
            status = MISSING
        checks.append(TermCheck(match, surface, expected, status, span))
    return checks


def _avoid_forms(match: Match) -> list[str]:
    forms = []
    for a in match.term.avoid:
        forms += [a, english_plural(a)]
    return forms
