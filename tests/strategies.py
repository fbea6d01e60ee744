"""Hypothesis strategies shared by the property tests, bounded in size."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

SMALL_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
BOUND_WORDS = {"up to": "up_to", "at least": "at_least", "nearly": "nearly", "around": "around"}


def number_in_words(n: int) -> str:
    """English words for 0..99, as articles write them ("twenty-three")."""
    if n < 20:
        return SMALL_WORDS[n]
    tens, units = divmod(n, 10)
    return TENS[tens - 2] + (f"-{SMALL_WORDS[units]}" if units else "")


def with_thousands(n: int) -> str:
    return f"{n:,}"


counts = st.integers(min_value=0, max_value=99)
large_numbers = st.integers(min_value=0, max_value=10**12)
bounds = st.sampled_from(sorted(BOUND_WORDS))
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
weekdays = st.sampled_from(
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
)
source_ids = st.sampled_from([f"{n:03d}_{n:016x}" for n in range(6)])


# Whole seed sets: small articles made of one sentence per claim, and the statements coding them.
CLAIM_TEMPLATES = {
    "age": ("He was {n} years old", "quantity", lambda n: str(n)),
    "reward_amount": ("a reward of ${n} million was offered", "money", lambda n: f"${n} million"),
    "killed_count": ("{w} people were killed", "count", lambda n: number_in_words(n)),
}


@st.composite
def seed_sets(draw: st.DrawFn) -> dict[str, list[dict[str, object]]]:
    """{source_id: [claim, ...]}; a claim is {predicate, n, sentence, value, quote}."""
    count = draw(st.integers(1, 4))
    sets: dict[str, list[dict[str, object]]] = {}
    for number in range(count):
        source_id = f"{number:03d}_{number:016x}"
        claims = []
        for index in range(draw(st.integers(1, 4))):
            predicate = draw(st.sampled_from(sorted(CLAIM_TEMPLATES)))
            n = draw(st.integers(1, 19))
            template, _, value = CLAIM_TEMPLATES[predicate]
            quote = f"Report {index}: " + template.format(n=n, w=number_in_words(n))
            claims.append({"predicate": predicate, "value": value(n), "quote": quote})
        sets[source_id] = claims
    return sets
