"""Dates: absolute ones at their precision, relative ones resolved against the article's date,
and never guessed without one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimpack.drafting.dates import find_dates
from claimpack.drafting.drafts import suggest
from claimpack.drafting.mentions import load_registry
from claimpack.stages.normalize import normalize_date
from claimpack.vocabulary import BOUNDS

from conftest import drafted_statements

REGISTRY = load_registry(Path(__file__).resolve().parents[1])

MONDAY = dt.date(2026, 2, 23)


@pytest.mark.parametrize(
    ("text", "written", "value", "precision"),
    [
        ("filed on April 5, 2022.", "April 5, 2022", "2022-04-05", "day"),
        ("the raid on Feb. 22 was", "Feb. 22", "2026-02-22", "day"),
        ("el 22 de febrero de 2026 hubo", "22 de febrero de 2026", "2026-02-22", "day"),
        ("in February 2025 the cartel", "February 2025", "2025-02", "month"),
        ("en febrero de 2025 el cártel", "febrero de 2025", "2025-02", "month"),
        ("founded in 2007.", "2007", "2007", "year"),
        ("since the 1990s.", "1990s", "1990s", "decade"),
        ("desde la década de 1990.", "década de 1990", "1990s", "decade"),
        # found by a probe: drafted as the year 2000, and as a count of ninety
        ("creció en los años 2000 y", "los años 2000", "2000s", "decade"),
        ("surgió en los años ochenta", "los años ochenta", "1980s", "decade"),
        ("It was born in the '70s.", "the '70s", "1970s", "decade"),
        ("It was born in the seventies.", "the seventies", "1970s", "decade"),
        ("killed on Sunday.", "Sunday", "2026-02-22", "day"),
        ("murió el domingo.", "domingo", "2026-02-22", "day"),
        ("el pasado lunes hubo", "pasado lunes", "2026-02-16", "day"),
        ("said yesterday.", "yesterday", "2026-02-22", "day"),
        ("dijo ayer.", "ayer", "2026-02-22", "day"),
        ("two days ago", "two days ago", "2026-02-21", "day"),
        ("hace dos días", "hace dos días", "2026-02-21", "day"),
        ("last year, the", "last year", "2025", "year"),
        ("el año pasado", "año pasado", "2025", "year"),
        ("hace un año", "hace un año", "2025", "year"),
        ("last month", "last month", "2026-01", "month"),
        ("Last Sunday, the army", "Last Sunday", "2026-02-22", "day"),
        ("Next Monday, talks", "Next Monday", "2026-03-02", "day"),
        ("Two days ago, troops", "Two days ago", "2026-02-21", "day"),
        ("El domingo 22 murieron", "domingo 22", "2026-02-22", "day"),
        ("La semana pasada llegaron", "La semana pasada", "2026-W08", "week"),
        ("troops arrived last week.", "last week", "2026-W08", "week"),
        # the article with them, as "la próxima semana" and "the '70s" have it
        ("volvieron durante la semana próxima", "la semana próxima", "2026-W10", "week"),
        ("una moda de años 80 y", "años 80", "1980s", "decade"),
        ("la próxima semana habrá", "la próxima semana", "2026-W10", "week"),
    ],
)
def test_a_date_resolves_against_the_date_line_at_its_precision(
    text: str, written: str, value: str, precision: str
) -> None:
    found = [f.to_dict() for f in find_dates(text, MONDAY)]
    assert [(f["text"], f["value"], f["precision"]) for f in found] == [(written, value, precision)]


@pytest.mark.parametrize(
    "text",
    ["on Sunday", "el lunes", "ayer", "last year", "hace dos días", "la semana pasada",
     "over the past week"],
)  # fmt: skip
def test_without_a_date_a_relative_date_stays_unresolved(text: str) -> None:
    (found,) = [f.to_dict() for f in find_dates(text, None)]
    assert found["value"] is None
    assert found["unresolved"] is True


def test_the_past_week_is_drafted_unresolved_even_with_a_date_line() -> None:
    """ "over the past week" is the seven days before the date line, no calendar week."""
    (found,) = [f.to_dict() for f in find_dates("Over the past week, troops arrived.", MONDAY)]
    assert (found["text"], found["value"], found["unresolved"]) == ("the past week", None, True)


def test_an_absolute_date_needs_no_date_line() -> None:
    (found,) = find_dates("on February 22, 2026,", None)
    assert found.value == "2026-02-22"


@pytest.mark.parametrize(
    "text",
    ["you may go", "the march was long", "por la mañana", "esa mañana", "2,000 soldiers",
     "temperatures in the 90s", "los noventa detenidos"],
)  # fmt: skip
def test_ordinary_words_are_not_dates(text: str) -> None:
    assert find_dates(text, MONDAY) == []


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Ocurrió el viernes 20 de febrero.", [("viernes 20 de febrero", "2026-02-20")]),
        ("early Friday, Feb. 20, troops", [("Friday, Feb. 20", "2026-02-20")]),
    ],
)  # fmt: skip
def test_a_weekday_before_a_date_names_that_date(text: str, values: list[tuple[str, str]]) -> None:
    """Found by a probe: 'el viernes 20 de febrero' in a paper of Tuesday 24 February drafted
    viernes as the Friday after (the nearest), 2026-02-27, beside the 20th it names."""
    found = find_dates(text, dt.date(2026, 2, 24))
    assert [(f.text, f.value) for f in found] == values


def drafted_dates(sentence: str) -> list[tuple[str, str]]:
    """(value, quote) of each date statement a short article dated MONDAY drafts."""
    drafted = drafted_statements(sentence, "date", MONDAY.isoformat())
    return [(str(statement["value"]), statement["quote"]) for statement in drafted]


def as_built(value: str) -> tuple[str | None, dt.date | None, dt.date | None]:
    normal = normalize_date(value, MONDAY)
    return normal.bound, normal.date_low, normal.date_high


@pytest.mark.parametrize(
    ("sentence", "written", "bound", "low", "high"),
    [
        ("The cartel began operating around 2009.", "around 2009", "around", "2008-01-01",
         "2010-12-31"),
        ("El cártel surgió hacia 2009.", "hacia 2009", "around", "2008-01-01", "2010-12-31"),
        ("The group was founded circa 2009.", "circa 2009", "around", "2008-01-01",
         "2010-12-31"),
        ("It started in about 2015.", "about 2015", "around", "2014-01-01", "2016-12-31"),
        ("Fue creado alrededor de 2009.", "alrededor de 2009", "around", "2008-01-01",
         "2010-12-31"),
        ("Se fundó aproximadamente en 2009.", "aproximadamente en 2009", "around", "2008-01-01",
         "2010-12-31"),
        ("Fue creado cerca de 2009.", "cerca de 2009", "nearly", "2008-01-01", "2009-12-31"),
        ("It grew around the 1990s.", "around the 1990s", "around", "1985-01-01", "2004-12-31"),
    ],
)  # fmt: skip
def test_an_approximate_date_is_drafted_with_its_bound_as_the_build_reads_it(
    sentence: str, written: str, bound: str, low: str, high: str
) -> None:
    """Found by a probe: "around 2009" was drafted as "2009", which the build, once the draft
    was accepted, compared as that exact year."""
    [(value, quote)] = drafted_dates(sentence)
    assert value == written
    assert value in quote
    assert as_built(value) == (bound, dt.date.fromisoformat(low), dt.date.fromisoformat(high))


APPROXIMATE = sorted(words for words, bound in BOUNDS.items() if bound in {"around", "nearly"})


@given(st.sampled_from(APPROXIMATE), st.integers(min_value=1500, max_value=2099))
def test_a_year_after_an_approximate_bound_builds_as_the_bounded_words_do(
    words: str, year: int
) -> None:
    [(value, _)] = drafted_dates(f"The group was founded {words} {year}.")
    assert as_built(value) == as_built(f"{words} {year}")
    assert as_built(value)[0] in {"around", "nearly"}


@pytest.mark.parametrize("sentence", ["It was founded in 2009.", "Se fundó en 2009."])
def test_a_year_without_a_bound_is_drafted_exact(sentence: str) -> None:
    [(value, _)] = drafted_dates(sentence)
    assert as_built(value) == ("exact", dt.date(2009, 1, 1), dt.date(2009, 12, 31))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Sunday's raid in Tapalpa killed him. Mourners gathered.", "2026-02-22"),
        ("Mourners gathered. He will be buried Sunday in Jalisco.", "2026-03-01"),
        ("El operativo del domingo dejó 12 muertos.", "2026-02-22"),
        ("Sus restos serán entregados el domingo, dijo la fiscalía.", "2026-03-01"),
        ("Sheinbaum said on Monday that there would be no truce.", "2026-02-23"),
    ],
)
def test_a_drafted_weekday_is_read_as_its_sentence_places_it(text: str, value: str) -> None:
    """In a Thursday paper, the Sunday of a past raid is four days before and the Sunday of a
    burial to come three days after, as the build reads the quote the draft proposes."""
    (found,) = find_dates(text, dt.date(2026, 2, 26))
    assert found.value == value


@pytest.mark.parametrize(
    ("sentence", "written", "value"),
    [
        ("Los bloqueos siguieron este martes 24 en la capital.", "este martes 24", "2026-02-24"),
        ("La marcha salió el sábado 21 por la tarde.", "sábado 21", "2026-02-21"),
        ("Tras el ataque del viernes 20 de febrero, cerraron.", "viernes 20 de febrero",
         "2026-02-20"),
        ("The blockade began on Saturday, Feb. 21, near the border.", "Saturday, Feb. 21",
         "2026-02-21"),
        ("Police arrested them Thursday, 19 February 2026.", "Thursday, 19 February 2026",
         "2026-02-19"),
        ("They met on Friday the 20th to plan it.", "Friday the 20th", "2026-02-20"),
    ],
)  # fmt: skip
def test_a_weekday_with_its_day_of_the_month_is_one_date_and_no_count(
    sentence: str, written: str, value: str
) -> None:
    """ "este lunes 23" was drafted as no date and a count of 23, "Monday, Feb. 23" as two dates."""
    assert [drafted for drafted, _ in drafted_dates(sentence)] == [written]
    assert as_built(written)[1] == dt.date.fromisoformat(value)
    assert drafted_numbers(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "written", "count"),
    [
        ("El sábado, 14 policías resultaron heridos.", "sábado", 14),
        ("On Sunday 40 soldiers arrived.", "Sunday", 40),
        ("El domingo 40 soldados llegaron.", "domingo", 40),
        ("On Saturday the 3 suspects fled.", "Saturday", 3),
    ],
)
def test_a_count_after_a_weekday_is_not_its_day_of_the_month(
    sentence: str, written: str, count: int
) -> None:
    assert [value for value, _ in drafted_dates(sentence)] == [written]
    assert drafted_numbers(sentence) == [count]


def drafted_numbers(sentence: str) -> list[float | str | None]:
    text = f" date {MONDAY.isoformat()} Cifras.\n\n{sentence}\n"
    return [f.value for f in suggest(text, REGISTRY).findings if f.kind == "number"]


@pytest.mark.parametrize(
    ("sentence", "written", "value"),
    [
        ("Los disparos empezaron la madrugada del martes en Zapopan.", "la madrugada del martes",
         "2026-02-24"),
        ("Llegaron el domingo por la noche.", "domingo por la noche", "2026-02-22"),
        ("Shots rang out late Sunday evening.", "late Sunday evening", "2026-02-22"),
        ("Troops arrived early Monday.", "early Monday", "2026-02-23"),
        ("Ocurrió la noche de este martes en Sayula.", "la noche de este martes", "2026-02-24"),
        ("Los vieron ayer en la tarde.", "ayer en la tarde", "2026-02-25"),
        ("Shots were heard yesterday afternoon.", "yesterday afternoon", "2026-02-25"),
    ],
)  # fmt: skip
def test_a_part_of_a_weekday_is_drafted_with_its_weekday_as_one_date(
    sentence: str, written: str, value: str
) -> None:
    """The build reads "la madrugada del martes" as the Tuesday; the drafter found "martes"
    alone, a date whose quote a reviewer then had to widen."""
    (found,) = find_dates(sentence, dt.date(2026, 2, 26))
    assert (found.text, found.value) == (written, value)


SATURDAY = dt.date(2026, 2, 28)


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("Ana Ruiz (1950-2024) murió en Tapalpa.", [("1950", "1950"), ("2024", "2024")]),
        ("The 2015\u20132018 term ended early.", [("2015", "2015"), ("2018", "2018")]),
        ("Call 555-2024 for details.", []),
    ],
)
def test_the_second_of_two_years_joined_by_a_dash_is_a_year_too(
    text: str, dates: list[tuple[str, str]]
) -> None:
    assert [(f.text, f.value) for f in find_dates(text, SATURDAY)] == dates


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("—Ya nos vamos —dijo—. Mañana volvemos.", [("Mañana", "2026-03-01")]),
        ("Llovió. Mañana habrá misa en la plaza.", [("Mañana", "2026-03-01")]),
        ("«Mañana cerramos», dijo el dueño.", [("Mañana", "2026-03-01")]),
        ("Lo publicó el diario La Mañana de Reynosa.", []),
        ("Toda la mañana llovió.", []),
    ],
)
def test_tomorrow_opening_a_sentence_is_a_date_and_a_name_or_a_morning_is_none(
    text: str, dates: list[tuple[str, str]]
) -> None:
    assert [(f.text, f.value) for f in find_dates(text, SATURDAY)] == dates


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Residents spent the weekend indoors.", ["the weekend"]),
        ("This weekend the fair reopens.", ["This weekend"]),
        ("Los hechos del fin de semana se suman.", ["fin de semana"]),
        ("El fin de semana pasado hubo bloqueos.", ["El fin de semana pasado"]),
        ("It was a weekend of terror.", []),
        ("On weekends the road closes.", []),
        ("Cada fin de semana llegan turistas.", []),
    ],
)
def test_a_weekend_is_drafted_unresolved_and_one_of_many_is_none(
    text: str, written: list[str]
) -> None:
    found = find_dates(text, SATURDAY)
    assert [f.text for f in found] == written
    assert all(f.value is None and f.get("unresolved") for f in found)


@pytest.mark.parametrize(
    ("text", "written", "value"),
    [
        ("The navy confirmed it this morning.", "this morning", "2026-02-23"),
        ("El alcalde lo anunció esta mañana en rueda de prensa.", "esta mañana", "2026-02-23"),
        ("Esta noche no habrá transporte público.", "Esta noche", "2026-02-23"),
        ("The council met this afternoon behind closed doors.", "this afternoon", "2026-02-23"),
        ("Crowds gathered outside the court this evening.", "this evening", "2026-02-23"),
        ("El cabildo sesionó esta tarde a puerta cerrada.", "esta tarde", "2026-02-23"),
        ("Los disparos de esta madrugada despertaron al barrio.", "esta madrugada", "2026-02-23"),
        ("Shots rang out early this morning near the dam.", "this morning", "2026-02-23"),
        ("A letter from January warned of it.", "January", "2026-01"),
        ("Hotels are half empty for March.", "March", "2026-03"),
        ("Prices doubled by mid-2024 in the region.", "mid-2024", "2024"),
    ],
)
def test_the_days_part_a_month_alone_and_the_middle_of_a_year_are_dates(
    text: str, written: str, value: str
) -> None:
    assert [(f.text, f.value) for f in find_dates(text, MONDAY)] == [(written, value)]


@pytest.mark.parametrize(
    "text",
    ["Every morning the market opens.", "Por la mañana abre el mercado.",
     "Cada madrugada pasan patrullas.", "Una madrugada llegaron los soldados.",
     "Every afternoon the bells ring.", "Por la tarde cierra la plaza.",
     "They voted for the march downtown.", "a mid-size town"],
)  # fmt: skip
def test_a_morning_or_a_march_that_is_no_day_is_no_date(text: str) -> None:
    assert find_dates(text, MONDAY) == []


@pytest.mark.parametrize(
    ("text", "written", "value"),
    [
        ("VERSIÓN ESTENOGRÁFICA DEL MARTES 3 DE MARZO DE 2026", "3 DE MARZO DE 2026", "2026-03-03"),
        ("COMUNICADO DEL 20 DE FEBRERO", "20 DE FEBRERO", "2026-02-20"),
    ],
)
def test_a_spanish_date_in_capitals_is_one_date(text: str, written: str, value: str) -> None:
    assert [(f.text, f.value) for f in find_dates(text, MONDAY)] == [(written, value)]


def test_capitals_that_name_no_month_are_no_date() -> None:
    assert [f.text for f in find_dates("LOS 30 DE LA FRONTERA", MONDAY)] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Los paros del 19 y 20 de enero cerraron la plaza.",
         [("19", "2026-01-19"), ("20 de enero", "2026-01-20")]),
        ("LAS LLUVIAS DEL 3 AL 5 DE MARZO", [("3", "2026-03-03"), ("5 DE MARZO", "2026-03-05")]),
        ("The strike ran from 19 to 21 January.",
         [("19", "2026-01-19"), ("21 January", "2026-01-21")]),
        ("Schools closed on January 19 and 20.",
         [("January 19", "2026-01-19"), ("20", "2026-01-20")]),
        ("Roads closed Jan. 19-21.", [("Jan. 19", "2026-01-19"), ("21", "2026-01-21")]),
        # two counts joined, or a count before "de" and no month, are no dates
        ("Detuvieron a 19 y 20 personas.", []),
        ("Entre 3 y 5 de los detenidos.", []),
    ],
)  # fmt: skip
def test_a_day_joined_to_a_day_of_a_month_is_a_date_of_that_month(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert [(f.text, f.value) for f in find_dates(text, MONDAY)] == expected


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Para reportes, llame al 33 1999 4455 o escriba.", []),
        ("For tips, call 44 2015 8800 any time.", []),
        # a year by digits on one side only stays a year
        ("En 2019 llegaron 40 familias.", ["2019"]),
        ("Between 9 and 2015 was a long stretch; 2015 saw 12 arrests.", ["2015", "2015"]),
    ],
)
def test_a_year_among_groups_of_digits_is_a_telephone_number(text: str, years: list[str]) -> None:
    assert [f.text for f in find_dates(text, MONDAY)] == years


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Las clases se reanudaron ayer martes con calma.", [("ayer martes", "2026-02-24")]),
        ("The market reopened today Wednesday at noon.", [("today Wednesday", "2026-02-25")]),
        ("Hoy miércoles abren los mercados.", [("Hoy miércoles", "2026-02-25")]),
        ("Avisaron que mañana jueves no habrá clases.", [("mañana jueves", "2026-02-26")]),
        (
            "The port reopens tomorrow Thursday, officials said.",
            [("tomorrow Thursday", "2026-02-26")],
        ),
        ("Mañana viernes abre el puerto.", [("Mañana", "2026-02-26"), ("viernes", "2026-02-20")]),
        # a weekday that is another day stays a date of its own
        ("Ayer lunes abrieron.", [("Ayer", "2026-02-24"), ("lunes", "2026-02-23")]),
        ("Antier, lunes, abrieron.", [("Antier", "2026-02-23"), ("lunes", "2026-02-23")]),
        ("Today Friday is a holiday.", [("Today", "2026-02-25"), ("Friday", "2026-02-20")]),
    ],
)
def test_a_relative_day_and_the_weekday_it_is_are_one_date(
    text: str, found: list[tuple[str, str]]
) -> None:
    wednesday = dt.date(2026, 2, 25)
    assert [(f.text, f.value) for f in find_dates(text, wednesday)] == found


@pytest.mark.parametrize(
    ("text", "written", "value"),
    [
        ("Van 14 robos en lo que va de la semana.", "lo que va de la semana", "2026-W09"),
        ("En lo que va del mes cerraron tres fábricas.", "lo que va del mes", "2026-02"),
        ("Suman 40 homicidios en lo que va del año.", "lo que va del año", "2026"),
        ("Fourteen thefts were reported so far this week.", "this week", "2026-W09"),
        # what has passed of something else, or a week named alone: no date
        ("Es el tercer gol en lo que va del partido.", None, None),
        ("La semana fue dura para los comerciantes.", None, None),
    ],
)
def test_what_has_passed_of_a_period_so_far_is_that_period(
    text: str, written: str | None, value: str | None
) -> None:
    found = [(f.text, f.value) for f in find_dates(text, MONDAY)]
    assert found == ([(written, value)] if written else [])
