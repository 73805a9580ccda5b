"""Term matching: find glossary terms in Spanish segments as character spans, longest first."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from glossary.inflect import is_adjective, spanish_gender_variants, spanish_phrase_plurals
from glossary.span import Span
from glossary.terms import Glossary, Term

# Words with inner hyphens or apostrophes are one token ("GPT-4", "COVID-19", "l'art").
TOKEN = re.compile(r"\w+(?:[-‐‑'’]\w+)*|[^\w\s]")
_FOLD = str.maketrans({"’": "'", "‘": "'", "‐": "-", "‑": "-"})
_NEEDS_FOLD = re.compile("[’‘‐‑]")
_END = object()  # trie key under which a node stores what ends there


@dataclass(frozen=True)
class Match:
    """A glossary term found in a source segment."""

    start: int
    end: int
    term: Term
    plural: bool = False

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


def tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, normalised token) for every word and punctuation mark of `text`."""
    if not _NEEDS_FOLD.search(text):
        return [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]
    return [(m.start(), m.end(), m.group().translate(_FOLD)) for m in TOKEN.finditer(text)]


def exact_case(term: Term) -> bool:
    """Keep-as-is text, explicit case-sensitive entries and acronyms ("OMS") match with case."""
    return term.keep or term.case_sensitive or (term.source.isupper() and len(term.source) > 1)


class Matcher:
    """A token trie over every form of every term, built once per glossary."""

    def __init__(self, glossary: Glossary | Iterable[Term], variants: bool = True):
        """With `variants` off, only the forms written in the glossary match, spelled exactly
        (as the WMT terminology metric counts them)."""
        self.terms = list(glossary)
        self._key = _key if variants else str
        self._folded: dict = {}
        self._exact: dict = {}
        # Forms written in the glossary first, so that they win over derived ones.
        for term in self.terms:
            for form in (term.source, *term.forms):
                self._add(self._trie(term), form, term, plural=False)
        if variants:
            for term in self.terms:
                if not term.keep:
                    for singular, plurals in inflections(term):
                        self._add(self._trie(term), singular, term, plural=False)
                        for form in plurals:
                            self._add(self._trie(term), form, term, plural=True)

    def _trie(self, term: Term) -> dict:
        return self._exact if exact_case(term) else self._folded

    def _add(self, trie: dict, form: str, term: Term, plural: bool) -> None:
        written = [t for _, _, t in tokens(form)]
        if not written:
            return
        for keys in spellings(written) if self._key is _key else [written]:
            node = trie
            for key in keys:
                key = self._key(key if trie is self._exact else key.casefold())
                node = node.setdefault(key, {})
            node.setdefault(_END, (term, plural))  # the first entry to claim a form keeps it

    def find(self, text: str, protected: Sequence[Span] = ()) -> list[Match]:
        """Non-overlapping matches, left to right, the longest at each position."""
        matches: list[Match] = []
        end = 0
        for match in self.find_all(text, protected):
            if match.start >= end:
                matches.append(match)
                end = match.end
        return matches

    def find_all(self, text: str, protected: Sequence[Span] = ()) -> list[Match]:
        """Every occurrence of every form, overlapping ones included; by start, longest first."""
        toks = tokens(text)
        if protected:
            toks = [t for t in toks if not Span(t[0], t[1]).overlaps_any(protected)]
        exact = [self._key(t[2]) for t in toks]
        folded = [k.casefold() for k in exact]
        matches: list[Match] = []
        # Exact-case entries first: at equal length "COVID-19" beats an entry "covid19".
        tries = ((self._exact, exact), (self._folded, folded))
        for i in range(len(toks)):
            found = []
            for trie, keys in tries:
                node = trie.get(keys[i])
                j = i + 1
                while node is not None:
                    if _END in node and _contiguous(text, toks[i:j]):
                        term, plural = node[_END]
                        found.append(Match(toks[i][0], toks[j - 1][1], term, plural))
                    if j == len(toks):
                        break
                    node = node.get(keys[j])
                    j += 1
            if found:
                matches += sorted(found, key=lambda m: -m.end) if len(found) > 1 else found
        return matches


def _key(token: str) -> str:
    """Trie key of a token: hyphens dropped, so "pre-entrenamiento" is "preentrenamiento"."""
    return token.replace("-", "") if len(token) > 1 and "-" in token else token


def inflections(term: Term) -> list[tuple[str, list[str]]]:
    """(singular form, its plural forms) for the entry and its other-gender form."""
    adjective = is_adjective(term.source, term.target)
    forms = [term.source, *spanish_gender_variants(term.source, adjective)]
    return [(f, spanish_phrase_plurals(f)) for f in forms]


def spellings(keys: list[str]) -> list[list[str]]:
    """A form's tokens, and with hyphenated words also split ("COVID-19": "COVID 19"); the
    joined spelling ("COVID19") needs nothing, as keys drop hyphens."""
    if not any("-" in k for k in keys):
        return [keys] if keys else []
    return [keys, [part for k in keys for part in k.split("-") if part]]


def _contiguous(text: str, toks: Sequence[tuple[int, int, str]]) -> bool:
    """Tokens of one match are separated by whitespace only (a line break is fine)."""
    return all(not text[a[1] : b[0]].strip() for a, b in zip(toks, toks[1:]))
