"""bench/agreement.py: the matching rule and the measures, on tiny hand-made codings."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
SPEC = importlib.util.spec_from_file_location("agreement", REPO / "bench" / "agreement.py")
assert SPEC is not None and SPEC.loader is not None
agreement = importlib.util.module_from_spec(SPEC)
sys.modules["agreement"] = agreement
SPEC.loader.exec_module(agreement)

SOURCE = "000_aaaaaaaaaaaaaaaa"
ARTICLE = (
    " date 2026-02-23 Officials said the boss was killed on Sunday in Tapalpa, Jalisco. "
    "The United States had offered a reward of up to $15 million. He was 59.\n"
)


def statement(**fields: Any) -> dict[str, Any]:
    return {"subject": "boss", **fields}


def write_coding(folder: Path, statements: list[dict[str, Any]], waivers: Any = ()) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    data = {"source": SOURCE, "statements": statements, "waivers": list(waivers)}
    (folder / f"{SOURCE}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return folder


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / f"{SOURCE}.txt").write_text(ARTICLE, encoding="utf-8")
    shutil.copy(REPO / "seeds" / "predicates.yaml", folder / "predicates.yaml")
    return folder


def run(tmp_path: Path, seeds: Path, first: list[Any], second: list[Any]) -> dict[str, Any]:
    a = write_coding(tmp_path / "first", first)
    b = write_coding(tmp_path / "second", second)
    result: dict[str, Any] = agreement.compare(a, b, seeds)
    return result


# --- the span rule ------------------------------------------------------------------------------


def test_overlap_is_character_jaccard_and_containment() -> None:
    assert agreement.overlap((0, 10), (0, 10)) == (1.0, True)
    assert agreement.overlap((0, 10), (5, 15)) == (5 / 15, False)
    assert agreement.overlap((0, 10), (2, 4)) == (0.2, True)
    assert agreement.overlap((0, 10), (10, 20)) == (0.0, False)


def test_spans_match_at_half_jaccard_or_containment_only() -> None:
    assert agreement.spans_match((0, 10), (0, 15))  # Jaccard 10/15
    assert agreement.spans_match((0, 10), (0, 20))  # Jaccard exactly 0.5
    assert not agreement.spans_match((0, 10), (5, 15))  # Jaccard 1/3, no containment
    assert agreement.spans_match((0, 100), (40, 45))  # Jaccard 0.05, but contained
    assert not agreement.spans_match((0, 10), (10, 20))  # touching is not overlapping


def test_candidates_need_same_predicate_and_subject(tmp_path: Path, seeds: Path) -> None:
    quote = "the boss was killed on Sunday"
    report = run(
        tmp_path,
        seeds,
        [statement(predicate="date", value="Sunday", quote=quote)],
        [
            statement(subject="other", predicate="date", value="Sunday", quote=quote),
            statement(predicate="death_circumstance", value="killed", quote=quote),
        ],
    )
    overall = report["overall"]
    assert (overall["n_first"], overall["n_second"], overall["matched"]) == (1, 2, 0)
    only_first = [d for d in report["disagreements"] if d["kind"] == "only_first"]
    # the statement with another subject is shown as a near miss, the other predicate is not
    assert [n["subject"] for n in only_first[0]["near"]] == ["other"]


# --- one-to-one greedy matching -----------------------------------------------------------------


def test_shared_quote_pairs_like_with_like(tmp_path: Path, seeds: Path) -> None:
    """Statements on overlapping quotes pair with their like, even where the crosswise pairs
    overlap more: agreeing value comes before Jaccard."""
    long_quote, short_quote = "killed on Sunday in Tapalpa, Jalisco", "in Tapalpa, Jalisco"
    report = run(
        tmp_path,
        seeds,
        [
            statement(predicate="location", object="tapalpa", quote=long_quote),
            statement(predicate="location", object="jalisco", quote=short_quote),
        ],
        [
            # by Jaccard alone these would pair crosswise (1.0 each), both values differing
            statement(predicate="location", object="jalisco", quote=long_quote),
            statement(predicate="location", object="tapalpa", quote=short_quote),
        ],
    )
    assert report["overall"]["matched"] == 2
    assert report["overall"]["value_agreement"] == 1.0
    assert report["disagreements"] == []


def test_without_agreeing_values_the_larger_overlap_wins(tmp_path: Path, seeds: Path) -> None:
    long_quote, short_quote = "killed on Sunday in Tapalpa, Jalisco", "in Tapalpa, Jalisco"
    report = run(
        tmp_path,
        seeds,
        [statement(predicate="location", object="tapalpa", quote=long_quote)],
        [
            statement(predicate="location", object="jalisco", quote=short_quote),
            statement(predicate="location", object="mexico", quote=long_quote),
        ],
    )
    [differs, left] = sorted(report["disagreements"], key=lambda d: d["kind"])
    assert differs["kind"] == "matched_differs"
    assert differs["second"]["object"] == "mexico"
    assert left["kind"] == "only_second" and left["statement"]["object"] == "jalisco"


def test_greedy_takes_the_larger_overlap_first(tmp_path: Path, seeds: Path) -> None:
    report = run(
        tmp_path,
        seeds,
        [statement(predicate="age", value="59", quote="He was 59.")],
        [
            statement(predicate="age", value="59", quote="He was 59"),
            statement(predicate="age", value="59", quote="59"),
        ],
    )
    assert report["overall"]["matched"] == 1
    [left] = report["disagreements"]
    assert left["kind"] == "only_second"
    assert left["statement"]["quote"] == "59"


def test_match_is_one_to_one(tmp_path: Path, seeds: Path) -> None:
    quote = "offered a reward of up to $15 million"
    report = run(
        tmp_path,
        seeds,
        [
            statement(predicate="reward_amount", value="up to $15 million", quote=quote),
            statement(predicate="reward_amount", value="$15 million", quote="$15 million"),
        ],
        [statement(predicate="reward_amount", value="up to $15 million", quote=quote)],
    )
    overall = report["overall"]
    assert overall["matched"] == 1
    assert overall["only_first"] == 1 and overall["only_second"] == 0
    assert overall["f1"] == round(2 * 1 / 3, 4)
    assert overall["span_agreement"] == 0.5


# --- values, attribution, qualifiers ------------------------------------------------------------


def test_values_compare_normalized(tmp_path: Path, seeds: Path) -> None:
    quote = "The United States had offered a reward of up to $15 million"
    report = run(
        tmp_path,
        seeds,
        [
            statement(predicate="reward_amount", value="up to $15 million", quote=quote),
            statement(predicate="date", value="Sunday", quote="killed on Sunday"),
            statement(predicate="age", value="59", quote="He was 59."),
        ],
        [
            # same amount and bound, written differently: agrees
            statement(predicate="reward_amount", value="up to USD 15 million", quote=quote),
            # "Sunday" in an article dated Monday 2026-02-23 is 2026-02-22: agrees
            statement(predicate="date", value="2026-02-22", quote="killed on Sunday in Tapalpa"),
            # another number: differs
            statement(predicate="age", value="58", quote="He was 59."),
        ],
    )
    overall = report["overall"]
    assert overall["matched"] == 3
    assert overall["value_agreement"] == round(2 / 3, 4)
    [differs] = report["disagreements"]
    assert differs["kind"] == "matched_differs" and differs["differs_in"] == ["value"]
    assert differs["first"]["predicate"] == "age"


def test_bound_is_part_of_the_value(tmp_path: Path, seeds: Path) -> None:
    quote = "a reward of up to $15 million"
    report = run(
        tmp_path,
        seeds,
        [statement(predicate="reward_amount", value="up to $15 million", quote=quote)],
        [statement(predicate="reward_amount", value="$15 million", quote=quote)],
    )
    assert report["overall"]["matched"] == 1
    assert report["overall"]["value_agreement"] == 0.0


def test_attribution_and_qualifiers_are_separate(tmp_path: Path, seeds: Path) -> None:
    quote = "Officials said the boss was killed on Sunday"
    report = run(
        tmp_path,
        seeds,
        [
            statement(
                predicate="death_circumstance",
                value="Killed on Sunday.",
                attributed_to="officials",
                quote=quote,
            )
        ],
        [
            statement(
                predicate="death_circumstance",
                value="killed on sunday",
                modality="alleged",
                quote=quote,
            )
        ],
    )
    overall = report["overall"]
    assert overall["value_agreement"] == 1.0  # text folded: case and punctuation
    assert overall["attribution_agreement"] == 0.0
    assert overall["qualifier_agreement"] == 0.0
    [differs] = report["disagreements"]
    assert differs["differs_in"] == ["attribution", "qualifiers"]


def test_total_scope_is_the_default(tmp_path: Path, seeds: Path) -> None:
    quote = "the boss was killed"
    report = run(
        tmp_path,
        seeds,
        [statement(predicate="killed_count", value="one", scope="total", quote=quote)],
        [statement(predicate="killed_count", value="1", quote=quote)],
    )
    assert report["overall"]["value_agreement"] == 1.0
    assert report["overall"]["qualifier_agreement"] == 1.0


# --- measures and output ------------------------------------------------------------------------


def test_kappa() -> None:
    assert agreement.kappa([10, 0, 0, 90]) == 1.0
    # both 50/50 and independent: observed 0.5 = expected 0.5
    assert agreement.kappa([25, 25, 25, 25]) == 0.0
    assert agreement.kappa([0, 0, 0, 100]) is None  # nobody quoted anything: undefined


def test_unanchored_quote_is_an_error_not_a_statement(tmp_path: Path, seeds: Path) -> None:
    report = run(
        tmp_path,
        seeds,
        [statement(predicate="age", value="59", quote="He was 60.")],
        [statement(predicate="age", value="59", quote="He was 59.")],
    )
    assert report["overall"]["n_first"] == 0
    assert len(report["errors"]["first"]) == 1 and "statement 1" in report["errors"]["first"][0]


def test_waivers_are_matched_by_overlap(tmp_path: Path, seeds: Path) -> None:
    a = write_coding(tmp_path / "first", [], [{"quote": "He was 59.", "reason": "r"}])
    b = write_coding(tmp_path / "second", [], [{"quote": "was 59", "reason": "other"}])
    report = agreement.compare(a, b, seeds)
    assert report["overall"]["waivers"] == {"n_first": 1, "n_second": 1, "matched": 1}


def test_cli_is_deterministic_and_exits_zero(
    tmp_path: Path, seeds: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = [
        statement(predicate="age", value="59", quote="He was 59."),
        statement(predicate="location", object="tapalpa", quote="in Tapalpa, Jalisco"),
    ]
    second = [statement(predicate="age", value="58", quote="He was 59.")]
    a = write_coding(tmp_path / "first", first)
    b = write_coding(tmp_path / "second", second)
    args = [str(a), str(b), "--seeds", str(seeds)]
    assert agreement.main([*args, "--json"]) == 0
    once = capsys.readouterr().out
    assert agreement.main([*args, "--json"]) == 0
    assert capsys.readouterr().out == once
    data = json.loads(once)
    assert [d["kind"] for d in data["disagreements"]] == ["only_first", "matched_differs"]
    assert data["articles"][0]["source"] == SOURCE
    assert agreement.main(args) == 0
    text = capsys.readouterr().out
    assert "only in first: #2 boss location 'tapalpa'" in text
    assert agreement.main([str(tmp_path / "missing"), str(b), "--seeds", str(seeds)]) == 2
