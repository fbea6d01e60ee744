"""The fixture articles (both languages, several kinds of outlet) against their gold files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimpack.drafting.drafts import suggest
from claimpack.drafting.mentions import load_registry

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "articles"
GOLD = sorted(FIXTURES.glob("*.gold.json"))
SHARED_KEYS = {"kind", "char_start", "char_end", "text", "value", "low", "high", "unit",
               "speaker", "entity_id"}  # fmt: skip


def load(path: Path) -> tuple[str, dict[str, object]]:
    text = path.with_name(path.name.replace(".gold.json", ".txt")).read_text(encoding="utf-8")
    return text, json.loads(path.read_text(encoding="utf-8"))


def test_there_are_spanish_and_english_fixtures() -> None:
    languages = [load(path)[1]["language"] for path in GOLD]
    assert languages.count("es") >= 4
    assert languages.count("en") >= 3


@pytest.mark.parametrize("path", GOLD, ids=[p.stem for p in GOLD])
def test_gold_offsets_slice_the_article(path: Path) -> None:
    text, gold = load(path)
    for item in gold["drafts"]:  # type: ignore[attr-defined]
        assert set(item) == SHARED_KEYS
        assert text[item["char_start"] : item["char_end"]] == item["text"]


# Articles the drafter does not yet draft to the bar, each with what it misses: strict, so
# that the mark goes once the rules meet it. bench/eval_suggest.py lists the misses.
BELOW_THE_BAR = {
    "es_trascendidos_columna.gold": "nicknames of a column (El Notario), speakers told by "
    "a role or a pronoun (el mandatario, Él), a day after its weekday (domingo 22)",
    "en_obituary_soldier.gold": "a town opening with Del (Del Rio, read as Rio), military "
    "units with an ordinal (69th Infantry Battalion), a surname-only speaker the gold gives "
    "the full name of (Medina), a mother named only in the birth line, 'last June'",
    "en_congressional_press_release.gold": "a surname-only speaker the gold gives the full "
    "name of (Bellweather), 'U.S. Customs and Border Protection' cut into parts, a media "
    "contact's name, 'one of three' counted as the part",
    "es_entrevista_radio_pregunta_respuesta.gold": "quotes inside a labelled answer given to "
    "the one answering (M.G., ALCALDE GALLARDO), transcript labels as names, 'la mitad', "
    "'como mil quinientas', 'pasado mañana'",
}


def _marked(path: Path) -> object:
    if path.stem not in BELOW_THE_BAR:
        return path
    return pytest.param(path, marks=pytest.mark.xfail(reason=BELOW_THE_BAR[path.stem], strict=True))


@pytest.mark.parametrize("path", [_marked(p) for p in GOLD], ids=[p.stem for p in GOLD])
def test_suggest_finds_the_gold_with_its_values_speakers_and_entities(path: Path) -> None:
    text, gold = load(path)
    found = [f.to_dict() for f in suggest(text, load_registry(REPO)).findings]
    key = ("kind", "char_start", "char_end", "value", "low", "high", "speaker", "entity_id")

    def keyed(items: list[dict[str, object]]) -> set[tuple[object, ...]]:
        return {tuple(item[k] for k in key) for item in items}

    wanted, got = keyed(gold["drafts"]), keyed(found)  # type: ignore[arg-type]
    assert len(wanted & got) >= 0.9 * len(wanted), sorted(wanted - got, key=str)
    assert len(wanted & got) >= 0.85 * len(got), sorted(got - wanted, key=str)
