"""Stage: normalize values. The words an article uses become comparable values.

"$15 million", "USD 15 million" and "up to $15 million" all become 15000000 USD (the last with
bound `up_to`); "three" becomes 3; "last year" in an article dated 2026-02-23 becomes 2025.
Every number and date also gets a low and a high estimate (the best estimate is the value
itself), read from its bound word as the predicate defines it: "nearly a dozen" is 10 to 12,
"around 2007" is 2006 to 2008, and a reward "of up to $15 million" is $15 million.
Each function is pure and idempotent: normalizing a canonical value gives it back.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from typing import NamedTuple

from text_to_num import text2num

from claimpack.models import AMOUNT, PredicateIn, StatementIn
from claimpack.problems import InvalidSeeds, Problem
from claimpack.stages.read_seeds import Seeds
from claimpack.vocabulary import (
    BOUNDS,
    COLLECTIVES,
    DECADE_WORDS,
    FRACTIONS,
    MONTH_ABBREVIATIONS,
    MONTHS,
    NONE_WORDS,
    PERCENT_WORDS,
    RELATIVE_DAYS,
    SCALES,
    SEASONS,
    SPANISH_FRACTIONS,
    SPANISH_RELATIVE,
    SPANISH_SCALES,
    SPANISH_UNITS,
    UNITS,
    WEEKDAYS,
)

# A currency before a number: a code or a sign ("USD 15", "US$15", "MXN 200", "MX$200"). A
# bare "$" names none, since Mexican papers write pesos with it too: the amount is in the
# predicate's currency (dollars where it has none).
CURRENCY = re.compile(
    r"(?<![\w$])(us\$|u\.s\.\s*\$|usd\s*\$?|mxn\s*\$?|mex\$|mx\$|\$)\s*(?=\d)", re.IGNORECASE
)
# A currency after the number, in words or as a code: "15 millones de dólares estadounidenses",
# "15 million U.S. dollars", "500 mil pesos mexicanos", "1.5 millones MXN".
CURRENCY_AFTER = re.compile(
    r"\s+(?:de\s+)?(?:(?:u\.s\.|us)\s+)?(dólares|dolares|dollars|pesos)"
    r"(?:\s+(?:estadounidenses|americanos|mexicanos))?$|\s+(usd|mxn)$"
)
# Mexican papers' "15 mdd" (millones de dólares) and "10 mdp" (millones de pesos).
MILLIONS_OF = re.compile(r"\s*\b(mdd|mdp)$")
# A separator before exactly three digits groups thousands, however many groups ("350,000",
# "350.000", "1.500.000": Mexican papers write the first, Spanish ones the others); any other
# separator is the decimal point ("1.5", "1,5", "1.500,25", "0.125"). Read so in either
# language, and by the drafter too.
NUMERAL = re.compile(
    r"([1-9]\d{0,2}(?:([,.\u00a0\u202f ])\d{3})(?:\2\d{3})*)(?:[.,](\d+))?|\d+(?:[.,]\d+)?"
)  # a lone 0 groups nothing: "0.125" is a fraction
# Thousands grouped by spaces ("1 500", as Spanish and French style books write them): one
# numeral, not the words "1" and "500".
SPACED_GROUPS = re.compile(r"(?<![\d.,])[1-9]\d{0,2}(?:[ \u00a0\u202f]\d{3})+(?![\d])")


def numeral_value(written: str) -> float | None:
    """The number digits written with separators name (NUMERAL), or None when they are not
    such a numeral."""
    groups = NUMERAL.fullmatch(written)
    if groups is None:
        return None
    if groups[1] is not None:
        whole = re.sub(r"\D", "", groups[1])
        return float(f"{whole}.{groups[3]}" if groups[3] else whole)
    return float(written.replace(",", "."))


class Normal(NamedTuple):
    """A normalized value: canonical text plus the typed parts a table column holds. (A named
    tuple, not a frozen dataclass: one is made for every statement, nine times faster.)"""

    value: str
    number: float | None = None
    unit: str | None = None
    date: dt.date | None = None
    precision: str | None = None
    bound: str | None = None
    low: float | None = None  # low and high estimates of number; None where open or vague
    high: float | None = None
    date_low: dt.date | None = None  # first and last day the date can be; None where open
    date_high: dt.date | None = None


# How far "nearly" and "around" reach below and above a number (a share of it, at least one
# unit for whole counts and quantities), and around a date (in its own precision).
NEARLY_SHARE, AROUND_SHARE = 0.2, 0.1


class UnparsableValue(ValueError):
    """The words do not name a value of the predicate's type."""


def normalize_statements(
    seeds: Seeds,
) -> tuple[dict[tuple[str, int], Normal], dict[tuple[str, int], Normal]]:
    """Every statement's value and its `time` (where given), by (source id, index in its file),
    resolved against the article's date line; raise InvalidSeeds listing every one that does
    not read."""
    predicates = {predicate.id: predicate for predicate in seeds.predicates}
    normals: dict[tuple[str, int], Normal] = {}
    times: dict[tuple[str, int], Normal] = {}
    problems: list[Problem] = []
    for statement_set in seeds.statement_sets:
        source_id = statement_set.file.source
        published = seeds.articles[source_id].published
        for index, statement in enumerate(statement_set.file.statements):
            predicate = predicates[statement.predicate]
            try:
                normals[(source_id, index)] = _normalize(statement, predicate, published)
            except UnparsableValue as error:
                problems.append(
                    statement_set.problem(index, "value", "unparsable-value", str(error))
                )
            if statement.time is None:
                continue
            try:
                ahead = speaks_ahead_of(statement.quote, statement.time)
                times[(source_id, index)] = normalize_date(statement.time, published, ahead=ahead)
            except UnparsableValue as error:
                problems.append(
                    statement_set.problem(index, "time", "unparsable-value", str(error))
                )
    if problems:
        raise InvalidSeeds(problems)
    return normals, times


def _normalize(statement: StatementIn, predicate: PredicateIn, published: dt.date | None) -> Normal:
    if predicate.value_type == "entity":
        assert statement.object is not None  # checked by check_inputs
        return Normal(value=statement.object)
    assert statement.value is not None  # checked by check_inputs
    return normalize(
        predicate.value_type,
        statement.value,
        predicate.unit,
        published,
        predicate.bound_meaning,
        predicate.value_type == "date" and speaks_ahead_of(statement.quote, statement.value),
    )


def normalize(
    value_type: str,
    raw: str,
    unit: str | None,
    published: dt.date | None,
    bound_meaning: Mapping[str, str] | None = None,
    ahead: bool = False,
) -> Normal:
    """Normalize one value as written, of the predicate's value type; `bound_meaning` is the
    predicate's (which bounds state an amount rather than a range), `ahead` whether the claim
    speaks of what is to come (speaks_ahead)."""
    meaning = bound_meaning or {}
    if value_type in {"money", "count", "quantity", "proportion"}:
        return normalize_number(value_type, raw, unit, meaning)
    if value_type == "date":
        return normalize_date(raw, published, meaning, ahead)
    return Normal(value=raw)


# Words that place a claim ahead of the date line, in English and Spanish: "will", "'ll",
# "would" (said they would), "shall", "is to", "is due/scheduled/expected/set/planned to",
# "plans to", "upcoming"; "va a", "está previsto", "se prevé", and a verb in the future tense
# ("votará", "se reunirán").
AHEAD = re.compile(
    r"\b(?:(?-i:will|would)(?! of\b)|won't|shall|upcoming"
    r"|(?:is|are) (?:(?:due|scheduled|expected|set|planned) )?to"
    r"|(?:scheduled|slated) (?:for|on)|(?:set|due) for"  # "a hearing set for Friday"
    r"|(?:programad|agendad|fijad)[oa]s? para"  # "la audiencia, programada para el viernes"
    r"|plans? to|(?:va|van|vamos|voy) a|previst[oa]s?|se prevé|\w{2,}(?:rá|rán|remos|ré))\b"
    r"|(?<=\w)'ll\b",
    re.IGNORECASE,
)


# What ends a clause for AHEAD: "that"/"que" opening reported words, punctuation that ends a
# sentence or a part of one, quotation marks and line ends. Not a comma: "will be buried, on
# Sunday" is one claim.
CLAUSE_BREAK = re.compile(r"\b(?:that|que)\b|[;:.!?¿¡\"\u201c\u201d\u00ab\u00bb\n]", re.IGNORECASE)
CLAUSE_REACH = 400  # characters a clause is looked for either side of its words


def speaks_ahead(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether the clause holding text[start:end] (the whole text by default) speaks of what
    is to come (AHEAD). The clause, not the sentence: in "said on Monday that there would be
    talks" the Monday is past."""
    end = len(text) if end is None else end
    back = max(0, start - CLAUSE_REACH)
    before = [m.end() for m in CLAUSE_BREAK.finditer(text, back, start)]
    after = CLAUSE_BREAK.search(text, end, min(len(text), end + CLAUSE_REACH))
    clause_end = after.start() if after else min(len(text), end + CLAUSE_REACH)
    return AHEAD.search(text, before[-1] if before else back, clause_end) is not None


def speaks_ahead_of(quote: str, written: str) -> bool:
    """speaks_ahead of the clause of the quote that holds the words written (a statement's
    value or time); of the whole quote where they are not in it as written."""
    at = quote.find(written)
    return speaks_ahead(quote) if at < 0 else speaks_ahead(quote, at, at + len(written))


def number_range(
    number: float, bound: str | None, value_type: str, meaning: Mapping[str, str] | None = None
) -> tuple[float | None, float | None]:
    """Low and high estimates of a number with its bound; None where the bound leaves a side
    open. The number itself, the best estimate, always lies in the range ("more than X" is
    read as X or more). Counts are whole: their estimates are rounded inwards."""
    if bound in (None, "exact") or (meaning or {}).get(bound) == AMOUNT:
        return number, number
    whole = value_type == "count"
    step = 0.0 if value_type == "proportion" else 1.0
    low: float | None
    high: float | None
    if bound in ("up_to", "less_than"):  # "less than X" as up to X: X stays in range
        low, high = 0.0, number
    elif bound in ("at_least", "more_than"):  # "more than X" as X or more: X stays in range
        low, high = number, None
    elif bound == "nearly":
        low, high = number - max(step, NEARLY_SHARE * number), number
    elif bound == "around":
        reach = max(step, AROUND_SHARE * number)
        low, high = number - reach, number + reach
    else:  # pragma: no cover - the bound enum is closed
        raise ValueError(f"unknown bound {bound!r}")
    low = max(0.0, low)
    if whole:
        low = float(math.ceil(low - 1e-9))
        high = None if high is None else float(math.floor(high + 1e-9))
    return _rounded(low), None if high is None else _rounded(high)


def _rounded(number: float) -> float:
    """Drop binary noise (9.6000000001) so that published estimates read as written."""
    return round(number, 6)


def date_range(
    date: dt.date, precision: str, bound: str | None, meaning: Mapping[str, str] | None = None
) -> tuple[dt.date | None, dt.date | None]:
    """First and last day a date with its bound can be; None where the bound leaves it open.
    "around" and "nearly" reach one unit of the date's precision (half a decade for decades)."""
    first, last = period(date, precision)
    if bound in (None, "exact") or (meaning or {}).get(bound) == AMOUNT:
        return first, last
    if bound in ("up_to", "less_than"):
        return None, last
    if bound == "at_least":
        return first, None
    if bound == "more_than":
        return first, None
    earlier = _shifted(first, precision, -1)
    later = (
        _shifted(last, precision, 1)
        if precision == "day"
        else period(_shifted(first, precision, 1), precision)[1]
    )
    if bound == "nearly":
        return earlier, last
    return earlier, later


def period(date: dt.date, precision: str) -> tuple[dt.date, dt.date]:
    """First and last day of the day, week (Monday to Sunday), month, year or decade the date
    names."""
    if precision == "day":
        return date, date
    if precision == "week":  # the last ISO week of 9999 ends after the last date there is
        return date, date + dt.timedelta(days=min(6, (dt.date.max - date).days))
    if precision == "month":
        return date, date.replace(day=calendar.monthrange(date.year, date.month)[1])
    years = 10 if precision == "decade" else 1
    return date, dt.date(min(dt.MAXYEAR, date.year + years - 1), 12, 31)


def _shifted(date: dt.date, precision: str, step: int) -> dt.date:
    """The date moved by `step` units of its precision: three days for a day, a week, a month,
    a year, or half a decade; the day of the month kept where the target month has it."""
    try:
        if precision in ("day", "week"):
            return date + dt.timedelta(days=(3 if precision == "day" else 7) * step)
        months = {"month": 1, "year": 12}.get(precision, 60) * step
        year, month = divmod(date.year * 12 + date.month - 1 + months, 12)
        day = min(date.day, calendar.monthrange(year, month + 1)[1])
        return dt.date(year, month + 1, day)
    except (ValueError, OverflowError):
        return dt.date.min if step < 0 else dt.date.max


# The bound words longest first, so that "up to" is tried before a shorter word it starts
# with; sorted once, not for every value.
BOUNDS_LONGEST_FIRST = tuple(sorted(BOUNDS.items(), key=lambda item: -len(item[0])))


def split_bound(raw: str) -> tuple[str, str]:
    """Split a leading bound ("up to", "nearly") from the words it bounds."""
    text = " ".join(raw.split())
    lowered = text.lower()
    for words, bound in BOUNDS_LONGEST_FIRST:
        if lowered.startswith(words + " "):
            return bound, text[len(words) + 1 :]
    return "exact", text


def normalize_number(
    value_type: str, raw: str, unit: str | None, meaning: Mapping[str, str] | None = None
) -> Normal:
    bound, text = split_bound(raw)
    lowered = ANOTHER.sub("", text.lower(), count=1)
    if lowered.startswith(("-", "minus ", "negative ")):
        raise UnparsableValue(f"{raw!r} is negative; a {value_type} cannot be")
    if value_type == "money":
        lowered, unit = _amount_in_currency(lowered, raw, unit)
    worth = 1.0
    if value_type == "proportion":
        lowered, worth = percent_split(lowered)
    parse = parse_fraction if worth == 1.0 and value_type == "proportion" else parse_amount
    span = number_span(lowered, parse) if bound == "exact" else None
    if span is not None:
        if value_type == "count" and any(end != int(end) for end in span):
            raise UnparsableValue(f"{raw!r} is not a range of whole numbers, as a count is")
        span = (round(span[0] * worth, 6), round(span[1] * worth, 6)) if worth != 1.0 else span
        return Normal(
            value="-".join(map(format_number, span)), unit=unit, bound=bound,
            low=span[0], high=span[1],
        )  # fmt: skip
    number = 0.0 if lowered in NONE_WORDS else parse(lowered)
    if number is None:
        whole = " ".join(raw.split()).lower()  # "some officials": "some" is no bound there
        for vague in (lowered, whole):
            if value_type != "proportion" and VAGUE.match(vague):
                return Normal(value=vague, unit=unit)
        raise UnparsableValue(f"{raw!r} is not a {value_type}")
    if value_type == "count" and number != int(number):
        raise UnparsableValue(f"{raw!r} is not a whole number, as a count is")
    number = round(number * worth, 6) if worth != 1.0 else number
    low, high = number_range(number, bound, value_type, meaning)
    return Normal(
        value=format_number(number), number=number, unit=unit, bound=bound, low=low, high=high
    )


def _amount_in_currency(lowered: str, raw: str, unit: str | None) -> tuple[str, str]:
    """The words of an amount without its currency, and the currency: the one its words or
    codes name, which must be the predicate's (`unit`) where it has one, since amounts are
    never converted; else the predicate's, else dollars. Every end of a range may carry it
    ("between $10 million and $12 million")."""
    named = {_CURRENCY_CODES[re.sub(r"[\s.]", "", sign[1])] for sign in CURRENCY.finditer(lowered)}
    lowered = CURRENCY.sub("", lowered).strip()
    lowered = ABBREVIATED_SCALE.sub(lambda short: f" {ABBREVIATED_SCALES[short[1]]}", lowered)
    after = CURRENCY_AFTER.search(lowered)  # "15 millones de dólares", "10 million pesos"
    millions = MILLIONS_OF.search(lowered)  # "15 mdd"
    if cut := after or millions:
        lowered = lowered[: cut.start()].strip() + (" millones" if millions else "")
        word = (cut[1] or cut[2]).lower()
        named.add("MXN" if word.startswith("peso") or word in ("mdp", "mxn") else "USD")
    named.discard(None)
    if len(named) > 1:
        raise UnparsableValue(f"{raw!r} names two currencies")
    for written in named:
        if unit is not None and unit != written:  # never published in the wrong currency
            raise UnparsableValue(
                f"{raw!r} is an amount in {written}, and this predicate's amounts are in "
                f"{unit}: amounts are not converted (code it with a predicate in {written})"
            )
        unit = written
    return lowered, unit or "USD"


# "$1.2bn", "$15m": scales as business pages abbreviate them, read in amounts only.
ABBREVIATED_SCALE = re.compile(r"(?<=\d)(bn|mn|m)$")
ABBREVIATED_SCALES = {"bn": "billion", "mn": "million", "m": "million"}
_CURRENCY_CODES: dict[str, str | None] = {
    "us$": "USD", "usd": "USD", "usd$": "USD", "mxn": "MXN", "mxn$": "MXN", "mex$": "MXN",
    "mx$": "MXN", "$": None,
}  # fmt: skip


# A range the article gives instead of one number: "between 20 and 30", "entre veinte y
# treinta", "from 20 to 30", "de 20 a 30", "20 to 30", "20-30". "and" and "y" join the ends
# only after "between" or "entre": alone they join the words of one number ("one hundred and
# five", "treinta y cinco").
RANGE_OPENER = re.compile(r"^(between|from|entre|de)\s+")
RANGE_JOIN = re.compile(r"\s+(and|y|to|a)\s+|\s*[-\u2013\u2014]\s*")


def number_span(text: str, parse: Callable[[str], float | None]) -> tuple[float, float] | None:
    """The low and high ends of a range of numbers (see RANGE_JOIN), or None when the words
    are not two numbers, the first below the second. A scale word after the second end scales
    the first too when the first is below the second's own number ("10 to 20 million" is ten
    million to twenty million; "500 y 2 mil" is 500 to 2,000), and the scale words after the
    second that go on from the first's ("entre 8 mil y 12 mil millones" is 8 to 12 mil
    millones, as Spanish writes thousands of millions)."""
    opener = RANGE_OPENER.match(text)
    ends = text[opener.end() :] if opener else text
    for join in RANGE_JOIN.finditer(ends):
        if not range_joined(join[0], opener[1] if opener else None):
            continue
        low, high = parse(ends[: join.start()]), parse(ends[join.end() :])
        if low is None or high is None:
            continue
        own, scales = _split_scales(ends[join.end() :])
        own_high = parse(own) if scales and own else None
        own_low, low_scales = _split_scales(ends[: join.start()])
        if own_high and low < own_high and not _has_scale(ends[: join.start()]):
            low = _rounded(low * high / own_high)
        elif low_scales and scales.startswith(low_scales + " "):  # the high end's go on
            low = parse(f"{own_low} {scales}") or low
        if low < high:
            return low, high
    return None


def _split_scales(text: str) -> tuple[str, str]:
    """The number before its scale words, and those words: "12 mil millones" is "12" and
    "mil millones" (all of which scale the low end of "entre 10 y 12 mil millones")."""
    words = text.split()
    cut = len(words)
    while cut > 0 and (words[cut - 1] in SCALES or words[cut - 1] in SPANISH_SCALES):
        cut -= 1
    return " ".join(words[:cut]), " ".join(words[cut:])


def range_joined(join: str, opener: str | None) -> bool:
    """Whether the words joining two numbers make them a range after `opener` (the word before
    the first, if one of RANGE_OPENER's): "to", "a" and a dash always, "and" and "y" only after
    "between" or "entre"."""
    if join.strip().lower() in ("and", "y"):
        return (opener or "").lower() in ("between", "entre")
    return True


def _has_scale(text: str) -> bool:
    return any(word in SCALES or word in SPANISH_SCALES for word in text.split())


# "another five", "otros cinco": five more, a count of five (codebook: `excluding`).
ANOTHER = re.compile(r"^(?:another|other|otros|otras)\s+(?=\S)")
VAGUE = re.compile(
    r"^(several|multiple|many|some|others?|a number of|a few|numerous|dozens|hundreds|thousands"
    r"|hundreds of thousands|millions|billions"
    r"|varios|varias|muchos|muchas|algunos|algunas|otros|otras|numerosos|numerosas|docenas"
    r"|decenas"
    r"|cientos|centenares|millares|miles|cientos de miles|millones)\b"
)


def parse_amount(text: str) -> float | None:
    """Read "3", "350,000", "15 million", "three", "nearly a dozen" (without bound), "all 50",
    "half a dozen";
    in Spanish "veinticinco", "doscientos treinta y cinco", "15 millones", "medio millón"."""
    text = SPACED_GROUPS.sub(lambda spaced: re.sub(r"\s", "", spaced[0]), text)
    words = re.sub(r"^(all|the|los|las)\s+", "", text).replace("-", " ").split()
    if not words:
        return None
    if all(word in SPANISH_UNITS or word in SPANISH_SCALES or word == "y" for word in words):
        try:  # text2num reads Spanish compounds, which no word-by-word sum gets right
            return float(text2num(" ".join(words), "es"))
        except ValueError:
            return None
    if len(words) > 2 and words[0] == "half" and words[1] in ("a", "an"):  # "half a dozen"
        whole = parse_amount(" ".join(words[1:]))
        return None if whole is None else whole / 2
    if len(words) > 1 and words[-1] in COLLECTIVES:  # "dos docenas", "un centenar"
        many = 0.5 if words[:-1] in (["media"], ["medio"]) else parse_amount(" ".join(words[:-1]))
        return None if many is None else many * COLLECTIVES[words[-1]]
    if len(words) == 2 and words[0] in ("medio", "media") and words[1] in SPANISH_SCALES:
        return SPANISH_SCALES[words[1]] / 2  # "medio millón"
    words = [{"un": "a", "una": "a", "docena": "dozen"}.get(word, word) for word in words]
    total = 0.0
    current: float | None = None
    largest = 0.0  # the largest scale already in total
    for previous, word in zip([None, *words], words, strict=False):
        if (number := numeral_value(word)) is not None:
            if current is not None:
                return None
            current = number
        elif word in UNITS:
            current = (current or 0) + UNITS[word]
        elif (scale := SCALES.get(word) or SPANISH_SCALES.get(word)) is not None:
            if current is None and not (scale > largest > 0):  # "10 mil millones" goes on
                if word != "mil":  # but "mil 500": Spanish says a thousand without "un"
                    return None
                current = 1.0
            if scale < 1_000:  # "two hundred": the number just before
                current = (current or 0) * scale
            elif scale > largest:  # a larger scale takes all before it: "mil 200 millones"
                total, current, largest = (total + (current or 0)) * scale, None, scale
            else:  # a smaller one only the number before it: "2 millones 500 mil"
                total, current = total + (current or 0) * scale, None
        elif word == "and" and previous in SCALES:  # "one hundred and five", not "20 and 30"
            continue
        else:
            return None
    return total + (current or 0)


PERCENT = re.compile(rf"^(.+?)\s*(?:{'|'.join(map(re.escape, PERCENT_WORDS))})$")
# The article before a share in Spanish: "el 40 por ciento", "la mitad", "un tercio".
SHARE_ARTICLE = re.compile(r"^(?:el|la|un|una)\s+(?=\S)")


def percent_split(text: str) -> tuple[str, float]:
    """A share's words without the article before them, and what their number is worth: a
    hundredth before "%", "percent", "por ciento" ("el 40 por ciento", "between 40 and 50
    percent"), a whole one otherwise ("two-thirds", "la mitad", "0.4")."""
    text = SHARE_ARTICLE.sub("", text, count=1)
    if percent := PERCENT.match(text):
        return percent[1], 0.01
    return text, 1.0


def parse_fraction(text: str) -> float | None:
    """Read "two-thirds", "a third", "half", "0.5"; in Spanish "dos tercios", "la mitad"."""
    if (number := numeral_value(text)) is not None:
        return number
    fractions = FRACTIONS | SPANISH_FRACTIONS
    words = text.replace("-", " ").split()
    if len(words) == 1 and words[0] in fractions:
        return round(1 / fractions[words[0]], 4)
    if len(words) == 2 and words[1] in fractions:
        parts = UNITS.get(words[0]) if words[0] in UNITS else parse_amount(words[0])
        return None if parts is None else round(parts / fractions[words[1]], 4)
    return None


def format_number(number: float) -> str:
    """Integers without a decimal point, other numbers in their shortest round-tripping form."""
    return str(int(number)) if number == int(number) else repr(number)


def normalize_date(
    raw: str,
    published: dt.date | None,
    meaning: Mapping[str, str] | None = None,
    ahead: bool = False,
) -> Normal:
    """Absolute dates at their precision; relative ones resolved against the date line, a
    bare weekday as the claim's words place it (`ahead`: see speaks_ahead)."""
    bound, text = split_bound(raw)
    lowered = text.lower().strip(" .,")
    lowered = re.sub(r"^(on|in|since|during|en|desde|durante)\s+", "", lowered)
    if PAST_SEVEN_DAYS.match(lowered) or WEEKEND.match(lowered):  # no period the table holds
        return Normal(value=text, bound=bound)
    lowered = PART_OF_PERIOD.sub("", lowered)
    lowered = PLURAL_DECADE.sub("años ", lowered)
    lowered = re.sub(r"^(the|el|la|los|las)\s+", "", lowered)
    lowered = SPANISH_RELATIVE.get(lowered, lowered)
    lowered = _canonical_phrase(lowered)
    lowered = LAST_WEEKDAY.sub(lambda m: f"last {m[1] or m[2]}", lowered)
    lowered = ABBREVIATED_MONTH.sub(lambda m: MONTH_ABBREVIATIONS[m[1]], lowered)
    lowered = re.sub(r"\b(\d{1,2})(?:st|nd|rd|th)\b", r"\1", lowered)
    weekday_day = WEEKDAY_AND_DAY.match(lowered)  # "el domingo 22"
    if weekday_day is not None:
        if published is None:
            return Normal(value=text, bound=bound)
        day = weekday_and_day(WEEKDAYS[weekday_day[1]], int(weekday_day[2]), published)
        if day is None:
            raise UnparsableValue(
                f"{raw!r}: no day {weekday_day[2]} near the date line ({published.isoformat()}) "
                f"is a {weekday_day[1]}"
            )
        date_low, date_high = date_range(day, "day", bound, meaning)
        return Normal(
            value=day.isoformat(), date=day, precision="day", bound=bound,
            date_low=date_low, date_high=date_high,
        )  # fmt: skip
    lowered = WEEKDAY_BEFORE_DATE.sub("", lowered)  # "lunes 2 de marzo": the date says the day
    lowered = SPANISH_DAY_MONTH.sub(r"\1 \2", lowered)  # "2 de marzo" as "2 marzo"
    absolute = _absolute_date(lowered)
    if absolute is not None:
        date, precision = absolute
    else:
        relative = _relative_date(lowered, published, ahead)
        if relative is None:
            if _is_relative(lowered):
                return Normal(value=text, bound=bound)
            raise UnparsableValue(f"{raw!r} is not a date")
        date, precision = relative
    date_low, date_high = date_range(date, precision, bound, meaning)
    return Normal(
        value=format_date(date, precision), date=date, precision=precision, bound=bound,
        date_low=date_low, date_high=date_high,
    )  # fmt: skip


def format_date(date: dt.date, precision: str) -> str:
    if precision == "day":
        return date.isoformat()
    if precision == "week":  # ISO 8601: "2026-W08", the week of Monday 16 February 2026
        year, week, _ = date.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if precision == "month":
        return f"{date.year:04d}-{date.month:02d}"
    if precision == "year":
        return f"{date.year:04d}"
    return f"{date.year:04d}s"


def _absolute_date(text: str) -> tuple[dt.date, str] | None:
    if match := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
        return _checked(int(match[1]), int(match[2]), int(match[3])), "day"
    if match := re.fullmatch(r"(\d{4})-(\d{2})", text):
        return _checked(int(match[1]), int(match[2]), 1), "month"
    if match := re.fullmatch(r"(\d{4})-w(\d{2})", text):
        try:
            return dt.date.fromisocalendar(int(match[1]), int(match[2]), 1), "week"
        except ValueError as error:
            raise UnparsableValue(f"{text!r} is not a week ({error})") from None
    if (match := re.fullmatch(r"([a-z]+)\s+(\d{1,2}),?\s+(\d{4})", text)) and match[1] in MONTHS:
        return _checked(int(match[3]), MONTHS[match[1]], int(match[2])), "day"
    if (match := re.fullmatch(r"(\d{1,2})\s+([a-z]+),?\s+(\d{4})", text)) and match[2] in MONTHS:
        return _checked(int(match[3]), MONTHS[match[2]], int(match[1])), "day"
    if (match := re.fullmatch(r"(\d{1,2}) de (\w+),? (?:de |del )?(\d{4})", text)) and (
        match[2] in MONTHS
    ):
        return _checked(int(match[3]), MONTHS[match[2]], int(match[1])), "day"
    if (match := re.fullmatch(r"(\w+) (?:de |del )?(\d{4})", text)) and match[1] in MONTHS:
        return _checked(int(match[2]), MONTHS[match[1]], 1), "month"
    if (match := re.fullmatch(r"([a-z]+)\s+(\d{4})", text)) and match[1] in MONTHS:
        return _checked(int(match[2]), MONTHS[match[1]], 1), "month"
    if match := re.fullmatch(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})", text):
        first, second, year = int(match[1]), int(match[3]), int(match[4])
        if first <= 12 and second <= 12 and first != second:  # 03/05: March or May?
            raise UnparsableValue(
                f"{text!r} is day first in Spanish and month first in English: write the "
                "month as a word (or as YYYY-MM-DD)"
            )
        day, month = (second, first) if second > 12 else (first, second)
        return _checked(year, month, day), "day"
    if match := re.fullmatch(r"(\d{4})", text):
        return _checked(int(match[1]), 1, 1), "year"
    if match := re.fullmatch(r"(\d{3}0)'?s", text):
        return _checked(int(match[1]), 1, 1), "decade"
    return None


def _checked(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as error:
        raise UnparsableValue(f"{year:04d}-{month:02d}-{day:02d} is not a date ({error})") from None


# A weekday and a day of the month, no month: "domingo 22", "el pasado domingo 22", "este lunes
# 23", "Sunday the 22nd" (its ordinal suffix already dropped).
WEEKDAY_AND_DAY = re.compile(
    rf"^(?:pasado |last |este |this )?({'|'.join(WEEKDAYS)}),? (?:the )?(\d{{1,2}})$"
)
WEEKDAY_BEFORE_DATE = re.compile(rf"^(?:{'|'.join(WEEKDAYS)}),?\s+(?=\d|(?:{'|'.join(MONTHS)})\b)")
SPANISH_DAY_MONTH = re.compile(rf"^(\d{{1,2}}) de ({'|'.join(MONTHS)})$")
ABBREVIATED_MONTH = re.compile(rf"\b({'|'.join(MONTH_ABBREVIATIONS)})\b\.?")
# "last Sunday", "el pasado domingo", "el domingo pasado": the latest such day before the
# date line (read as "last <weekday>").
LAST_WEEKDAY = re.compile(rf"^(?:pasado ({'|'.join(WEEKDAYS)})|({'|'.join(WEEKDAYS)}) pasado)$")
_WEEKDAY = f"(?:{'|'.join(WEEKDAYS)})"
_MONTH = f"(?:{'|'.join(MONTHS)})"
_DAY_AND_MONTH = rf"\d{{1,2}} (?:de )?{_MONTH}|{_MONTH} \d{{1,2}}"
# "the last week", "the past week": the seven days before the date line, whatever day it
# is, not the calendar week before the date line's ("last week").
PAST_SEVEN_DAYS = re.compile(r"^the (?:last|past) week$")
# A weekend ("the weekend", "el fin de semana pasado"): two days, a period this table cannot
# hold, and which weekend is often unsaid; coded as written, left unresolved.
WEEKEND = re.compile(
    r"^(?:(?:the|this|last|past|next)\s+)?weekend$"
    r"|^(?:(?:el|este|del|último|pasado|próximo)\s+)?fin de semana(?:\s+(?:pasado|próximo))?$"
)
# The start, middle or end of a month, year or decade ("early March", "mid-2025", "a
# finales de febrero"): the period itself, whose range holds that part of it; a part of a
# day ("early Sunday") is the day, as before.
PART_OF_PERIOD = re.compile(
    r"^(?:early|mid|late|(?:the )?(?:start|beginning|middle|end) of(?: the)?"
    r"|(?:a |hacia )?(?:principios|inicios|comienzos|mediados|finales|fines) de(?:l)?)[\s-]+"
)
# Other ways of writing what RELATIVE reads, each to its canonical words (first match wins).
PHRASES = tuple(
    (re.compile(pattern), canonical)
    for pattern, canonical in (
        # a part of a day: the day ("la noche del domingo", "domingo por la noche")
        (rf"^(?:noche|mañana|tarde|madrugada) (?:del|de este) ({_WEEKDAY})$", r"\1"),
        (rf"^({_WEEKDAY}) (?:por|en) la (?:noche|mañana|tarde|madrugada)$", r"\1"),
        (r"^(ayer|hoy|anteayer) (?:por|en) la (?:noche|mañana|tarde|madrugada)$", r"\1"),
        (r"^(yesterday|today) (?:morning|afternoon|evening)$", r"\1"),
        (rf"^(?:early|late) ({_WEEKDAY})(?: (?:morning|afternoon|evening|night))?$", r"\1"),
        (rf"^(?:this|este|esta) ({_WEEKDAY})$", r"\1"),  # the nearest such day, as "Sunday"
        (rf"^(?:próximo|proximo) ({_WEEKDAY})$", r"next \1"),
        (rf"^({_WEEKDAY}) (?:próximo|proximo|que viene)$", r"next \1"),
        (r"^(?:earlier|later) (this|last|next) (year|month|week)$", r"\1 \2"),
        # "el pasado 22 de febrero", "el 22 de febrero pasado": the latest before the date line
        (rf"^pasado ({_DAY_AND_MONTH})$", r"last \1"),
        (rf"^({_DAY_AND_MONTH}) pasado$", r"last \1"),
        # decades: "los años 90", "los años 2000", "la década de 1990", "la década de los 90",
        # "the '90s"
        (r"^(?:los )?años '?([2-9]0)$", r"19\1s"),
        (r"^(?:los )?años (\d{3}0)$", r"\1s"),
        (r"^década de (?:los )?'?([2-9]0)$", r"19\1s"),
        (r"^década de (\d{3}0)$", r"\1s"),
        (r"^'?([2-9]0)'?s$", r"19\1s"),
        *(
            (rf"^(?:(?:los )?años |década de (?:los )?)?{word}$", f"19{tens}s")
            for word, tens in DECADE_WORDS.items()
        ),
    )
)
# "los 2000", "los 90", "los noventa" are decades, where "el 2000" is a year: "los" is kept as
# "años" before articles are dropped.
PLURAL_DECADE = re.compile(rf"^los (?=(?:'?\d0|\d{{3}}0|{'|'.join(DECADE_WORDS)})$)")
LAST_DAY_AND_MONTH = re.compile(rf"^last (?:{_DAY_AND_MONTH})$")
# "hace dos días", "hace 3 semanas": as "two days ago"
SPANISH_AGO = re.compile(r"^hace (.+) (día|dia|semana|mes|año)(?:s|es)?$")
AGO_UNITS = {"día": "day", "dia": "day", "semana": "week", "mes": "month", "año": "year"}
AGO = re.compile(r"^(.+) (day|week|month|year)s? ago$")


def _canonical_phrase(text: str) -> str:
    """The words RELATIVE reads for another way of writing them (see PHRASES)."""
    for pattern, canonical in PHRASES:
        if pattern.match(text):
            return pattern.sub(canonical, text)
    if match := SPANISH_AGO.match(text):
        return f"{match[1]} {AGO_UNITS[match[2]]} ago"
    return text


RELATIVE = re.compile(
    rf"^({'|'.join(WEEKDAYS)})( (morning|afternoon|evening|night))?$"
    rf"|^(last|next) ({'|'.join(WEEKDAYS)})$"
    r"|^(last|this|next) (year|month|week)$|^\S+(?: \S+)? (day|week|month|year)s? ago$"
    rf"|^({'|'.join(RELATIVE_DAYS)})$|{LAST_DAY_AND_MONTH.pattern}"
    rf"|^({'|'.join(MONTHS)})$"
    rf"|^({'|'.join(MONTHS)}) \d{{1,2}}$|^\d{{1,2}} ({'|'.join(MONTHS)})$"
    rf"|^(this|last|next) ({'|'.join(SEASONS)})$|^recent (days|weeks|months|years)$"
)


def weekday_and_day(weekday: int, day: int, published: dt.date) -> dt.date | None:
    """ "el domingo 22": the day of that number in the date line's month, or the month before
    or after, that falls on the weekday (Monday 0), the one nearest the date line; None when
    none of the three does."""
    fitting = []
    for step in (-1, 0, 1):
        year, month = divmod(published.year * 12 + published.month - 1 + step, 12)
        with contextlib.suppress(ValueError):
            candidate = dt.date(year, month + 1, day)
            if candidate.weekday() == weekday:
                fitting.append(candidate)
    return min(fitting, key=lambda date: abs((date - published).days), default=None)


def _is_relative(text: str) -> bool:
    return bool(RELATIVE.match(text))


def _nearest_day(text: str, published: dt.date) -> dt.date:
    """A month and day without a year ("Feb. 22", "22 February"): that day in the year that
    puts it nearest the date line."""
    words = text.split()
    month_name, day = (words[0], words[1]) if words[0] in MONTHS else (words[1], words[0])
    candidates = [
        _checked(year, MONTHS[month_name], int(day))
        for year in (published.year - 1, published.year, published.year + 1)
        if not (MONTHS[month_name] == 2 and int(day) == 29 and not calendar.isleap(year))
    ]
    if not candidates:
        raise UnparsableValue(f"{text!r} is not a day near {published.isoformat()}")
    return min(candidates, key=lambda date: (abs((date - published).days), date))


def _nearest_month(month: int, published: dt.date, ahead: bool) -> dt.date:
    """A month without a year ("in December", "en septiembre"): the one nearest the date line,
    as a day and month without a year is (the earlier of two as near: news tells what has
    happened); in a claim that speaks ahead, the next from the date line's month on."""
    here = published.year * 12 + published.month - 1
    candidates = [year * 12 + month - 1 for year in range(published.year - 1, published.year + 2)]
    if ahead:
        index = min(c for c in candidates if c >= here)
    else:
        index = min(candidates, key=lambda c: (abs(c - here), c))
    return dt.date(index // 12, index % 12 + 1, 1)


def _ago(count_words: str, unit: str, published: dt.date) -> tuple[dt.date, str] | None:
    """ "two days ago", "a year ago": so many units before the date line, at the unit's
    precision (weeks to the day)."""
    count = parse_amount(count_words)
    if count is None or count != int(count):
        return None
    if unit in ("day", "week"):
        return published - dt.timedelta(days=int(count) * (7 if unit == "week" else 1)), "day"
    if unit == "month":
        index = published.year * 12 + published.month - 1 - int(count)
        return dt.date(index // 12, index % 12 + 1, 1), "month"
    return dt.date(published.year - int(count), 1, 1), "year"


def _latest_day(text: str, published: dt.date) -> dt.date:
    """A month and day without a year ("22 febrero"), in the latest year that puts it on or
    before the date line (a 29 February as far back as the leap year before)."""
    words = text.split()
    month_name, day = (words[0], words[1]) if words[0] in MONTHS else (words[1], words[0])
    for year in range(published.year, published.year - 9, -1):
        with contextlib.suppress(ValueError):
            if (date := dt.date(year, MONTHS[month_name], int(day))) <= published:
                return date
    raise UnparsableValue(f"{text!r} is no day of the year")


def _relative_date(
    text: str, published: dt.date | None, ahead: bool = False
) -> tuple[dt.date, str] | None:
    if published is None or not _is_relative(text):
        return None
    first = text.split()[0]
    if first == "last" and text.split()[1] in WEEKDAYS:
        back = (published.weekday() - WEEKDAYS[text.split()[1]]) % 7 or 7
        return published - dt.timedelta(days=back), "day"
    if first == "next" and text.split()[1] in WEEKDAYS:
        return published + dt.timedelta(days=(WEEKDAYS[text.split()[1]] - published.weekday())
                                        % 7 or 7), "day"  # fmt: skip
    if text in RELATIVE_DAYS:
        return published + dt.timedelta(days=RELATIVE_DAYS[text]), "day"
    if LAST_DAY_AND_MONTH.match(text):  # "last 22 february": the latest before the date line
        return _latest_day(SPANISH_DAY_MONTH.sub(r"\1 \2", text[5:]), published), "day"
    if ago := AGO.match(text):
        return _ago(ago[1], ago[2], published)
    if first in WEEKDAYS:
        # News reports what has happened: a weekday is the latest such day on or before the
        # date line ("Sunday" in a Thursday paper is four days before), or the day after it
        # ("canceled Monday" in a Sunday paper, dated before the news it carries); in a claim
        # that speaks ahead ("will vote Thursday") it is the next such day.
        days_ahead = (WEEKDAYS[first] - published.weekday()) % 7
        offset = days_ahead if ahead or days_ahead <= 1 else days_ahead - 7
        return published + dt.timedelta(days=offset), "day"
    if len(text.split()) == 2 and (first in MONTHS or text.split()[1] in MONTHS):
        return _nearest_day(text, published), "day"
    if first in MONTHS:
        return _nearest_month(MONTHS[first], published, ahead), "month"
    step = -1 if first in {"last", "a", "one"} else 1 if first == "next" else 0
    unit = text.split()[1]
    if unit == "year":
        return dt.date(published.year + step, 1, 1), "year"
    if unit == "month":
        month_index = published.year * 12 + published.month - 1 + step
        return dt.date(month_index // 12, month_index % 12 + 1, 1), "month"
    if unit == "week":  # the calendar week, Monday to Sunday, as ISO 8601 and Spanish count it
        monday = published - dt.timedelta(days=published.weekday())
        return monday + dt.timedelta(weeks=step), "week"
    return None
