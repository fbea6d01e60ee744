"""The discrepancy rules, stated for all inputs where they can be, and on the committed data.

Statements are made the way the build makes them: a value as an article writes it, normalized
by claimpack.stages.normalize with the predicate's vocabulary (so its low, best and high
estimates come from the one definition), then compared by claimpack.stages.discrepancies.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter, defaultdict
from typing import Any

import pandas as pd
import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from claimpack.ids import content_id
from claimpack.models import EntityIn, PredicateIn
from claimpack.schema import load_schemas
from claimpack.stages.discrepancies import (
    SHINGLE,
    Discrepancy,
    _differing_pairs,
    _wording_difference,
    derive_discrepancies,
    discrepancy_tables,
    quotation_words,
)
from claimpack.stages.normalize import normalize
from claimpack.wording import SourceName

from conftest import REPO
from strategies import number_in_words, source_ids

SCHEMAS = load_schemas(REPO / "schema")
VOCABULARY = {
    p["id"]: PredicateIn.model_validate(p)
    for p in yaml.safe_load((REPO / "seeds" / "predicates.yaml").read_text(encoding="utf-8"))
}
PREDICATES = list(VOCABULARY.values())
ENTITIES = [
    EntityIn(id="boss", type="person", name="The boss", aliases=["boss"], description="x"),
    EntityIn(id="raid", type="event", name="The raid", aliases=["raid"], description="x"),
    EntityIn(id="cartel", type="criminal_organization", name="The cartel", aliases=["cartel"],
             description="x"),
    EntityIn(id="us", type="government_body", name="The United States", aliases=["US"],
             description="x"),
    EntityIn(id="town", type="place", name="Tapalpa", aliases=["Tapalpa"],
             misspellings={"Talpalpa": "Tapalpa"}, description="x"),
    EntityIn(id="spokeswoman", type="person", name="Karoline Leavitt", aliases=["Leavitt"],
             description="x"),
    EntityIn(id="army", type="government_body", name="The army", aliases=["army"],
             description="x"),
    EntityIn(id="president", type="person", name="The president", aliases=["president"],
             description="x"),
    EntityIn(id="trump", type="person", name="Donald Trump", aliases=["Trump"], description="x"),
    EntityIn(id="biden", type="person", name="Joe Biden", aliases=["Biden"], description="x"),
]  # fmt: skip
PUBLISHED = dt.date(2026, 2, 23)  # a Monday
# Each example builds pandas and pyarrow tables: no per-example deadline on two shared cores.
RULES = settings(max_examples=60, deadline=None)


def claim(
    source_id: str,
    predicate: str,
    value: str | None = None,
    *,
    subject: str = "boss",
    published: dt.date | None = PUBLISHED,
    quote: str | None = None,
    excluding: tuple[str, ...] = (),
    **fields: Any,
) -> dict[str, Any]:
    """A statements row as the build makes it from a coded statement: the value as written
    is normalized with the predicate's vocabulary."""
    vocabulary = VOCABULARY[predicate]
    row: dict[str, Any] = {
        "source_id": source_id, "subject_id": subject, "predicate": predicate,
        "modality": "asserted", "negated": False, "quote": quote or f"{predicate} {value}",
        "char_start": 0, "char_end": len(quote or f"{predicate} {value}"),
        "excluding": list(excluding), **fields,
    }  # fmt: skip
    if value is not None and vocabulary.value_type != "entity":
        normal = normalize(
            vocabulary.value_type, value, vocabulary.unit, published, vocabulary.bound_meaning
        )
        row.update(
            value=normal.value, value_raw=value, value_number=normal.number, unit=normal.unit,
            value_date=normal.date, date_precision=normal.precision, bound=normal.bound,
            value_low=normal.low, value_high=normal.high, date_low=normal.date_low,
            date_high=normal.date_high,
        )  # fmt: skip
    elif vocabulary.value_type == "entity":
        row["value"] = row.get("object_id")
    key = {k: str(v) for k, v in sorted(row.items())}
    row["statement_id"] = content_id("st", key)
    return row


def derive(
    rows: list[dict[str, Any]], sources: dict[str, SourceName] | None = None
) -> list[Discrepancy]:
    table = SCHEMAS["statements"].table(rows)
    return derive_discrepancies(table, PREDICATES, ENTITIES, sources)


def shape(found: list[Discrepancy]) -> list[tuple[str, str, str]]:
    return sorted((d.kind, d.extent, d.severity) for d in found)


# Properties ---------------------------------------------------------------------------------

BOUND_PREFIXES = ["", "up to ", "at least ", "more than ", "nearly ", "around ", "about "]
ages = st.integers(50, 53)
age_claims = st.lists(st.tuples(source_ids, ages), min_size=1, max_size=8)
bounded_counts = st.tuples(source_ids, st.sampled_from(BOUND_PREFIXES), st.integers(1, 30))


def ages_of(values: list[tuple[str, int]]) -> list[dict[str, Any]]:
    return [
        claim(source, "age", str(age), quote=f"quote {number}")
        for number, (source, age) in enumerate(values)
    ]


def killed(values: list[tuple[str, str, int]]) -> list[dict[str, Any]]:
    return [
        claim(source, "killed_count", f"{bound}{number_in_words(n)}", subject="raid",
              quote=f"quote {index}")
        for index, (source, bound, n) in enumerate(values)
    ]  # fmt: skip


@RULES
@given(age_claims)
def test_exact_values_conflict_exactly_when_they_differ(claims: list[tuple[str, int]]) -> None:
    found = derive(ages_of(claims))
    by_source = defaultdict(set)
    for source, age in claims:
        by_source[source].add(age)
    cross = any(a != b for (s1, a), (s2, b) in itertools.combinations(claims, 2) if s1 != s2)
    within = sorted(s for s, values in by_source.items() if len(values) > 1)
    assert sorted(d.sources[0] for d in found if d.extent == "within_source") == within
    assert any(d.extent == "between_sources" for d in found) == cross
    assert all(d.kind == "quantity_conflict" and d.severity == "major" for d in found)


@RULES
@given(st.lists(bounded_counts, min_size=1, max_size=6), st.data())
def test_adding_a_source_that_agrees_with_every_best_estimate_adds_no_conflict(
    claims: list[tuple[str, str, int]], data: st.DataObject
) -> None:
    """All claims share one best estimate, whatever their bound words; a newcomer who gives
    exactly that number agrees with every one of them (each range holds its best estimate)."""
    best = claims[0][2]
    same_best = [(source, bound, best) for source, bound, _ in claims]
    newcomer = data.draw(st.sampled_from(["", "around ", "nearly ", "at least "]))
    before = derive(killed(same_best))
    after = derive(killed([*same_best, ("999_ffffffffffffffff", newcomer, best)]))
    assert shape(after) == shape(before) == []


@RULES
@given(st.lists(bounded_counts, min_size=1, max_size=6), st.data())
def test_a_newcomer_repeating_a_consistent_source_adds_no_conflict(
    claims: list[tuple[str, str, int]], data: st.DataObject
) -> None:
    """Where every source is consistent, a newcomer that repeats one source's claim word for
    word takes that source's side and adds no new kind of disagreement."""
    by_source = defaultdict(set)
    for source, bound, n in claims:
        by_source[source].add((bound, n))
    assume(all(len(values) == 1 for values in by_source.values()))
    copied = data.draw(st.sampled_from(claims))
    before = derive(killed(claims))
    after = derive(killed([*claims, ("999_ffffffffffffffff", copied[1], copied[2])]))
    assert {(d.kind, d.severity) for d in after} <= {(d.kind, d.severity) for d in before}


@RULES
@given(st.lists(bounded_counts, min_size=2, max_size=6), st.permutations(range(6)))
def test_a_discrepancy_is_symmetric_in_its_sources(
    claims: list[tuple[str, str, int]], order: list[int]
) -> None:
    """Renaming the sources renames them in the discrepancies and changes nothing else."""
    ids = [f"{n:03d}_{n:016x}" for n in range(6)]
    renamed = dict(zip(ids, [ids[i] for i in order], strict=True))
    original = derive(killed(claims))
    permuted = derive(killed([(renamed[s], b, n) for s, b, n in claims]))

    def view(found: list[Discrepancy], rename: dict[str, str]) -> Counter[Any]:
        return Counter(
            (d.kind, d.extent, d.severity, d.values, frozenset(rename.get(s, s) for s in d.sources))
            for d in found
        )

    assert view(original, renamed) == view(permuted, {})


@RULES
@given(age_claims)
def test_removing_every_statement_of_one_side_removes_the_conflict(
    claims: list[tuple[str, int]],
) -> None:
    kept_value = claims[0][1]
    one_side = [claim for claim in claims if claim[1] == kept_value]
    assert derive(ages_of(one_side)) == []


ROLES = ["no_role", "support", "intelligence_support", "intelligence_and_operational_support"]
CHAIN = ROLES[1:]


def roles(values: list[tuple[str, str]]) -> list[dict[str, Any]]:
    return [
        claim(source, "role_in", role, subject="us", object_id="raid", quote=f"q{index}")
        for index, (source, role) in enumerate(values)
    ]


@RULES
@given(st.lists(st.tuples(source_ids, st.sampled_from(ROLES)), min_size=2, max_size=8))
def test_a_refinement_is_never_major(claims: list[tuple[str, str]]) -> None:
    found = derive(roles(claims))
    assert all(d.severity == "minor" for d in found if d.kind == "refinement")
    linked_majors = {s for d in found if d.severity == "major" for s, _ in d.links}
    values = {row["statement_id"]: row["value"] for row in roles(claims)}
    assert all(values[s] in ROLES for s in linked_majors)
    if "no_role" not in {role for _, role in claims}:
        assert all(d.severity == "minor" for d in found)  # one chain: only refinements


@RULES
@given(st.lists(st.tuples(source_ids, st.sampled_from(CHAIN)), min_size=1, max_size=6))
def test_categories_on_one_chain_are_refinements_and_no_role_contradicts_them(
    claims: list[tuple[str, str]],
) -> None:
    found = derive(roles([*claims, ("999_ffffffffffffffff", "no_role")]))
    between = [d for d in found if d.extent == "between_sources"]
    assert any(d.kind == "category_conflict" and d.severity == "major" for d in between)


NEGATABLE = st.sampled_from(
    [
        ("commented_on", {"subject": "president", "object_id": "raid"}, None),
        ("supported_by", {"subject": "raid", "object_id": "us"}, None),
        ("role_in", {"subject": "us", "object_id": "raid"}, "intelligence_support"),
        ("killed_count", {"subject": "raid", "object_id": "cartel"}, "four"),
        ("founded", {"subject": "cartel"}, "2010"),
        ("action", {"subject": "president"}, "applauded the security forces"),
    ]
)


@RULES
@given(NEGATABLE, source_ids, source_ids, st.sampled_from([None, "the U.S. role"]))
def test_a_negated_and_an_affirmed_copy_of_a_claim_always_conflict(
    negatable: tuple[str, dict[str, Any], str | None], denier: str, affirmer: str, scope: str | None
) -> None:
    predicate, fields, value = negatable
    affirmed = claim(affirmer, predicate, value, scope=scope, quote="it is so", **fields)
    denied = claim(denier, predicate, value, scope=scope, negated=True, quote="it is not so",
                   **fields)  # fmt: skip
    found = [d for d in derive([affirmed, denied]) if d.kind == "negation_conflict"]
    assert len(found) == 1
    assert found[0].severity == "major"
    assert {s for s, _ in found[0].links} == {affirmed["statement_id"], denied["statement_id"]}
    assert found[0].extent == ("within_source" if denier == affirmer else "between_sources")


@RULES
@given(NEGATABLE, source_ids)
def test_absence_of_a_mention_is_never_a_denial(
    negatable: tuple[str, dict[str, Any], str | None], source: str
) -> None:
    predicate, fields, value = negatable
    affirmed = claim(source, predicate, value, quote="it is so", **fields)
    unrelated = claim("999_ffffffffffffffff", "age", "59", quote="he was 59")
    assert not [d for d in derive([affirmed, unrelated]) if d.kind == "negation_conflict"]


# The findings of issue 14, each of which the old rules got wrong ---------------------------


def test_an_offer_of_up_to_an_amount_states_the_amount() -> None:
    """ "Up to $15 million" offered is $15 million: it agrees with "$15 million" and
    disagrees with "$10 million" (the old rules read it as 0 to 15 million and let it agree)."""
    rows = [
        claim("000_a", "reward_amount", "up to $15 million", quote="a reward of up to"),
        claim("001_b", "reward_amount", "$15 million"),
        claim("002_c", "reward_amount", "$10 million"),
    ]
    (found,) = derive(rows)
    assert (found.kind, found.severity, found.sources) == (
        "amount_conflict", "major", ("000_a", "001_b", "002_c"))  # fmt: skip
    assert derive(rows[:2]) == []
    assert rows[0]["value_low"] == rows[0]["value_high"] == 15_000_000


def test_up_to_is_a_range_where_the_predicate_does_not_say_otherwise() -> None:
    rows = [
        claim("000_a", "killed_count", "up to 15", subject="raid"),
        claim("001_b", "killed_count", "10", subject="raid"),
    ]
    (found,) = derive(rows)
    assert (found.kind, found.severity) == ("estimate_difference", "minor")


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("around 5", "6", [("estimate_difference", "between_sources", "minor")]),
        ("nearly a dozen", "five", [("count_conflict", "between_sources", "major")]),
        ("at least five", "twelve", [("estimate_difference", "between_sources", "minor")]),
        ("more than 350,000", "350,000", []),
        ("three", "three", []),
        ("three", "four", [("count_conflict", "between_sources", "major")]),
        ("no one", "two", [("count_conflict", "between_sources", "major")]),
        # a range's best estimate is all of it, as a date's is its period
        ("between 20 and 30", "25", []),
        ("entre veinte y treinta", "more than 25", []),
        ("de 20 a 30", "35", [("count_conflict", "between_sources", "major")]),
        ("20-30", "between 25 and 40", [("estimate_difference", "between_sources", "minor")]),
    ],
)
def test_estimates_differ_when_ranges_overlap_and_conflict_when_they_exclude(
    first: str, second: str, expected: list[tuple[str, str, str]]
) -> None:
    rows = [
        claim("000_a", "killed_count", first, subject="raid"),
        claim("001_b", "killed_count", second, subject="raid"),
    ]
    assert shape(derive(rows)) == expected


def test_an_estimate_difference_says_ranges_overlap_only_where_all_of_them_do() -> None:
    """Found by a probe: 20, "at least 11" and "nearly 12" (10 to 12) were one estimate
    difference whose description said "their ranges overlap", beside a conflict of 20 with
    nearly 12 that said they do not."""
    counts = ("20", "at least 11", "nearly 12")
    rows = [claim(f"00{n}_s", "killed_count", v, subject="raid") for n, v in enumerate(counts)]
    found = {d.kind: d for d in derive(rows)}
    assert set(found) == {"estimate_difference", "count_conflict"}
    description = found["estimate_difference"].description
    assert "Their ranges overlap" not in description and "Each range overlaps another" in (
        description
    )
    two = {d.kind: d for d in derive(rows[1:])}
    assert "Their ranges overlap" in two["estimate_difference"].description


@pytest.mark.parametrize(
    ("first", "second", "first_published", "second_published"),
    [
        ("Sunday", "Feb. 22", PUBLISHED, PUBLISHED),
        ("on Sunday", "February 22, 2026", PUBLISHED, None),
        ("last year", "February 2025", PUBLISHED, None),
        ("a year ago", "2025", PUBLISHED, None),
        ("around 2007", "2007", None, None),
        ("the 1990s", "1994", None, None),
        ("la semana pasada", "Feb. 18", PUBLISHED, PUBLISHED),
        ("last week", "Sunday", PUBLISHED, PUBLISHED),
    ],
)
def test_dates_that_look_different_but_agree_are_never_flagged(
    first: str, second: str, first_published: dt.date | None, second_published: dt.date | None
) -> None:
    rows = [
        claim("000_a", "date", first, subject="raid", published=first_published),
        claim("001_b", "date", second, subject="raid", published=second_published),
    ]
    assert derive(rows) == []


def test_a_week_and_a_day_outside_it_conflict() -> None:
    rows = [
        claim("000_a", "date", "last week", subject="raid"),
        claim("001_b", "date", "this Monday", subject="raid"),
    ]
    (found,) = derive(rows)
    assert (found.kind, found.severity) == ("date_conflict", "major")
    assert "the week of 16 February 2026" in found.description


def test_founding_and_beginning_operations_are_compared_in_order() -> None:
    """One article: created around 2007, began operating around 2009 (in order). Another:
    founded in 2010, which excludes "around 2007" (a conflict) and comes after "around
    2009" by best estimate only (an estimate difference). The old rules compared founded
    with founded only, and called 2010 against around 2007 minor."""
    rows = [
        claim("002_c", "founded", "around 2007", subject="cartel"),
        claim("002_c", "began_operating", "around 2009", subject="cartel"),
        claim("004_e", "founded", "2010", subject="cartel"),
    ]
    found = derive(rows)
    assert sorted((d.kind, d.severity, d.rule, d.related_predicate) for d in found) == [
        ("date_conflict", "major", "estimate", None),
        ("estimate_difference", "minor", "order", "began_operating"),
    ]
    assert derive(rows[:2]) == []
    late = claim("004_e", "founded", "2012", subject="cartel")
    found = derive([*rows[:2], late])
    assert ("date_conflict", "major", "order") in {(d.kind, d.severity, d.rule) for d in found}


def test_a_broader_role_is_refined_not_contradicted() -> None:
    found = derive(roles([("000_a", "intelligence_support"),
                          ("004_e", "intelligence_and_operational_support")]))  # fmt: skip
    (refinement,) = found
    assert (refinement.kind, refinement.severity, refinement.rule) == (
        "refinement", "minor", "broader_narrower")  # fmt: skip
    assert "004_e claims more" in refinement.description
    assert "intelligence_support" not in refinement.description  # words, not codes
    (conflict,) = derive(roles([("000_a", "intelligence_support"), ("004_e", "no_role")]))
    assert (conflict.kind, conflict.severity) == ("category_conflict", "major")


def test_a_denial_of_part_against_an_affirmation_of_the_whole_is_minor() -> None:
    """ "Has not commented publicly on the U.S. role" against reports of her public comments on
    the operation: compared (the old rules never compared a denial), but minor; a denial of
    the whole against the same affirmations is major."""
    fields = {"subject": "president", "object_id": "raid"}
    affirmed = [claim("002_c", "commented_on", quote="applauded", **fields),
                claim("003_d", "commented_on", quote="said", **fields)]  # fmt: skip
    part = claim("004_e", "commented_on", scope="the U.S. role", negated=True,
                 quote="has not commented on the U.S. role", **fields)  # fmt: skip
    (found,) = derive([*affirmed, part])
    assert (found.kind, found.severity, found.sources) == (
        "negation_conflict", "minor", ("002_c", "003_d", "004_e"))  # fmt: skip
    whole = claim("004_e", "commented_on", negated=True, quote="has not commented", **fields)
    (found,) = derive([*affirmed, whole])
    assert (found.kind, found.severity) == ("negation_conflict", "major")


def test_the_wounded_alive_in_one_account_and_dead_in_another_differ_in_fate() -> None:
    """Leavitt: three more killed besides the boss, three wounded. The army: four killed at the
    scene, three people wounded who died later. Only killed counts were compared before."""
    count = {"subject": "raid", "object_id": "cartel"}
    rows = [
        claim("000_a", "killed_count", "three", excluding=("boss",), attributed_to="spokeswoman",
              quote="three additional killed", **count),
        claim("000_a", "wounded_count", "three", attributed_to="spokeswoman",
              quote="three were wounded", **count),
        claim("002_c", "killed_count", "four", scope="at_scene", attributed_to="army",
              subject="raid", quote="four people at the location"),
        claim("002_c", "killed_count", "Three", scope="died_later", attributed_to="army",
              subject="raid", quote="Three more people were wounded and later died"),
    ]  # fmt: skip
    fates = [d for d in derive(rows) if d.kind == "fate_conflict"]
    assert [(d.severity, d.extent, d.rule, d.related_predicate) for d in fates] == [
        ("major", "between_sources", "fate", "killed_count")
    ]
    assert "alive in one account and dead in the other" in fates[0].description
    # wounded without a count of the killed beside them may include those who died later
    assert not [d for d in derive([rows[1], *rows[2:]]) if d.kind == "fate_conflict"]


def quotation_rows(source: str, spelled: str, own: str | None) -> list[dict[str, Any]]:
    said = f"assist with an operation in {spelled}, Jalisco"
    rows = [
        claim(source, "said", said, subject="spokeswoman", attributed_to="spokeswoman",
              quote=f"Leavitt wrote “{said}”"),
        claim(source, "location", subject="raid", object_id="town", attributed_to="spokeswoman",
              quote=f"an operation in {spelled}", char_start=30, char_end=50),
    ]  # fmt: skip
    if own:
        rows.append(claim(source, "location", subject="raid", object_id="town",
                          quote=f"the town of {own}", char_start=100, char_end=120))  # fmt: skip
    return rows


def test_a_misspelling_inside_a_quotation_is_the_speakers() -> None:
    """000 quotes Leavitt's "Talpalpa" and writes "Tapalpa" itself: it does not contradict
    itself, it quotes her (the old rules said 000 misspelled its own text)."""
    rows = [
        *quotation_rows("000_a", "Talpalpa", "Tapalpa"),
        claim("002_c", "location", subject="raid", object_id="town", quote="in Tapalpa"),
    ]
    names = {"000_a": SourceName("Daily A", ("undated",)), "002_c": SourceName("Paper C")}
    (found,) = derive(rows, names)
    assert (found.kind, found.extent, found.severity) == (
        "spelling_variant", "between_sources", "minor")  # fmt: skip
    assert found.description.startswith("Daily A (undated) quotes Karoline Leavitt spelling")
    assert "Karoline Leavitt's" in found.description
    own_words = [*quotation_rows("001_b", "Tapalpa", None),
                 claim("001_b", "location", subject="raid", object_id="town",
                       quote="in Talpalpa, Jalisco", char_start=200, char_end=220),
                 claim("001_b", "location", subject="raid", object_id="town",
                       quote="the town of Tapalpa", char_start=300, char_end=320)]  # fmt: skip
    found = derive(own_words)
    assert [(d.extent, "own words" in d.description) for d in found] == [("within_source", True)]


def test_descriptions_name_sources_in_words_with_agreeing_verbs() -> None:
    names = {
        "000_a": SourceName("“Mexican authorities confirmed Sunday…”", ("undated",)),
        "001_b": SourceName("ANI", ("23 February 2026",)),
        "002_c": SourceName("Benzinga", ("23 February 2026",)),
    }
    rows = [
        claim("000_a", "reward_amount", "$15 million"),
        claim("001_b", "reward_amount", "up to USD 15 million", attributed_to="spokeswoman"),
        claim("002_c", "reward_amount", "$10 million"),
    ]
    (found,) = derive(rows, names)
    assert "000_a" not in found.description and "001_b" not in found.description
    assert "Benzinga (23 February 2026) says $10 million" in found.description
    assert "ANI (23 February 2026, citing Karoline Leavitt)" in found.description
    assert "USD 15,000,000" not in found.description
    assert found.sources == ("000_a", "001_b", "002_c")  # the ids stay in the data


def test_counts_compare_like_with_like() -> None:
    """Three killed besides the boss is four in all; four at the scene and three who died later
    is seven; a count of one scope is not compared with another's."""
    count = {"subject": "raid", "object_id": "boss"}
    rows = [
        claim("000_a", "killed_count", "3", excluding=("boss",), quote="a", **count),
        claim("001_b", "killed_count", "4", quote="b", **count),
        claim("002_c", "killed_count", "4", scope="at_scene", quote="c1", **count),
        claim("002_c", "killed_count", "3", scope="died_later", quote="c2", **count),
    ]
    (found,) = derive(rows)
    assert (found.kind, found.extent, found.values, found.rule) == (
        "count_conflict", "between_sources", ("4", "7"), "parts_of_total")  # fmt: skip
    assert found.sources == ("000_a", "001_b", "002_c")
    assert derive(rows[:2]) == []  # 3 + the boss agrees with 4
    assert derive(rows[2:]) == []  # parts alone conflict with nothing


def dated(**days: int | None) -> dict[str, SourceName]:
    """Sources named by id, published on those days of February 2026 (None: undated)."""
    return {
        source: SourceName(source, (), dt.date(2026, 2, day) if day else None)
        for source, day in days.items()
    }


def test_a_toll_that_grows_between_reports_is_a_revision_not_a_conflict() -> None:
    rows = [
        claim("000_a", "killed_count", "eight", subject="raid", quote="eight dead"),
        claim("001_b", "killed_count", "13", subject="raid", quote="13 dead"),
    ]
    (found,) = derive(rows, dated(**{"000_a": 22, "001_b": 24}))
    assert (found.kind, found.severity, found.rule, found.extent) == (
        "count_revision", "minor", "later_report", "between_sources")  # fmt: skip
    assert found.description.startswith("On The raid (number killed), later reports count more")
    assert found.values == ("13", "8")


@pytest.mark.parametrize(
    ("days", "why"),
    [
        ({"000_a": 24, "001_b": 22}, "the lower count was published later"),
        ({"000_a": 23, "001_b": 23}, "both were published the same day"),
        ({"000_a": 22, "001_b": None}, "one source is undated"),
    ],
)
def test_a_toll_not_told_in_order_of_time_stays_a_conflict(days: dict[str, int | None],
                                                           why: str) -> None:  # fmt: skip
    rows = [
        claim("000_a", "killed_count", "eight", subject="raid", quote="eight dead"),
        claim("001_b", "killed_count", "13", subject="raid", quote="13 dead"),
    ]
    (found,) = derive(rows, dated(**days))
    assert (found.kind, found.severity) == ("count_conflict", "major"), why


def test_a_lower_count_repeated_after_a_higher_one_is_still_a_conflict() -> None:
    """A later report of 13 revises the first report of 8; a report of 8 as late as the 13
    disagrees with it, so the two values are a conflict between all three."""
    rows = [
        claim("000_a", "killed_count", "eight", subject="raid", quote="eight dead"),
        claim("001_b", "killed_count", "13", subject="raid", quote="13 dead"),
        claim("002_c", "killed_count", "eight", subject="raid", quote="eight dead"),
    ]
    (found,) = derive(rows, dated(**{"000_a": 22, "001_b": 24, "002_c": 24}))
    assert (found.kind, found.sources) == ("count_conflict", ("000_a", "001_b", "002_c"))


def test_counts_that_do_not_grow_or_claims_within_one_article_are_never_revised() -> None:
    """Age is no toll; an article giving both counts contradicts itself whatever its date."""
    ages = [claim("000_a", "age", "58"), claim("001_b", "age", "61")]
    (found,) = derive(ages, dated(**{"000_a": 22, "001_b": 24}))
    assert found.kind == "quantity_conflict"
    within = [
        claim("000_a", "killed_count", "eight", subject="raid", quote="eight dead"),
        claim("000_a", "killed_count", "13", subject="raid", quote="13 dead"),
    ]
    (found,) = derive(within, dated(**{"000_a": 22}))
    assert (found.kind, found.extent) == ("count_conflict", "within_source")


@RULES
@given(st.lists(st.tuples(st.integers(1, 40), st.integers(20, 28)), min_size=2, max_size=6))
def test_a_revision_is_exactly_a_count_every_later_report_raises(
    reports: list[tuple[int, int]],
) -> None:
    """For any dated reports of one toll: two counts are a revision when every report of the
    lower was published before every report of the higher, else (if they differ) a conflict."""
    rows = [
        claim(f"{index:03d}_s", "killed_count", str(count), subject="raid", quote=f"q {index}")
        for index, (count, _) in enumerate(reports)
    ]
    names = dated(**{f"{index:03d}_s": day for index, (_, day) in enumerate(reports)})
    found = derive(rows, names)
    days: dict[int, list[int]] = defaultdict(list)
    for count, day in reports:
        days[count].append(day)
    expected = set()
    for low, high in itertools.combinations(sorted(days), 2):
        kind = "count_revision" if max(days[low]) < min(days[high]) else "count_conflict"
        expected.add(kind)
    assert {d.kind for d in found} == expected
    for discrepancy in found:
        assert discrepancy.severity == (
            "minor" if discrepancy.kind == "count_revision" else "major"
        )


def test_counts_of_an_unnamed_group_are_not_compared_with_a_named_one() -> None:
    rows = [
        claim("000_a", "killed_count", "four", subject="raid", object_id="cartel"),
        claim("001_b", "killed_count", "seven", subject="raid", quote="seven people"),
    ]
    assert derive(rows) == []


def test_quotations_differ_only_when_their_wording_does() -> None:
    words = "the good guys are stronger than the bad guys and always will be"
    said = {"subject": "boss"}
    same = [
        claim("000_a", "said", f"“{words.capitalize()}.”", quote="a", **said),
        claim("001_b", "said", f"and {words}, he said", quote="b", **said),
    ]
    assert derive(same) == []
    changed = [*same, claim("002_c", "said", words.replace("always", "never"), quote="c", **said)]
    assert sorted(d.kind for d in derive(changed)) == ["quote_variant", "quote_variant"]


def test_quotation_words_fold_case_punctuation_and_abbreviations() -> None:
    assert quotation_words("Mexico, the U.S., and the US -- that\u2019s it") == quotation_words(
        "mexico the US and the U.S. that's it"
    )


def test_the_same_inputs_in_any_order_give_the_same_discrepancies() -> None:
    rows = ages_of([("000_a", 50), ("001_b", 51), ("001_b", 52), ("002_c", 50)])
    forward = derive(rows)
    backward = derive(rows[::-1])
    assert [d.discrepancy_id for d in forward] == [d.discrepancy_id for d in backward]
    assert forward == backward


def test_a_discrepancy_id_changes_when_its_statements_do() -> None:
    before = derive(ages_of([("000_a", 50), ("001_b", 51)]))
    after = derive(ages_of([("000_a", 50), ("001_b", 52)]))
    assert len(before) == len(after) == 1
    assert before[0].discrepancy_id != after[0].discrepancy_id


def test_every_discrepancy_links_values_that_differ_and_names_its_sources() -> None:
    rows = [
        claim("000_a", "reward_amount", "$15 million"),
        claim("001_b", "reward_amount", "$10 million"),
        *roles([("000_a", "intelligence_support"),
                ("001_b", "intelligence_and_operational_support")]),
    ]  # fmt: skip
    table, links = discrepancy_tables(derive(rows), SCHEMAS)
    values = links.column("compared_value").to_pylist()
    linked = links.to_pandas().assign(compared_value=[tuple(v) for v in values])
    assert (linked.groupby("discrepancy_id").compared_value.nunique() >= 2).all()
    assert table.column("source_ids").to_pylist() == [["000_a", "001_b"]] * 2


# The committed package ----------------------------------------------------------------------


def committed(name: str) -> pd.DataFrame:
    return pd.read_csv(REPO / f"dist/csv/{name}.csv", dtype=str, keep_default_na=False)


def test_every_exact_disagreement_in_the_committed_data_is_a_discrepancy() -> None:
    """An independent check of the published tables: single-valued values that differ within
    one comparison key all stand in some discrepancy, and every discrepancy links statements
    whose compared values differ."""
    statements, predicates = committed("statements"), committed("predicates")
    links = committed("discrepancy_statements")
    single = predicates[
        (predicates.single_valued == "true") & ~predicates.value_type.isin(["text", "quotation"])
    ]
    exact = statements[
        statements.predicate.isin(single.predicate)
        & statements.bound.isin(["exact", ""])
        & (statements.excluding == "")
        & (statements.negated == "false")
        & (statements.scope.isin(["", "total"]))
        & ((statements.value_number != "") | (statements.value_date != "")
           | (statements.object_id != "") | (statements.value != ""))
    ]  # fmt: skip
    value_type = dict(zip(single.predicate, single.value_type, strict=True))
    linked = set(links.statement_id)
    for _, group in exact.groupby(["subject_id", "predicate", "object_id"]):
        kind = value_type[group.predicate.iloc[0]]
        if kind in {"entity", "date"}:
            continue  # entities are keyed without their object; dates compare by period
        if kind in {"money", "count", "quantity", "proportion"}:
            group = group[group.value_number != ""]  # vague counts ("several") never compare
        if group.value.nunique() > 1:
            assert set(group.statement_id) <= linked, group[["source_id", "value"]]
    held = statements[statements.predicate == "held_by"]
    for _, group in held.groupby(["subject_id", "scope"]):
        if group.object_id.nunique() > 1:
            assert set(group.statement_id) <= linked
    compared = links.groupby("discrepancy_id").compared_value.nunique()
    assert (compared >= 2).all()


def test_committed_estimates_hold_their_best_value() -> None:
    statements = committed("statements")
    numbers = statements[statements.value_number != ""]
    for row in numbers.itertuples(index=False):
        assert float(row.value_low) <= float(row.value_number)
        assert row.value_high == "" or float(row.value_number) <= float(row.value_high)
    dates = statements[statements.value_date != ""]
    assert (dates.date_low <= dates.value_date).all()
    assert (dates.value_date <= dates.date_high).all()


def test_committed_descriptions_name_no_source_by_id_and_no_vocabulary_code() -> None:
    discrepancies, predicates = committed("discrepancies"), committed("predicates")
    sources = committed("sources")
    codes = {c for cell in predicates.categories if cell for c in cell.split(" | ") if "_" in c}
    for description in discrepancies.description:
        assert not any(source in description for source in sources.source_id), description
        assert not any(code in description for code in codes), description
        assert "  " not in description and " ," not in description


def pairs_compared_one_by_one(
    quotes: dict[str, tuple[str, str, list[str]]],
) -> list[tuple[str, str, tuple[str, str]]]:
    """The plain rule: every pair of statements sharing an n-gram, each compared on its own."""
    grams = {
        statement: {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
        for statement, (_, _, words) in quotes.items()
    }
    found = []
    for first, second in itertools.combinations(sorted(quotes), 2):
        if grams[first] & grams[second]:
            difference = _wording_difference(quotes[first][2], quotes[second][2])
            if difference is not None:
                found.append((first, second, difference))
    return found


@RULES
@given(
    st.lists(
        st.lists(st.sampled_from(["he", "said", "the", "boss", "was", "killed", "in", "jalisco"]),
                 min_size=0, max_size=9),
        min_size=1, max_size=5,
    ),
    st.lists(st.tuples(source_ids, st.integers(0, 4)), min_size=1, max_size=12),
)  # fmt: skip
def test_quote_variants_compared_by_wording_equal_every_pair_compared(
    wordings: list[list[str]], uses: list[tuple[str, int]]
) -> None:
    """Comparing each distinct wording once (a quotation repeated word for word by thousands of
    sources) finds the same pairs, with the same differences, as comparing every pair."""
    quotes = {
        f"st_{index:04d}": (source, " ".join(words), words)
        for index, (source, choice) in enumerate(uses)
        for words in [wordings[choice % len(wordings)]]
    }
    assert _differing_pairs(quotes) == pairs_compared_one_by_one(quotes)
