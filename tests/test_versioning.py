"""Real revisions in a temporary git repository: diff output and the version verdict."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from claimpack import build
from claimpack.cli import app
from claimpack.drafting.fill_ids import fill_ids
from claimpack.published.versioning import bump_between, needed_bump

REPO = Path(__file__).resolve().parents[1]
# The repository's current version, and the patch bump after it: the tests revise a copy of it.
CURRENT = yaml.safe_load((REPO / "seeds" / "package.yaml").read_text())["version"]
major, minor, patch = CURRENT.split(".")
NEXT = f"{major}.{minor}.{int(patch) + 1}"


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(REPO / "CHANGELOG.md", project / "CHANGELOG.md")
    build(project)
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "first release")
    monkeypatch.chdir(project)
    return project


def revise(root: Path, edit: str, version: str | None) -> None:
    if edit == "add a statement":
        path = root / "seeds" / "statements" / "001_bbbbbbbbbbbbbbbb.yaml"
        coded = yaml.safe_load(path.read_text())
        coded["statements"].append(
            {"subject": "boss", "predicate": "location", "object": "tapalpa",
             "quote": "was killed in Talpalpa"}
        )  # fmt: skip
        path.write_text(yaml.safe_dump(coded, sort_keys=False))
        fill_ids(root)  # as a coder gives a new statement its id
    elif edit == "correct a value":
        path = root / "seeds" / "entities.yaml"
        path.write_text(path.read_text().replace("A cartel boss.", "The leader of a cartel."))
    elif edit == "rename a field":  # in the published package, as a consumer would see it
        table = root / "dist" / "csv" / "entities.csv"
        header, rest = table.read_text().split("\n", 1)
        table.write_text(header.replace("description", "summary") + "\n" + rest)
        descriptor = root / "datapackage.json"
        package = json.loads(descriptor.read_text())
        for resource in package["resources"]:
            if resource["name"] == "entities":
                for schema_field in resource["schema"]["fields"]:
                    if schema_field["name"] == "description":
                        schema_field["name"] = "summary"
        descriptor.write_text(json.dumps(package))
    if version:
        for name in ("seeds/package.yaml",):
            text = (root / name).read_text()
            (root / name).write_text(text.replace(f"version: {CURRENT}", f"version: {version}"))
        changelog = root / "CHANGELOG.md"
        changelog.write_text(changelog.read_text() + f"\n## [{version}] - 2026-11-24\n")
    if edit != "rename a field":
        build(root)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", edit)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("edit", "needed", "diff_line"),
    [
        ("add a statement", "patch", "statements              changed  +1     -0     ~0"),
        ("correct a value", "patch", "entities                changed  +0     -0     ~1"),
        ("rename a field", "minor", "entities                changed  +0     -0     ~0       "
         "description->summary"),
    ],
)  # fmt: skip
def test_a_revision_without_a_bump_fails_and_says_which_bump(
    repo: Path, edit: str, needed: str, diff_line: str
) -> None:
    revise(repo, edit, None)
    code, output = run("diff", "HEAD~1", "HEAD")
    assert code == 1 and diff_line in output
    code, output = run("check-version", "--against", "HEAD~1")
    assert code == 1
    went = f"the version went from {CURRENT} to {CURRENT}"
    assert f"that needs a {needed} version bump, but {went}" in output


@pytest.mark.parametrize(
    ("edit", "version"), [("add a statement", NEXT), ("correct a value", NEXT)]
)
def test_a_revision_with_the_right_bump_passes(repo: Path, edit: str, version: str) -> None:
    revise(repo, edit, version)
    code, output = run("check-version", "--against", "HEAD~1")
    assert code == 0, output


def test_a_version_without_a_changelog_entry_fails(repo: Path) -> None:
    revise(repo, "correct a value", None)
    text = (repo / "seeds/package.yaml").read_text().replace(CURRENT, NEXT)
    (repo / "seeds/package.yaml").write_text(text)
    build(repo)
    code, output = run("check-version", "--against", "HEAD~1")
    assert code == 1 and f"CHANGELOG.md has no entry for version {NEXT}" in output


def test_identical_revisions_diff_to_nothing(repo: Path) -> None:
    assert run("diff", "HEAD", "datapackage.json")[0] == 0


def test_an_unknown_revision_is_a_usage_error(repo: Path) -> None:
    code, output = run("diff", "no-such-rev", "HEAD")
    assert code == 2 and "not a descriptor, a .zip, or a git revision" in output


def test_zero_major_versions_shift_bumps_down_one() -> None:
    assert [needed_bump(c, "0.3.1") for c in ("major", "minor", "patch")] == [
        "minor",
        "patch",
        "patch",
    ]
    assert [needed_bump(c, "1.0.0") for c in ("major", "minor", "patch")] == [
        "major",
        "minor",
        "patch",
    ]
    assert [bump_between("0.1.0", v) for v in ("0.1.0", "0.1.1", "0.2.0", "1.0.0", "0.0.9")] == [
        "none", "patch", "minor", "major", "down"]  # fmt: skip
