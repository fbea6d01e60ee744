"""Date expressions in English and Spanish, resolved against the article's date.

Absolute dates ("Feb. 22", "February 22, 2026", "22 de febrero de 2026", "2007", "the 1990s")
keep the precision they are written with; "mid-2024" is the year, "for March" the month; two
days of one month joined ("del 22 y 23 de febrero", "February 22 and 23") are two dates. Relative
ones ("on Sunday", "yesterday", "this afternoon", "last year", "el lunes", "ayer", "esta tarde",
"hace dos días", "el año pasado") are resolved against the date line
or --date; with neither they stay unresolved (value null, `unresolved: true`), never guessed;
a weekend ("the weekend", "el fin de semana") stays unresolved with them, as the build keeps it.
Our own closed grammar finds them, and the build's reader (normalize.normalize_date) reads
them, so a draft's value is what the build will publish. (A general date parser, dateparser,
finds dates in ordinary words, "may", "march", "second", and fills a missing year from today.)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from claimpack.drafting.finding import Finding, finding
from claimpack.drafting.numbers import DIGIT_GROUP_AFTER, DIGIT_GROUP_BEFORE, EN_UNITS, ES_UNITS
from claimpack.stages.normalize import UnparsableValue, normalize_date, speaks_ahead
from claimpack.vocabulary import BOUNDS, DECADE_WORDS

EN_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)
ES_MONTH = (
    r"(?:[Ee]nero|[Ff]ebrero|[Mm]arzo|[Aa]bril|[Mm]ayo|[Jj]unio|[Jj]ulio|[Aa]gosto|[Ss]eptiembre"
    r"|[Ss]etiembre|[Oo]ctubre|[Nn]oviembre|[Dd]iciembre)"
)
# A date in capitals, as a transcript's heading writes it ("26 DE FEBRERO DE 2026").
ES_MONTH_CAPITALS = (
    r"(?:ENERO|FEBRERO|MARZO|ABRIL|MAYO|JUNIO|JULIO|AGOSTO|SEPTIEMBRE|SETIEMBRE|OCTUBRE"
    r"|NOVIEMBRE|DICIEMBRE)"
)
EN_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
ES_WEEKDAY = r"(?:lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo)"
YEAR = r"(?:1[5-9]\d\d|20\d\d)"
DECADE_WORD = f"(?:{'|'.join(DECADE_WORDS)})"  # "los años noventa", "the nineties"
NUMBER_WORD = "|".join(sorted([*EN_UNITS, *ES_UNITS], key=len, reverse=True))
COUNT = rf"(?:\d+|(?:{NUMBER_WORD})(?:[- ](?:{NUMBER_WORD}))?)"
MONTH_CONTEXT = (
    r"\b(?:in|In|since|Since|until|by|last|next|this|early|late|mid-|of|from|From|for|through|"
    r"en|En|desde|Desde|hasta|de|del|pasado|próximo|este|inicios de|finales de|mediados de) "
)

# A day of the month (not a time, a share or a longer number).
DAY_OF_MONTH = r"(?:[12]\d|3[01]|0?[1-9])\b(?![:.,]?\d| ?%| por ciento)"

# A weekday and a day of the month with no month, one date: "el domingo 22", "este lunes 23",
# "Sunday the 22nd". Not "el domingo, 22 soldados" nor "Sunday 22 soldiers": counts.
WEEKDAY_AND_DAY = (
    rf"\b(?i:pasado |este )?{ES_WEEKDAY} {DAY_OF_MONTH}(?! de )(?! ?{EN_MONTH})"
    rf"|\b(?i:last |this )?{EN_WEEKDAY},? the (?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\b"
)
# A part of a day, one date with it, as the build reads it (the day): "la madrugada del martes",
# "la noche de este lunes", "el domingo por la noche", "ayer en la tarde", "Sunday night",
# "early Monday", "late Sunday evening", "yesterday afternoon".
PART_OF_WEEKDAY = (
    rf"\b(?i:la )?(?i:madrugada|mañana|tarde|noche) (?:del|de este) {ES_WEEKDAY}\b"
    r"|\b(?i:ayer|hoy|anteayer) (?:por|en) la (?:madrugada|mañana|tarde|noche)\b"
    r"|\b(?i:yesterday|today) (?:morning|afternoon|evening)\b"
    rf"|\b{ES_WEEKDAY} (?:por|en) la (?:madrugada|mañana|tarde|noche)\b"
    rf"|\b(?i:early |late )?{EN_WEEKDAY} (?:morning|afternoon|evening|night)\b"
    rf"|\b(?i:early|late) {EN_WEEKDAY}\b"
)
# Two days of one month joined ("del 22 y 23 de febrero", "DEL 22 AL 26 DE FEBRERO", "22 to 24
# February", "February 22 and 23"): the day written without its month is a date in the other's
# month (group "d" the day, "m" the month it takes).
JOINED_DAYS = [
    rf"\b(?P<d>{DAY_OF_MONTH}) (?:y|e|o|al|a|AL|Y) \d{{1,2}} (?:de|DE) "
    rf"(?P<m>{ES_MONTH}|{ES_MONTH_CAPITALS})\b",
    rf"\b(?P<d>{DAY_OF_MONTH})(?:[-\u2013]| (?:and|or|to|through) )\d{{1,2}} (?P<m>{EN_MONTH})",
    rf"\b(?P<m>{EN_MONTH}) \d{{1,2}}(?:st|nd|rd|th)?(?:[-\u2013]| (?:and|or|to|through) )"
    rf"(?P<d>(?:[12]\d|3[01]|0?[1-9]))(?:st|nd|rd|th)?\b(?![:.,]?\d| ?%)",
]
PATTERNS = [
    *(("joined_day", re.compile(pattern)) for pattern in JOINED_DAYS),
    ("day", re.compile(rf"\b{EN_MONTH} \d{{1,2}}(?:st|nd|rd|th)?(?:, {YEAR}\b)?(?!\d)")),
    ("day", re.compile(rf"\b\d{{1,2}} {EN_MONTH}(?:,? {YEAR}\b)?")),
    ("day", re.compile(rf"\b\d{{1,2}} de {ES_MONTH}(?: (?:de|del) {YEAR}\b)?")),
    ("day", re.compile(rf"\b\d{{1,2}} DE {ES_MONTH_CAPITALS}(?: (?:DE|DEL) {YEAR}\b)?")),
    ("month", re.compile(rf"\b{EN_MONTH},? {YEAR}\b")),
    ("month", re.compile(rf"\b{ES_MONTH} (?:de|del) {YEAR}\b")),
    ("month", re.compile(rf"{MONTH_CONTEXT}(?P<d>{EN_MONTH}|{ES_MONTH})\b(?! \d)")),
    ("decade", re.compile(r"\b(?:1[5-9]|20)\d0'?s\b|\bd[ée]cada de (?:1[5-9]|20)\d0\b")),
    ("decade", re.compile(rf"(?:\b[Ll]os )?\baños (?:'?[2-9]0|(?:1[5-9]|20)\d0|{DECADE_WORD})\b")),
    ("decade", re.compile(rf"\bthe (?:'[2-9]0s|{DECADE_WORD})\b")),
    # a year, also the second of two joined by a dash ("(1966-2026)": a span of life)
    ("year", re.compile(rf"(?:(?<![\d$€.,:/-])|(?<=\b{YEAR}[-\u2013])){YEAR}(?![\d%]|,\d|\.\d)")),
    ("year", re.compile(rf"\b[Mm]id-{YEAR}\b")),  # the middle of a year is the year
    ("weekday", re.compile(rf"\b(?i:pasado |próximo |proximo |este |next |last |this )?"
                           rf"(?:{EN_WEEKDAY}|{ES_WEEKDAY})(?: pasado| próximo)?\b")),
    ("weekday_day", re.compile(WEEKDAY_AND_DAY)),
    ("weekday_part", re.compile(PART_OF_WEEKDAY)),
    ("relative", re.compile(
        r"\b(?:[Tt]oday|[Yy]esterday|[Tt]omorrow|[Tt]onight|[Ll]ast night|[Hh]oy|[Aa]yer"
        r"|[Aa]nteayer|[Aa]ntier|[Aa]noche|[Aa]ntenoche)\b"
        r"|\b[Tt]his (?:morning|afternoon|evening)\b"
        r"|\b[Ee]sta (?:madrugada|mañana|tarde|noche)\b")),  # the date line's day
    ("tomorrow", re.compile(r"\b[Mm]añana\b")),
    ("relative", re.compile(
        r"\b(?:[Ll]ast|[Tt]his|[Nn]ext|[Ee]arlier this|[Ll]ater this) (?:year|month|week)\b"
        r"|\b(?:año|mes) (?:pasado|próximo|proximo)\b"
        r"|(?:\b[Ll]a )?\bsemana (?:pasada|próxima|proxima)\b"
        r"|\b(?:[Ee]ste|[Ee]l próximo|[Ee]l proximo) (?:año|mes)\b"
        r"|\b(?:[Ee]sta|[Ll]a próxima|[Ll]a proxima) semana\b"
        r"|\blo que va (?:de la semana|del mes|del año)\b")),  # so far: this week, month, year
    ("relative", re.compile(r"\b[Tt]he (?:last|past) week\b")),  # unresolved: no calendar week
    # a weekend, unresolved: two days no precision holds; not one of many ("a weekend", "cada
    # fin de semana", "weekends")
    ("relative", re.compile(
        r"(?<![Aa] )(?<!\bun )(?<![Ee]very )(?<![Cc]ada )"
        r"(?:\b(?i:the|this|last|next) )?\bweekend\b"
        r"|(?<!\bun )(?<![Cc]ada )(?:\b(?i:el|este|el próximo|el pasado) )?\bfin de semana"
        r"(?: pasado| próximo)?\b")),
    ("ago", re.compile(rf"\b(?i:a|an|one|{COUNT}) (?:days?|weeks?|months?|years?) ago\b")),
    ("ago", re.compile(
        rf"\b[Hh]ace (?:un|una|{COUNT}) (?:días?|dias?|semanas?|mes|meses|años?)\b")),
]  # fmt: skip
# The bound words the build reads as an approximate date (one unit either side, or before),
# so that a draft's value keeps them and builds as written: "around 2009", "hacia 2009",
# "cerca de 2009", before "in"/"en" ("aproximadamente en 2009"), before "the" of a decade only
# ("around the 1990s"; in "around the 2009 election" the year names no time of its own).
APPROXIMATE = {words: bound for words, bound in BOUNDS.items() if bound in {"around", "nearly"}}
BOUND = re.compile(
    r"\b(" + "|".join(sorted(APPROXIMATE, key=len, reverse=True)) + r")[ \t]+"
    r"(?:(?:in|en)[ \t]+)?(?P<article>(?:the|los|la)[ \t]+)?$",
    re.IGNORECASE,
)
SENTENCE_OPENS = re.compile(r"(?:^|[.!?]\s+|\n\s*|[\u2014\u2013«“\"¿¡]\s*)$")
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
        written = match.written
        stop = match.end()
        if kind == "weekday" and (date := DATE_AFTER_WEEKDAY.match(text, match.end())):
            # "el viernes 20 de febrero", "Monday, Feb. 23": one date, the day the date gives,
            # not the Friday nearest the date line and the date again
            written = WEEKDAY_WORDS.sub("", written) + date[0]
            stop = date.end()
        resolved = _resolve(written, base, speaks_ahead(text, match.start(), match.end()))
        if resolved is None:
            continue
        if kind in {"relative", "tomorrow"} and (day := WEEKDAY_AFTER.match(text, stop)):
            ahead = speaks_ahead(text, match.start(), day.end())
            if _resolve(day["weekday"], base, ahead) == resolved:
                stop = day.end()  # "ayer martes", "mañana jueves": one day named twice
        end = stop
        value, precision = resolved
        first, bound = _bound(text, kind, match.start())
        relative = kind not in {"day", "month", "year", "decade"} or not _has_year(match[0])
        found.append(
            finding(
                "date", text, first, stop, value=value,
                precision=precision if value is not None else None, bound=bound,
                unresolved=True if value is None and relative else None,
            )
        )  # fmt: skip
    return found


class _Span:
    """A match narrowed to its date words (group "d" where the pattern has context around); a
    day read with the month of group "m" where it has one ("22" of "22 y 23 de febrero" as "22
    de febrero")."""

    def __init__(self, match: re.Match[str]) -> None:
        group = "d" if "d" in match.re.groupindex else 0
        self._start, self._end, self._text = match.start(group), match.end(group), match[group]
        self.written = self._text
        if "m" in match.re.groupindex:
            month = match["m"]
            spanish = re.fullmatch(ES_MONTH, month.capitalize()) is not None
            self.written = f"{self._text} de {month}" if spanish else f"{month} {self._text}"

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def __getitem__(self, index: int) -> str:
        return self._text


# "San Lunes" is no weekday: a saint's name just before it (looked for in the few characters
# it can take, not in all the text before).
SAINT_BEFORE = re.compile(r"(?<![\w])(?:Santo|San) $")


# A weekday right after "ayer", "hoy", "mañana", "yesterday", "today" ("ayer martes", "hoy
# jueves", "mañana viernes"); set apart by a comma ("Antier, jueves,") it is a date of its own,
# as the fixtures code it.
WEEKDAY_AFTER = re.compile(rf" (?P<weekday>{EN_WEEKDAY}|{ES_WEEKDAY})\b")


# A date right after a weekday ("Sunday, Feb. 22", "el viernes 20 de febrero de 2026").
DATE_AFTER_WEEKDAY = re.compile(
    rf",? (?:{DAY_OF_MONTH} de {ES_MONTH}|{EN_MONTH} \d{{1,2}}\b|\d{{1,2}} {EN_MONTH})"
    rf"(?:,? (?:de |del )?{YEAR}\b)?"
)


def _among_digit_groups(text: str, match: re.Match[str]) -> bool:
    """Digits set apart by a space before and after a year's: groups of a telephone number
    ("33 1870 4455"), no year."""
    before = DIGIT_GROUP_BEFORE.search(text, max(0, match.start() - 2), match.start())
    return before is not None and DIGIT_GROUP_AFTER.match(text, match.end()) is not None


WEEKDAY_WORDS = re.compile(r"^(?i:pasado|próximo|proximo|este|next|last|this) ")
# A weekday with a day of the month after it, read as one date (WEEKDAY_AND_DAY).
WEEKDAY_WITH_DAY = re.compile(WEEKDAY_AND_DAY)


def _matches(text: str, start: int) -> Iterator[tuple[str, _Span]]:
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text, start):
            if kind == "tomorrow" and (
                MORNING.search(text, max(0, match.start() - 8), match.start())
                or (match[0][0] == "M" and not _sentence_opens(text, match.start()))
            ):
                continue  # "la mañana" is a morning; "La Mañana" a name
            if kind == "year" and (
                COUNTED_AFTER.match(text, match.end()) or _among_digit_groups(text, match)
            ):
                continue
            if kind == "weekday_part" and DATE_AFTER_WEEKDAY.match(text, match.end()):
                continue  # "early Friday, Feb. 20": the date names the day (a weekday match)
            if kind == "weekday" and (
                SAINT_BEFORE.search(text, max(0, match.start() - 7), match.start())
                # "el domingo 22": the weekday and the day are one date, or none when no day 22
                # near the date line is a Sunday
                or WEEKDAY_WITH_DAY.match(text, match.start()) is not None
            ):
                continue
            yield kind, _Span(match)


def _sentence_opens(text: str, position: int) -> bool:
    """Whether a sentence, a paragraph, a quotation or dash dialogue opens at position."""
    return SENTENCE_OPENS.search(text, max(0, position - 4), position) is not None


def _bound(text: str, kind: str, start: int) -> tuple[int, str | None]:
    """Where an absolute date starting at `start` starts with the approximate bound before
    it, and the bound as the build reads it; (start, None) without one."""
    match = BOUND.search(text, max(0, start - 30), start)
    if match is None or kind not in {"year", "decade", "month", "day"}:
        return start, None
    if match["article"] and kind != "decade":
        return start, None
    return match.start(), APPROXIMATE[" ".join(match[1].lower().split())]


def _has_year(written: str) -> bool:
    return re.search(rf"\d{{4}}|\d0'?s|años \d0|{DECADE_WORD}", written) is not None


def _resolve(written: str, base: dt.date | None, ahead: bool) -> tuple[str | None, str] | None:
    """(ISO value at its precision, precision) as the build reads the words in a claim that
    speaks ahead or not (normalize_date, so that a draft's note says what the build will
    publish of its sentence); value None when it needs a date line we lack; None when the
    build would refuse them."""
    try:
        normal = normalize_date(written, base, ahead=ahead)
    except UnparsableValue:
        return None
    if normal.date is None or normal.precision is None:
        return None, ""
    return normal.value, normal.precision
