"""Quality checks on a segment and its target, as a reviewer would run them: numbers,
untranslated text, protected spans, punctuation, whitespace and doubled words."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from glossary.localize import DEFAULT_LOCALE, SOURCE_LOCALE, format_number
from glossary.match import Match
from glossary.numbers import NUMBER, VERBATIM, Number, read_numbers, unsure
from glossary.protect import URL, find_protected, merge
from glossary.settings import OFF, severities
from glossary.span import Span, holding
from glossary.spanish import ABBREVIATIONS, spanish_runs, spanish_words
from glossary.verify import accepted_renderings

MIN_SPANISH_RUN = 3  # Spanish words in a row that make an untranslated run

_END_PUNCT = re.compile(r"(\.\.\.|[.!?…:;])?[\"'»”’)\]*_`\d]*\s*$")
_DOUBLED = re.compile(r"(?i)(?<![\w-])([^\W\d_]+)\s+\1(?![\w-])")
_ABBREVIATION_END = re.compile(r"(?:\b(\w+)|(?:\b[A-ZÁÉÍÓÚÑ]\.\s?)+)\.?$")


@dataclass(frozen=True)
class Issue:
    """A problem a check found: which check, how serious, and where in source and target."""

    id: str
    severity: str
    message: str
    source_span: Span | None = None
    target_span: Span | None = None


def check_segment(
    source: str,
    target: str,
    *,
    protected: Sequence[Span] = (),
    matches: Sequence[Match] = (),
    config: Mapping[str, str] | None = None,
    locale: str = DEFAULT_LOCALE,
) -> list[Issue]:
    """Every issue of one segment's target, check by check. `protected`: the source's spans
    that must come out verbatim; `matches`: its glossary terms, whose text is left to term
    verification; `config`: severities by check id (terms.yaml's `checks:`); `locale`: how
    the target writes numbers. The editor calls this after every edit."""
    levels = severities(config)
    if not target.strip():
        return []
    terms = [m.span for m in matches]
    target_skip = _target_spans(target, [source[s.start : s.end] for s in protected])
    target_terms = _target_spans(
        target, [r for m in matches for r in accepted_renderings(m, source)]
    )
    # Numbers in glossary terms ("COVID-19") are verified as terms: needed in neither text.
    numbers = _Numbers(
        read_numbers(source, SOURCE_LOCALE, protected),
        read_numbers(target, locale, target_skip),
        terms,
        target_terms,
    )
    source_skip, target_skip = merge([*protected, *terms]), merge([*target_skip, *target_terms])
    found: list[Issue] = []
    checks = {
        "numbers": lambda: _numbers(source, target, numbers, locale),
        "ambiguous-number": lambda: _ambiguous(numbers),
        "untranslated": lambda: _untranslated(source, target, source_skip, target_skip),
        "protected": lambda: _protected(source, target, protected),
        "inverted-marks": lambda: _inverted(target, target_skip),
        "final-punctuation": lambda: _final_punctuation(source, target),
        "whitespace": lambda: _whitespace(source, target),
        "doubled-words": lambda: _doubled(source, target, target_skip),
    }
    for check, run in checks.items():
        if levels[check] != OFF:
            found += [Issue(check, levels[check], *found_) for found_ in run()]
    return found


Found = tuple  # (message, source_span, target_span), made into an Issue by check_segment


def _target_spans(target: str, texts: Sequence[str]) -> list[Span]:
    """Where the target has any of `texts`, and its own URLs, e-mails and code."""
    spans = find_protected(target, code=True)
    for text in set(texts):
        if len(text.strip()) > 1:
            spans += [Span(m.start(), m.end()) for m in re.finditer(re.escape(text), target)]
    return merge(spans)


# Numbers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Numbers:
    """The numbers of both texts, and the spans where they are optional (glossary terms)."""

    source: list[Number]
    target: list[Number]
    source_optional: list[Span]
    target_optional: list[Span]


def _numbers(source: str, target: str, numbers: _Numbers, locale: str) -> list[Found]:
    """Every number of the source is in the target, by value (after conversion: "12.000" is
    12,000), and the target has none the source lacks; identifiers ("GPT-4", "10:30") by
    their digits and letters, which may change order ("ECA2" is "ACE2")."""
    guessed = {n.start for n in unsure(numbers.source)}
    found: list[Found] = []
    missing, extra = list(numbers.source), list(numbers.target)

    def pair(same) -> list[tuple[Number, Number]]:
        pairs = []
        for n in list(missing):
            t = next((t for t in extra if same(n, t)), None)
            if t is not None:
                missing.remove(n)
                extra.remove(t)
                pairs.append((n, t))
        return pairs

    pair(lambda n, t: n.kind == t.kind == VERBATIM and n.text == t.text)
    pair(lambda n, t: n.kind == t.kind == VERBATIM and _shape(n.text) == _shape(t.text))
    pair(lambda n, t: n.kind == t.kind == NUMBER and _values(n, n.start in guessed) & t.values)
    spanish = pair(
        lambda n, t: n.kind == t.kind == NUMBER and t.alternative in _values(n, n.start in guessed)
    )
    for n, t in spanish:  # the same value, but written the Spanish way: it reads otherwise
        reads = f"reads as {_plain(t.value)}" if t.value is not None else "is no number"
        write = format_number(t.alternative, locale)
        message = f"{t.text} is written the Spanish way: in English it {reads}; write {write}"
        found.append((message, n.span, t.span))
    missing = [
        n
        for n in missing
        if not _inside(n.span, numbers.source_optional) and not _spelled(n, target, "en")
    ]
    extra = [
        t
        for t in extra
        if not _inside(t.span, numbers.target_optional) and not _spelled(t, source, "es")
    ]
    for n, t in zip(missing, extra):
        found.append((f"{_shown(n)} in the source is {_shown(t)} in the target", n.span, t.span))
    for n in missing[len(extra) :]:
        found.append((f"{_shown(n)} is not in the target", n.span, None))
    for t in extra[len(missing) :]:
        found.append((f"{_shown(t)} is not in the source", None, t.span))
    return found


def _shape(text: str) -> tuple:
    """An identifier's digit groups and its letters in any order: acronyms change order."""
    return tuple(re.findall(r"\d+", text)), sorted(re.findall(r"[^\W\d_]", text.casefold()))


def _inside(span: Span, spans: Sequence[Span]) -> bool:
    return any(s.contains(span) for s in spans)


def _shown(n: Number) -> str:
    """The number as written, and what it stands for when scale words follow it."""
    if n.also is not None and n.value is not None and n.also != n.value:
        return f"{n.text} (= {format_number(n.also.normalize(), DEFAULT_LOCALE)})"
    return n.text


def _values(n: Number, guessed: bool) -> set:
    """The values a source number may have: both readings when the reading is a guess."""
    values = n.values or {n.alternative}
    return values | {n.alternative} if guessed else values


def _plain(value) -> str:
    return format(value.normalize(), "f") if value is not None else "?"


def _spelled(n: Number, text: str, lang: str) -> bool:
    """The number written in words in the other text ("dos" for 2, "one million" for 1
    million), as num2words spells it."""
    from num2words import num2words

    if n.kind != NUMBER:
        return False
    folded = " ".join(re.findall(r"\w+", text.casefold()))
    for value in n.values or {n.alternative}:
        if value is None or value != value.to_integral() or not 0 <= value <= 10**12:
            continue
        for to in ("cardinal", "ordinal"):
            words = " ".join(re.findall(r"\w+", num2words(int(value), lang=lang, to=to)))
            forms = {words, words.removeprefix("one "), words.removeprefix("un ")}
            if lang == "es":  # "uno" before a noun is "un", "una"; "primero": "primer(a)"
                forms |= {re.sub(r"(o)$", "", w) for w in set(forms)}
                forms |= {re.sub(r"o$", "a", w) for w in set(forms)}
            if any(re.search(rf"\b{re.escape(f)}\b", folded) for f in forms if f):
                return True
    return False


def _ambiguous(numbers: _Numbers) -> list[Found]:
    found = []
    for n in unsure(numbers.source):
        if _inside(n.span, numbers.source_optional):
            continue
        message = (
            f"{n.text} is read as {_plain(n.value)}, the Spanish way; as written elsewhere it"
            f" would be {_plain(n.alternative)}: check the target"
        )
        found.append((message, n.span, None))
    return found


# Untranslated text, protected spans --------------------------------------------------------


def _untranslated(
    source: str, target: str, source_skip: Sequence[Span], target_skip: Sequence[Span]
) -> list[Found]:
    if target.strip() == source.strip():
        if spanish_words(source, source_skip):
            lead = len(target) - len(target.lstrip())
            span = Span(lead, lead + len(target.strip()))
            return [("the target is the source, untranslated", None, span)]
        return []
    source_words = {w.casefold() for w in re.findall(r"\w+", source)}
    found = []
    for run in spanish_runs(target, target_skip, MIN_SPANISH_RUN, source_words):
        found.append((f"Spanish left in the target: “{target[run.start : run.end]}”", None, run))
    return found


def _protected(source: str, target: str, protected: Sequence[Span]) -> list[Found]:
    """Each protected text of the source (URL, code, link target, markup) is in the target as
    many times; a changed URL is shown beside the target's new one."""
    wanted = Counter(source[s.start : s.end] for s in protected)
    first: dict[str, Span] = {}
    for s in protected:
        first.setdefault(source[s.start : s.end], s)
    new_urls = [m for m in URL.finditer(target) if not any(m.group() in w for w in wanted)]
    found: list[Found] = []
    for text, count in wanted.items():
        if not text.strip() or target.count(text) >= count:
            continue
        url = URL.search(text)
        shown = url.group() if url else text
        if url and new_urls:
            new = new_urls.pop(0)
            found.append((f"{shown} changed to {new.group()}", first[text], Span(*new.span())))
        else:
            found.append((f"{shown} is not in the target", first[text], None))
    return found


# Punctuation, whitespace, doubled words --------------------------------------------------


def _inverted(target: str, target_skip: Sequence[Span]) -> list[Found]:
    return [
        (f"“{m.group()}” belongs to Spanish, not English", None, Span(m.start(), m.end()))
        for m in re.finditer("[¿¡]", target)
        if not holding(m.start(), target_skip)
    ]


def _final_punctuation(source: str, target: str) -> list[Found]:
    src, tgt = _final(source), _final(target)
    if src == tgt or _ends_with_abbreviation(source):
        return []
    said = f"“{src}”" if src else "no punctuation"
    has = f"“{tgt}”" if tgt else "none"
    end = len(target.rstrip())
    return [(f"the source ends with {said}, the target with {has}", None, Span(end, end))]


def _final(text: str) -> str:
    mark = _END_PUNCT.search(text).group(1) or ""
    return "…" if mark == "..." else mark


def _ends_with_abbreviation(source: str) -> bool:
    """ "EE. UU.", "etc.", "p. ej.": the period is the abbreviation's, not the sentence's."""
    m = _ABBREVIATION_END.search(source.rstrip().removesuffix("."))
    if not source.rstrip().endswith(".") or not m:
        return False
    return m.group(1) is None or m.group(1).casefold() in ABBREVIATIONS | {"etc"}


def _whitespace(source: str, target: str) -> list[Found]:
    found = []
    lead_s, lead_t = _lead(source), _lead(target)
    if lead_s != lead_t:
        found.append(("leading whitespace differs from the source", None, Span(0, len(lead_t))))
    trail_s, trail_t = _trail(source), _trail(target)
    if trail_s != trail_t:
        end = len(target)
        found.append(
            ("trailing whitespace differs from the source", None, Span(end - len(trail_t), end))
        )
    return found


def _lead(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _trail(text: str) -> str:
    return text[len(text.rstrip()) :]


def _doubled(source: str, target: str, target_skip: Sequence[Span]) -> list[Found]:
    in_source = {m.group(1).casefold() for m in _DOUBLED.finditer(source)}
    return [
        (f"“{m.group(1)}” twice in a row", None, Span(m.start(), m.end()))
        for m in _DOUBLED.finditer(target)
        if m.group(1).casefold() not in in_source and not Span(*m.span()).overlaps_any(target_skip)
    ]
