"""Locale conversion: Spanish numbers, amounts, percentages, ordinals and dates in the source,
rewritten as the target locale writes them (CLDR data through babel), for the engine to copy."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from glossary.numbers import NUMBER, Number, language, read_numbers, scale_words
from glossary.span import Span

DEFAULT_LOCALE = "en_US"
SOURCE_LOCALE = "es"
NUMBER_KIND, PERCENT, CURRENCY, ORDINAL, DATE = "number", "percent", "currency", "ordinal", "date"

# Spanish prepositions and conjunctions: after them "el" before a date is no "on" ("desde el 9
# de noviembre" is "since November 9", "llegó el 9 de noviembre" is "arrived on November 9").
_NO_ON = frozenset(
    "a ante bajo con contra de desde durante en entre hacia hasta mediante para por según sin"
    " sobre tras y e o u ni que".split()
)
_ORDINAL = re.compile(r"(?<![\w.,])(\d{1,4})(?:\.?[ºª]|\.?(?:er|ra|ro|do|to|vo|no|mo))(?!\w)")
_PERCENT_AFTER = re.compile(r"[ \u00a0\u202f]?%")
_SCALE_WORD = re.compile(r"\s+([^\W\d_]+)")
_SCALE_GAP = re.compile(r"\s+de\s+|")
_WORD = re.compile(r"[^\W\d_]+")
_THE = re.compile(r"(?i)\bthe\s+$")


def target_locale(name: str) -> str:
    """A CLDR English locale name ("en_US", "en-GB"), normalized; InputError otherwise."""
    from babel import Locale, UnknownLocaleError

    from glossary.errors import InputError

    try:
        locale = Locale.parse(name.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        raise InputError(f"unknown locale '{name}' (try en_US, en_GB)") from None
    if locale.language != "en":
        raise InputError(f"'{name}' is not an English locale (try en_US, en_GB)")
    return str(locale)


@dataclass(frozen=True)
class Conversion:
    """A span of the source and the target locale's way of writing it. `article`: a Spanish
    article stood before the date and was left to the engine, which may render it "the"."""

    start: int
    end: int
    text: str
    kind: str
    article: bool = False

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


def find_conversions(
    text: str,
    locale: str = DEFAULT_LOCALE,
    skip: Sequence[Span] = (),
    source_locale: str = SOURCE_LOCALE,
) -> list[Conversion]:
    """What to rewrite in `text` for the target locale, left to right, never inside `skip`
    (protected spans, keep-as-is terms). Plain integers ("1986", "25 fps"), identifiers
    ("GPT-4"), versions, times and footnote digits stay as they are."""
    numbers = [
        n
        for n in read_numbers(text, source_locale, skip)
        if n.kind == NUMBER and (n.value is not None or n.alternative is not None)
    ]
    found: list[Conversion] = []

    def add(conversions) -> None:
        for c in conversions:
            if not c.span.overlaps_any(skip) and not c.span.overlaps_any(f.span for f in found):
                found.append(c)

    add(_dates(text, locale))
    add(c for n in numbers if (c := _currency(text, n, locale)))
    add(c for n in numbers if (c := _percent(text, n, locale)))
    if language(locale) == "en":
        add(_ordinals(text, locale))
    add(
        Conversion(n.start, n.end, format_number(n.value, locale), NUMBER_KIND)
        for n in numbers
        if n.value is not None and (n.grouped or _decimals(n.value)) and _rewritten(n, locale)
    )
    return sorted(found, key=lambda c: c.start)


def drop_articles(target: str, conversions: Sequence[Conversion]) -> str:
    """ "from the November 9" → "from November 9": the article the engine gave a date."""
    for c in conversions:
        if not c.article:
            continue
        pos = target.find(c.text)
        while pos >= 0:
            m = _THE.search(target, 0, pos)
            if m and m.end() == pos:
                target = target[: m.start()] + target[pos:]
                pos = m.start()
            pos = target.find(c.text, pos + len(c.text))
    return target


# Numbers ----------------------------------------------------------------------------------


def format_number(value: Decimal, locale: str) -> str:
    """A number in the locale's digits pattern, with as many decimals as it was written with."""
    from babel.numbers import format_decimal

    return format_decimal(value, format=_pattern(_patterns(locale)[0], value), locale=locale)


def _rewritten(n: Number, locale: str) -> bool:
    return format_number(n.value, locale) != n.text


def _decimals(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


@lru_cache(maxsize=8)
def _patterns(locale: str) -> tuple[str, str, str]:
    """The locale's decimal, percent and currency patterns (positive part)."""
    from babel import Locale

    loc = Locale.parse(locale)
    return tuple(
        p.pattern.split(";")[0]
        for p in (
            loc.decimal_formats[None],
            loc.percent_formats[None],
            loc.currency_formats["standard"],
        )
    )


def _pattern(pattern: str, value: Decimal) -> str:
    """The pattern with exactly the decimals `value` was written with."""
    decimals = _decimals(value)
    digits = re.search(r"[#,0]+", pattern).group().rstrip(",")
    body = digits + ("." + "0" * decimals if decimals else "")
    return re.sub(r"[#,0]+(?:\.[0#]+)?", lambda _: body, pattern, count=1)


def _percent(text: str, n: Number, locale: str) -> Conversion | None:
    m = _PERCENT_AFTER.match(text, n.end)
    value = n.value if n.value is not None else n.alternative
    if not m or value is None:
        return None
    from babel.numbers import format_percent

    pattern = _pattern(_patterns(locale)[1], value)
    return Conversion(
        n.start, m.end(), format_percent(value / 100, format=pattern, locale=locale), PERCENT
    )


# Currency amounts -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Currencies:
    names: re.Pattern  # Spanish currency names
    codes: dict[str, str]  # casefolded name -> ISO code
    symbols: dict[str, str]  # symbol or ISO code -> ISO code
    before: re.Pattern  # a symbol (or "$") right before a number


def _currency(text: str, n: Number, locale: str) -> Conversion | None:
    """ "12.000 dólares", "2,5 millones de dólares", "15 €", "US$ 300", "$12.000"."""
    value = n.value if n.value is not None else n.alternative
    if value is None:
        return None
    table = _currencies()
    start, end, code, scale = n.start, n.end, None, 1
    # A symbol before the number: "US$ 300", "€15", "$12.000" ("$" alone: dollars or pesos).
    before = table.before.search(text, max(0, n.start - 12), n.start)
    if before:
        code, start = table.symbols.get(before.group(1), "$"), before.start()
    scale_end, factor = _scale(text, n.end)
    name = table.names.match(text, re.compile(r"\s*").match(text, scale_end).end())
    if code is not None:
        if factor != 1:
            end, scale = _strip_de(text, n.end, scale_end), factor
    elif name:
        code, end, scale = table.codes[name.group().casefold()], name.end(), factor
    else:
        after = re.match(r"[ \u00a0]?(\S+?)(?=$|[\s.,;:!?)])", text[n.end :])
        if not after or after.group(1) not in table.symbols:
            return None
        code, end = table.symbols[after.group(1)], n.end + after.end()
    return Conversion(start, end, format_amount(value, scale, code, locale), CURRENCY)


def _strip_de(text: str, start: int, end: int) -> int:
    """The end of the scale words ("millones de " → "millones")."""
    chunk = text[start:end].rstrip()
    chunk = chunk.removesuffix(" de").rstrip()
    return start + len(chunk)


def format_amount(value: Decimal, scale: int, code: str, locale: str) -> str:
    """An amount in the locale's currency pattern: "$12,000", "€15", "US$2.5 million". Code
    "$" is a dollar sign of unknown country (Latin America writes pesos so): it stays "$"."""
    from babel.numbers import format_compact_decimal, format_currency, get_currency_symbol

    symbol = "$" if code == "$" else get_currency_symbol(code, locale)
    pattern = _patterns(locale)[2]
    total = value * scale
    if scale > 1:
        total = total.quantize(Decimal(1)) if total == total.to_integral() else total.normalize()
    if scale >= 10**6:
        number = format_compact_decimal(total, format_type="long", locale=locale, fraction_digits=6)
        number_part = re.search(r"[#,0]+(?:\.[0#]+)?", pattern).group()
        return pattern.replace(number_part, number).replace("¤", symbol)
    text = format_currency(
        total,
        "USD" if code == "$" else code,
        format=_pattern(pattern, total),
        locale=locale,
        currency_digits=False,
    )
    return text.replace(get_currency_symbol("USD", locale), "$") if code == "$" else text


def _scale(text: str, pos: int) -> tuple[int, int]:
    """(end, factor) of the scale words after a number; "millones de" ends after "de"."""
    words, factor, end = scale_words("es"), 1, pos
    while m := _SCALE_WORD.match(text, end):
        if m.group(1).casefold() not in words:
            break
        factor *= words[m.group(1).casefold()]
        end = m.end()
    if factor != 1:
        end = _SCALE_GAP.match(text, end).end()
    return end, factor


@lru_cache(maxsize=1)
def _currencies() -> _Currencies:
    """Spanish currency names from CLDR ("dólares estadounidenses", "euros", "libras
    esterlinas"), and "dólar(es)" alone for US dollars as Spanish uses it; the signs that
    name one currency ("€", "US$", "£", "USD")."""
    from babel import Locale
    from babel.numbers import get_currency_name, get_currency_symbol

    spanish = Locale.parse("es")
    codes: dict[str, str] = {}
    for code, forms in spanish._data["currency_names_plural"].items():
        for form in forms.values():
            # One-word names other than "euro" are ordinary words too ("bolivianos").
            if len(form.split()) > 1 or code == "EUR":
                codes.setdefault(form.casefold(), code)
    for count in (1, 2):
        codes.setdefault(get_currency_name("USD", count, "es").split()[0].casefold(), "USD")
    symbols: dict[str, str] = {}
    for code in spanish.currencies:
        # An ISO code only where Spanish gives the currency a sign of its own (USD, EUR):
        # other codes are words too ("TOP 10", "PHP 8").
        if get_currency_symbol(code, "es") != code and code != "XXX":
            symbols.setdefault(code, code)
        for loc in ("es", "en"):
            symbol = get_currency_symbol(code, loc)
            if symbol not in ("$", "¤") and not symbol.isalpha():
                symbols.setdefault(symbol, code)
    names = "|".join(re.escape(n) for n in sorted(codes, key=len, reverse=True))
    signs = "|".join(re.escape(s) for s in sorted([*symbols, "$"], key=len, reverse=True))
    return _Currencies(
        re.compile(rf"(?i)(?:{names})(?!\w)"),
        codes,
        symbols,
        re.compile(rf"(?<![^\W\d_])({signs})[ \u00a0]?$"),
    )


# Ordinals and dates -----------------------------------------------------------------------


def _ordinals(text: str, locale: str) -> list[Conversion]:
    """ "2.º" → "2nd", "3.ª" → "3rd": the suffix by CLDR's English ordinal plural rules."""
    from babel import Locale

    rule = Locale.parse(locale).ordinal_form
    suffix = {"one": "st", "two": "nd", "few": "rd"}
    return [
        Conversion(
            m.start(), m.end(), m.group(1) + suffix.get(rule(int(m.group(1))), "th"), ORDINAL
        )
        for m in _ORDINAL.finditer(text)
    ]


@lru_cache(maxsize=1)
def _date_pattern() -> re.Pattern:
    months = "|".join(sorted(_months(), key=len, reverse=True))
    day = r"(?P<day>\d{1,2})(?:\.?º)?"
    year = r"(?:\s+del?\s+(?P<year>\d{4}))"
    return re.compile(
        rf"(?i)(?<![\w.,])(?:(?P<art>(?:el|del|al)\s+))?(?:{day}\s+de\s+(?P<month>{months}){year}?"
        rf"|(?P<month2>{months}){year.replace('year', 'year2')})(?![\w])"
    )


@lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    """Spanish month names of every Spanish locale in CLDR ("setiembre" too)."""
    from babel.dates import get_month_names
    from babel.localedata import locale_identifiers

    months: dict[str, int] = {}
    for loc in locale_identifiers():
        if loc.split("_")[0] == "es":
            for number, name in get_month_names("wide", locale=loc).items():
                months.setdefault(name.casefold(), number)
    return months


def _dates(text: str, locale: str) -> list[Conversion]:
    from babel.dates import format_skeleton

    found = []
    for m in _date_pattern().finditer(text):
        month = _months()[(m.group("month") or m.group("month2")).casefold()]
        year = m.group("year") or m.group("year2")
        day = m.group("day")
        try:
            date = datetime.date(int(year or 2000), month, int(day or 1))
        except ValueError:
            continue
        skeleton = ("y" if year else "") + "MMMM" + ("d" if day else "")
        rendered = format_skeleton(skeleton, date, locale=locale)
        start, article = m.start("day") if day else m.start("month2"), False
        if m.group("art") and day:
            art = m.group("art").strip().casefold()
            if art == "el" and _previous_word(text, m.start()) not in _NO_ON:
                on = "On" if m.group("art")[0].isupper() else "on"
                rendered, start = f"{on} {rendered}", m.start()
            else:
                article = True
        found.append(Conversion(start, m.end(), rendered, DATE, article))
    return found


def _previous_word(text: str, pos: int) -> str:
    words = _WORD.findall(text[max(0, pos - 30) : pos])
    return words[-1].casefold() if words else ""
