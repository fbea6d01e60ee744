"""The build end to end: the committed package is reproduced, valid, the same in both formats."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import frictionless
import pandas as pd
import pytest

from claimpack import build, load
from claimpack.problems import InvalidSeeds
from claimpack.schema import load_schemas
from claimpack.stages.write import csv_cell

from conftest import REPO, published_bytes


def test_fresh_build_reproduces_the_committed_package(tmp_path: Path) -> None:
    for folder in ("seeds", "schema"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    build(tmp_path)
    committed = published_bytes(REPO)
    rebuilt = published_bytes(tmp_path)
    # dist/releases and dist/report.html are written by `claimpack release` and `report`.
    assert sorted(rebuilt) == sorted(
        p for p in committed if not p.startswith("dist/releases") and p != "dist/report.html"
    )
    differing = [path for path, data in rebuilt.items() if committed[path] != data]
    assert differing == []


@pytest.mark.parametrize("descriptor", ["datapackage.json", "dist/parquet/datapackage.json"])
def test_committed_descriptors_pass_frictionless(descriptor: str) -> None:
    report = frictionless.validate(str(REPO / descriptor))
    assert report.valid, report.flatten(["type", "note"])


def test_csv_and_parquet_tables_hold_the_same_rows() -> None:
    schemas = load_schemas(REPO / "schema")
    for csv_path in sorted((REPO / "dist" / "csv").glob("*.csv")):
        from_csv = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
        from_parquet = pd.read_parquet(REPO / "dist" / "parquet" / f"{csv_path.stem}.parquet")
        as_csv_text = pd.DataFrame(
            {
                f.name: [
                    csv_cell(value.tolist(), f.delimiter or "")
                    if f.delimiter is not None and value is not None
                    else csv_cell(None if value is None or value != value else value)
                    for value in from_parquet[f.name].astype(object)
                ]
                for f in schemas[csv_path.stem].fields
            }
        )
        pd.testing.assert_frame_equal(from_csv, as_csv_text, check_dtype=False)


def test_typed_load_gives_the_same_frames_from_csv_and_parquet() -> None:
    from_csv = load(REPO / "datapackage.json")
    from_parquet = load(REPO / "dist" / "parquet" / "datapackage.json")
    assert list(from_csv) == list(from_parquet)
    for name, frame in from_csv.items():
        pd.testing.assert_frame_equal(frame, from_parquet[name])
    assert str(from_csv["statements"]["char_start"].dtype) == "Int64"
    assert str(from_csv["statements"]["modality"].dtype) == "category"


def test_small_project_builds_with_its_discrepancies(project: Path) -> None:
    result = build(project)
    assert result.row_counts["statements"] == 6
    # 59 against 58 conflicts; a reward "of up to $15 million" offers $15 million (the
    # vocabulary's bound_meaning), which disagrees with "$10 million".
    assert result.discrepancies_per_kind == {
        "amount_conflict": 1,
        "quantity_conflict": 1,
        "spelling_variant": 1,
    }


def test_failed_build_leaves_the_published_package_untouched(project: Path) -> None:
    build(project)
    before = published_bytes(project)
    statements = project / "seeds" / "statements" / "000_aaaaaaaaaaaaaaaa.yaml"
    statements.write_text(statements.read_text().replace("He was 59.", "He was 60."))
    with pytest.raises(InvalidSeeds):
        build(project)
    assert published_bytes(project) == before
    assert not list(project.glob(".build-staging-*"))


def test_builds_under_different_hash_seeds_time_zones_and_locales_are_identical(
    project: Path,
) -> None:
    outputs = []
    for seed, zone in (("1", "UTC"), ("4242", "Asia/Tokyo")):
        env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": zone, "LC_ALL": "C.UTF-8"}
        command = [sys.executable, "-m", "claimpack", "build", "--root", str(project)]
        subprocess.run(command, env=env, check=True, capture_output=True)
        outputs.append(
            {
                path: hashlib.sha256(data).hexdigest()
                for path, data in published_bytes(project).items()
            }
        )
    assert outputs[0] == outputs[1]


def test_a_row_with_a_key_the_schema_lacks_is_refused() -> None:
    schemas = load_schemas(REPO / "schema")
    row = {"source_id": "000_aaaaaaaaaaaaaaaa", "sentences": 1, "sentense_covered": 1}
    with pytest.raises(ValueError, match="unknown keys \\['sentense_covered'\\]"):
        schemas["coverage"].table([row])


def test_a_row_without_a_required_field_is_refused() -> None:
    schemas = load_schemas(REPO / "schema")
    with pytest.raises(ValueError, match="required fields missing"):
        schemas["waivers"].table([{"source_id": "000_aaaaaaaaaaaaaaaa"}])
