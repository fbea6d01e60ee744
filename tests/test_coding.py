"""The committed coding keeps to the codebook's vocabulary and registry."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]


def table(name: str) -> pd.DataFrame:
    return pd.read_csv(REPO / "dist" / "csv" / f"{name}.csv", dtype=str, keep_default_na=False)


def test_every_predicate_used_is_defined_and_every_defined_one_is_used() -> None:
    used = set(table("statements")["predicate"])
    defined = set(table("predicates")["predicate"])
    assert used <= defined
    assert defined - used == set(), "remove unused predicates or code the claims they name"


def test_every_quotation_is_attributed_to_its_speaker() -> None:
    statements = table("statements")
    said = statements[statements["predicate"] == "said"]
    assert len(said) > 0
    assert (said["attributed_to"] == said["subject_id"]).all()
    assert all(value in quote for value, quote in zip(said["value"], said["quote"], strict=True))


def test_outlets_cited_by_another_outlet_are_recorded() -> None:
    statements = table("statements")
    relayed = set(statements["reported_via"]) | set(statements["attributed_to"])
    assert {"cnn", "reuters", "al-jazeera"} <= relayed


def test_misspelled_names_are_aliases_marked_as_such() -> None:
    aliases = table("entity_aliases")
    misspelled = aliases[aliases["is_misspelling"] == "true"]
    assert set(misspelled["alias"]) >= {"Talpalpa", "Osegeura"}
    for row in misspelled.itertuples(index=False):
        assert row.correct_form in set(aliases[aliases["entity_id"] == row.entity_id]["alias"])
