"""Entity mentions: registry aliases found exactly, unknown names only ever as candidates."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimpack.drafting.mentions import Registry, find_mentions, load_registry

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry(REPO)


def mentions(text: str, registry: Registry) -> list[tuple[str, str | None]]:
    return [(m.text, m.entity_id) for m in find_mentions(text, registry)]


def test_the_longest_alias_wins(registry: Registry) -> None:
    assert mentions("He led the Jalisco New Generation Cartel for years.", registry) == [
        ("Jalisco New Generation Cartel", "cjng")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("El Cártel Jalisco Nueva Generación atacó.", ("Cártel Jalisco Nueva Generación", "cjng")),
        ("La Secretaría de la Defensa Nacional informó.",
         ("Secretaría de la Defensa Nacional", "mexico-defense-department")),
        ("Llegó la Guardia Nacional.", ("Guardia Nacional", "mexico-national-guard")),
        ("Viajó a Michoacán.", ("Michoacán", "michoacan")),
    ],
)  # fmt: skip
def test_spanish_forms_of_registry_entities_are_found(
    text: str, expected: tuple[str, str], registry: Registry
) -> None:
    assert expected in mentions(text, registry)


def test_a_look_alike_place_is_a_candidate_and_never_merged(registry: Registry) -> None:
    found = find_mentions("Residents of Talpa de Allende fled to Tapalpa.", registry)
    assert [(m.text, m.entity_id) for m in found] == [
        ("Talpa de Allende", None),
        ("Tapalpa", "tapalpa"),
    ]
    assert found[0].get("candidate") is True


def test_a_close_spelling_is_suggested_with_its_score_but_not_merged(registry: Registry) -> None:
    (found,) = find_mentions("The mayor of Tapalpah spoke.", registry)
    assert found.entity_id is None
    suggestion = found.get("suggestion")
    assert suggestion["entity_id"] == "tapalpa"
    assert 80 <= suggestion["score"] < 100


def test_titles_and_sentence_initial_words_are_not_names(registry: Registry) -> None:
    text = "Cars burned. Security Secretary Omar García Harfuch and Analyst Falko Ernst spoke."
    assert mentions(text, registry) == [("Omar García Harfuch", None), ("Falko Ernst", None)]


def test_a_dateline_in_capitals_finds_its_place(registry: Registry) -> None:
    assert mentions("MEXICO CITY (AP) — Officials spoke.", registry)[:2] == [
        ("MEXICO CITY", "mexico-city"),
        ("AP", None),
    ]
