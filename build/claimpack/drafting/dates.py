"""Date expressions in English and Spanish, resolved against the article's date.

Absolute dates ("Feb. 22", "February 22, 2026", "22 de febrero de 2026", "2007", "the 1990s")
keep the precision they are written with. Relative ones ("on Sunday", "yesterday", "last
year", "el lunes", "ayer", "hace dos días", "el año pasado") are resolved against the date line
or --date; with neither they stay unresolved (value null, `unresolved: true`), never guessed.
Our own closed grammar finds and reads them: a general date parser (dateparser) finds dates in
ordinary words ("may", "march", "second") and fills a missing year from today's date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from text_to_num import text2num

from claimpack.drafting.finding import Finding, finding
from claimpack.drafting.numbers import EN_UNITS, ES_UNITS
from claimpack.stages.normalize import weekday_and_day
from claimpack.vocabulary import MONTH_ABBREVIATIONS, WEEKDAYS
from claimpack.vocabulary import MONTHS as MONTH_NAMES

MONTHS = MONTH_NAMES | {short: MONTH_NAMES[name] for short, name in MONTH_ABBREVIATIONS.items()}
UNITS = {
    "day": "day", "days": "day", "día": "day", "días": "day", "dia": "day", "dias": "day",
    "week": "week", "weeks": "week", "semana": "week", "semanas": "week",
    "month": "month", "months": "month", "mes": "month", "meses": "month",
    "year": "year", "years": "year", "año": "year", "años": "year",
}  # fmt: skip

EN_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)
ES_MONTH = (
    r"(?:[Ee]nero|[Ff]ebrero|[Mm]arzo|[Aa]bril|[Mm]ayo|[Jj]unio|[Jj]ulio|[Aa]gosto|[Ss]eptiembre"
    r"|[Ss]etiembre|[Oo]ctubre|[Nn]oviembre|[Dd]iciembre)"
)
EN_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
ES_WEEKDAY = r"(?:lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo)"
YEAR = r"(?:1[5-9]\d\d|20\d\d)"
NUMBER_WORD = "|".join(sorted([*EN_UNITS, *ES_UNITS], key=len, reverse=True))
COUNT = rf"(?:\d+|(?:{NUMBER_WORD})(?:[- ](?:{NUMBER_WORD}))?)"
MONTH_CONTEXT = (
    r"\b(?:in|In|since|Since|until|by|last|next|this|early|late|mid-|of|"
    r"en|En|desde|Desde|hasta|de|del|pasado|próximo|este|inicios de|finales de|mediados de) "
)

# A day of the month (not a time, a share or a longer number).
DAY_OF_MONTH = r"(?:[12]\d|3[01]|0?[1-9])\b(?![:.,]?\d| ?%| por ciento)"

PATTERNS = [
    ("day", re.compile(rf"\b{EN_MONTH} \d{{1,2}}(?:st|nd|rd|th)?(?:, {YEAR}\b)?(?!\d)")),
    ("day", re.compile(rf"\b\d{{1,2}} {EN_MONTH}(?:,? {YEAR}\b)?")),
    ("day", re.compile(rf"\b\d{{1,2}} de {ES_MONTH}(?: (?:de|del) {YEAR}\b)?")),
    ("month", re.compile(rf"\b{EN_MONTH},? {YEAR}\b")),
    ("month", re.compile(rf"\b{ES_MONTH} (?:de|del) {YEAR}\b")),
    ("month", re.compile(rf"{MONTH_CONTEXT}(?P<d>{EN_MONTH}|{ES_MONTH})\b(?! \d)")),
    ("decade", re.compile(r"\b(?:1[5-9]|20)\d0'?s\b|\bd[ée]cada de (?:1[5-9]|20)\d0\b")),
    ("decade", re.compile(r"\baños (?:[2-9]0|'[2-9]0)\b")),
    ("year", re.compile(rf"(?<![\d$€.,:/-]){YEAR}(?![\d%]|,\d|\.\d)")),
    ("weekday", re.compile(rf"\b(?i:pasado |próximo |proximo |este |next |last |this )?"
                           rf"(?:{EN_WEEKDAY}|{ES_WEEKDAY})(?: pasado| próximo)?\b")),
    ("weekday_day", re.compile(
        rf"\b(?i:pasado |este )?{ES_WEEKDAY},? {DAY_OF_MONTH}(?! de )(?! ?{EN_MONTH})")),
    ("relative", re.compile(
        r"\b(?:[Tt]oday|[Yy]esterday|[Tt]omorrow|[Tt]onight|[Ll]ast night|[Hh]oy|[Aa]yer"
        r"|[Aa]nteayer|[Aa]ntier|[Aa]noche|[Aa]ntenoche)\b")),
    ("tomorrow", re.compile(r"\bmañana\b")),
    ("relative", re.compile(
        r"\b(?:[Ll]ast|[Tt]his|[Nn]ext|[Ee]arlier this|[Ll]ater this) (?:year|month|week)\b"
        r"|\b(?:año|mes) (?:pasado|próximo|proximo)\b|\bsemana (?:pasada|próxima|proxima)\b"
        r"|\b(?:[Ee]ste|[Ee]l próximo|[Ee]l proximo) (?:año|mes)\b"
        r"|\b(?:[Ee]sta|[Ll]a próxima|[Ll]a proxima) semana\b")),
    ("ago", re.compile(rf"\b(?i:a|an|one|{COUNT}) (?:days?|weeks?|months?|years?) ago\b")),
    ("ago", re.compile(
        rf"\b[Hh]ace (?:un|una|{COUNT}) (?:días?|dias?|semanas?|mes|meses|años?)\b")),
]  # fmt: skip
BOUND = re.compile(
    r"\b(around|about|circa|approximately|alrededor de|hacia|cerca de|aproximadamente en)\s+$",
    re.IGNORECASE,
)
MORNING = re.compile(r"\b(?:la|esta|esa|aquella|una|cada|por|de|en|toda|misma) $", re.IGNORECASE)
# A year followed by what it counts ("2026 dollars") is a number; the word must be in the same
# paragraph (the whitespace between holds at most one line break).
COUNTED_AFTER = re.compile(
    r"(?![^\S\n]*\n[^\S\n]*\n)\s+"
    r"(?:people|personas|soldiers|soldados|militares|members|miembros|dollars|dólares|pesos"
    r"|votes|votos|troops|elementos|agents|agentes|victims|víctimas|homicides|homicidios)\b",
    re.IGNORECASE,
)


def find_dates(text: str, base: dt.date | None, start: int = 0) -> list[Finding]:
    """Every date expression in text[start:], longest first where two overlap."""
    spans = sorted(_matches(text, start), key=lambda item: (item[1].start(), -item[1].end()))
    found: list[Finding] = []
    end = -1
    for kind, match in spans:
        if match.start() < end:
            continue
        resolved = _resolve(kind, match[0], base)
        if resolved is None:
            continue
        end = match.end()
        value, precision = resolved
        bound_match = BOUND.search(text, max(0, match.start() - 25), match.start())
        bound = "around" if bound_match and kind in {"year", "decade", "month", "day"} else None
        relative = kind not in {"day", "month", "year", "decade"} or not _has_year(match[0])
        found.append(
            finding(
                "date", text, match.start(), match.end(), value=value,
                precision=precision if value is not None else None, bound=bound,
                unresolved=True if value is None and relative else None,
            )
        )  # fmt: skip
    return found


class _Span:
    """A match narrowed to its date words (group "d" where the pattern has context around)."""

    def __init__(self, match: re.Match[str]) -> None:
        group = "d" if "d" in match.re.groupindex else 0
        self._start, self._end, self._text = match.start(group), match.end(group), match[group]

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def __getitem__(self, index: int) -> str:
        return self._text


# "San Lunes" is no weekday: a saint's name just before it (looked for in the few characters
# it can take, not in all the text before).
SAINT_BEFORE = re.compile(r"(?<![\w])(?:Santo|San) $")


# A day of the month with no month after a Spanish weekday ("el domingo 22"): one date.
DAY_OF_MONTH_AFTER = re.compile(rf",? {DAY_OF_MONTH}(?! de )")


def _matches(text: str, start: int) -> Iterator[tuple[str, _Span]]:
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text, start):
            if kind == "tomorrow" and MORNING.search(
                text, max(0, match.start() - 8), match.start()
            ):
                continue
            if kind == "year" and COUNTED_AFTER.match(text, match.end()):
                continue
            if kind == "weekday" and (
                SAINT_BEFORE.search(text, max(0, match.start() - 7), match.start())
                or (  # "el domingo 22": a date (in English, "Sunday 22" is a count)
                    re.search(ES_WEEKDAY, match[0]) is not None
                    and DAY_OF_MONTH_AFTER.match(text, match.end()) is not None
                )
            ):
                continue
            yield kind, _Span(match)


def _has_year(written: str) -> bool:
    return re.search(r"\d{4}|\d0'?s|años \d0", written) is not None


def _resolve(kind: str, written: str, base: dt.date | None) -> tuple[str | None, str] | None:
    """(ISO value at its precision, precision); value None when it needs a date line we lack."""
    lowered = written.lower()
    if kind == "decade":
        digits = re.search(r"\d+", lowered)
        if digits is None:
            return None
        number = int(digits[0])
        year = number if number >= 1000 else 1900 + number
        return f"{year:04d}s", "decade"
    if kind == "year":
        return lowered, "year"
    if kind in {"day", "month"}:
        return _absolute(kind, lowered, base)
    if kind == "weekday":
        return _weekday(lowered, base)
    if kind == "weekday_day":
        return _weekday_and_day(lowered, base)
    if kind == "ago":
        return _ago(lowered, base)
    return _relative(lowered, base)


def _absolute(kind: str, lowered: str, base: dt.date | None) -> tuple[str | None, str] | None:
    month_name = re.search(r"[^\W\d_]+", lowered.replace(" de ", " ").replace(" del ", " "))
    month = MONTHS.get(month_name[0]) if month_name else None
    if month is None:
        return None
    year_match = re.search(r"\d{4}", lowered)
    year = int(year_match[0]) if year_match else (base.year if base else None)
    day_match = re.search(r"\b\d{1,2}\b", lowered) if kind == "day" else None
    if kind == "day" and day_match is None:
        return None
    if year is None:
        return None, kind
    if kind == "month":
        return f"{year:04d}-{month:02d}", "month"
    assert day_match is not None
    try:
        return dt.date(year, month, int(day_match[0])).isoformat(), "day"
    except ValueError:
        return None


def _weekday_and_day(lowered: str, base: dt.date | None) -> tuple[str | None, str]:
    """ "el domingo 22", as the build reads it (normalize.weekday_and_day)."""
    if base is None:
        return None, "day"
    name = next(word for word in re.findall(r"[^\W\d_]+", lowered) if word in WEEKDAYS)
    day = weekday_and_day(WEEKDAYS[name], int(re.findall(r"\d+", lowered)[-1]), base)
    return (day.isoformat() if day else None), "day"


def _weekday(lowered: str, base: dt.date | None) -> tuple[str | None, str]:
    if base is None:
        return None, "day"
    name = next(word for word in re.findall(r"[^\W\d_]+", lowered) if word in WEEKDAYS)
    ahead = (WEEKDAYS[name] - base.weekday()) % 7
    if re.search(r"\b(?:pasado|last)\b", lowered):
        offset = ahead - 7 if ahead > 0 else -7
    elif re.search(r"\b(?:próximo|proximo|next)\b", lowered):
        offset = ahead or 7
    else:  # the nearest such day: "Sunday" in a Monday paper is the day before
        offset = ahead if ahead <= 3 else ahead - 7
    return (base + dt.timedelta(days=offset)).isoformat(), "day"


def _ago(lowered: str, base: dt.date | None) -> tuple[str | None, str] | None:
    words = lowered.split()
    count_words = words[1:-1] if words[0] == "hace" else words[:-2]
    unit_word = words[-1] if words[0] == "hace" else words[-2]
    count = _count(" ".join(count_words))
    if count is None:
        return None
    unit = UNITS[unit_word]
    if base is None:
        return None, "day" if unit in {"day", "week"} else unit
    return _shift(base, unit, -count)


def _count(words: str) -> int | None:
    if words in {"a", "an", "one", "un", "una"}:
        return 1
    if words.isdigit():
        return int(words)
    for language in ("en", "es"):
        try:
            return int(text2num(words, language))
        except ValueError:
            continue
    return None


def _shift(base: dt.date, unit: str, count: int) -> tuple[str, str]:
    if unit == "day":
        return (base + dt.timedelta(days=count)).isoformat(), "day"
    if unit == "week":
        return (base + dt.timedelta(weeks=count)).isoformat(), "day"
    if unit == "month":
        index = base.year * 12 + base.month - 1 + count
        return f"{index // 12:04d}-{index % 12 + 1:02d}", "month"
    return f"{base.year + count:04d}", "year"


RELATIVE_DAYS = {
    "today": 0, "tonight": 0, "hoy": 0, "yesterday": -1, "last night": -1, "ayer": -1,
    "anoche": -1, "tomorrow": 1, "mañana": 1, "anteayer": -2, "antier": -2, "antenoche": -2,
}  # fmt: skip


def _relative(lowered: str, base: dt.date | None) -> tuple[str | None, str] | None:
    if lowered in RELATIVE_DAYS:
        if base is None:
            return None, "day"
        return (base + dt.timedelta(days=RELATIVE_DAYS[lowered])).isoformat(), "day"
    unit = next((UNITS[word] for word in lowered.split() if word in UNITS), None)
    if unit is None:
        return None
    if re.search(r"\b(?:last|pasad[oa])\b", lowered):
        step = -1
    elif re.search(r"\b(?:next|próxim[oa]|proxim[oa])\b", lowered):
        step = 1
    else:
        step = 0
    if base is None:
        return None, "day" if unit == "week" else unit
    if unit == "week":
        monday = base - dt.timedelta(days=base.weekday())
        return (monday + dt.timedelta(weeks=step)).isoformat(), "week"
    return _shift(base, unit, step)
