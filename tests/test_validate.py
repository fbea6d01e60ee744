"""`claimpack validate`: what it reports, where, and with which exit code."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from claimpack import build
from claimpack.cli import app
from claimpack.published.validate import validate_package

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
    assert "error: seeds/entities.yaml: changed since dist/ was built" in output


def test_json_report_is_machine_readable(project: Path) -> None:
    build(project)
    code, output = validate(str(project / "datapackage.json"), "--format", "json")
    report = json.loads(output)
    assert (code, report["valid"], report["tasks"], report["stats"]["errors"]) == (0, True, [], 0)


def test_missing_descriptor_is_a_usage_error(tmp_path: Path) -> None:
    code, output = validate(str(tmp_path / "nowhere.json"))
    assert code == 2
    assert "descriptor not found" in output


@pytest.mark.parametrize(
    ("path", "code", "said"),
    [
        ("../outside.csv", 1, "refused"),
        ("/etc/passwd", 1, "refused"),
        ("dist/../../x.csv", 1, "refused"),
        # remote data is not read (exit 2, as --help says), not invalid
        ("https://example.org/data.csv", 2, "is not read"),
        ("file:///etc/passwd", 2, "is not read"),
    ],
)
def test_resource_paths_outside_the_package_are_refused(
    project: Path, path: str, code: int, said: str
) -> None:
    build(project)
    descriptor = project / "datapackage.json"
    package = json.loads(descriptor.read_text())
    package["resources"][0]["path"] = path
    descriptor.write_text(json.dumps(package))
    found, output = validate(str(descriptor))
    assert found == code, output
    assert "resources[0].path" in output and said in output


def test_a_discrepancy_with_one_statement_is_invalid(project: Path) -> None:
    build(project)
    links = project / "dist" / "csv" / "discrepancy_statements.csv"
    rows = links.read_text().splitlines()
    links.write_text("\n".join(rows[:-1]) + "\n")
    code, output = validate(str(project / "datapackage.json"))
    assert code == 1
    assert "[discrepancy-unlinked]" in output


def test_json_locates_each_error_by_row_and_field_as_frictionless_does(project: Path) -> None:
    build(project)
    edit_csv(project / "dist" / "csv" / "statements.csv", 2, "char_start", "many")
    code, output = validate(str(project / "datapackage.json"), "--format", "json")
    report = json.loads(output)
    errors = [e for task in report["tasks"] for e in task["errors"]]
    assert code == 1 and not report["valid"]
    found = {(e["type"], e.get("rowNumber"), e.get("fieldName"), e.get("cell")) for e in errors}
    assert ("type-error", 3, "char_start", "many") in found


def test_errors_are_capped_per_file_and_counted_exactly(project: Path) -> None:
    build(project)
    table = project / "dist" / "csv" / "entity_aliases.csv"
    rows = list(csv.reader(table.open(encoding="utf-8")))
    for row in rows[1:]:
        row[rows[0].index("is_misspelling")] = "perhaps"
    with table.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    code, output = validate(str(project / "datapackage.json"), "--limit-errors", "2")
    table_schema_types = ("[type-error]", "[byte-count]", "[hash-count]")
    shown = [line for line in output.splitlines() if line.endswith(table_schema_types)]
    assert code == 1 and len(shown) == 2
    assert "more errors in dist/csv/entity_aliases.csv not shown (--limit-errors)" in output
    code, output = validate(
        str(project / "datapackage.json"), "--format", "json", "--limit-errors", "2"
    )
    task = next(t for t in json.loads(output)["tasks"] if t["place"].endswith("entity_aliases.csv"))
    capped = [e for e in task["errors"] if f"[{e['type']}]".endswith(table_schema_types)]
    assert task["truncated"] and len(capped) == 2
    assert task["stats"]["errors"] >= len(rows) - 1


def test_an_engine_that_is_not_available_is_a_usage_error(project: Path) -> None:
    build(project)
    code, output = validate(str(project / "datapackage.json"), "--engine", "spark")
    assert code in (0, 2) and "Traceback" not in output


def test_quotes_at_any_offsets_are_checked_as_against_the_whole_text(project: Path) -> None:
    """Quotes are taken from pieces of the article: across a piece's end, longer than the
    overlap, at negative, reversed or past-the-end offsets, the findings are those of
    DuckDB's substring over the whole text."""
    build(project)
    dist = project / "dist" / "csv"
    sources = list(csv.DictReader((dist / "sources.csv").open(encoding="utf-8")))
    texts = {}
    for source in sources:  # long articles, not ASCII, their checksums updated
        article = project / source["path"]
        text = article.read_text(encoding="utf-8") + "Équipe—ünïcode 世界. " * 400
        article.write_text(text, encoding="utf-8")
        source["sha256"] = hashlib.sha256(article.read_bytes()).hexdigest()
        texts[source["source_id"]] = text
    write_rows(dist / "sources.csv", sources)
    rows = list(csv.DictReader((dist / "statements.csv").open(encoding="utf-8"))) * 6
    offsets = [(-5, 3), (40, 30), (10_000, 10_010), (2040, 2060), (0, 600), (2047, 2049),
               (1500, 2700), (2048, 2048), (4090, 4110), (20_000, 20_010)]  # fmt: skip
    for index, row in enumerate(rows):
        start, end = offsets[index % len(offsets)]
        right = texts[row["source_id"]][max(start, 0) : max(end, 0)]
        quote = right if index % 3 else "X" + right[1:]
        rows[index] = {**row, "char_start": str(start), "char_end": str(end), "quote": quote}
    write_rows(dist / "statements.csv", rows)
    report = validate_package(project / "datapackage.json", limit_errors=10_000)
    found = {p.row: p.message for p in report.problems if p.type == "quote-mismatch"}
    with duckdb.connect() as connection:
        expected = {
            number + 2: connection.execute(
                "SELECT substring($text, $start + 1, $end - $start)",
                {
                    "text": texts[row["source_id"]],
                    "start": int(row["char_start"]),
                    "end": int(row["char_end"]),
                },
            ).fetchone()[0]
            for number, row in enumerate(rows)
        }
    mismatched = {  # an empty cell is read as NULL, which no text equals
        row: text for row, text in expected.items() if text != (rows[row - 2]["quote"] or None)
    }
    assert 0 < len(mismatched) < len(rows)
    assert set(found) == set(mismatched)
    for row, text in mismatched.items():
        assert f"]: {text!r}" in found[row], row


def write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
