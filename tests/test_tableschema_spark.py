"""The Spark engine against the DuckDB engine: on the differential tests' random packages
(CSV and Parquet, every corruption), both report the same errors and the same totals.

One local Spark (local[2], no UI, bound to 127.0.0.1) for the module; skipped only where
Java is absent."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings

from claimpack.tableschema import Refused, validate
from claimpack.tableschema.report import Report

from strategies import corrupted_packages
from test_an_unreadable_lookup_table_is_named import LOOKUPS
from test_an_unreadable_lookup_table_is_named import package as unreadable_lookup
from test_tableschema_differential import write_package
from test_validate_parquet_types import ENUM, KINDS, LIST, NOTES, TAGS, TEXT, parquet_package

pytestmark = [
    pytest.mark.skipif(
        shutil.which("java") is None and not os.environ.get("JAVA_HOME"),
        reason="the Spark engine needs Java 17 (apt-get install openjdk-17-jre-headless)",
    ),
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
]
CHECKED: list[int] = []


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    pyspark_sql = pytest.importorskip("pyspark.sql")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SPARK_LOCAL_IP", "127.0.0.1")  # no network: the driver binds locally
        session = (
            pyspark_sql.SparkSession.builder.master("local[2]")
            .appName("claimpack-tests")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.default.parallelism", "2")
            .getOrCreate()
        )
        session.sparkContext.setLogLevel("ERROR")
        yield session
        session.stop()


def findings(report: Report) -> tuple[list[tuple[Any, ...]], dict[str, int]]:
    """Every reported error, in a canonical order, and each resource's total."""
    errors = sorted(
        (
            name,
            e.type,
            e.rowNumber or 0,
            e.fieldNumber or 0,
            e.fieldName or "",
            e.cell or "",
            e.note,
        )
        for name, e in report.errors
    )
    return errors, {task.name: task.total for task in report.tasks}


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=corrupted_packages())
def test_spark_reports_what_duckdb_reports(
    spark: Any, tmp_path_factory: Any, drawn: dict[str, Any]
) -> None:
    descriptor = write_package(tmp_path_factory.mktemp("spark"), drawn)
    expected = validate(descriptor, engine="duckdb")
    found = validate(descriptor, engine="spark")
    assert found.engine == "spark"
    assert findings(found) == findings(expected)
    CHECKED.append(1)


@pytest.mark.parametrize(
    "data",
    [
        b'id\n1\n"2\n3\n',
        b'id\n"1\n1"\n2\n"3',
        b"id\n1\n2\xff\n",
        b"id\n" + b"1\n" * 600_000 + b"\xc3",
        b"id\n1\\\n2\n3\\\n",
    ],
    ids=[
        "quote-left-open", "quote-left-open-at-the-end", "not-utf8", "not-utf8-past-a-mib",
        "escape-at-the-end",
    ],
)  # fmt: skip
def test_spark_reports_a_malformed_file_where_duckdb_does(
    spark: Any, tmp_path: Path, data: bytes
) -> None:
    """Spark's text reader reads any bytes (U+FFFD for what is not UTF-8), DuckDB's refuses:
    the file's faults must be found before either reads it."""
    (tmp_path / "t.csv").write_bytes(data)
    entry = {"name": "t", "path": "t.csv", "schema": {"fields": [{"name": "id"}]},
             "dialect": {"escapeChar": "\\"}}  # fmt: skip
    descriptor = tmp_path / "datapackage.json"
    descriptor.write_text(json.dumps({"name": "p", "resources": [entry]}))
    expected = validate(descriptor, engine="duckdb")
    assert [e.type for _, e in expected.errors] in (["source-error"], ["encoding-error"])
    assert findings(validate(descriptor, engine="spark")) == findings(expected)


def test_spark_caps_errors_and_keeps_the_exact_total(spark: Any, tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text("id\n" + "".join(f"{n % 3}\n" for n in range(40)) + "x\n\n")
    fields = [{"name": "id", "type": "integer", "constraints": {"minimum": 1, "unique": True}}]
    entry = {"name": "t", "path": "t.csv", "format": "csv", "schema": {"fields": fields}}
    descriptor = tmp_path / "datapackage.json"
    descriptor.write_text(json.dumps({"name": "p", "resources": [entry]}))
    found = validate(descriptor, engine="spark", limit_errors=5)
    expected = validate(descriptor, engine="duckdb", limit_errors=5)
    assert found.to_dict()["tasks"] == expected.to_dict()["tasks"]
    assert found.tasks[0].truncated and found.tasks[0].total == expected.tasks[0].total


@pytest.mark.parametrize(
    ("columns", "fields"),
    [
        ({"tags": TAGS, "kind": KINDS, "note": NOTES}, [LIST, ENUM, TEXT]),
        ({"tags": TAGS, "note": NOTES}, [TEXT, LIST]),
        ({"kind": pa.array(["a", "c", None]).dictionary_encode()}, [ENUM]),
        (
            {
                "day": pa.array([dt.date(2020, 1, 31), dt.date(2019, 12, 1)]),
                "at": pa.array([dt.datetime(2020, 1, 31, 13, 5, 7, 25)] * 2),
            },
            [
                {
                    "name": "day",
                    "type": "date",
                    "format": "%d/%m/%Y",
                    "constraints": {"minimum": "01/01/2020"},
                },
                {"name": "at", "type": "datetime", "format": "%d.%m.%y %H:%M:%S.%f 'h'"},
            ],
        ),
    ],
    ids=["as-described", "wrong-shapes", "dictionary-outside-enum", "formatted-dates"],
)
def test_spark_reads_list_and_dictionary_columns_as_duckdb_does(
    spark: Any, tmp_path: Path, columns: dict[str, Any], fields: list[dict[str, Any]]
) -> None:
    descriptor = parquet_package(tmp_path, columns, fields)
    expected = validate(descriptor, engine="duckdb")
    assert findings(validate(descriptor, engine="spark")) == findings(expected)


def test_spark_refuses_a_parquet_time_column_it_cannot_read(spark: Any, tmp_path: Path) -> None:
    fields = [{"name": "clock", "type": "time"}]
    descriptor = parquet_package(tmp_path, {"clock": pa.array([dt.time(1, 2)])}, fields)
    assert findings(validate(descriptor, engine="duckdb"))[0] == []
    with pytest.raises(Refused, match="Spark does not read a Parquet TIME column"):
        validate(descriptor, engine="spark")


def test_spark_refuses_a_parquet_file_with_a_repeated_column_name(
    spark: Any, tmp_path: Path
) -> None:
    """Spark's reader fails on it (a traceback before); DuckDB reports the duplicate label."""
    fields = [{"name": name, "type": "integer"} for name in ("a", "b")]
    descriptor = parquet_package(tmp_path, {"a": pa.array([1])}, fields)
    data = descriptor.parent / "t.parquet"
    pq.write_table(pa.table([pa.array([1]), pa.array([2])], names=["a", "a"]), data)
    assert "duplicate-label" in {e[1] for e in findings(validate(descriptor, engine="duckdb"))[0]}
    with pytest.raises(Refused, match="two columns of one name"):
        validate(descriptor, engine="spark")


def test_spark_checks_exclusive_bounds_as_duckdb_does(spark: Any, tmp_path: Path) -> None:
    """Table Schema v2's exclusive bounds, compiled once in the plan, on every ordered type."""
    fields = [
        {"name": "n", "type": "integer", "constraints": {"exclusiveMinimum": 1}},
        {"name": "x", "type": "number", "constraints": {"exclusiveMaximum": 2.5}},
        {"name": "d", "type": "date", "constraints": {"exclusiveMinimum": "2026-02-22"}},
        {"name": "t", "type": "time", "constraints": {"exclusiveMaximum": "12:00:00"}},
        {"name": "y", "type": "yearmonth", "constraints": {"exclusiveMinimum": "2026-02"}},
    ]
    rows = ["1,2.5,2026-02-22,12:00:00,2026-02", "2,NaN,2026-02-23,11:59:59,2026-03", "0,1,,,"]
    (tmp_path / "t.csv").write_text("n,x,d,t,y\n" + "\n".join(rows) + "\n")
    entry = {"name": "t", "path": "t.csv", "schema": {"fields": fields}}
    package = {"$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
               "name": "p", "resources": [entry]}  # fmt: skip
    descriptor = tmp_path / "datapackage.json"
    descriptor.write_text(json.dumps(package))
    expected = validate(descriptor, engine="duckdb")
    assert len(findings(expected)[0]) == 7
    assert findings(validate(descriptor, engine="spark")) == findings(expected)


def test_spark_says_a_lookup_table_not_read_is_not_checked(spark: Any, tmp_path: Path) -> None:
    """Its keys were taken as none: every reference was "not found"."""
    descriptor = unreadable_lookup(tmp_path, LOOKUPS["not-utf8"], "csv", "hijo")
    expected = validate(descriptor, engine="duckdb")
    assert "cannot be read" in expected.tasks[0].errors[0].note
    assert findings(validate(descriptor, engine="spark")) == findings(expected)


@pytest.mark.parametrize("lookup", ["large-page", "large-buffer"])
@pytest.mark.parametrize("child_format", ["csv", "parquet"])
def test_spark_reports_a_damaged_parquet_page_under_its_own_file(
    spark: Any, tmp_path: Path, lookup: str, child_format: str
) -> None:
    """Spark reads a page only when a query needs it: a damaged one failed the foreign key's
    query, an internal error."""
    descriptor = unreadable_lookup(tmp_path, LOOKUPS[lookup], child_format, "hijo")
    spark_report, expected = validate(descriptor, engine="spark"), validate(descriptor)
    [damage] = [e for name, e in spark_report.errors if name == "padre"]
    assert damage.type == "source-error"
    assert damage.note.startswith("not a Parquet file Spark reads: ")
    without_notes = [{(n, e.type, e.note if n == "hijo" else "") for n, e in r.errors}
                     for r in (spark_report, expected)]  # fmt: skip
    assert without_notes[0] == without_notes[1]


def test_zz_report_count() -> None:
    """Prints how many random packages Spark and DuckDB were compared on."""
    print(f"\nspark vs duckdb: {len(CHECKED)} packages")
