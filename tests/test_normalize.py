"""Value normalization: words become comparable values, and normalizing twice changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimpack.stages.normalize import UnparsableValue, normalize

from strategies import (
    BOUND_WORDS,
    bounds,
    counts,
    dates,
    large_numbers,
    number_in_words,
    weekdays,
    with_thousands,
)

MONDAY = dt.date(2026, 2, 23)
SUNDAY = dt.date(2026, 2, 22)


@pytest.mark.parametrize(
    ("raw", "number", "bound"),
    [
        ("$15 million", 15_000_000, "exact"),
        ("USD 15 million", 15_000_000, "exact"),
        ("up to $15 million", 15_000_000, "up_to"),
        ("up to USD 15 million", 15_000_000, "up_to"),
        ("$10 million", 10_000_000, "exact"),
        ("billions", None, None),
    ],
)
def test_money(raw: str, number: float | None, bound: str | None) -> None:
    normal = normalize("money", raw, "USD", None)
    assert (normal.number, normal.bound, normal.unit) == (number, bound, "USD")


@pytest.mark.parametrize(
    ("raw", "number", "bound"),
    [
        ("three", 3, "exact"),
        ("Three", 3, "exact"),
        ("nearly a dozen", 12, "nearly"),
        ("at least five", 5, "at_least"),
        ("350,000", 350_000, "exact"),
        ("more than 350,000", 350_000, "more_than"),
        ("all 50", 50, "exact"),
        ("a", 1, "exact"),
        ("several", None, None),
        ("hundreds of thousands", None, None),
    ],
)
def test_counts(raw: str, number: float | None, bound: str | None) -> None:
    normal = normalize("count", raw, "people", None)
    assert (normal.number, normal.bound) == (number, bound)


def test_proportion() -> None:
    assert normalize("proportion", "two-thirds", None, None).number == pytest.approx(0.6667)


@pytest.mark.parametrize(
    ("raw", "published", "value", "precision"),
    [
        ("Sunday", MONDAY, "2026-02-22", "day"),
        ("on Sunday", MONDAY, "2026-02-22", "day"),
        ("Monday", SUNDAY, "2026-02-23", "day"),
        ("Sunday night", SUNDAY, "2026-02-22", "day"),
        ("last year", MONDAY, "2025", "year"),
        ("a year ago", MONDAY, "2025", "year"),
        ("Last month", MONDAY, "2026-01", "month"),
        ("February 2025", None, "2025-02", "month"),
        ("April 5, 2022", None, "2022-04-05", "day"),
        ("in 1994", None, "1994", "year"),
        ("since the 1990s", None, "1990s", "decade"),
        ("around 2007", None, "2007", "year"),
        ("Sunday", None, "Sunday", None),
        ("in recent months", MONDAY, "in recent months", None),
    ],
)
def test_dates(raw: str, published: dt.date | None, value: str, precision: str | None) -> None:
    normal = normalize("date", raw, None, published)
    assert (normal.value, normal.precision) == (value, precision)


@pytest.mark.parametrize("raw", ["February 30, 2025", "2025-13", "soon-ish", "He was"])
def test_impossible_or_unreadable_dates_are_refused(raw: str) -> None:
    with pytest.raises(UnparsableValue):
        normalize("date", raw, None, MONDAY)


@given(counts)
def test_number_words_read_as_their_number(n: int) -> None:
    assert normalize("count", number_in_words(n), "people", None).number == n


@given(large_numbers)
def test_digits_with_thousands_separators_read_as_their_number(n: int) -> None:
    assert normalize("count", with_thousands(n), "people", None).number == n


@given(counts, bounds)
def test_bound_words_are_split_off(n: int, bound: str) -> None:
    normal = normalize("count", f"{bound} {number_in_words(n)}", "people", None)
    assert (normal.number, normal.bound) == (n, BOUND_WORDS[bound])


@given(
    st.sampled_from(["money", "count", "quantity"]),
    st.one_of(counts.map(number_in_words), large_numbers.map(with_thousands)),
)
def test_normalizing_a_canonical_value_gives_it_back(value_type: str, raw: str) -> None:
    once = normalize(value_type, raw, "USD", None)
    twice = normalize(value_type, once.value, "USD", None)
    assert twice == once


@given(dates, st.sampled_from(["day", "month", "year"]))
def test_normalizing_a_canonical_date_gives_it_back(date: dt.date, precision: str) -> None:
    text = {"day": date.isoformat(), "month": date.isoformat()[:7], "year": str(date.year)}
    once = normalize("date", text[precision], None, None)
    assert normalize("date", once.value, None, None) == once
    assert once.precision == precision


@given(dates, weekdays)
def test_a_weekday_resolves_to_the_nearest_such_day(published: dt.date, weekday: str) -> None:
    resolved = normalize("date", weekday, None, published).date
    assert resolved is not None
    assert resolved.strftime("%A") == weekday
    assert abs((resolved - published).days) <= 3
