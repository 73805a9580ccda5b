"""Numbers as written in Spanish or English text: where they are and the values they stand for."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from glossary.span import Span, holding

# A token with a digit: letters may come first ("GPT-4", "o1", "Branwen1"), word characters
# after ("10T", "2.º", "3rd"), and more digit groups after . , : / or a dash ("1.500.000",
# "10:30", "3.11.7", "2019-2020").
TOKEN = re.compile(r"(?<!\w)(?:[^\W\d_]+[-‐‑]?)?\d\w*(?:[.,:/\-‐‑–]\d\w*)*")
# Digit groups separated by spaces, as Spanish (and SI) style writes long numbers: "122 653".
SPACED = re.compile(r"(?<![\w.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\w]|[.,]\d)")
_SPACES = re.compile(r"[ \u00a0\u202f]")
# Footnote digits glued to a word ("Branwen1", "definitiva2"): neither a number nor a name.
# Short or all-capitals letters are a name ("o1", "GPT4", "H1N1").
FOOTNOTE = re.compile(r"(?=[^\W\d_]{3})(?![^\W\d_a-z]+\d)[^\W\d_]+\d{1,3}")
ORDINAL = {
    "es": re.compile(r"(\d+)(?:\.?[ºª]|\.?(?:er|ra|ro|do|to|vo|no|mo))"),
    "en": re.compile(r"(\d+)(?:st|nd|rd|th)"),
}
DECADE = re.compile(r"(\d+0)s")  # English "1970s", "70s"
_UNIT = re.compile(r"(\d+(?:[.,]\d+)?)[^\W\d_]+")  # a number with a unit glued on: "10T", "25fps"
NUMBER, VERBATIM = "number", "verbatim"  # kinds: compared by value, or character for character


@dataclass(frozen=True)
class Number:
    """A number in a text. `value` reads it the language's way; `alternative` is the reading
    in the other convention ("12.000" in English reads 12.0, the Spanish way 12000); `also` is
    what it stands for with the scale words after it ("12 mil" is also 12000), or as the full
    year of a range written short ("2019-20")."""

    start: int
    end: int
    text: str
    kind: str = NUMBER
    value: Decimal | None = None
    alternative: Decimal | None = None
    also: Decimal | None = None
    grouped: bool = False  # written with group separators: "1.500", "122 653"

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    @property
    def values(self) -> set[Decimal]:
        """What this number may stand for in its own language."""
        return {v for v in (self.value, self.also) if v is not None}

    @property
    def foreign(self) -> bool:
        """Readable only in the other language's convention ("1.500.000" in English)."""
        return self.value is None and self.alternative is not None

    @property
    def ambiguous(self) -> bool:
        """A group separator of one convention is the decimal mark of the other: "1.500"."""
        return self.value is not None and self.alternative is not None


@lru_cache(maxsize=16)
def symbols(locale: str) -> tuple[str, str]:
    """(group separator, decimal mark) of a locale, from CLDR."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    return _plain(get_group_symbol(locale)), _plain(get_decimal_symbol(locale))


def _plain(symbol: str) -> str:
    return " " if symbol.isspace() else symbol


def language(locale: str) -> str:
    return re.split(r"[_-]", locale)[0].lower()


def read_numbers(text: str, locale: str = "es", skip: Sequence[Span] = ()) -> list[Number]:
    """Every number of `text` outside the `skip` spans, left to right. Footnote digits glued to
    words are not numbers; identifiers ("GPT-4", "o1"), times, versions and numeric dates are
    VERBATIM: they must come out character for character."""
    spaced = [m for m in SPACED.finditer(text) if not Span(*m.span()).overlaps_any(skip)]
    found: list[Number] = []
    for m in spaced:
        digits = _SPACES.sub("", m.group())
        found.append(Number(m.start(), m.end(), m.group(), value=Decimal(digits), grouped=True))
    for m in TOKEN.finditer(text):
        if Span(*m.span()).overlaps_any(skip) or holding(m.start(), (n.span for n in found)):
            continue
        found += _classify(m.group(), m.start(), locale)
    found.sort(key=lambda n: n.start)
    scales = scale_words(language(locale))
    return [_with_scale(text, n, scales) for n in found]


def _classify(token: str, start: int, locale: str) -> list[Number]:
    lang = language(locale)
    end = start + len(token)
    if not token[0].isdigit():
        if FOOTNOTE.fullmatch(token):
            return []
        return [Number(start, end, token, VERBATIM)]
    ordinal = ORDINAL.get(lang)
    m = (ordinal.fullmatch(token) if ordinal else None) or (
        DECADE.fullmatch(token) if lang == "en" else None
    )
    if m:
        return [Number(start, end, token, value=Decimal(token[: m.end(1)]))]
    if ":" in token or "/" in token:
        return [Number(start, end, token, VERBATIM)]
    parts = re.split(r"([\-‐‑–])", token)
    if len(parts) > 1:  # a range: "2019-2020", "1.500-2.000", "2019-20"
        numbers, pos = [], start
        for part in parts:
            if part and part[0].isdigit():
                numbers += _classify(part, pos, locale)
            pos += len(part)
        first, last = (numbers[0].text, numbers[-1].text) if len(numbers) == 2 else ("", "")
        if re.fullmatch(r"\d{4}", first) and re.fullmatch(r"\d{2}", last):
            numbers[1] = replace(numbers[1], also=Decimal(first[:2] + last))
        return numbers
    unit = _UNIT.fullmatch(token)
    if unit:  # the number is the digits; the unit stays as it is
        token, end = unit.group(1), start + len(unit.group(1))
    number = read_value(token, locale)
    if number is None:  # "3.11.7": a version
        return [Number(start, end, token, VERBATIM)]
    value, alternative, grouped = number
    return [Number(start, end, token, NUMBER, value, alternative, grouped=grouped)]


def read_value(text: str, locale: str) -> tuple[Decimal | None, Decimal | None, bool] | None:
    """(value, alternative, grouped) of a number written with digits and separators: its value
    in the locale's convention (None if it breaks it) and in the other one (None likewise, or
    when it reads the same); None when it is a number in neither (a version, "3.11.7")."""
    group, decimal = symbols(locale)
    value = _parse(text, group, decimal)
    alternative = _parse(text, decimal, group) if group in ".," and decimal in ".," else None
    if value is None and alternative is None:
        return None
    if alternative is not None and alternative[0] == (value[0] if value else None):
        alternative = None
    grouped = bool((value or alternative)[1])
    return (
        value[0] if value else None,
        alternative[0] if alternative else None,
        grouped,
    )


@lru_cache(maxsize=16)
def _number_pattern(group: str, decimal: str) -> re.Pattern:
    g, d = re.escape(group), re.escape(decimal)
    # Groups of three (or of two before the last three, as India writes them).
    return re.compile(rf"(\d{{1,3}}(?:{g}\d{{2,3}})*{g}\d{{3}}|\d+)(?:{d}(\d+))?")


def _parse(text: str, group: str, decimal: str) -> tuple[Decimal, bool] | None:
    m = _number_pattern(group, decimal).fullmatch(text)
    if not m:
        return None
    whole = m.group(1)
    grouped = group in whole
    if grouped and not re.search(rf"{re.escape(group)}\d{{3}}$", whole):
        return None
    digits = whole.replace(group, "") + ("." + m.group(2) if m.group(2) else "")
    try:
        return Decimal(digits), grouped
    except InvalidOperation:
        return None


@lru_cache(maxsize=4)
def scale_words(lang: str) -> dict[str, int]:
    """Scale words and their values ("mil": 1000, "millones": 10**6; "million": 10**6), as
    num2words writes one and two of each power of a thousand."""
    from num2words import num2words

    words: dict[str, int] = {}
    for power in (3, 6, 9, 12):
        for n in (10**power, 2 * 10**power):
            try:
                last = num2words(n, lang=lang).split()[-1]
            except NotImplementedError:
                return {}
            # Spanish has no word of its own for 10**9 ("mil millones"): the first power wins.
            words.setdefault(last.casefold(), 10**power)
    return words


_SCALE_AFTER = re.compile(r"\s+([^\W\d_]+)")


def _with_scale(text: str, number: Number, scales: dict[str, int]) -> Number:
    """Multiply in the scale words that follow: "12 mil" is also 12000, "2,5 millones" 2500000,
    "12 mil millones" 12 * 10**9."""
    if number.kind != NUMBER or number.value is None or not scales:
        return number
    factor, pos = 1, number.end
    while m := _SCALE_AFTER.match(text, pos):
        word = m.group(1).casefold()
        if word not in scales:
            break
        factor *= scales[word]
        pos = m.end()
    if factor == 1:
        return number
    return replace(number, also=number.value * factor)


def unsure(numbers: Sequence[Number]) -> list[Number]:
    """Numbers read by guess, where one convention's group separator is the other's decimal
    mark. Three decimals ("1,500": 1.5, or 1500 as Mexico writes it) always are; one group
    ("1.500": 1500, or 1.5) when the same text writes some number the other way ("2.5")."""
    mixed = any(n.foreign for n in numbers)
    return [n for n in numbers if n.ambiguous and (mixed or _has_decimals(n.value))]


def _has_decimals(value: Decimal | None) -> bool:
    exponent = value.as_tuple().exponent if value is not None else 0
    return isinstance(exponent, int) and exponent < 0
