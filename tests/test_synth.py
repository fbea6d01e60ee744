"""claimpack synth: a synthetic project that builds, whose planted disagreements are exactly the
ones the build derives (the ground truth the benchmarks check speed-ups against)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimpack import build, load
from claimpack.cli import app


def number(value: str) -> str:
    """A compared value as the generator records it: "USD 30,000,000" is 30000000."""
    return re.sub(r"[^\d.]", "", value) or value


def derived(root: Path) -> set[tuple[str, str, str, frozenset[str]]]:
    tables = load(root / "datapackage.json")
    links = tables["discrepancy_statements"].groupby("discrepancy_id")["compared_value"]
    values = {key: frozenset(number(v) for vs in group for v in vs) for key, group in links}
    return {
        (str(d.extent), str(d.subject_id), str(d.predicate), values[d.discrepancy_id])
        for d in tables["discrepancies"].itertuples(index=False)
    }


def planted(root: Path) -> set[tuple[str, str, str, frozenset[str]]]:
    truth = json.loads((root / "planted.json").read_text())
    return {
        (d["extent"], d["subject_id"], d["predicate"], frozenset(number(v) for v in d["values"]))
        for d in truth["discrepancies"]
    }


@pytest.mark.parametrize("adversarial", [False, True])
def test_a_synthetic_project_builds_and_derives_exactly_its_planted_disagreements(
    tmp_path: Path, adversarial: bool
) -> None:
    root = tmp_path / "synthetic"
    arguments = ["synth", "--articles", "12", "--statements-per-article", "15", "--seed", "3"]
    result = CliRunner().invoke(app, [*arguments, *(["--adversarial"] * adversarial), str(root)])
    assert result.exit_code == 0, result.output
    build(root)
    assert planted(root) and derived(root) == planted(root)


def test_the_same_seed_writes_the_same_project(tmp_path: Path) -> None:
    for name in ("a", "b"):
        arguments = ["synth", "--articles", "5", "--statements-per-article", "10", "--seed", "7"]
        assert CliRunner().invoke(app, [*arguments, str(tmp_path / name)]).exit_code == 0
    files = sorted(
        p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file()
    )
    assert files and all(
        (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files
    )
