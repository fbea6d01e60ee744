"""Spanish articles: values normalize to the same canonical forms as English ones, coverage finds
Spanish numbers, dates and quotations, and discrepancies are derived across languages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from claimpack import build, load
from claimpack.stages.coverage import numbers_and_dates, quotations
from claimpack.stages.normalize import normalize

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
    ],
)
def test_a_spanish_value_normalizes_as_its_english_twin(
    value_type: str, spanish: str, english: str
) -> None:
    assert normalize(value_type, spanish, None, MONDAY) == normalize(
        value_type, english, None, MONDAY
    )


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
