"""claimpack synth writes a project that builds, the same bytes for the same seed, and the build
finds exactly the disagreements it planted, in the realistic and the adversarial corpus."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from claimpack import build
from claimpack.cli import app
from claimpack.drafting.fill_ids import fill_ids
from claimpack.synth import planted_mismatches, synthesize

from conftest import REPO

runner = CliRunner()


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("adversarial", [False, True])
def test_the_build_finds_exactly_the_planted_disagreements(
    tmp_path: Path, adversarial: bool
) -> None:
    root = tmp_path / "corpus"
    # 4,000 statements: an adversarial group gets over a thousand, so its deviant is planted
    # twice, in two articles that then each contradict themselves as well
    made = synthesize(REPO, root, 40, 100, seed=11, adversarial=adversarial)
    assert made.planted > 0
    planted = json.loads((root / "planted.json").read_text())["discrepancies"]
    assert "count_revision" in {record["kind"] for record in planted}  # a toll that grew
    build(root)  # refuses coverage gaps and invalid seeds: the corpus is fully covered
    assert planted_mismatches(root) == []


def test_a_revision_found_as_a_conflict_is_a_mismatch(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    synthesize(REPO, root, 40, 100, seed=11)
    build(root)
    discrepancies = root / "dist" / "csv" / "discrepancies.csv"
    revised = discrepancies.read_text(encoding="utf-8").replace("count_revision", "count_conflict")
    discrepancies.write_text(revised, encoding="utf-8")
    mismatches = planted_mismatches(root)
    assert len(mismatches) == 2 and {m.split(":")[0] for m in mismatches} == {
        "missed",
        "not planted",
    }


def test_the_same_seed_writes_the_same_bytes_and_another_seed_other_ones(tmp_path: Path) -> None:
    first, second, third = (tmp_path / name for name in ("a", "b", "c"))
    synthesize(REPO, first, 6, 10, seed=3)
    synthesize(REPO, second, 6, 10, seed=3)
    synthesize(REPO, third, 6, 10, seed=4)
    assert tree_bytes(first) == tree_bytes(second)
    assert tree_bytes(first) != tree_bytes(third)


def test_predicates_are_drawn_from_the_coding_files_of_the_template(tmp_path: Path) -> None:
    template = tmp_path / "template"
    for folder in ("seeds", "schema"):
        shutil.copytree(REPO / folder, template / folder)
    coding = template / "seeds" / "statements" / "000_0ccfc37349d82a4d.yaml"
    only_known_as = yaml.safe_load(coding.read_text())
    only_known_as["statements"] = [
        s for s in only_known_as["statements"] if s["predicate"] == "known_as"
    ]
    coding.write_text(yaml.safe_dump(only_known_as))
    for other in sorted((template / "seeds" / "statements").glob("*.yaml"))[1:]:
        other.unlink()
    synthesize(template, tmp_path / "out", 3, 10, seed=1)
    drawn = {
        s["predicate"]
        for path in (tmp_path / "out" / "seeds" / "statements").glob("*.yaml")
        for s in yaml.safe_load(path.read_text())["statements"]
    }
    assert drawn == {"known_as"}


def test_the_command_writes_the_project_and_refuses_a_folder_in_use(tmp_path: Path) -> None:
    out = tmp_path / "corpus"
    arguments = ["synth", "--articles", "3", "--statements-per-article", "5", "--seed", "2"]
    result = runner.invoke(app, [*arguments, "--root", str(REPO), str(out)])
    assert result.exit_code == 0, result.output
    planted = json.loads((out / "planted.json").read_text())
    assert planted["generator"]["articles"] == 3 and planted["statements"] == 15
    again = runner.invoke(app, [*arguments, "--root", str(REPO), str(out)])
    assert again.exit_code == 2 and "[bad-synth]" in again.output


def test_every_synthetic_statement_has_the_id_fill_ids_gives_it(tmp_path: Path) -> None:
    root = tmp_path / "synthetic"
    arguments = ["synth", "--articles", "3", "--statements-per-article", "8", str(root)]
    assert runner.invoke(app, arguments).exit_code == 0
    codings = sorted((root / "seeds" / "statements").glob("*.yaml"))
    written = {path: path.read_text(encoding="utf-8") for path in codings}
    for path, text in written.items():
        assert len(re.findall(r"^  - id: st_[0-9a-f]{16}\n", text, re.MULTILINE)) == 8
        path.write_text(re.sub(r"- id: st_[0-9a-f]{16}\n    ", "- ", text), encoding="utf-8")
    assert len(fill_ids(root)) == 3 * 8
    assert {path: path.read_text(encoding="utf-8") for path in codings} == written
