"""Properties of the whole build over generated seed sets: valid output, independent of order,
and the same values whichever format is read."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimpack import build, load, validate_package

from conftest import published_bytes, write_project
from strategies import seed_sets

BUILDS = settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def project_from(
    seeds: dict[str, list[dict[str, Any]]],
    coding_order: dict[str, list[dict[str, Any]]] | None = None,
) -> Path:
    """A project whose articles are the claims of `seeds`, coded in `coding_order` (default:
    article order)."""
    root = Path(tempfile.mkdtemp(prefix="claimpack-property-"))
    articles = {source: " ".join(c["quote"] + "." for c in claims) + "\n"
                for source, claims in seeds.items()}  # fmt: skip
    statements = {
        source: [
            {"subject": "boss", "predicate": c["predicate"], "value": c["value"],
             "quote": c["quote"]}
            for c in claims
        ]
        for source, claims in (coding_order or seeds).items()
    }  # fmt: skip
    write_project(root, articles=articles, statements=statements, replace_articles=True)
    return root


@BUILDS
@given(seed_sets())
def test_any_valid_seed_set_builds_into_a_valid_package(seeds: dict[str, Any]) -> None:
    root = project_from(seeds)
    try:
        result = build(root)
        assert result.row_counts["statements"] == sum(len(c) for c in seeds.values())
        report = validate_package(root / "datapackage.json", seeds=False)
        assert report.valid, report.problems
    finally:
        shutil.rmtree(root)


def without_inputs(files: dict[str, bytes]) -> dict[str, Any]:
    """The published files with the descriptor's fingerprint of the inputs left out: it records
    the coding files' bytes, which the order of statements changes."""
    descriptor = json.loads(files["datapackage.json"])
    del descriptor["claimpack"]["inputs"]
    return {**files, "datapackage.json": descriptor}


@BUILDS
@given(seed_sets(), st.randoms(use_true_random=False))
def test_output_does_not_depend_on_the_order_of_statements(seeds: dict[str, Any], rng: Any) -> None:
    shuffled = {source: rng.sample(claims, len(claims)) for source, claims in seeds.items()}
    first, second = project_from(seeds), project_from(seeds, coding_order=shuffled)
    try:
        build(first)
        build(second)
        assert without_inputs(published_bytes(first)) == without_inputs(published_bytes(second))
    finally:
        shutil.rmtree(first)
        shutil.rmtree(second)


@BUILDS
@given(seed_sets())
def test_csv_parquet_and_pandas_hold_the_same_values(seeds: dict[str, Any]) -> None:
    root = project_from(seeds)
    try:
        build(root)
        from_csv = load(root / "datapackage.json")
        from_parquet = load(root / "dist" / "parquet" / "datapackage.json")
        for name, frame in from_csv.items():
            pd.testing.assert_frame_equal(frame, from_parquet[name])
        numbers = from_parquet["statements"]["value_number"].dropna().tolist()
        assert sorted(numbers) == sorted(
            float(v) for v in from_csv["statements"]["value"] if v.isdigit()
        )
    finally:
        shutil.rmtree(root)
