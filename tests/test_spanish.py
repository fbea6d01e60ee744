"""Spanish articles: values normalize to the same canonical forms as English ones (digits with
either separator convention, amounts in the currency they name, days without a year), coverage
finds Spanish numbers, dates and quotations, and discrepancies are derived across languages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimpack import build, load
from claimpack.drafting.numbers import find_numbers
from claimpack.stages.coverage import numbers_and_dates, quotations
from claimpack.stages.normalize import UnparsableValue, normalize

from conftest import write_project

MONDAY = dt.date(2026, 2, 23)


@pytest.mark.parametrize(
    ("value_type", "spanish", "english"),
    [
        ("count", "veinticinco", "twenty-five"),
        ("count", "al menos 25", "at least 25"),
        ("count", "casi una docena", "nearly a dozen"),
        ("count", "doscientos treinta y cinco", "235"),
        ("money", "15 millones de dólares", "$15 million"),
        ("money", "hasta 15 millones de dólares", "up to $15 million"),
        ("date", "el domingo", "on Sunday"),
        ("date", "ayer", "yesterday"),
        ("date", "22 de febrero de 2026", "February 22, 2026"),
        ("date", "febrero de 2026", "February 2026"),
        ("date", "el año pasado", "last year"),
        ("date", "2 de marzo", "March 2"),
        ("date", "el 22 de febrero", "22 February"),
        ("date", "el lunes 2 de marzo", "Monday, March 2"),
        ("count", "1.500", "1,500"),
        ("count", "1.500.000", "1,500,000"),
        ("date", "el domingo pasado", "last Sunday"),
        ("date", "el pasado domingo", "last Sunday"),
        ("date", "el domingo 22", "February 22, 2026"),  # the 22nd near the date line
        ("date", "22/02/2026", "February 22, 2026"),  # day first: 22 is no month
        ("count", "dos docenas", "two dozen"),
        ("count", "media docena", "half a dozen"),
        ("count", "medio millón", "half a million"),
        ("count", "cero", "zero"),
        ("count", "1 500", "1,500"),  # spaces group thousands in Spanish style books
        ("count", "12\u00a0000", "12,000"),
        ("money", "2 millones 500 mil dólares", "$2.5 million"),
        ("money", "$1,5 millones", "$1.5 million"),
        ("money", "2,5 millones de dólares", "$2.5 million"),
        # found by a probe: "mil 200 millones de pesos" was published as 200,001,000 pesos,
        # and "10 mil millones" refused: a larger scale takes every number before it
        ("money", "mil 200 millones de pesos", "1.2 billion pesos"),
        ("money", "10 mil millones de dólares", "$10 billion"),
        ("money", "3 mil 750 millones de dólares", "$3.75 billion"),
        ("count", "un millón 200 mil", "1,200,000"),  # a smaller scale adds to the larger
        # found by a probe: counts by hundreds and thousands were refused
        ("count", "dos centenares", "200"),
        ("count", "medio centenar", "50"),
        ("count", "más de un millar", "more than 1,000"),
        ("count", "una decena", "ten"),
        # found by a probe: a share in percent, or a Spanish fraction, was refused
        ("proportion", "alrededor del 40 por ciento", "around 40%"),
        ("proportion", "el 35 por ciento", "35 percent"),
        ("proportion", "más de la mitad", "more than half"),
        ("proportion", "casi dos tercios", "nearly two-thirds"),
        ("proportion", "entre 40 y 50 por ciento", "40 to 50 percent"),
    ],
)
def test_a_spanish_value_normalizes_as_its_english_twin(
    value_type: str, spanish: str, english: str
) -> None:
    assert normalize(value_type, spanish, None, MONDAY) == normalize(
        value_type, english, None, MONDAY
    )


@given(
    whole=st.integers(min_value=1000, max_value=10**12),
    separator=st.sampled_from([",", ".", " ", "\u00a0", "\u202f"]),
    fraction=st.sampled_from(["", "5", "25", "1250"]),
)
def test_a_separator_before_three_digits_groups_thousands_in_either_convention(
    whole: int, separator: str, fraction: str
) -> None:
    """Mexican papers write 1,500.5, Spanish ones 1.500,5 or 1 500,5: a separator before
    exactly three digits groups thousands, the other one is the decimal point; the drafter
    reads the same. ("1 500" was once read as 1 times 500.)"""
    grouped = f"{whole:,}".replace(",", separator)
    decimal = {".": ","}.get(separator, ",") if separator != "," else "."
    written = grouped + (decimal + fraction if fraction else "")
    expected = float(f"{whole}.{fraction}" if fraction else whole)
    assert normalize("quantity", written, None, None).number == expected
    [drafted] = [f for f in find_numbers(f"Se dijo {written} ayer.", "es") if f.value]
    assert float(drafted.value) == expected


def test_an_amount_in_pesos_is_in_pesos_and_never_published_as_dollars() -> None:
    assert normalize("money", "1.500 pesos", None, MONDAY)[1:3] == (1500.0, "MXN")
    with pytest.raises(UnparsableValue, match=r"amount in MXN.*amounts are in USD"):
        normalize("money", "10 millones de pesos", "USD", MONDAY)


@pytest.mark.parametrize("raw", ["1,5", "2.5", "0,5"])
def test_a_count_that_is_not_whole_is_refused(raw: str) -> None:
    with pytest.raises(UnparsableValue):
        normalize("count", raw, None, MONDAY)


def test_coverage_finds_spanish_numbers_dates_and_angle_quotes() -> None:
    text = (
        "Al menos veinticinco militares murieron el domingo 22 de febrero; ayer la Defensa "
        "dijo: «Fue un operativo limpio». Doce más resultaron heridos en Mayo, Jalisco."
    )
    found = [span.text for span in numbers_and_dates(text)]
    assert found == ["veinticinco", "domingo", "22", "febrero", "ayer", "Doce"]
    assert [span.text for span in quotations(text)] == ["«Fue un operativo limpio»"]


ES = " date 2026-02-23 Veinticinco militares murieron el domingo en Tapalpa.\n"
EN = " date 2026-02-23 Twenty soldiers were killed on Sunday in Tapalpa.\n"
STATEMENTS = {
    "000_aaaaaaaaaaaaaaaa": [
        {"subject": "officials", "predicate": "killed_count", "value": "Veinticinco",
         "quote": "Veinticinco militares murieron el domingo en Tapalpa."},
    ],
    "001_bbbbbbbbbbbbbbbb": [
        {"subject": "officials", "predicate": "killed_count", "value": "Twenty",
         "quote": "Twenty soldiers were killed on Sunday in Tapalpa."},
    ],
}  # fmt: skip


def test_a_spanish_and_an_english_article_disagree_across_languages(tmp_path: Path) -> None:
    articles = {"000_aaaaaaaaaaaaaaaa": ES, "001_bbbbbbbbbbbbbbbb": EN}
    root = write_project(tmp_path / "p", articles, STATEMENTS, replace_articles=True)
    build(root)
    tables = load(root / "datapackage.json")
    statements = tables["statements"].set_index("source_id")
    assert statements.loc["000_aaaaaaaaaaaaaaaa", "value"] == "25"
    conflicts = tables["discrepancies"]
    assert list(conflicts["kind"].astype(str)) == ["count_conflict"]
    links = tables["discrepancy_statements"]
    assert sorted(v for values in links["compared_value"] for v in values) == ["20", "25"]


@pytest.mark.parametrize("written", ["0.125", "0,125"])
def test_a_lone_zero_groups_no_thousands(written: str) -> None:
    """0 never leads a group of thousands: "0.125" and "0,125" are fractions."""
    assert normalize("proportion", written, None, MONDAY).number == 0.125


@pytest.mark.parametrize(
    "vague",
    ["docenas", "decenas", "varios", "cientos", "miles", "algunos", "centenares", "millares"],
)
def test_a_vague_spanish_count_is_kept_as_words_as_english_ones_are(vague: str) -> None:
    assert normalize("count", vague, None, MONDAY).number is None
    assert normalize("count", "dozens", None, MONDAY).number is None


def test_a_numeric_date_that_is_a_day_either_way_is_refused() -> None:
    """03/05/2026 is 3 May in Mexico and March 5 in the United States."""
    with pytest.raises(UnparsableValue, match="write the month as a word"):
        normalize("date", "03/05/2026", None, MONDAY)
    assert normalize("date", "05/05/2026", None, MONDAY).date == dt.date(2026, 5, 5)


def test_last_sunday_is_the_sunday_before_the_date_line_even_on_a_sunday() -> None:
    sunday = dt.date(2026, 3, 1)
    assert normalize("date", "last Sunday", None, sunday).date == dt.date(2026, 2, 22)
    assert normalize("date", "el domingo pasado", None, MONDAY).date == MONDAY - dt.timedelta(1)
