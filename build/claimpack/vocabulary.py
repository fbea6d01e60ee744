"""The words of numbers and dates an article uses, in English and Spanish, kept once.

normalize turns them into values, coverage finds them in the text, and drafting finds and
resolves them in a new article. Every list is lower case.
"""

from __future__ import annotations

# Bound words before a number, to the `bound` values the statements table allows.
BOUNDS = {
    "up to": "up_to",
    "at least": "at_least",
    "more than": "more_than",
    "over": "more_than",
    "nearly": "nearly",
    "almost": "nearly",
    "around": "around",
    "about": "around",
    "approximately": "around",
    "roughly": "around",
    "circa": "around",  # "circa 2009"
    "as many as": "up_to",
    "at most": "up_to",
    "close to": "nearly",
    "some": "around",  # "some 40": not the vague "some" (normalize.VAGUE), which has no number
    "less than": "less_than",
    "fewer than": "less_than",
    # Spanish
    "hasta": "up_to",
    "al menos": "at_least",
    "por lo menos": "at_least",
    "como mínimo": "at_least",
    "más de": "more_than",
    "mas de": "more_than",
    "casi": "nearly",
    "alrededor de": "around",
    "aproximadamente": "around",
    "unos": "around",
    "unas": "around",
    "cerca de": "nearly",
    "algunos": "around",
    "algunas": "around",
    "menos de": "less_than",
    "hacia": "around",  # "hacia 2009"
    "poco más de": "more_than",
}
# "más del 40 por ciento", "alrededor del 40%": "del" is "de" with the article "el".
BOUNDS |= {f"{words[:-3]} del": bound for words, bound in BOUNDS.items() if words.endswith(" de")}

UNITS = {
    "zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
# Words for a count of none ("no one was arrested"); read as 0, never found as numbers by coverage.
NONE_WORDS = frozenset({"no one", "none", "nobody", "zero", "nadie", "ninguno", "ninguna", "cero"})
SCALES = {
    "dozen": 12,
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
}
FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4}
# Read in a proportion's value only: in running text "cuarto" is also a room, "mitad" a middle.
SPANISH_FRACTIONS = {"mitad": 2, "tercio": 3, "tercios": 3, "cuarto": 4, "cuartos": 4}
# Words after a number that make it a share of a hundred.
PERCENT_WORDS = ("%", "percent", "per cent", "por ciento")
# Spanish number words (text2num reads their compounds: "doscientos treinta y cinco").
SPANISH_UNITS = (
    "uno un una dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince "
    "dieciséis dieciseis diecisiete dieciocho diecinueve veinte veintiuno veintiún veintiuna "
    "veintidós veintidos veintitrés veintitres veinticuatro veinticinco veintiséis veintiseis "
    "veintisiete veintiocho veintinueve treinta cuarenta cincuenta sesenta setenta ochenta "
    "noventa cien ciento doscientos doscientas trescientos trescientas cuatrocientos "
    "cuatrocientas quinientos quinientas seiscientos seiscientas setecientos setecientas "
    "ochocientos ochocientas novecientos novecientas"
).split()
SPANISH_SCALES = {"mil": 1_000, "millón": 10**6, "millon": 10**6, "millones": 10**6}
# Nouns that count by groups: "dos docenas" (24), "un centenar" (100), "medio millar" (500).
# After no number a plural is a vague count ("centenares de personas").
COLLECTIVES = {
    "dozen": 12, "docena": 12, "docenas": 12, "decena": 10, "decenas": 10, "centenar": 100,
    "centenares": 100, "millar": 1_000, "millares": 1_000,
}  # fmt: skip

ENGLISH_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip
SPANISH_MONTHS = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11,
    "diciembre": 12,
}  # fmt: skip
MONTHS = ENGLISH_MONTHS | SPANISH_MONTHS
# Abbreviations of month names ("Feb. 22"), read as the month they shorten.
MONTH_ABBREVIATIONS = {
    "jan": "january", "feb": "february", "mar": "march", "apr": "april", "jun": "june",
    "jul": "july", "aug": "august", "sep": "september", "sept": "september", "oct": "october",
    "nov": "november", "dec": "december",
}  # fmt: skip
ENGLISH_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
SPANISH_WEEKDAYS = {
    "lunes": 0, "martes": 1, "miércoles": 2, "miercoles": 2, "jueves": 3, "viernes": 4,
    "sábado": 5, "sabado": 5, "domingo": 6,
}  # fmt: skip
WEEKDAYS = ENGLISH_WEEKDAYS | SPANISH_WEEKDAYS
# Decades of the 1900s named by their tens: "los años noventa", "the nineties".
DECADE_WORDS = {
    "veinte": 20, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70,
    "ochenta": 80, "noventa": 90, "twenties": 20, "thirties": 30, "forties": 40, "fifties": 50,
    "sixties": 60, "seventies": 70, "eighties": 80, "nineties": 90,
}  # fmt: skip
SEASONS = ("spring", "summer", "autumn", "fall", "winter")
# Relative days, to their offset from the date line.
RELATIVE_DAYS = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "yesterday": -1, "last night": -1, "tomorrow": 1, "hoy": 0, "esta noche": 0,
    "esta madrugada": 0, "esta mañana": 0, "esta tarde": 0, "ayer": -1, "anoche": -1,
    "anteayer": -2, "antier": -2, "antenoche": -2, "mañana": 1, "pasado mañana": 2,
}  # fmt: skip
# Spanish relative periods, to the English phrase normalize reads.
SPANISH_RELATIVE = {
    "año pasado": "last year", "mes pasado": "last month", "semana pasada": "last week",
    "este año": "this year", "este mes": "this month", "esta semana": "this week",
    "próximo año": "next year", "año próximo": "next year", "próximo mes": "next month",
    "mes próximo": "next month", "próxima semana": "next week", "semana próxima": "next week",
    "hace un año": "a year ago", "hace un mes": "a month ago",
    # what has passed of a period so far ("en lo que va del año"): that period, to the date line
    "lo que va de la semana": "this week", "lo que va del mes": "this month",
    "lo que va del año": "this year",
}  # fmt: skip
