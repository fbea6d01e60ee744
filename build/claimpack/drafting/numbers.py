"""Numbers as an article writes them, in English and Spanish, with what they count.

Digits ("350,000", "350.000", "1.5"), number words ("twenty-five", "a dozen", "veinticinco",
"una docena"), money ("$15 million", "USD 10 million", "15 millones de dólares", "15 mdd"),
percentages, ranges ("between 20 and 30", "entre 4 mil y 5 mil"), bounds ("at least", "más de") and
parts of a whole ("20 of Mexico's 32 states", "20 de los 32 estados": a count of 20 states; "roughly
half", "la mitad de": 50 percent),
and the "a" of how long something lasts ("for more than a year", "en un mes": one year, month).
Each becomes one canonical value, unit and bound, so that "25 militares" and "25 National Guard
members" compare: both are 25 people. Number words are read by text2num, which knows both
languages' compounds ("doscientos treinta y cinco"); the spans are ours.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from text_to_num import text2num

from claimpack.articles import is_list_marker
from claimpack.drafting.finding import Finding, Spans, finding
from claimpack.stages.normalize import numeral_value, parse_amount, range_joined
from claimpack.vocabulary import BOUNDS as SHARED_BOUNDS
from claimpack.vocabulary import COLLECTIVES, SCALES, SPANISH_SCALES, SPANISH_UNITS, UNITS

# The shared vocabulary's number words; "zero", "a" and "an" are not counts in running text.
EN_UNITS = [word for word in UNITS if word not in {"zero", "a", "an"}]
EN_SCALES = {word: value for word, value in SCALES.items() if word != "dozen"}
ES_UNITS = SPANISH_UNITS
ES_SCALES = SPANISH_SCALES
# Each language's own: "miles" is thousands in Spanish, and a distance in English.
VAGUE = {
    "en": "dozens hundreds thousands millions several multiple numerous".split(),
    "es": (
        "decenas docenas cientos centenares millares miles millones varios varias numerosos "
        "numerosas"
    ).split(),
}

# The bound words the build reads (a draft's bound is the one the build will give it).
BOUNDS = SHARED_BOUNDS

# Nouns that say what is counted, to one canonical unit in both languages.
UNIT_WORDS = {
    "people": (
        "people persons person members member soldiers soldier troops militares militar "
        "soldados soldado personas persona miembros miembro elementos agentes agents agent "
        "officers officer policías policias police civilians civiles gunmen sicarios suspects "
        "sospechosos detenidos men women hombres mujeres children niños guards guardias "
        "custodios victims víctimas victimas dead muertos bodies cuerpos prisoners inmates "
        "reos presos criminals delincuentes marines personnel effectives efectivos "
        "guardsmen residents residentes habitantes migrants migrantes journalists periodistas "
        "officials funcionarios operatives integrantes menores minors agresores atacantes "
        "attackers assailants visitors visitantes tourists turistas"
    ),
    "states": "states state estados estado entidades",
    "hours": "hours hour horas hora",
    "days": "days day días dias día dia",
    "months": "months month meses mes",
    "years": "years year años año",
    "vehicles": "vehicles vehículos vehiculos cars autos buses autobuses trucks camiones",
    "flights": "flights vuelos",
    "municipalities": "municipalities municipios",
    "weapons": "weapons armas rifles fusiles guns",
    "km": "kilometers kilometres kilómetros kilometros km",
    "kg": "kilograms kilos kilogramos kg",
    "pounds": "pounds libras lbs",
    "tons": "tons tonnes toneladas",
}
NOUN_UNIT = {word: unit for unit, words in UNIT_WORDS.items() for word in words.split()}
CURRENCY_WORDS = {
    "dollars": "USD", "dólares": "USD", "dolares": "USD", "pesos": "MXN", "euros": "EUR",
}  # fmt: skip

_W = r"(?<![\w.,:])"
EN_SCALE_WORD = "|".join([*EN_SCALES, "dozen"])  # what "a" may count: "a dozen", "a million"
EN_WORD = "|".join(sorted([*EN_UNITS, *EN_SCALES, "dozen"], key=len, reverse=True))
ES_COLLECTIVES = [word for word in COLLECTIVES if word != "dozen"]
ES_WORD = "|".join(sorted([*ES_UNITS, *ES_SCALES, *ES_COLLECTIVES], key=len, reverse=True))
WORDS = {
    "en": re.compile(
        rf"\b(?:(?:half +)?(?:a|an) +(?=(?:{EN_SCALE_WORD})\b))?(?:{EN_WORD})"
        rf"(?:(?:-| +| +and +)(?:{EN_WORD}))*\b",
        re.IGNORECASE,
    ),
    "es": re.compile(
        rf"\b(?:(?:media|medio|una|un) +(?=(?:docena|decena|centenar|millar|mil|millón)\b))?"
        rf"(?:{ES_WORD})"
        rf"(?:(?: +| +y +)(?:{ES_WORD}))*\b",
        re.IGNORECASE,
    ),
}
# Digits as normalize.NUMERAL reads them (a separator before exactly three digits groups
# thousands), found in running text.
DIGITS = re.compile(
    _W + r"\d{1,3}(?:([,.\u00a0\u202f ])\d{3})(?:\1\d{3})*(?:[.,]\d+)?(?![\d])"
    r"|" + _W + r"\d+(?:[.,]\d+)?(?![^\W_]|[.,]\d)"  # not the "1" of "1.2bn"
    r"|(?<=\$)\d+(?:[.,]\d+)?(?=(?:bn|mn|m)\b)"  # "$1.2bn", "$15m"
)
# Mexican style books write thousands and millions as digits and words by turns ("5 mil 200",
# "3 millones 200 mil", "un millón 200 mil", "mil 500"): one number, read as
# normalize.parse_amount reads it.
_SCALE_THEN_DIGITS = r"(?:millones|millón|millon|mil) +\d{1,3}(?![\d.,]\d)"
SPANISH_COMPOUND = re.compile(
    _W + rf"(?:(?:\d{{1,3}}|\bun)(?: +{_SCALE_THEN_DIGITS})+|\bmil +\d{{1,3}}(?![\d.,]\d))"
    r"(?: +mil\b)?",
    re.IGNORECASE,
)
SCALE_AFTER = re.compile(
    r"[ \u00a0]+(million|billion|thousand|trillion|mil[ \t]+millones|millones|millón|millon|mil)\b"
    r"|[ \u00a0]?(mdd|mdp)\b|(?<=\d)(bn|mn|m)\b",
    re.IGNORECASE,
)
CURRENCY_BEFORE = re.compile(
    r"(US\$|U\.S\.[ \t]?\$|MXN[ \t]?\$?|MEX\$|MX\$|USD[ \t]?|EUR[ \t]?|\$|€)$", re.IGNORECASE
)
CURRENCY_AFTER = re.compile(
    r" +(?:(?:de|in|of) +)?(?:U\.?S\.? +)?(dollars|dólares|dolares|pesos|euros)\b"
    r"| ?(USD|MXN|EUR)\b",
    re.IGNORECASE,
)
PERCENT_AFTER = re.compile(r" ?%| +(?:percent|per cent|por ciento)\b|-percent\b", re.IGNORECASE)
BOUND_WORDS = "|".join(sorted(BOUNDS, key=len, reverse=True))
BOUND_BEFORE = re.compile(rf"\b({BOUND_WORDS})[ \t]+$", re.IGNORECASE)
VAGUE_WORDS = {
    language: re.compile(
        rf"\b(?:{multiple}|" + "|".join(words) + r")\b(?=[ \t]+(?:of[ \t]+|de[ \t]+)?\w)",
        re.IGNORECASE,
    )
    for language, multiple, words in (
        ("en", r"(?:hundreds|tens)[ \t]+of[ \t]+thousands", VAGUE["en"]),
        ("es", r"(?:cientos|decenas)[ \t]+de[ \t]+miles", VAGUE["es"]),
    )
}
# Half of a whole, as a share of 50 percent: "half" before "of" ("half of them") or after a
# bound ("roughly half"), "la mitad" before "de" or after a bound ("casi la mitad"); not "half
# an hour", "half a dozen", nor the middle of something ("a la mitad del camino").
HALF = {
    "en": re.compile(
        rf"(?:\b(?P<bound>{BOUND_WORDS})[ \t]+)?\bhalf\b(?(bound)|(?=[ \t]+of\b))", re.IGNORECASE
    ),
    "es": re.compile(
        rf"(?:\b(?P<bound>{BOUND_WORDS})[ \t]+|(?<!\ba[ \t])(?<!\ben[ \t]))\bla[ \t]+mitad\b"
        r"(?(bound)|(?=[ \t]+de\b))",
        re.IGNORECASE,
    ),
}
RANGE_JOIN = re.compile(r" *(?:-|\u2013|—) *| +(?:and|to|y|a) +", re.IGNORECASE)
RANGE_OPEN = re.compile(r"\b(between|from|entre|de)[ \t]+$", re.IGNORECASE)
# A verb of change before "from"/"de" ("rose from 20 to 30", "subió de 20 a 30"): the two
# numbers are the value before and after, each a value of its own, no range.
CHANGE_BEFORE = re.compile(
    r"\b(?:rose|fell|jumped|climbed|dropped|increased|decreased|grew|went(?:[ \t]+(?:up|down))?|"
    r"subió|bajó|pasó|aumentó|cayó|creció|disminuyó|se[ \t]+elevó|saltó)"
    r"(?:[ \t]+[^\W\d_]+){0,2}[ \t]+(?:from|de)[ \t]+$",
    re.IGNORECASE,
)
AGE_AFTER = re.compile(
    r"-year-old|[ \t]+years?[ \t]+old|[ \t]+años[ \t]+de[ \t]+edad|-años", re.IGNORECASE
)
NOT_A_COUNT_AFTER = re.compile(
    r"[ \t]+(?:of|de|del)[ \t]|[ \t]+(?:another|other|by|or|u|o|más|day|día)\b"
    r"|[^\w\s-]|[ \t]*(?:\n|$)",
    re.IGNORECASE,
)
# A determiner and an adjective before "one" make it a pronoun ("a quick one on Congress",
# "the only one backed by evidence", "the last one"); "one" then counts nothing.
PRONOUN_ONE_BEFORE = re.compile(r"(?<!\w)(?i:a|an|the|this|that)[ \t]+[a-z]+[ \t]+$")
# "not one", "ni un", "ni una": none at all, which the claim's negation says ("not one foreign
# soldier took part"), no count of one.
NOT_ONE_BEFORE = re.compile(r"\b(?i:not|ni)[ \t]+$")
# One after another: "one at a time", "one by one", "uno por uno", "una a la vez".
ONE_AT_A_TIME = re.compile(
    r"[ \t]+(?:at[ \t]+a[ \t]+time|by[ \t]+one|por[ \t]+un[oa]|a[ \t]+la[ \t]+vez)\b",
    re.IGNORECASE,
)
# What joins a part to the whole it is counted from: "20 of Mexico's 32", "20 out of 32", "3 in
# every 10", "20 de los 32", "7 de sus 125", "3 de cada 10".
PART_OF_WHOLE = re.compile(
    r"[ \t]+(?:(?:out[ \t]+of|of|de)[ \t]+"
    r"(?:(?:the|its|their|every|each|los|las|sus|cada)[ \t]+)?(?:[^\W\d_][\w.]*['\u2019]s[ \t]+)?"
    r"|in[ \t]+(?:every|each)[ \t]+)",
    re.IGNORECASE,
)
TIME_OR_CODE_AFTER = re.compile(
    r":\d|[ \t]*(?:a\.[ \t]?m\.|p\.[ \t]?m\.|am\b|pm\b|hrs\b|horas?[ \t]+del?\b)"
    r"|/\d|[-/][^\W\d_]+\d",
    re.IGNORECASE,
)
# What digits after it number, not count: a road, a marker along a road ("kilómetro 87", "km
# 12", "mile marker 40": a place), an article of a law, a line, a file, a level of a scale
# ("Level 4", "nivel 3"), one of a series of recordings ("Audio 2", "video 3"), a bill of a
# legislature ("H.R. 1187", "H. Res. 45", "S.B. 4", "HB 1200").
NUMBERED_BEFORE = re.compile(
    r"\b(?:h\.[ \t]?r\.|h\.[ \t]?res\.|[hs]\.[ \t]?b\.|[hs]b|kilómetro|kilometro|kilometer|"
    r"kilometre|km|mile[ \t]+marker|milepost|"
    r"highway|route|interstate|road|article|section|line|extension|ext\.|room|flight|"
    r"bus|exit|case|no\.|number|level|audio|video|clip|carretera|autopista|ruta|artículo|"
    r"artículos|fracción|sección|nivel|"
    r"línea|extensión|número|núm\.|folio|expediente|oficio|carpeta|vuelo|salida|habitación|"
    r"c\.\s?p\.|cp|código[ \t]+postal|tel\.|teléfono)[ \t]+$",
    re.IGNORECASE,
)
# A firearm's calibre: digits after "calibre"/"caliber" ("calibre 9 milímetros"), before it
# ("a 50-caliber rifle"), or millimetres beside a firearm or its rounds ("a 9 mm pistol",
# "una pistola 9 mm", "cartuchos de 7.62 mm"); "120 mm of rain" is a count.
WEAPON = (
    r"(?:pistols?|handguns?|rifles?|guns?|rounds|bullets|cartridges|casings|shells|ammunition|"
    r"pistolas?|fusil(?:es)?|armas?|escopetas?|cartuchos|casquillos|balas|municiones)"
)
CALIBRE_BEFORE = re.compile(
    rf"\b(?:(?:calibre|caliber|cal\.)|(?P<weapon>{WEAPON}(?:[ \t]+(?:de|del))?))[ \t]+$",
    re.IGNORECASE,
)
CALIBRE_AFTER = re.compile(r"[ \t-]?(?:caliber|calibre)\b", re.IGNORECASE)
MILLIMETRES_AFTER = re.compile(
    rf"[ \t]?(?:mm|milímetros|milimetros)\b(?P<weapon>[ \t]+(?:(?:de|del)[ \t]+)?{WEAPON}\b)?",
    re.IGNORECASE,
)
# Groups of digits set apart by a space only, as a telephone number's are ("33 3837 6000"): a
# space groups thousands only before exactly three digits (DIGITS).
DIGIT_GROUP_BEFORE = re.compile(r"\d[ \t]$")
DIGIT_GROUP_AFTER = re.compile(r"[ \t]\d")
# Three or more groups of digits joined by hyphens, as a telephone number's or a code's are
# ("1-800-555-0199", "33-3837-6000"); a range joins two.
HYPHENATED_GROUPS = re.compile(r"\d+(?:-\d+){2,}")
# An area code in parentheses and the groups of digits after it, as a telephone number is
# written ("(312) 555-0188", "(33) 3942-1100"): two groups after it are no range.
AREA_CODE_GROUPS = re.compile(r"\(\d{1,4}\)[ \t]?\d{2,4}(?:[-. \t]\d{2,4})+")
# A house number of a street address: in English before the street's capitalized name and its
# kind ("410 E. Gibbs St.", "77 North Main Street"), in Spanish after them ("calle Hidalgo
# 410", "avenida López Mateos 1520"); "300 people marched down Main Street" counts.
_NAME_WORD = r"[A-ZÁÉÍÓÚÑ][\w'\u2019.-]*"
STREET_AFTER = re.compile(
    rf"[ \t]+(?:(?:[NSEW]\.?|North|South|East|West)[ \t]+)?(?:{_NAME_WORD}[ \t]+){{1,3}}"
    r"(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Dr|Drive|Ln|Lane|Way|Pl|Place|Ct|Court)\b"
)
STREET_BEFORE = re.compile(
    r"\b(?i:calle|avenida|av\.|avda\.|calzada|calz\.|boulevard|bulevar|blvd\.|paseo|privada)"
    rf"(?:[ \t]+(?:{_NAME_WORD}|de|del|la|las|los))*?[ \t]+{_NAME_WORD}"
    r"(?:[ \t]+(?i:no\.|núm\.|número|#))?[ \t]*$"
)
# A singular article before digits with no noun of their own: what they number stands for the
# noun left out ("la 70": la carretera 70; "al 911": al número 911).
SINGULAR_BEFORE = re.compile(r"(?<!\w)(?:la|el|al|del)[ \t]+$", re.IGNORECASE)
# An hour told by "las" and a number with no plural noun after it ("a las seis ya había
# balazos", "desde las siete de la mañana"); "a las seis familias" counts families.
HOUR_BEFORE = re.compile(
    r"\b(?:a|desde|hasta|antes[ \t]+de|después[ \t]+de|hacia|sobre)[ \t]+las?[ \t]+$",
    re.IGNORECASE,
)
PLURAL_NOUN_AFTER = re.compile(r"[ \t]+[^\W\d_]+s\b")
# An hour told in English by the part of the day after it ("at two in the morning", "until
# 11 at night", "by six o'clock"); "killed 12 in the morning raid" counts people.
EN_HOUR_BEFORE = re.compile(r"\b(?:at|until|till|by|since|before|after|around|from)[ \t]+$", re.I)
EN_HOUR_AFTER = re.compile(
    r"[ \t]+o['\u2019]clock\b"
    r"|[ \t]+(?:in[ \t]+the[ \t]+(?:morning|afternoon|evening)|at[ \t]+night)(?![ \t]+[^\W\d_])",
    re.IGNORECASE,
)
# What an age in apposition follows: a name ("Oseguera, 59,", "Oseguera, de 59 años,") or a
# noun phrase a determiner opens ("el capo, de 59 años,", "the kingpin, 59,"); "aged 59".
AGE_BETWEEN_COMMAS = re.compile(
    r"(?:[A-ZÁÉÍÓÚÑ][\w.]+|\b(?i:the|a|an|el|la|un|una)(?:[ \t]+[^\W\d_][\w-]*){1,3}),"
    r"[ \t](?P<de>de[ \t])?$|\baged[ \t]$"
)
# "a"/"un" counts one of a stretch of time after what says how long ("within a month", "for
# more than a year", "en un mes", "durante una semana"); not a rate ("2 million pesos a
# month") nor a time before ("a week ago", "a day after"), which is no duration.
ONE_DURATION = {
    "en": re.compile(
        r"\b(?:within|for|in|over|under|than|nearly|almost|about|around|lasting)[ \t]+"
        r"(?P<one>an?)[ \t]+(?:hour|day|week|fortnight|month|year|decade)\b(?![ \t]+ago)",
        re.IGNORECASE,
    ),
    "es": re.compile(
        r"\b(?:en|durante|por|dentro[ \t]+de|más[ \t]+de|menos[ \t]+de|casi|cerca[ \t]+de)"
        r"[ \t]+(?P<one>una?)[ \t]+(?:hora|día|semana|quincena|mes|año|década)\b",
        re.IGNORECASE,
    ),
}
NOUN = re.compile(r"[^\W\d_][\w'\u2019.-]*")
STOP = frozenset(
    "and or but were was are is be been have has had can could will would may might should "
    "must do does did who that which in on at for to from with "
    "by of as into than after before during while when where its their his her it they the "
    "y o pero que en con por para a al del de los las el la se su sus fue fueron son es "
    "entre como según tras cuando donde más".split()
)
# A determiner after "of"/"de": what is counted follows it ("dozens of the", "varios de sus").
WHOSE = frozenset("the its their his her our these those los las sus estos estas".split())
ADJECTIVES = frozenset(
    "additional other more further más otros otras additional new nuevos nuevas".split()
)


@dataclass(frozen=True)
class _Number:
    start: int
    end: int
    value: float | None


def find_numbers(text: str, language: str, start: int = 0) -> list[Finding]:
    """Every number in text[start:], as findings with value, unit, bound and counted noun."""
    raw = sorted(_raw_numbers(text, language, start), key=lambda n: (n.start, -n.end))
    kept: list[_Number] = []
    for number in raw:
        if kept and number.start < _scaled_end(text, kept[-1]):  # "mil" in "4 mil" scales 4
            continue
        if not _not_a_count(text, number, language):
            kept.append(number)
    wholes = _wholes(text, kept)
    parts = [number for number in kept if number not in wholes.values()]
    found = list(_findings(text, _ranges(text, parts), wholes))
    taken = Spans(found)
    for match in VAGUE_WORDS[language].finditer(text, start):
        if not taken.overlaps(match.start(), match.end()):
            found.extend(_vague(text, match.start(), match.end()))
    for match in HALF[language].finditer(text, start):
        if not taken.overlaps(match.start(), match.end()):
            bound = match["bound"] and BOUNDS[" ".join(match["bound"].lower().split())]
            found.append(
                finding(
                    "number",
                    text,
                    match.start(),
                    match.end(),
                    value=50.0,
                    unit="percent",
                    bound=bound or None,
                )
            )
    kept_findings: list[Finding] = []
    for item in sorted(found, key=lambda f: (f.char_start, -f.char_end)):
        if not kept_findings or item.char_start >= kept_findings[-1].char_end:
            kept_findings.append(item)
    return kept_findings


def _raw_numbers(text: str, language: str, start: int) -> Iterator[_Number]:
    for match in DIGITS.finditer(text, start):
        yield _Number(match.start(), match.end(), numeral_value(match[0]))
    if language == "es":
        for match in SPANISH_COMPOUND.finditer(text, start):
            yield _Number(match.start(), match.end(), parse_amount(match[0]))
    for match in ONE_DURATION[language].finditer(text, start):
        yield _Number(match.start("one"), match.end("one"), 1.0)
    for match in WORDS[language].finditer(text, start):
        value = _words_value(match[0], language)
        if match[0].lower() in {"uno", "una"} and _whole_follows(text, match.end(), language):
            value = 1.0  # "una de las 32 entidades": a part of a whole, not an article
        if value is not None:
            yield _Number(match.start(), match.end(), value)
        else:
            yield from _two_numbers(match, language)


def _two_numbers(match: re.Match[str], language: str) -> Iterator[_Number]:
    """The two numbers a run of number words joined by "and" or "y" names when it is no one
    number ("twenty and thirty", "veinte y treinta": the ends of a range), none otherwise."""
    for join in re.finditer(r" +(?:and|y) +", match[0], re.IGNORECASE):
        first = _words_value(match[0][: join.start()], language)
        second = _words_value(match[0][join.end() :], language)
        if first is not None and second is not None:
            yield _Number(match.start(), match.start() + join.start(), first)
            yield _Number(match.start() + join.end(), match.end(), second)
            return


def _words_value(written: str, language: str) -> float | None:
    """The number a run of number words names, or None for a lone article ("a", "una")."""
    words = written.lower().replace("-", " ").split()
    if len(words) == 1 and words[0] in {"un", "una", "uno"}:
        return None
    if words[0] == "half" and len(words) > 2:  # "half a dozen", "half a million"
        whole = _words_value(" ".join(words[1:]), language)
        return None if whole is None else whole / 2
    if words[0] in {"a", "an"}:
        words[0] = "one"
    if words[0] in {"medio", "media"} and len(words) > 1 and words[-1] not in COLLECTIVES:
        rest = _text2num(" ".join(["un", *words[1:]]), language)
        return None if rest is None else rest / 2
    if words[-1] in COLLECTIVES:  # "una docena", "dos centenares", "medio millar"
        head = " ".join(words[:-1])
        if not head and words[-1].endswith("s"):  # "centenares de personas": vague
            return None
        count = 0.5 if head in {"media", "medio"} else _text2num(head, language) if head else 1.0
        return None if count is None else count * COLLECTIVES[words[-1]]
    return _text2num(" ".join(words), language)


def _text2num(words: str, language: str) -> float | None:
    if words in {"one", "un", "una", "uno"}:
        return 1.0
    try:
        return float(text2num(words, language))
    except ValueError:
        return None


def _not_a_count(text: str, number: _Number, language: str) -> bool:
    """ "one of the", "uno de los" (but "one of the 32 states" counts one), times ("10:30",
    "9 a.m.", "a las seis", "at two in the morning"), identifiers ("F-16", "G7"), a numbered
    list's item markers ("1. ")."""
    if is_list_marker(text, number.start, number.end):
        return True
    written = text[number.start : number.end].lower()
    if (
        written in {"one", "uno", "una"}
        and NOT_A_COUNT_AFTER.match(text, number.end)
        and not _whole_follows(text, number.end, language)
    ):
        return True
    if written == "one" and re.search(
        r"\b(?:no|any|every|some)[ \u00a0]$", text[max(0, number.start - 6) : number.start], re.I
    ):
        return True  # "no one was arrested", "anyone": a pronoun
    if written in {"one", "un", "uno", "una"} and NOT_ONE_BEFORE.search(
        text, max(0, number.start - 8), number.start
    ):
        return True  # "not one soldier", "ni un solo disparo": none, a negation
    if written == "one" and PRONOUN_ONE_BEFORE.search(
        text, max(0, number.start - 24), number.start
    ):
        return True  # "a quick one", "the only one": a pronoun after a determiner's adjective
    if written in {"one", "uno", "una"} and ONE_AT_A_TIME.match(text, number.end):
        return True  # "one at a time", "uno por uno": how, not how many
    if TIME_OR_CODE_AFTER.match(text, number.end):
        return True
    if (
        number.value is not None
        and number.value <= 24
        and HOUR_BEFORE.search(text, max(0, number.start - 20), number.start)
        and not PLURAL_NOUN_AFTER.match(text, number.end)
    ):
        return True  # "a las seis ya había balazos": an hour, not six of anything
    if (
        language == "en"
        and EN_HOUR_BEFORE.search(text, max(0, number.start - 8), number.start)
        and EN_HOUR_AFTER.match(text, number.end)
    ):
        return True
    if written[0].isdigit() and _identifier(text, number, language):
        return True
    before = text[max(0, number.start - 2) : number.start]
    return bool(re.search(r"[^\W\d_]-?$", before)) and written[0].isdigit()


def _identifier(text: str, number: _Number, language: str) -> bool:
    """Digits that name rather than count: after what they number ("Highway 15", "artículo
    194", "la línea 089", "ruta 275"), inside a code or a file number ("FE/CS/118/2026"), among
    groups of a telephone number ("33 3837 6000", "1-800-555-0199", "(33) 3942-1100"), the
    house number of an address ("410 E. Gibbs St.", "calle Hidalgo 410"); in Spanish after a
    singular article that stands for what they number ("la 70 y la 200", "llama al 911"),
    which no count takes."""
    if NUMBERED_BEFORE.search(text, max(0, number.start - 24), number.start):
        return True
    if _calibre(text, number):
        return True
    if text[number.start - 1 : number.start] == "/" or DIGIT_GROUP_BEFORE.search(
        text, max(0, number.start - 8), number.start
    ):
        return True
    if DIGIT_GROUP_AFTER.match(text, number.end):
        return True
    if STREET_AFTER.match(text, number.end):
        return True
    if STREET_BEFORE.search(
        text, max(0, number.start - 48), number.start
    ) and not PLURAL_NOUN_AFTER.match(text, number.end):
        return True  # "en la avenida Juárez 40 policías cerraron el paso" counts
    for groups in (HYPHENATED_GROUPS, AREA_CODE_GROUPS):
        nearby = groups.finditer(text, max(0, number.start - 24), number.end + 24)
        if any(run.start() <= number.start and run.end() >= number.end for run in nearby):
            return True
    return (
        language == "es"
        and number.value is not None
        and number.value > 1
        and SINGULAR_BEFORE.search(text, max(0, number.start - 6), number.start) is not None
        and not PERCENT_AFTER.match(text, number.end)
        and not SCALE_AFTER.match(text, number.end)
    )


def _calibre(text: str, number: _Number) -> bool:
    """Digits that give a firearm's calibre (CALIBRE_BEFORE, CALIBRE_AFTER): a size, no count."""
    before = CALIBRE_BEFORE.search(text, max(0, number.start - 24), number.start)
    if (before is not None and before["weapon"] is None) or CALIBRE_AFTER.match(text, number.end):
        return True
    millimetres = MILLIMETRES_AFTER.match(text, number.end)
    return millimetres is not None and (before is not None or millimetres["weapon"] is not None)


def _whole_follows(text: str, end: int, language: str) -> bool:
    """Whether a whole follows ("one of the 32 states"): then "one", "uno", "una" count a part."""
    joined = PART_OF_WHOLE.match(text, end)
    return joined is not None and bool(
        DIGITS.match(text, joined.end()) or WORDS[language].match(text, joined.end())
    )


def _wholes(text: str, numbers: list[_Number]) -> dict[_Number, _Number]:
    """Each part ("20" in "20 of Mexico's 32 states") to the whole it is counted from ("32"):
    the whole is what the count is taken from, not a count of the event, so it is not drafted;
    its noun says what the part counts."""
    wholes: dict[_Number, _Number] = {}
    for part, whole in itertools.pairwise(numbers):
        if (
            part not in wholes.values()
            and PART_OF_WHOLE.fullmatch(text, part.end, whole.start)
            and part.value is not None
            and whole.value is not None
            and part.value <= whole.value
        ):
            wholes[part] = whole
    return wholes


def _ranges(text: str, numbers: list[_Number]) -> list[tuple[_Number, _Number | None]]:
    """Pairs (low, high) that make a range (see _is_range); every other number alone."""
    paired: list[tuple[_Number, _Number | None]] = []
    index = 0
    while index < len(numbers):
        number = numbers[index]
        following = numbers[index + 1] if index + 1 < len(numbers) else None
        if following is not None and _is_range(text, number, following):
            paired.append((number, following))
            index += 2
            continue
        paired.append((number, None))
        index += 1
    return paired


def _scaled_end(text: str, number: _Number) -> int:
    """Where a number ends with the scale word after it ("4 mil", "2 million")."""
    scale = SCALE_AFTER.match(text, number.end)
    return scale.end() if scale else number.end


def _low_factor(text: str, low: _Number, high: _Number) -> float:
    """The scale of a range's low end: its own when written ("entre 4 mil y 5 mil"), unless
    the high's goes on past the same word, which then scales both ("entre 8 mil y 12 mil
    millones": from 8 mil millones); else the high's ("between 2 and 3 million"), unless the
    low, not below the high's own digits, is whole below that scale ("entre 500 y 2 mil": 500)."""
    low_scale, high_scale = SCALE_AFTER.match(text, low.end), SCALE_AFTER.match(text, high.end)
    if low_scale is None:
        factor = _factor_after(text, high.end)
        known = low.value is not None and high.value is not None
        if known and high.value <= low.value < high.value * factor:  # type: ignore[operator]
            return 1.0
        return factor
    own = low_scale[0].lower().split()
    if high_scale is not None and high_scale[0].lower().split()[: len(own)] == own:
        return _scale(high_scale)
    return _scale(low_scale)


def _factor_after(text: str, end: int) -> float:
    scale = SCALE_AFTER.match(text, end)
    return _scale(scale) if scale else 1.0


def _is_range(text: str, low: _Number, high: _Number) -> bool:
    """Two numbers, the first below the second, joined as the build reads a range
    (normalize.range_joined): "between 20 and 30", "de 20 a 30", "20 to 30", "20-30", each
    end with the scale word after it ("entre 4 mil y 5 mil"), or a share at each end ("12% to
    15%", "entre 10% y 20%")."""
    sign = CURRENCY_BEFORE.search(text, low.end, high.start)  # "$10 to $12 billion"
    low_end = _scaled_end(text, low)
    percent = PERCENT_AFTER.match(text, low_end)  # "12% to 15%", when the high is one too
    if percent is not None and PERCENT_AFTER.match(text, _scaled_end(text, high)):
        low_end = percent.end()
    join = RANGE_JOIN.fullmatch(text, low_end, sign.start() if sign else high.start)
    if join is None or low.value is None or high.value is None:
        return False
    if low.value * _low_factor(text, low, high) >= high.value * _factor_after(text, high.end):
        return False
    currency = CURRENCY_BEFORE.search(text, max(0, low.start - 7), low.start)  # "between $2"
    opens_at = currency.start() if currency else low.start
    opened = RANGE_OPEN.search(text, max(0, opens_at - 12), opens_at)
    if join[0].strip() in {"-", "\u2013", "—"}:
        return opened is not None or text[low.start].isdigit()
    return range_joined(join[0], opened[1] if opened else None)


def _findings(
    text: str, paired: list[tuple[_Number, _Number | None]], wholes: dict[_Number, _Number]
) -> Iterator[Finding]:
    for low, high in paired:
        last = high or low
        start, end = low.start, last.end
        scale = SCALE_AFTER.match(text, end)
        factor = 1.0
        currency = None
        if scale is not None:
            factor = _scale(scale)
            currency = {"mdd": "USD", "mdp": "MXN"}.get((scale[2] or "").lower())
            end = scale.end()
        before = CURRENCY_BEFORE.search(text, max(0, start - 7), start)
        if before is not None:
            start = before.start()
            currency = _currency_code(before[0])
        after = CURRENCY_AFTER.match(text, end)
        if after is not None:
            end = after.end()
            named = _currency_code(after[1] or after[2])
            currency = named if currency in {None, "USD"} else currency
        percent = PERCENT_AFTER.match(text, end) if currency is None else None
        if percent is not None:
            end = percent.end()
        opening = RANGE_OPEN.search(text, max(0, start - 12), start) if high else None
        change_from: tuple[int, int, float | None] | None = None  # the value before a change
        if high is not None and CHANGE_BEFORE.search(text, max(0, start - 40), start):
            low_value = _scaled(low.value, _low_factor(text, low, high))
            change_from = (low.start, _scaled_end(text, low), low_value)
            low, start, opening = high, high.start, None
            high = None
        if opening is not None:
            start = opening.start()
        bound = None
        if high is None:
            bound_match = BOUND_BEFORE.search(text, max(0, start - 20), start)
            if bound_match is not None:
                bound = BOUNDS[" ".join(bound_match[1].lower().split())]
                start = bound_match.start()
        whole = wholes.get(last)
        counts, noun_unit = _counted(text, whole.end if whole else end)
        unit = currency or ("percent" if percent else None)
        age = _is_age(text, low, last, end)
        if unit is None:
            unit = "years" if age else noun_unit
        values = {
            "value": None if high else _scaled(low.value, factor),
            "low": _scaled(low.value, _low_factor(text, low, high)) if high else None,
            "high": _scaled(high.value, factor) if high else None,
        }
        if change_from is not None:
            yield finding(
                "number", text, change_from[0], change_from[1], unit=unit, value=change_from[2],
                counts="age" if age else counts,
            )  # fmt: skip
        yield finding(
            "number", text, start, end, unit=unit, bound=bound,
            counts="age" if age else counts,
            whole=text[whole.start : whole.end] if whole else None, **values,
        )  # fmt: skip


def _vague(text: str, start: int, end: int) -> Iterator[Finding]:
    """ "dozens of people", "miles de personas": no number, but a count all the same."""
    counts, unit = _counted(text, end, vague=True)
    if counts is not None:
        yield finding("number", text, start, end, unit=unit, counts=counts, vague=True)


def _scale(scale: re.Match[str]) -> float:
    word = " ".join((scale[1] or scale[3] or "").lower().split())
    if scale[2]:
        return 1e6
    return {
        "bn": 1e9, "mn": 1e6, "m": 1e6,
        "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "mil": 1e3,
        "millón": 1e6, "millon": 1e6, "millones": 1e6, "mil millones": 1e9,
    }[word]  # fmt: skip


def _currency_code(written: str) -> str:
    lowered = written.lower().replace(" ", "")
    if lowered.startswith(("mxn", "mx$", "mex$")) or lowered == "pesos":
        return "MXN"
    if lowered.startswith(("eur", "€")) or lowered == "euros":
        return "EUR"
    return "USD"


def _scaled(value: float | None, factor: float) -> float | None:
    return None if value is None else round(value * factor, 6)


def _counted(text: str, end: int, vague: bool = False) -> tuple[str | None, str | None]:
    """The noun phrase after a number (what it counts) and its canonical unit, if known; after
    a vague count, past a determiner after "of"/"de" ("hundreds of its loads": loads), where
    a number's "Two of the wounded" counts a part of a group, not the group."""
    words: list[str] = []
    position = end
    unit = None
    if re.match(r"-year-old|-años", text[end : end + 9]):
        return None, "years"
    while len(words) < 4:
        match = NOUN.match(text, position + 1) if text[position : position + 1] == " " else None
        if match is None:
            break
        word = match[0].rstrip(".")
        lowered = word.lower()
        after_of = not words and text[end:position].strip().lower() in {"of", "de"}
        if vague and after_of and lowered in WHOSE:  # "hundreds of its loads", "varios de los"
            position = match.end()
            continue
        if lowered in STOP and not (not words and lowered in {"of", "de"}):
            break
        if lowered.endswith(("ed", "ing", "aron", "ieron", "ado", "ados", "ido", "idos")) and words:
            break
        if lowered not in {"of", "de"}:
            words.append(word)
            unit = unit or NOUN_UNIT.get(lowered)
        position = match.start() + len(word)
        if word != match[0]:
            break
    if words and all(word.lower() in ADJECTIVES for word in words):
        return None, None
    return (" ".join(words) or None), unit


def _is_age(text: str, low: _Number, last: _Number, end: int) -> bool:
    """An age by its words ("59-year-old", "59 años de edad") or in apposition, closed by a
    comma ("Oseguera, 59, was"; not "Oseguera, 59 años de prisión"), or by the sentence's end
    after "de 59 años", which can be nothing but an age there."""
    if AGE_AFTER.match(text, last.end):
        return True
    apposition = AGE_BETWEEN_COMMAS.search(text[max(0, low.start - 40) : low.start])
    years = re.match(r"[ \t]+(?:años|years)\b", text[end : end + 8])
    closed = {",", ")", ";"} | (
        {".", "\n", ""} if apposition and apposition["de"] and years else set()
    )
    after = end + (years.end() if years else 0)
    return (
        apposition is not None
        and text[after : after + 1] in closed
        and (low.value is not None and 0 < low.value < 120)
    )
