"""Value normalization: words become comparable values, and normalizing twice changes nothing."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimpack.stages.normalize import UnparsableValue, normalize, normalize_date, speaks_ahead_of

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
        ("hasta 15 mdd", 15_000_000, "up_to"),  # found by a probe: drafted, then refused
    ],
)
def test_money(raw: str, number: float | None, bound: str | None) -> None:
    normal = normalize("money", raw, "USD", None)
    assert (normal.number, normal.bound, normal.unit) == (number, bound, "USD")


@pytest.mark.parametrize(
    ("raw", "number", "currency"),
    [
        ("MXN 1.5 million", 1_500_000, "MXN"),
        ("MX$250,000", 250_000, "MXN"),
        ("3 millones MXN", 3_000_000, "MXN"),
        ("800 mil pesos mexicanos", 800_000, "MXN"),
        ("20 million U.S. dollars", 20_000_000, "USD"),
        ("2 millones de dólares estadounidenses", 2_000_000, "USD"),
        ("USD 4 million", 4_000_000, "USD"),
        ("$1.2bn", 1_200_000_000, "USD"),
        ("US$15m", 15_000_000, "USD"),
    ],
)
def test_a_currency_code_or_sign_names_the_currency(raw: str, number: float, currency: str) -> None:
    """Found by a probe: the drafter drafted "MXN 1.5 million", which the build refused."""
    assert normalize("money", raw, None, None)[1:3] == (number, currency)


@pytest.mark.parametrize(
    ("raw", "unit"),
    [("USD 15 million", "MXN"), ("US$2 million", "MXN"), ("MX$900,000", "USD")],
)
def test_an_amount_in_a_named_currency_is_never_published_in_another(raw: str, unit: str) -> None:
    """Found by a probe: "USD 15 million" coded with a predicate in pesos was published as
    15 million pesos."""
    with pytest.raises(UnparsableValue, match="amounts are not converted"):
        normalize("money", raw, unit, None)


def test_a_bare_dollar_sign_is_the_predicates_currency() -> None:
    """Mexican papers write pesos with "$" too: it names no currency of its own."""
    assert normalize("money", "$2 millones", "MXN", None)[1:3] == (2_000_000, "MXN")
    assert normalize("money", "$2 million", None, None)[1:3] == (2_000_000, "USD")


def test_every_end_of_a_range_may_carry_the_currency() -> None:
    normal = normalize("money", "between $10 million and $12 million", "USD", None)
    assert (normal.low, normal.high, normal.unit) == (10_000_000, 12_000_000, "USD")
    with pytest.raises(UnparsableValue, match="two currencies"):
        normalize("money", "between US$10 and MX$12", None, None)


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
        ("no one", 0, "exact"),
        ("none", 0, "exact"),
        # found by a probe: each was published as a vague word, without its number
        ("some 40", 40, "around"),
        ("algunos 30", 30, "around"),
        ("otros cinco", 5, "exact"),
        ("another five", 5, "exact"),
        ("fewer than 10", 10, "less_than"),
        ("menos de 10", 10, "less_than"),
        ("some", None, None),
        ("some officials", None, None),
        ("otros", None, None),
        ("mil 500", 1_500, "exact"),
    ],
)
def test_counts(raw: str, number: float | None, bound: str | None) -> None:
    normal = normalize("count", raw, "people", None)
    assert (normal.number, normal.bound) == (number, bound)


def test_proportion() -> None:
    assert normalize("proportion", "two-thirds", None, None).number == pytest.approx(0.6667)


@pytest.mark.parametrize(
    ("raw", "number", "bound"),
    [
        ("40%", 0.4, "exact"),
        ("roughly 70%", 0.7, "around"),
        ("12.5 per cent", 0.125, "exact"),
        ("forty percent", 0.4, "exact"),
        ("at least a quarter", 0.25, "at_least"),
        ("0.4", 0.4, "exact"),  # a share already of one stays so
    ],
)
def test_a_percentage_is_a_share_of_one(raw: str, number: float, bound: str) -> None:
    """Found by a probe: every percentage was refused as no proportion, so "roughly 70%" could
    not be coded and compared with "two-thirds"."""
    normal = normalize("proportion", raw, None, None)
    assert (normal.number, normal.bound) == (number, bound)


@pytest.mark.parametrize("raw", ["35 percent", "el 40%", "a third"])
def test_a_share_is_no_count(raw: str) -> None:
    with pytest.raises(UnparsableValue):
        normalize("count", raw, "people", None)


@pytest.mark.parametrize(
    ("raw", "number"),
    [("one hundred and five", 105), ("one thousand and five", 1_005), ("twenty and thirty", None)],
)
def test_and_joins_number_words_only_after_a_scale(raw: str, number: int | None) -> None:
    """Found by a probe: "twenty and thirty" read as 50, and "one thousand and five" as no
    number."""
    if number is None:
        with pytest.raises(UnparsableValue):
            normalize("count", raw, "people", None)
    else:
        assert normalize("count", raw, "people", None).number == number


@pytest.mark.parametrize(
    ("raw", "value_type", "low", "high"),
    [
        ("Entre 20 y 30", "count", 20, 30),
        ("de 20 a 30", "count", 20, 30),
        ("entre veinte y treinta", "count", 20, 30),
        ("entre treinta y cinco y cuarenta", "count", 35, 40),
        ("between 20 and 30", "count", 20, 30),
        ("between twenty and thirty", "count", 20, 30),
        ("from 20 to 30", "count", 20, 30),
        ("20 to 30", "count", 20, 30),
        ("20-30", "count", 20, 30),
        ("20\u201330", "count", 20, 30),
        ("entre 500 y 2 mil", "count", 500, 2_000),
        ("entre 10 y 20 millones de dólares", "money", 10_000_000, 20_000_000),
        ("$10 million to 20 million", "money", 10_000_000, 20_000_000),
        ("entre 10 y 12 mil millones de dólares", "money", 10**10, 12 * 10**9),
        ("de 2 a 3 mil millones de dólares", "money", 2 * 10**9, 3 * 10**9),
        # the high end's scale words go on from the low end's: thousands of millions
        ("entre 8 mil y 12 mil millones de dólares", "money", 8 * 10**9, 12 * 10**9),
        ("de 5 mil a 2 millones de dólares", "money", 5_000, 2_000_000),
        ("between 3 thousand and 4 thousand", "count", 3_000, 4_000),
    ],
)
def test_a_range_is_read_as_its_low_and_high_estimates_with_no_best_number(
    raw: str, value_type: str, low: int, high: int
) -> None:
    """Found by a probe: "entre 20 y 30 hombres" (and "between 20 and 30") was drafted, then
    refused by the build as no count."""
    normal = normalize(value_type, raw, "USD" if value_type == "money" else "people", None)
    assert (normal.number, normal.low, normal.high, normal.bound) == (None, low, high, "exact")
    assert normal.value == f"{low}-{high}"


@pytest.mark.parametrize(
    ("raw", "number"),
    [("treinta y cinco", 35), ("one hundred and five", 105), ("twenty-five", 25)],
)
def test_the_words_of_one_number_are_not_a_range(raw: str, number: int) -> None:
    normal = normalize("count", raw, "people", None)
    assert (normal.number, normal.low, normal.high) == (number, number, number)


@pytest.mark.parametrize(
    "raw",
    ["de 20 años a 30 años", "30 to 20", "from 20 and 30", "1.5 to 2"],
)
def test_what_is_no_range_of_counts_is_refused(raw: str) -> None:
    with pytest.raises(UnparsableValue):
        normalize("count", raw, "people", None)


@given(st.tuples(counts, counts).filter(lambda ends: ends[0] < ends[1]), st.integers(0, 5))
def test_every_way_of_writing_a_range_reads_as_its_ends(ends: tuple[int, int], form: int) -> None:
    low, high = ends
    written = [
        f"between {number_in_words(low)} and {number_in_words(high)}",
        f"from {low} to {high}",
        f"{low} to {high}",
        f"{low}-{high}",
        f"entre {low} y {high}",
        f"de {low} a {high}",
    ][form]
    normal = normalize("count", written, "people", None)
    assert (normal.low, normal.high, normal.number) == (low, high, None)
    assert normalize("count", normal.value, "people", None) == normal


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
        # found by a probe: forms the drafter drafts, which the build refused
        ("este lunes", MONDAY, "2026-02-23", "day"),
        ("this Monday", SUNDAY, "2026-02-23", "day"),
        ("next Monday", MONDAY, "2026-03-02", "day"),
        ("el próximo domingo", MONDAY, "2026-03-01", "day"),
        ("hace dos días", MONDAY, "2026-02-21", "day"),
        ("three weeks ago", MONDAY, "2026-02-02", "day"),
        ("hace dos meses", MONDAY, "2025-12", "month"),
        ("anoche", MONDAY, "2026-02-22", "day"),
        ("Last night", MONDAY, "2026-02-22", "day"),
        ("antenoche", MONDAY, "2026-02-21", "day"),
        ("El pasado 22 de febrero", MONDAY, "2026-02-22", "day"),
        ("el 24 de febrero pasado", MONDAY, "2025-02-24", "day"),
        ("la noche del domingo", MONDAY, "2026-02-22", "day"),
        ("el domingo por la noche", MONDAY, "2026-02-22", "day"),
        ("earlier this year", MONDAY, "2026", "year"),
        ("los años 90", None, "1990s", "decade"),
        # found by a probe: refused, or ("los 2000") read as the year 2000
        ("los años 2000", None, "2000s", "decade"),
        ("en los 2010", None, "2010s", "decade"),
        ("los años ochenta", None, "1980s", "decade"),
        ("la década de los setenta", None, "1970s", "decade"),
        ("the '80s", None, "1980s", "decade"),
        ("the sixties", None, "1960s", "decade"),
        ("en el 2000", None, "2000", "year"),
        ("la década de 1980", None, "1980s", "decade"),
        ("hacia 2009", None, "2009", "year"),
        ("hace dos días", None, "hace dos días", None),
        ("el pasado 22 de febrero", None, "el pasado 22 de febrero", None),
    ],
)
def test_dates(raw: str, published: dt.date | None, value: str, precision: str | None) -> None:
    normal = normalize("date", raw, None, published)
    assert (normal.value, normal.precision) == (value, precision)


@pytest.mark.parametrize(
    ("raw", "published", "value", "first", "last"),
    [
        ("la semana pasada", MONDAY, "2026-W08", "2026-02-16", "2026-02-22"),
        ("last week", dt.date(2026, 2, 26), "2026-W08", "2026-02-16", "2026-02-22"),
        ("la semana próxima", MONDAY, "2026-W10", "2026-03-02", "2026-03-08"),
        ("this week", SUNDAY, "2026-W08", "2026-02-16", "2026-02-22"),
        ("esta semana", dt.date(2026, 1, 1), "2026-W01", "2025-12-29", "2026-01-04"),
        ("around last week", MONDAY, "2026-W08", "2026-02-09", "2026-03-01"),
        ("2026-W08", None, "2026-W08", "2026-02-16", "2026-02-22"),
    ],
)
def test_a_week_is_the_calendar_week_monday_to_sunday(
    raw: str, published: dt.date | None, value: str, first: str, last: str
) -> None:
    """Found by a probe: "la semana pasada" and "last week" stayed unresolved with a date line."""
    normal = normalize("date", raw, None, published)
    assert (normal.value, normal.precision) == (value, "week")
    assert (normal.date_low, normal.date_high) == (dt.date.fromisoformat(first),
                                                   dt.date.fromisoformat(last))  # fmt: skip


@given(dates.filter(lambda date: date.year > 1900), st.sampled_from(["last", "this", "next"]))
def test_a_relative_week_holds_seven_days_from_a_monday_around_the_date_line(
    published: dt.date, which: str
) -> None:
    normal = normalize("date", f"{which} week", None, published)
    assert normal.date_low is not None and normal.date_high is not None
    assert normal.date_low.weekday() == 0
    assert (normal.date_high - normal.date_low).days == 6
    step = {"last": -1, "this": 0, "next": 1}[which]
    assert normal.date_low <= published + dt.timedelta(weeks=step) <= normal.date_high
    assert normalize("date", normal.value, None, None) == normal


@pytest.mark.parametrize(
    "raw",
    ["the last week", "in the past week", "the weekend", "this weekend",
     "el fin de semana", "el fin de semana pasado", "este fin de semana", "last weekend"],
)  # fmt: skip
def test_the_seven_days_before_the_date_line_or_a_weekend_stay_unresolved(raw: str) -> None:
    """ "the past week" is no calendar week, a weekend two days: no period the table holds is
    either (found by a probe: "the weekend" was refused, so it could not be coded)."""
    normal = normalize("date", raw, None, MONDAY)
    assert (normal.value, normal.date, normal.date_low) == (raw, None, None)


@pytest.mark.parametrize(
    ("raw", "value", "precision"),
    [
        ("early March", "2026-03", "month"),
        ("mid-February", "2026-02", "month"),
        ("late February 2025", "2025-02", "month"),
        ("the end of February", "2026-02", "month"),
        ("a principios de marzo", "2026-03", "month"),
        ("a mediados de febrero", "2026-02", "month"),
        ("a finales de 2024", "2024", "year"),
        ("hacia finales del año pasado", "2025", "year"),
        ("mid-2025", "2025", "year"),
        ("early Sunday", "2026-02-22", "day"),
    ],
)
def test_the_start_middle_or_end_of_a_period_is_the_period(
    raw: str, value: str, precision: str
) -> None:
    """Found by a probe: "early March", "a finales de febrero" were refused. The part of a
    period is read as the period (its range holds the part); a part of a day, as the day."""
    normal = normalize("date", raw, None, MONDAY)
    assert (normal.value, normal.precision) == (value, precision)


@pytest.mark.parametrize(
    "raw", ["February 30, 2025", "2025-13", "soon-ish", "He was", "the end of the war", "midnight"]
)
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


@given(dates, weekdays, st.booleans())
def test_a_weekday_is_the_latest_such_day_or_tomorrow_unless_the_claim_speaks_ahead(
    published: dt.date, weekday: str, ahead: bool
) -> None:
    resolved = normalize("date", weekday, None, published, ahead=ahead).date
    assert resolved is not None
    assert resolved.strftime("%A") == weekday
    days = (resolved - published).days
    assert 0 <= days <= 6 if ahead else -6 <= days <= 1


THURSDAY = dt.date(2026, 2, 26)
WEEKDAY_NAMES = ("Sunday", "Monday", "Wednesday", "Thursday", "domingo", "lunes", "jueves")


@pytest.mark.parametrize(
    ("quote", "published", "value"),
    [
        ("Sunday's operation killed him", THURSDAY, "2026-02-22"),
        ("On Sunday, gunmen burned cars", SUNDAY, "2026-02-22"),
        ("School was canceled Monday", SUNDAY, "2026-02-23"),
        ("murió el domingo en Tapalpa", THURSDAY, "2026-02-22"),
        ("He will be buried Sunday", THURSDAY, "2026-03-01"),
        ("they'll vote Thursday", MONDAY, "2026-02-26"),
        ("Congress is scheduled to vote Thursday", MONDAY, "2026-02-26"),
        ("será sepultado el domingo", THURSDAY, "2026-03-01"),
        ("el Congreso va a votar el jueves", MONDAY, "2026-02-26"),
        ("the will of the people, expressed Thursday", MONDAY, "2026-02-19"),
        ("schools would stay closed through Wednesday", MONDAY, "2026-02-25"),
        ("Sheinbaum said on Monday that there would be talks", THURSDAY, "2026-02-23"),
        ("dijo el lunes que habrá justicia", THURSDAY, "2026-02-23"),
        ("Lemus said talks will resume: classes ended Wednesday", THURSDAY, "2026-02-25"),
        # found by a probe: each was read as the latest such day before the date line
        ("a hearing set for Thursday", MONDAY, "2026-02-26"),
        ("the vote, scheduled for Wednesday", MONDAY, "2026-02-25"),
        ("la audiencia está programada para el jueves", MONDAY, "2026-02-26"),
        ("una reunión fijada para el lunes", THURSDAY, "2026-03-02"),
        ("gunmen set fire to buses on Sunday", THURSDAY, "2026-02-22"),
        ("roadblocks set up on Sunday", THURSDAY, "2026-02-22"),
        ("los sicarios fijaron retenes para el domingo", THURSDAY, "2026-02-22"),
    ],
)
def test_the_quote_says_whether_a_weekday_is_past_or_to_come(
    quote: str, published: dt.date, value: str
) -> None:
    """A Thursday paper's "Sunday" was four days before, not three days after."""
    weekday = next(w for w in WEEKDAY_NAMES if w in quote)
    assert normalize_date(weekday, published, ahead=speaks_ahead_of(quote, weekday)).value == value


@pytest.mark.parametrize(
    ("value_type", "raw", "meaning", "low", "high"),
    [
        ("count", "three", {}, 3, 3),
        ("count", "nearly a dozen", {}, 10, 12),
        ("count", "around 10", {}, 9, 11),
        ("count", "about 3", {}, 2, 4),
        ("count", "at least five", {}, 5, None),
        ("count", "more than 350,000", {}, 350_000, None),
        ("count", "up to 15", {}, 0, 15),
        ("money", "up to $15 million", {}, 0, 15_000_000),
        ("money", "up to $15 million", {"up_to": "amount"}, 15_000_000, 15_000_000),
        ("quantity", "nearly three", {}, 2, 3),
        ("proportion", "two-thirds", {}, 0.6667, 0.6667),
        ("count", "hasta 10", {}, 0, 10),
        ("count", "más de 20", {}, 20, None),
        ("count", "several", {}, None, None),
        ("count", "fewer than 10", {}, 0, 10),
        ("count", "some 40", {}, 36, 44),
        ("money", "less than $15 million", {"up_to": "amount"}, 0, 15_000_000),
    ],
)
def test_numbers_carry_low_and_high_estimates(
    value_type: str, raw: str, meaning: dict[str, str], low: float | None, high: float | None
) -> None:
    normal = normalize(value_type, raw, "people", None, meaning)
    assert (normal.low, normal.high) == (low, high)


@pytest.mark.parametrize(
    ("raw", "published", "low", "high"),
    [
        ("2010", None, "2010-01-01", "2010-12-31"),
        ("around 2007", None, "2006-01-01", "2008-12-31"),
        ("around 2009", None, "2008-01-01", "2010-12-31"),
        ("February 2025", None, "2025-02-01", "2025-02-28"),
        ("around February 2024", None, "2024-01-01", "2024-03-31"),
        ("the 1990s", None, "1990-01-01", "1999-12-31"),
        ("Sunday", MONDAY, "2026-02-22", "2026-02-22"),
        ("Sunday", None, None, None),
    ],
)
def test_dates_carry_the_first_and_last_day_they_can_be(
    raw: str, published: dt.date | None, low: str | None, high: str | None
) -> None:
    normal = normalize("date", raw, None, published)
    shown = (normal.date_low, normal.date_high)
    assert shown == (
        dt.date.fromisoformat(low) if low else None,
        dt.date.fromisoformat(high) if high else None,
    )


@pytest.mark.parametrize(
    ("raw", "published", "value"),
    [
        ("Feb. 22", MONDAY, "2026-02-22"),
        ("Feb 22", MONDAY, "2026-02-22"),
        ("Sept. 3, 2025", None, "2025-09-03"),
        ("22 February", MONDAY, "2026-02-22"),
        ("Dec. 30", MONDAY, "2025-12-30"),
        ("February 22nd", MONDAY, "2026-02-22"),
    ],
)
def test_abbreviated_months_and_days_without_a_year(
    raw: str, published: dt.date | None, value: str
) -> None:
    assert normalize("date", raw, None, published).value == value


def test_a_day_without_a_year_stays_unresolved_without_a_date_line() -> None:
    normal = normalize("date", "Feb. 22", None, None)
    assert (normal.date, normal.date_low) == (None, None)


@given(counts, bounds)
def test_the_best_estimate_lies_in_its_range(n: int, bound: str) -> None:
    normal = normalize("count", f"{bound} {number_in_words(n)}", "people", None)
    assert normal.low is not None and normal.number is not None
    assert normal.low <= normal.number <= (normal.high if normal.high is not None else n)


@given(st.dates(dt.date(1904, 1, 1), dt.date(2096, 12, 31)))
def test_the_past_29_february_is_the_latest_one_on_or_before_the_date_line(
    published: dt.date,
) -> None:
    date = normalize("date", "el pasado 29 de febrero", None, published).date
    assert date is not None and (date.month, date.day) == (2, 29) and date <= published
    later = range(date.year + 1, published.year + 1)
    assert not [y for y in later if calendar.isleap(y) and dt.date(y, 2, 29) <= published]


@pytest.mark.parametrize(
    ("raw", "published", "value"),
    [
        ("December", dt.date(2026, 3, 3), "2025-12"),  # last December, not the next
        ("en diciembre", dt.date(2026, 3, 3), "2025-12"),
        ("in March", dt.date(2026, 3, 3), "2026-03"),
        ("January", dt.date(2026, 2, 24), "2026-01"),
        ("octubre", dt.date(2026, 2, 24), "2025-10"),
        ("May", dt.date(2026, 2, 24), "2026-05"),
        ("agosto", dt.date(2026, 2, 24), "2025-08"),  # six months either way: the earlier
    ],
)
def test_a_month_without_a_year_is_the_one_nearest_the_date_line(
    raw: str, published: dt.date, value: str
) -> None:
    assert normalize("date", raw, None, published).value == value


def test_a_month_without_a_year_in_a_claim_ahead_is_the_next_one() -> None:
    published = dt.date(2026, 3, 3)
    assert normalize_date("septiembre", published, ahead=True).value == "2026-09"
    assert normalize_date("March", published, ahead=True).value == "2026-03"
    assert normalize_date("February", published, ahead=True).value == "2027-02"


@given(st.dates(dt.date(1904, 1, 1), dt.date(2096, 12, 31)), st.integers(1, 12))
def test_a_month_without_a_year_lies_within_six_months_of_the_date_line(
    published: dt.date, month: int
) -> None:
    name = calendar.month_name[month]
    date = normalize("date", name, None, published).date
    assert date is not None and date.month == month
    apart = (date.year * 12 + date.month) - (published.year * 12 + published.month)
    assert -6 <= apart < 6
