"""Running out of memory, in Python, DuckDB or Spark, is the machine saying no: exit code 2 with
a message naming what ran out, no traceback and no "bug in claimpack"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from claimpack import build
from claimpack.cli import app
from claimpack.tableschema import duckdb_engine, plan_for, spark_engine

SPARK_AGGREGATE = (
    "An error occurred while calling o1234.collectToPython.\n: org.apache.spark.SparkException: "
    "Job aborted due to stage failure: Task 9 in stage 289.0 failed 1 times, most recent "
    "failure: org.apache.spark.memory.SparkOutOfMemoryError: [AGGREGATE_OUT_OF_MEMORY] No "
    "enough memory for aggregation SQLSTATE: 82001\n\tat org.apache.spark.sql.errors"
)
SPARK_HEAP = "py4j.protocol.Py4JJavaError: ...\n: java.lang.OutOfMemoryError: Java heap space\n\tat"
SPARK_SYNTAX = "[PARSE_SYNTAX_ERROR] Syntax error at or near 'FROM'. SQLSTATE: 42601"


def validate(project: Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["validate", str(project / "datapackage.json"), "--fresh"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_duckdb_out_of_memory_is_exit_2_with_its_message(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(project)
    connect = duckdb_engine.connect

    def starved() -> Any:
        connection = connect()
        connection.execute("SET memory_limit = '256KB'")
        return connection

    monkeypatch.setattr(duckdb_engine, "connect", starved)
    code, output = validate(project)
    assert code == 2
    assert "out of memory (Out of Memory Error: " in output and "[out-of-memory]" in output
    assert "Traceback" not in output and "bug in claimpack" not in output


def test_spark_out_of_memory_is_a_memory_error_and_exit_2(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(project)

    def aborted(*args: Any) -> None:
        raise RuntimeError(SPARK_AGGREGATE)

    monkeypatch.setattr(spark_engine, "_validated", aborted)
    with pytest.raises(MemoryError, match=r"^Spark: AGGREGATE_OUT_OF_MEMORY$"):
        spark_engine.validate_plan(plan_for(project / "datapackage.json"))
    result = CliRunner().invoke(
        app, ["validate", str(project / "datapackage.json"), "--engine", "spark"]
    )
    assert result.exit_code == 2, result.output
    assert "out of memory (Spark: AGGREGATE_OUT_OF_MEMORY)" in result.output


@pytest.mark.parametrize(
    ("said", "condition"),
    [
        (SPARK_AGGREGATE, "AGGREGATE_OUT_OF_MEMORY"),
        (SPARK_HEAP, "java.lang.OutOfMemoryError: Java heap space"),
        (
            "[UNABLE_TO_ACQUIRE_MEMORY] Unable to acquire 262144 bytes of memory, got 0.",
            "UNABLE_TO_ACQUIRE_MEMORY",
        ),
        (
            "org.apache.spark.memory.SparkOutOfMemoryError: Unable to acquire 65536 bytes of "
            "memory, got 0\n\tat org.apache",
            "SparkOutOfMemoryError: Unable to acquire 65536 bytes of memory, got 0",
        ),
        (SPARK_SYNTAX, None),
        ("", None),
    ],
)
def test_what_spark_says_ran_out_is_found_in_its_error(said: str, condition: str | None) -> None:
    assert spark_engine.out_of_memory(RuntimeError(said)) == condition


def test_other_spark_errors_pass_through(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(project)

    def refused(*args: Any) -> None:
        raise RuntimeError(SPARK_SYNTAX)

    monkeypatch.setattr(spark_engine, "_validated", refused)
    with pytest.raises(RuntimeError, match="PARSE_SYNTAX_ERROR"):
        spark_engine.validate_plan(plan_for(project / "datapackage.json"))


def test_other_duckdb_errors_are_not_taken_for_memory() -> None:
    from claimpack.cli import _out_of_memory

    assert _out_of_memory(MemoryError())
    assert _out_of_memory(duckdb.OutOfMemoryException("Out of Memory Error: ..."))
    assert not _out_of_memory(duckdb.InvalidInputException("not memory"))
    assert not _out_of_memory(RuntimeError("Out of Memory Error, in a message only"))
