"""`claimpack validate` on packages it did not build: refused or reported, never trusted."""

from __future__ import annotations

import csv
import stat
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimpack import build
from claimpack.cli import app
from claimpack.published import archive, reader


def run_validate(target: Path, *options: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["validate", str(target), *options])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


def zip_package(root: Path, archive_path: Path, extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(archive_path, "w") as bundle:
        for path in [root / "datapackage.json", *sorted((root / "dist").rglob("*"))]:
            if path.is_file():
                bundle.write(path, path.relative_to(root).as_posix())
        for name, data in (extra or {}).items():
            bundle.writestr(name, data)
    return archive_path


def test_a_zipped_package_validates(project: Path, tmp_path: Path) -> None:
    build(project)
    code, output = run_validate(zip_package(project, tmp_path / "package.zip"))
    assert code == 0, output


@pytest.mark.parametrize("entry", ["../escaped.txt", "/tmp/absolute.txt", "dist/../../up.txt"])
def test_archive_entries_that_escape_are_refused_before_anything_is_written(
    project: Path, tmp_path: Path, entry: str
) -> None:
    build(project)
    bundle = zip_package(project, tmp_path / "evil.zip", {entry: b"gotcha"})
    code, output = run_validate(bundle)
    assert code == 1
    assert f"entry {entry!r}" in output and "the archive is refused" in output
    assert not (tmp_path / "escaped.txt").exists() and not Path("/tmp/absolute.txt").exists()


def test_archive_symbolic_links_are_refused(project: Path, tmp_path: Path) -> None:
    build(project)
    bundle = zip_package(project, tmp_path / "link.zip")
    with zipfile.ZipFile(bundle, "a") as writer:
        info = zipfile.ZipInfo("dist/csv/link.csv")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        writer.writestr(info, "/etc/passwd")
    code, output = run_validate(bundle)
    assert code == 1 and "is a symbolic link" in output


def test_archives_that_unpack_too_large_are_refused(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(project)
    bundle = zip_package(project, tmp_path / "bomb.zip", {"padding.bin": b"\0" * 100_000})
    monkeypatch.setattr(archive, "MAX_UNPACKED_BYTES", 50_000)
    code, output = run_validate(bundle)
    assert code == 1 and "[archive-too-large]" in output


def test_oversized_resources_are_refused_without_being_read(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(project)
    monkeypatch.setattr(reader, "MAX_RESOURCE_BYTES", 100)
    # the limit changes in this process, not in the code the build's report is keyed by
    code, output = run_validate(project / "datapackage.json", "--fresh")
    assert code == 1
    assert "resources[4].path: statements.csv is" in output and "the limit is 100" in output


def test_cells_a_spreadsheet_would_run_as_formulas_are_reported(project: Path) -> None:
    build(project)
    table = project / "dist" / "csv" / "entities.csv"
    rows = list(csv.reader(table.open(encoding="utf-8")))
    column = rows[0].index("description")
    rows[1][column] = '=HYPERLINK("http://example.org","click")'
    with table.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    code, output = run_validate(project / "datapackage.json")
    assert code == 1
    assert "dist/csv/entities.csv:row 2:description: cell starts with '='" in output


def test_a_descriptor_that_is_not_json_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "datapackage.json"
    bad.write_text('{"name": "x",', encoding="utf-8")
    code, output = run_validate(bad)
    assert code == 2 and "[invalid-json]" in output
