"""Table Schema validation compiled to SQL: a plan built once from the descriptor (plan.py),
run by DuckDB (duckdb_engine.py) or by Spark (spark_engine.py, the plan written as Spark SQL),
reported in frictionless' shape.

    from claimpack.tableschema import validate
    report = validate(Path("datapackage.json"))
    report.valid, report.to_dict()
"""

from __future__ import annotations

from pathlib import Path

from claimpack.problems import Problem
from claimpack.tableschema.package import Refused, load_package
from claimpack.tableschema.plan import Plan, build_plan
from claimpack.tableschema.report import DEFAULT_LIMIT, Error, Report, Task
from claimpack.tableschema.sql import DUCKDB, SPARK

ENGINES = ("duckdb", "spark")

__all__ = ["ENGINES", "Error", "Plan", "Refused", "Report", "Task", "plan_for", "validate"]


def plan_for(descriptor_path: Path, engine: str = "duckdb") -> Plan:
    """The checks the package's schemas ask for, as the given engine's SQL."""
    return build_plan(load_package(descriptor_path), SPARK if engine == "spark" else DUCKDB)


def validate(
    descriptor_path: Path,
    *,
    engine: str = "duckdb",
    limit_errors: int = DEFAULT_LIMIT,
    exact_csv: bool = False,
) -> Report:
    """Validate a data package; raises Refused (exit code 2) for what the engine does not read.
    engine "spark" runs on the active Spark session, on Spark Connect when SPARK_REMOTE is
    set, or on a local one (needs the `claimpack[spark]` extra and Java 17)."""
    if engine not in ENGINES:
        message = f"engine {engine!r} is not available here; engines: {', '.join(ENGINES)}"
        raise Refused([Problem("unsupported", "--engine", "", message)])
    plan = plan_for(descriptor_path, engine)
    if engine == "spark":  # imported here: pyspark is an optional extra, and slow to import
        from claimpack.tableschema import spark_engine

        return spark_engine.validate_plan(plan, limit_errors, exact_csv)
    from claimpack.tableschema import duckdb_engine

    return duckdb_engine.validate_plan(plan, limit_errors, exact_csv)
