"""The predicate a draft gives a number: by what the number counts, else by its sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from claimpack.drafting.drafts import draft_file, suggest
from claimpack.drafting.mentions import load_registry

from conftest import drafted_statements

REPO = Path(__file__).resolve().parents[1]


def drafted_predicates(sentence: str) -> list[tuple[str, str]]:
    text = f" date 2026-02-23 Cifras.\n\n{sentence}\n"
    drafted = yaml.safe_load(draft_file("000_x", text, suggest(text, load_registry(REPO))))
    return [
        (str(statement["value"]), statement["predicate"])
        for statement in drafted["statements"]
        if statement["predicate"] not in {"said", "date"}
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Murieron 25 guardias nacionales.", [("25", "killed_count")]),
        ("Perdieron la vida 12 civiles.", [("12", "killed_count")]),
        ("Sicarios mataron a 4 policías.", [("4", "killed_count")]),
        ("En las últimas 24 horas hubo 41 muertos.", [("24", "statistic"), ("41", "killed_count")]),
        ("Se registraron 252 bloqueos en 20 estados y 25 muertos.",
         [("252", "statistic"), ("20", "affected_states_count"), ("25", "killed_count")]),
        ("At least 25 soldiers were killed in 12 hours.",
         [("At least 25", "killed_count"), ("12", "statistic")]),
        ("Police arrested 70 people.", [("70", "arrested_count")]),
        ("El domingo 22 murieron cuatro personas.", [("cuatro", "killed_count")]),  # 22: a day
    ],
)  # fmt: skip
def test_a_number_gets_the_predicate_of_what_it_counts(
    sentence: str, expected: list[tuple[str, str]]
) -> None:
    assert drafted_predicates(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "scopes"),
    [
        ("Four soldiers died at the scene and three later died in hospital.",
         {"Four": "at_scene", "three": "died_later"}),
        ("Seis agentes murieron en el lugar y otros dos fallecieron después en el hospital.",
         {"Seis": "at_scene", "dos": "died_later"}),
        ("Two of the wounded died of their injuries on Monday.", {"Two": "died_later"}),
        ("Tres civiles perdieron la vida en el acto.", {"Tres": "at_scene"}),
        ("Five people were killed in the attack.", {"Five": None}),
        ("Doce personas murieron en Tapalpa, según la fiscalía.", {"Doce": None}),
        ("Eight were wounded at the scene.", {}),
    ],
)  # fmt: skip
def test_a_count_of_the_killed_is_drafted_with_the_part_its_words_name(
    sentence: str, scopes: dict[str, str | None]
) -> None:
    """The codebook's scopes at_scene and died_later, read from the words after each count up
    to the next one, so that two counts of one sentence get each their own."""
    drafted = drafted_statements(sentence, "killed_count", "2026-02-24")
    assert {s["value"]: s.get("scope") for s in drafted} == scopes


@pytest.mark.parametrize(
    ("sentence", "scopes"),
    [
        ("Hubo 252 bloqueos en la ciudad.", {"252": "bloqueos"}),
        ("Police counted 17 roadblocks and 3 burned buses.", {"17": "roadblocks", "3": "buses"}),
        ("Unas 30 familias no volvieron a la escuela.", {"30": "familias"}),
        ("Hay 5 nuevos casos en la región.", {"5": "casos"}),
    ],
)
def test_a_drafted_statistic_is_scoped_to_what_it_counts(
    sentence: str, scopes: dict[str, str]
) -> None:
    """A statistic's scope says what is counted (seeds/predicates.yaml), and statistics are
    compared only within one scope: unscoped, a reviewer who kept "17 roadblocks" and "3
    burned buses" of one subject got a count conflict between them."""
    drafted = drafted_statements(sentence, "statistic", "2026-02-24")
    assert {str(s["value"]).split()[-1]: s.get("scope") for s in drafted} == scopes
