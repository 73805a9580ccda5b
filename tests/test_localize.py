"""Reading numbers in Spanish and English text, and writing Spanish ones the target locale's
way: the forms of a real Spanish blog post, and invariants over many numbers."""

from decimal import Decimal

import pytest
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st
from number_text import TEXT

from glossary.errors import InputError
from glossary.localize import find_conversions, target_locale
from glossary.numbers import NUMBER, VERBATIM, read_numbers, unsure
from glossary.span import Span


def converted(text, locale="en_US", skip=()):
    return {text[c.start : c.end]: c.text for c in find_conversions(text, locale, skip)}


def test_the_issue_sentence_in_american_and_british_english():
    text = "Vive con 12.000 dólares al año desde el 9 de noviembre de 2024; el 3,5 % de 1.500.000."
    assert converted(text) == {
        "12.000 dólares": "$12,000",
        "9 de noviembre de 2024": "November 9, 2024",
        "3,5 %": "3.5%",
        "1.500.000": "1,500,000",
    }
    british = converted(text, "en_GB")
    assert british["9 de noviembre de 2024"] == "9 November 2024"
    assert british["1.500.000"] == "1,500,000" and "12,000" in british["12.000 dólares"]


@pytest.mark.parametrize(
    "source, expected",
    [
        ("Cuesta 15 €.", {"15 €": "€15"}),
        ("Cuesta 15 euros.", {"15 euros": "€15"}),
        ("Cuesta $12.000 al mes.", {"$12.000": "$12,000"}),  # "$" alone may be pesos: kept
        ("Pagó US$ 300.", {"US$ 300": "$300"}),
        ("Cuesta 2,5 millones de dólares.", {"2,5 millones de dólares": "$2.5 million"}),
        ("Cuestan 12.000 millones de dólares.", {"12.000 millones de dólares": "$12 billion"}),
        ("Son 100 libras esterlinas.", {"100 libras esterlinas": "£100"}),
        ("Hubo 122 653 casos.", {"122 653": "122,653"}),
        ("Subió un 5,80 %.", {"5,80 %": "5.80%"}),
        ("Quedó en 2.º puesto en la 3.ª edición.", {"2.º": "2nd", "3.ª": "3rd"}),
        ("El 9 de noviembre es festivo.", {"El 9 de noviembre": "On November 9"}),
        ("Un paper de enero de 2020.", {"enero de 2020": "January 2020"}),
        ("Abre el 1.º de mayo.", {"el 1.º de mayo": "on May 1"}),
        ("Tiene 1,5T parámetros.", {"1,5": "1.5"}),  # the unit glued on stays
        ("El TOP 10 de PHP 8 cuesta USD 300.", {"USD 300": "$300"}),
    ],
)
def test_amounts_percentages_ordinals_dates(source, expected):
    assert converted(source) == expected


def test_seed_article_forms_and_identifiers_stay():
    text = (
        "Desde GPT-4 no hay GPT-5, ni Claude 3, ni o1; según Gwern Branwen1 y la definitiva2,"
        " con 10T parámetros, vídeo a 25 fps, en 1986, a las 10:30, con Python 3.11.7, v2.1,"
        " COVID-19 y el 31 de febrero."
    )
    assert converted(text) == {}


def test_protected_and_keep_as_is_spans_are_not_touched():
    text = "Ver https://example.com/a/12.000 y el título 12.000 dólares."
    title = text.index("12.000 dólares")
    assert converted(text, skip=[Span(4, 32), Span(title, title + 14)]) == {}


def test_reading_spanish_and_english_numbers():
    spanish = read_numbers("Con 12.000 dólares, 2,5 millones, GPT-4, Branwen1 y 10:30.", "es")
    assert [(n.text, n.kind) for n in spanish] == [
        ("12.000", NUMBER),
        ("2,5", NUMBER),
        ("GPT-4", VERBATIM),
        ("10:30", VERBATIM),
    ]
    assert spanish[0].value == 12000 and spanish[1].also == 2500000
    english = read_numbers("12.000 and 1,500,000 and 3,5 in the 1970s, 2019-20", "en")
    assert english[0].value == 12 and english[0].alternative == 12000  # Spanish, misread
    assert english[1].value == 1500000
    assert english[2].foreign and english[2].alternative == Decimal("3.5")
    assert english[3].value == 1970
    assert english[-1].values == {20, 2020}


def test_a_reading_is_a_guess_with_three_decimals_or_mixed_conventions():
    assert [n.text for n in unsure(read_numbers("1.500 casos", "es"))] == []
    assert [n.text for n in unsure(read_numbers("1,500 casos", "es"))] == ["1,500"]
    assert [n.text for n in unsure(read_numbers("1.500 casos y 2,500,000", "es"))] == ["1.500"]


def test_target_locale_must_be_english():
    assert target_locale("en-GB") == "en_GB"
    with pytest.raises(InputError):
        target_locale("fr_FR")
    with pytest.raises(InputError):
        target_locale("xx_YY")


@given(
    st.decimals(min_value=1000, max_value=10**9, places=0)
    | st.decimals(min_value=0, max_value=10**6, places=2).filter(lambda d: d % 1 != 0)
)
def test_a_converted_number_keeps_its_value(value):
    spanish = format_decimal(value, locale="es", group_separator=True)
    if "." not in spanish and "," not in spanish:
        return  # a plain integer: nothing to convert
    text = f"Son {spanish} casos."
    (conversion,) = find_conversions(text)
    (english,) = read_numbers(conversion.text, "en_US")
    assert english.value == value
    assert text[conversion.start : conversion.end] == spanish


@given(TEXT)
def test_conversions_are_ordered_disjoint_and_inside_the_text(text):
    spans = [(c.start, c.end) for c in find_conversions(text)]
    assert all(0 <= a < b <= len(text) for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:]))
