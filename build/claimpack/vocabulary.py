"""The words of numbers and dates an article uses, kept once for every stage that reads them.

normalize turns them into values; coverage finds them in the text. English for now (bound words
in Spanish too); each list is the set of forms the build understands, lower case.
"""

from __future__ import annotations

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
    "as many as": "up_to",
    "at most": "up_to",
    "close to": "nearly",
    # Spanish
    "hasta": "up_to",
    "al menos": "at_least",
    "por lo menos": "at_least",
    "como mínimo": "at_least",
    "más de": "more_than",
    "mas de": "more_than",
    "casi": "nearly",
    "cerca de": "nearly",
    "alrededor de": "around",
    "aproximadamente": "around",
}
APPROXIMATE_BOUNDS = frozenset({"nearly", "around"})

UNITS = {
    "zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
# Words for a count of none ("no one was arrested"); read as 0, never found as numbers by coverage.
NONE_WORDS = frozenset({"no one", "none", "nobody", "zero", "nadie", "ninguno", "ninguna"})
SCALES = {
    "dozen": 12,
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
}
FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4}

MONTHS = {
    name: number
    for number, name in enumerate(
        "january february march april may june july august september october november december"
        .split(),
        start=1,
    )
}  # fmt: skip
# Abbreviations of month names ("Feb. 22"), read as the month they shorten.
MONTH_ABBREVIATIONS = {
    "jan": "january", "feb": "february", "mar": "march", "apr": "april", "jun": "june",
    "jul": "july", "aug": "august", "sep": "september", "sept": "september", "oct": "october",
    "nov": "november", "dec": "december",
}  # fmt: skip
WEEKDAYS = {
    name: number
    for number, name in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
}
SEASONS = ("spring", "summer", "autumn", "fall", "winter")
