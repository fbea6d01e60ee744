"""`claimpack validate`: what it reports, where, and with which exit code."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimpack import build
from claimpack.cli import app

runner = CliRunner()


def validate(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["validate", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


def edit_csv(path: Path, row: int, column: str, change: str) -> None:
    rows = list(csv.reader(path.open(encoding="utf-8")))
    index = rows[0].index(column)
    rows[row][index] = change
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def test_a_built_package_is_valid(project: Path) -> None:
    build(project)
    code, output = validate(str(project / "datapackage.json"))
    assert (code, output.strip().splitlines()[-1]) == (0, f"{project}/datapackage.json: valid")


def test_one_character_changed_in_a_published_quote_is_reported(project: Path) -> None:
    build(project)
    statements = project / "dist" / "csv" / "statements.csv"
    quote = next(csv.DictReader(statements.open()))["quote"]
    edit_csv(statements, 1, "quote", "X" + quote[1:])
    code, output = validate(str(project / "datapackage.json"))
    assert code == 1
    line = next(line for line in output.splitlines() if "[quote-mismatch]" in line)
    assert line.startswith("error: dist/csv/statements.csv:row 2:statement st_")
    assert "first difference at character 0: 'X' vs" in line


def test_one_character_changed_in_a_coded_quote_names_file_line_and_statement(
    project: Path,
) -> None:
    build(project)
    seeds = project / "seeds" / "statements" / "001_bbbbbbbbbbbbbbbb.yaml"
    seeds.write_text(seeds.read_text().replace("The boss, 58,", "The bos, 58,"))
    code, output = validate(str(project / "datapackage.json"))
    assert code == 1
    assert "seeds/statements/001_bbbbbbbbbbbbbbbb.yaml:" in output
    assert "statement 1: quote not found in the article" in output
    assert "Traceback" not in output


def test_published_files_that_the_seeds_no_longer_build_are_stale(project: Path) -> None:
    build(project)
    entities = project / "seeds" / "entities.yaml"
    entities.write_text(entities.read_text().replace("A cartel boss.", "A boss."))
    code, output = validate(str(project / "datapackage.json"))
    assert code == 1
    assert "error: dist/csv/entities.csv: differs from what the seeds build" in output


def test_json_report_is_machine_readable(project: Path) -> None:
    build(project)
    code, output = validate(str(project / "datapackage.json"), "--json")
    report = json.loads(output)
    assert (code, report["valid"], report["problems"]) == (0, True, [])


def test_missing_descriptor_is_a_usage_error(tmp_path: Path) -> None:
    code, output = validate(str(tmp_path / "nowhere.json"))
    assert code == 2
    assert "descriptor not found" in output


@pytest.mark.parametrize(
    "path", ["../outside.csv", "/etc/passwd", "https://example.org/data.csv", "dist/../../x.csv"]
)
def test_resource_paths_outside_the_package_are_refused(project: Path, path: str) -> None:
    build(project)
    descriptor = project / "datapackage.json"
    package = json.loads(descriptor.read_text())
    package["resources"][0]["path"] = path
    descriptor.write_text(json.dumps(package))
    code, output = validate(str(descriptor))
    assert code == 1
    assert "resources[0].path" in output and "refused" in output


def test_a_discrepancy_with_one_statement_is_invalid(project: Path) -> None:
    build(project)
    links = project / "dist" / "csv" / "discrepancy_statements.csv"
    rows = links.read_text().splitlines()
    links.write_text("\n".join(rows[:-1]) + "\n")
    code, output = validate(str(project / "datapackage.json"))
    assert code == 1
    assert "[discrepancy-unlinked]" in output
