"""`claimpack validate` right after a build gives the build's report, and only while every byte
validation reads is the one the build validated (memo.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from claimpack import build
from claimpack.cli import app
from claimpack.memo import read_set, recall, remember
from claimpack.published import validate as published_validate
from claimpack.validation import validate_package

from test_validate import edit_csv

runner = CliRunner()
RECALLED = "same bytes as validated by the build at"


def validate(project: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["validate", str(project / "datapackage.json"), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


@pytest.fixture
def built(project: Path) -> Path:
    build(project)
    return project


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The packages the validator is run on, as it is called."""
    called: list[Path] = []
    run = published_validate.validate_package

    def counted(target: Path, *args: object, **kwargs: object) -> published_validate.Report:
        called.append(target)
        return run(target, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(published_validate, "validate_package", counted)
    return called


def test_the_report_of_the_build_is_given_when_nothing_changed(
    built: Path, validations: list[Path]
) -> None:
    code, output = validate(built)
    assert (code, validations) == (0, [])
    assert f"note: {RECALLED}" in output and "; --fresh to check again" in output
    assert output.strip().splitlines()[-1] == f"{built}/datapackage.json: valid"
    report = json.loads(validate(built, "--format", "json")[1])
    assert (report["valid"], report["tasks"], report["engine"]) == (True, [], "duckdb")


def test_a_recalled_report_loads_neither_duckdb_nor_pandas(built: Path) -> None:
    script = (
        "import sys; from pathlib import Path; from claimpack.validation import validate_package; "
        f"report = validate_package(Path({str(built / 'datapackage.json')!r}), recall_build=True); "
        f"print(report.valid, report.notes[-1][:{len(RECALLED)}], 'duckdb' in sys.modules, "
        "'pandas' in sys.modules)"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.stdout.split() == ["True", *RECALLED.split(), "False", "False"], run.stderr


def test_fresh_validates_again(built: Path, validations: list[Path]) -> None:
    code, output = validate(built, "--fresh")
    assert (code, len(validations)) == (0, 1)
    assert RECALLED not in output


def _csv_cell(root: Path) -> str:
    edit_csv(root / "dist" / "csv" / "entities.csv", 1, "name", "=boss")
    return "[formula-cell]"


def _parquet(root: Path) -> str:
    path = root / "dist" / "parquet" / "entities.parquet"
    table = pq.read_table(path)
    names = pc.if_else(pc.equal(table["name"], "The boss"), "The bos", table["name"])
    pq.write_table(table.set_column(table.schema.get_field_index("name"), "name", names), path)
    return "[formats-differ]"


def _article(root: Path) -> str:
    article = root / "seeds" / "001_bbbbbbbbbbbbbbbb.txt"
    article.write_bytes(article.read_bytes().replace(b"boss", b"Boss"))
    return "[article-changed]"


def _schema(root: Path) -> str:
    schema = root / "schema" / "entities.json"
    schema.write_text(schema.read_text(encoding="utf-8") + " ", encoding="utf-8")
    return "schema/entities.json: changed since dist/ was built"


def _descriptor(root: Path) -> str:
    descriptor = root / "datapackage.json"
    text = descriptor.read_text(encoding="utf-8")
    descriptor.write_text(text.replace('"bytes": ', '"bytes": 1', 1), encoding="utf-8")
    return "[byte-count]"


@pytest.mark.parametrize(
    "change", [_csv_cell, _parquet, _article, _schema, _descriptor], ids=lambda f: f.__name__
)
def test_one_changed_input_is_validated_in_full(
    built: Path, validations: list[Path], change: Callable[[Path], str]
) -> None:
    finding = change(built)
    code, output = validate(built)
    assert code == 1 and finding in output
    assert RECALLED not in output


def test_a_damaged_memo_is_ignored(built: Path, validations: list[Path]) -> None:
    (entry,) = [p for p in (built / ".claimpack-cache" / "validation").rglob("*") if p.is_file()]
    data = bytearray(entry.read_bytes())
    data[-2] ^= 1
    entry.write_bytes(bytes(data))
    code, output = validate(built)
    assert (code, len(validations)) == (0, 1)
    assert RECALLED not in output


def test_a_schema_file_the_descriptor_names_is_part_of_the_memo(built: Path) -> None:
    descriptor = built / "datapackage.json"
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    schema = built / "dist" / "waivers.schema.json"
    schema.write_text(json.dumps(package["resources"][-1].pop("schema")), encoding="utf-8")
    package["resources"][-1]["schema"] = "dist/waivers.schema.json"
    descriptor.write_text(json.dumps(package, indent=2), encoding="utf-8")
    report = published_validate.validate_package(descriptor)
    assert report.valid, report.problems
    read = read_set(descriptor, built)
    assert read is not None and "dist/waivers.schema.json" in read.package
    remember(built, read, report)
    assert recall(descriptor) is not None
    schema.write_text(schema.read_text(encoding="utf-8").replace('"', '"', 1) + "\n")
    assert recall(descriptor) is None


def test_the_library_validates_unless_asked_to_recall(built: Path, validations: list[Path]) -> None:
    report = validate_package(built / "datapackage.json")
    assert (report.valid, len(validations)) == (True, 1)
    assert not any(RECALLED in note for note in report.notes)


def test_the_sha256_a_build_declares_are_those_of_the_files_it_wrote(built: Path) -> None:
    """The build takes the sha256 of its tables from the descriptor it wrote, rather than
    reading the files again: the same read set."""
    read = read_set(built / "datapackage.json", built, written=True)
    assert read is not None and read == read_set(built / "datapackage.json", built)
    assert "dist/csv/statements.csv" in read.package
