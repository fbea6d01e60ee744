"""The discrepancy rules, stated for all inputs where they can be, and on the committed data."""

from __future__ import annotations

import itertools
from collections import defaultdict
from typing import Any

import pandas as pd
from hypothesis import assume, given
from hypothesis import strategies as st

from claimpack.ids import content_id
from claimpack.models import EntityIn, PredicateIn
from claimpack.schema import load_schemas
from claimpack.stages.discrepancies import Discrepancy, derive_discrepancies, quotation_words

from conftest import REPO
from strategies import source_ids

SCHEMAS = load_schemas(REPO / "schema")
PREDICATES = [
    PredicateIn(id="age", label="age", value_type="quantity", unit="years",
                single_valued=True, description="Age."),
    PredicateIn(id="killed_count", label="number killed", value_type="count", unit="people",
                single_valued=True, description="Deaths."),
    PredicateIn(id="reward_amount", label="reward", value_type="money", unit="USD",
                single_valued=True, description="Reward."),
    PredicateIn(id="location", label="location", value_type="entity", single_valued=False,
                description="Where."),
    PredicateIn(id="said", label="said", value_type="quotation", single_valued=False,
                description="Quote."),
]  # fmt: skip
ENTITIES = [
    EntityIn(id="boss", type="person", name="The boss", aliases=["boss"], description="x"),
    EntityIn(id="raid", type="event", name="The raid", aliases=["raid"], description="x"),
    EntityIn(id="town", type="place", name="Tapalpa", aliases=["Tapalpa"],
             misspellings={"Talpalpa": "Tapalpa"}, description="x"),
]  # fmt: skip


def statement(source_id: str, predicate: str, **fields: Any) -> dict[str, Any]:
    """A statement row with everything but its identity defaulted."""
    row = {"source_id": source_id, "subject_id": "boss", "predicate": predicate,
           "modality": "asserted", "quote": "q", "char_start": 0, "char_end": 1,
           "bound": "exact", **fields}  # fmt: skip
    row["statement_id"] = content_id("st", {k: str(v) for k, v in sorted(row.items())})
    return row


def derive(rows: list[dict[str, Any]]) -> list[Discrepancy]:
    table = SCHEMAS["statements"].table(rows)
    return derive_discrepancies(table, PREDICATES, ENTITIES)


def ages(values: list[tuple[str, int]]) -> list[dict[str, Any]]:
    return [
        statement(source, "age", value=str(age), value_number=float(age), unit="years", quote=q)
        for q, (source, age) in enumerate(values)
        for q in [f"quote {q}"]
    ]


age_claims = st.lists(st.tuples(source_ids, st.integers(50, 53)), min_size=1, max_size=8)


@given(age_claims)
def test_exact_values_conflict_exactly_when_they_differ(claims: list[tuple[str, int]]) -> None:
    found = derive(ages(claims))
    by_source = defaultdict(set)
    for source, age in claims:
        by_source[source].add(age)
    cross = any(a != b for (s1, a), (s2, b) in itertools.combinations(claims, 2) if s1 != s2)
    within = sorted(s for s, values in by_source.items() if len(values) > 1)
    assert sorted(d.sources[0] for d in found if d.extent == "within_source") == within
    assert any(d.extent == "between_sources" for d in found) == cross
    assert all(d.kind == "quantity_conflict" and d.severity == "major" for d in found)


@given(age_claims, st.data())
def test_a_new_source_agreeing_with_a_value_adds_no_discrepancy(
    claims: list[tuple[str, int]], data: st.DataObject
) -> None:
    """Where a source contradicts itself, a newcomer agreeing with one of its values does
    disagree with the other, across sources; so the rule is stated for consistent sources."""
    by_source = defaultdict(set)
    for source, age in claims:
        by_source[source].add(age)
    assume(all(len(values) == 1 for values in by_source.values()))
    agreeing = data.draw(st.sampled_from([age for _, age in claims]))
    before = derive(ages(claims))
    after = derive(ages([*claims, ("999_ffffffffffffffff", agreeing)]))
    assert len(after) == len(before)


@given(age_claims)
def test_removing_every_statement_of_one_side_removes_the_conflict(
    claims: list[tuple[str, int]],
) -> None:
    kept_value = claims[0][1]
    one_side = [claim for claim in claims if claim[1] == kept_value]
    assert derive(ages(one_side)) == []


def test_a_bound_is_compatible_with_the_values_it_bounds() -> None:
    rows = [
        statement("000_a", "reward_amount", value="15000000", value_number=15e6, unit="USD",
                  bound="up_to"),
        statement("001_b", "reward_amount", value="15000000", value_number=15e6, unit="USD"),
        statement("002_c", "reward_amount", value="10000000", value_number=10e6, unit="USD",
                  quote="other"),
    ]  # fmt: skip
    found = derive(rows)
    assert [(d.kind, d.sources, d.values) for d in found] == [
        ("amount_conflict", ("001_b", "002_c"), ("USD 10,000,000", "USD 15,000,000"))
    ]


def test_counts_compare_like_with_like() -> None:
    """Three killed besides the boss is four in all; four at the scene and three who died later
    is seven; a count of one scope is not compared with another's."""
    count = {"predicate": "killed_count", "subject_id": "raid", "object_id": "boss",
             "unit": "people"}  # fmt: skip
    rows = [
        statement("000_a", value="3", value_number=3.0, excluding="boss", **count),
        statement("001_b", value="4", value_number=4.0, quote="b", **count),
        statement("002_c", value="4", value_number=4.0, scope="at_scene", quote="c1", **count),
        statement("002_c", value="3", value_number=3.0, scope="died_later", quote="c2", **count),
    ]
    (found,) = derive(rows)
    assert (found.kind, found.extent, found.values) == ("count_conflict", "between_sources",
                                                        ("4", "7"))  # fmt: skip
    assert found.sources == ("000_a", "001_b", "002_c")
    assert derive(rows[:2]) == []  # 3 + the boss agrees with 4
    assert derive(rows[2:]) == []  # parts alone conflict with nothing


def test_a_misspelled_name_in_a_quote_is_a_spelling_variant() -> None:
    rows = [
        statement("000_a", "location", object_id="town", value="town", quote="in Talpalpa"),
        statement("001_b", "location", object_id="town", value="town", quote="in Tapalpa, Jalisco"),
    ]
    (found,) = derive(rows)
    assert (found.kind, found.extent, found.subject_id, found.values) == (
        "spelling_variant", "between_sources", "town", ("Tapalpa", "Talpalpa"))  # fmt: skip


def test_quotations_differ_only_when_their_wording_does() -> None:
    words = "the good guys are stronger than the bad guys and always will be"
    said = {"predicate": "said", "subject_id": "boss"}
    same = [
        statement("000_a", value=f"“{words.capitalize()}.”", quote="a", **said),
        statement("001_b", value=f"and {words}, he said", quote="b", **said),
    ]
    assert derive(same) == []
    changed = [*same, statement("002_c", value=words.replace("always", "never"), quote="c", **said)]
    assert sorted(d.kind for d in derive(changed)) == ["quote_variant", "quote_variant"]


def test_quotation_words_fold_case_punctuation_and_abbreviations() -> None:
    assert quotation_words("Mexico, the U.S., and the US -- that\u2019s it") == quotation_words(
        "mexico the US and the U.S. that's it"
    )


def test_every_exact_disagreement_in_the_committed_data_is_a_discrepancy() -> None:
    """An independent check of the published tables: single-valued exact values that differ
    within one comparison key all stand in some discrepancy, and every value discrepancy links
    statements whose compared values differ."""
    statements = pd.read_csv(REPO / "dist/csv/statements.csv", dtype=str, keep_default_na=False)
    predicates = pd.read_csv(REPO / "dist/csv/predicates.csv", dtype=str, keep_default_na=False)
    links = pd.read_csv(REPO / "dist/csv/discrepancy_statements.csv", dtype=str)
    single = predicates[
        (predicates.single_valued == "true") & ~predicates.value_type.isin(["text", "quotation"])
    ]
    exact = statements[
        statements.predicate.isin(single.predicate)
        & statements.bound.isin(["exact", ""])
        & (statements.excluding == "")
        & (statements.scope.isin(["", "total"]))
        & ((statements.value_number != "") | (statements.value_date != "")
           | (statements.object_id != "") | (statements.value != ""))
    ]  # fmt: skip
    value_type = dict(zip(single.predicate, single.value_type, strict=True))
    linked = set(links.statement_id)
    for _, group in exact.groupby(["subject_id", "predicate", "object_id"]):
        kind = value_type[group.predicate.iloc[0]]
        if kind == "entity":
            continue  # entity values are keyed without their object; checked below
        if kind == "date":
            continue  # dates compare by period, covered by the unit tests
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


def test_the_same_inputs_in_any_order_give_the_same_discrepancies() -> None:
    rows = ages([("000_a", 50), ("001_b", 51), ("001_b", 52), ("002_c", 50)])
    forward = derive(rows)
    backward = derive(rows[::-1])
    assert [d.discrepancy_id for d in forward] == [d.discrepancy_id for d in backward]
    assert forward == backward


def test_a_discrepancy_id_changes_when_its_statements_do() -> None:
    before = derive(ages([("000_a", 50), ("001_b", 51)]))
    after = derive(ages([("000_a", 50), ("001_b", 52)]))
    assert len(before) == len(after) == 1
    assert before[0].discrepancy_id != after[0].discrepancy_id
