"""Release archives: reproducible, checksummed, never replaced, and accepted by validate."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from claimpack import build, load
from claimpack.cli import app
from claimpack.problems import InvalidPackage
from claimpack.published.release import release
from claimpack.validation import stale_problems

REPO = Path(__file__).resolve().parents[1]
VERSION = yaml.safe_load((REPO / "seeds" / "package.yaml").read_text())["version"]


@pytest.fixture
def released(project: Path) -> Path:
    for document in ("README.md", "LICENSE", "CHANGELOG.md"):
        shutil.copy(REPO / document, project / document)
    build(project)
    return project


def test_releases_in_other_time_zones_and_locales_are_the_same_bytes(released: Path) -> None:
    digests = []
    for zone, locale in (("UTC", "C"), ("Asia/Tokyo", "C.UTF-8")):
        target = released / "dist" / "releases" / f"el-mencho-2026-{VERSION}.zip"
        target.unlink(missing_ok=True)
        env = {**os.environ, "TZ": zone, "LC_ALL": locale, "PYTHONHASHSEED": str(len(zone))}
        command = [sys.executable, "-m", "claimpack", "release", "--root", str(released)]
        subprocess.run(command, env=env, check=True, capture_output=True)
        digests.append(hashlib.sha256(target.read_bytes()).hexdigest())
    assert digests[0] == digests[1]


def test_a_release_holds_both_formats_docs_and_checksums(released: Path) -> None:
    target, new = release(released)
    assert new
    names = zipfile.ZipFile(target).namelist()
    assert names == sorted(names)
    expected = {
        "datapackage.json",
        "dist/parquet/datapackage.json",
        "dist/csv/statements.csv",
        "dist/parquet/statements.parquet",
        "README.md",
        "LICENSE",
        "SHA256SUMS",
    }
    assert expected <= set(names)
    assert release(released) == (target, False)  # same content: left alone


def test_a_different_release_of_the_same_version_is_refused(released: Path) -> None:
    target, _ = release(released)
    before = target.read_bytes()
    (released / "CHANGELOG.md").write_text(f"# Changelog\n\n## [{VERSION}]\n\nReworded.\n")
    with pytest.raises(InvalidPackage, match="already exists"):
        release(released)
    assert target.read_bytes() == before


def test_validate_accepts_a_release_and_checks_its_checksums(
    released: Path, tmp_path: Path
) -> None:
    target, _ = release(released)
    result = CliRunner().invoke(app, ["validate", str(target)])
    assert result.exit_code == 0, result.output
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(target) as source, zipfile.ZipFile(tampered, "w") as sink:
        for info in source.infolist():
            data = source.read(info)
            sink.writestr(info, data.replace(b"Unnamed officials.", b"Named officials.."))
    result = CliRunner().invoke(app, ["validate", str(tampered)])
    assert result.exit_code == 1
    assert "dist/csv/entities.csv does not match its checksum" in result.output


def test_the_python_loader_reads_a_release_archive(released: Path) -> None:
    target, _ = release(released)
    from_archive = load(target)
    from_repo = load(released / "datapackage.json")
    assert list(from_archive) == list(from_repo)
    for name, frame in from_repo.items():
        pd.testing.assert_frame_equal(frame, from_archive[name])


@pytest.mark.parametrize(
    ("key", "value"),
    [("name", "../../escaped"), ("version", "1/../../x"), ("version", None), ("created", "soon")],
)
def test_a_release_name_from_the_descriptor_is_a_file_name_or_refused(
    released: Path, key: str, value: str | None
) -> None:
    """`name: ../../escaped` wrote the zip two folders above dist/releases/; a missing
    version crashed."""
    descriptor = released / "datapackage.json"
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    package.pop(key) if value is None else package.update({key: value})
    descriptor.write_text(json.dumps(package), encoding="utf-8")
    before = sorted(p for p in released.parent.rglob("*") if p.is_file())
    result = CliRunner().invoke(app, ["release", "--root", str(released)])
    assert result.exit_code == 2, result.output
    assert f"a release needs the descriptor's `{key}`" in result.output
    assert sorted(p for p in released.parent.rglob("*") if p.is_file()) == before


def test_a_package_older_than_its_seeds_is_not_released(released: Path) -> None:
    """A maintainer who edits a coding file and releases without building again would pack
    the tables of the seeds before the edit, under the version of the new ones."""
    coding = next((released / "seeds" / "statements").glob("*.yaml"))
    coding.write_text(coding.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(InvalidPackage) as refused:
        release(released, stale_problems)
    assert [p.type for p in refused.value.problems] == ["stale-output"]
    assert refused.value.problems[0].file == coding.relative_to(released).as_posix()
    result = CliRunner().invoke(app, ["release", "--root", str(released)])
    assert result.exit_code == 1 and "[stale-output]" in result.output, result.output
    assert not (released / "dist" / "releases").exists()


@pytest.mark.parametrize("link", ["dist/releases", "dist/releases/el-mencho-2026-{version}.zip"])
def test_a_release_is_never_written_or_read_through_a_link(released: Path, link: str) -> None:
    """A contribution may hold dist/releases, or the release's own name, as a link to
    anywhere: the archive would be written (or an old one read) outside the project."""
    outside = released.parent / "outside"
    outside.mkdir()
    target = outside / "planted.zip"
    target.write_bytes(b"not ours")
    place = released / link.format(version=VERSION)
    place.parent.mkdir(parents=True, exist_ok=True)
    place.symlink_to(outside if link == "dist/releases" else target)
    result = CliRunner().invoke(app, ["release", "--root", str(released)])
    assert result.exit_code == 2 and "[unsafe-path]" in result.output, result.output
    assert sorted(p.name for p in outside.iterdir()) == ["planted.zip"]
    assert target.read_bytes() == b"not ours"
