"""Benchmark: claimpack.tableschema (DuckDB) against frictionless, and the floor of only
reading the tables with pyarrow, on packages with the real statements schema; and how the
time to find a quote left open grows with the file.

Generates, for each size, the statements table (primary key, foreign keys, enums, patterns,
minimum, required) and the sources, entities and predicates tables it references, as CSV and
as Parquet; runs each validator in its own process and prints seconds and peak RSS. Asserts
nothing about time. Run:

    .venv/bin/python bench/bench_validate.py [STATEMENTS ...] [--frictionless-parquet-max N]
        [--repeat N]

frictionless reads Parquet through pandas a row at a time (minutes at 1M), so by default it
is timed on Parquet only up to 100k statements. The engine and the floor take seconds, and
on a shared machine one run of seconds is at the mercy of whatever else runs for those
seconds: they are run --repeat times (3) and their median printed; frictionless runs once
(its minutes average the load out; its MiB is that run's).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
TABLES = ["sources", "entities", "predicates", "statements"]
GENERATORS = {  # SQL over range(n) t(i) that gives each table valid rows; a schema field not
    # named here is written empty (see columns_in_schema_order)
    "sources": """SELECT printf('%03d_%016x', i % 1000, i) AS source_id, 'dist/a.txt' AS path,
        repeat('ab', 32) AS sha256, DATE '2026-02-23' AS published, '' AS publisher,
        '' AS publisher_evidence, 'A headline.' AS headline, 100 + i AS word_count,
        600 + i AS char_count FROM range({n}) t(i)""",
    "entities": """SELECT 'e-' || i AS entity_id, 'person' AS type, 'Name ' || i AS name,
        '' AS aliases, 'Someone.' AS description FROM range({n}) t(i)""",
    "predicates": """SELECT 'p_' || i AS predicate, 'Label' AS label, 'count' AS value_type,
        'people' AS unit, '' AS categories, true AS single_valued, false AS cumulative,
        'What.' AS description
        FROM range({n}) t(i)""",
    "statements": """SELECT printf('st_%016x', i) AS statement_id,
        printf('%03d_%016x', (i % {sources}) % 1000, i % {sources}) AS source_id,
        'e-' || (i % {entities}) AS subject_id, 'p_' || (i % {predicates}) AS predicate,
        'e-' || ((i + 1) % {entities}) AS object_id, CAST(i % 97 AS VARCHAR) AS value,
        CAST(i % 97 AS VARCHAR) || ' people' AS value_raw, CAST(i % 97 AS DOUBLE) AS value_number,
        'people' AS unit, DATE '2026-02-22' + CAST(i % 30 AS INT) AS value_date,
        'day' AS date_precision, 'exact' AS bound, 'total' AS scope, '' AS excluding,
        'asserted' AS modality, '' AS qualifiers, 'e-' || (i % 7) AS attributed_to,
        false AS negated, '' AS reported_via,
        'They said ' || (i % 97) || ' people, "quoted", were there' AS quote,
        i % 5000 AS char_start, i % 5000 + 20 AS char_end, '' AS note FROM range({n}) t(i)""",
}
ENGINE = """
import sys; from pathlib import Path
from claimpack.tableschema import validate
report = validate(Path(sys.argv[1]))
assert report.valid, report.to_dict()["tasks"]
"""
FRICTIONLESS = """
import sys, warnings; warnings.simplefilter("ignore")
from frictionless import Package
report = Package(sys.argv[1]).validate()
assert report.valid, report.flatten(["type", "message"])[:5]
"""
INVALID = """
import sys; from pathlib import Path
from claimpack.tableschema import validate
report = validate(Path(sys.argv[1]))
assert not report.valid
"""
FLOOR = """
import sys, json; from pathlib import Path
import pyarrow.csv as pc, pyarrow.parquet as pq
descriptor = Path(sys.argv[1]); package = json.loads(descriptor.read_text())
for r in package["resources"]:
    path = descriptor.parent / r["path"]
    pq.read_table(path) if r["format"] == "parquet" else pc.read_csv(path)
"""


def columns_in_schema_order(sql: str, schema: dict[str, object]) -> str:
    """The generator's rows with the schema's columns in its order, so that the bench follows
    the schema as it grows: a field the generator does not name is empty (an optional one)."""
    fields = schema["fields"]
    assert isinstance(fields, list)
    given = duckdb.sql(f"SELECT * FROM ({sql}) LIMIT 0").columns
    columns = [f'"{f["name"]}"' if f["name"] in given else f'NULL AS "{f["name"]}"' for f in fields]
    return f"SELECT {', '.join(columns)} FROM ({sql})"


def write_package(root: Path, statements: int) -> dict[str, Path]:
    """The package as CSV (root/csv) and as Parquet (root/parquet); their descriptors."""
    sizes = {"sources": max(statements // 200, 1), "entities": max(statements // 50, 10),
             "predicates": 60, "statements": statements}  # fmt: skip
    con = duckdb.connect()
    descriptors = {}
    for fmt in ("csv", "parquet"):
        (root / fmt).mkdir(parents=True)
        resources = []
        for name in TABLES:
            schema = json.loads((REPO / "schema" / f"{name}.json").read_text())
            schema = {
                k: v for k, v in schema.items() if k in ("fields", "primaryKey", "foreignKeys")
            }
            sql = columns_in_schema_order(GENERATORS[name].format(n=sizes[name], **sizes), schema)
            path = f"{name}.{fmt}"
            options = "HEADER, DELIMITER ','" if fmt == "csv" else "FORMAT parquet"
            con.execute(f"COPY ({sql}) TO '{root / fmt / path}' ({options})")
            resources.append({"name": name, "path": path, "format": fmt, "schema": schema})
        descriptor = root / fmt / "datapackage.json"
        descriptor.write_text(json.dumps({"name": "bench", "resources": resources}))
        descriptors[fmt] = descriptor
    return descriptors


def measure(code: str, descriptor: Path) -> tuple[float, float]:
    """Seconds and peak RSS (MiB) of a fresh Python process running code on descriptor."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", code, str(descriptor)])
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"{code.splitlines()[2]} failed on {descriptor}")
    return seconds, usage.ru_maxrss / 1024


def median_of(runs: int, code: str, descriptor: Path) -> tuple[float, float]:
    """The median seconds of `runs` runs, and the largest peak RSS."""
    measured = [measure(code, descriptor) for _ in range(runs)]
    return statistics.median(s for s, _ in measured), max(m for _, m in measured)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("statements", nargs="*", type=int, default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--frictionless-parquet-max", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of the engine and floor")
    options = parser.parse_args()
    print(f"{'format':<8}{'rows':>10}{'engine s':>10}{'MiB':>7}{'frictionless s':>16}{'MiB':>7}"
          f"{'ratio':>8}{'floor s':>9}{'engine/floor':>13}")  # fmt: skip
    for statements in options.statements:
        with tempfile.TemporaryDirectory() as scratch:
            descriptors = write_package(Path(scratch), statements)
            for fmt, descriptor in descriptors.items():
                engine, engine_mib = median_of(options.repeat, ENGINE, descriptor)
                floor, _ = median_of(options.repeat, FLOOR, descriptor)
                if fmt == "parquet" and statements > options.frictionless_parquet_max:
                    oracle = f"{'skipped':>16}{'':>7}{'':>8}"
                else:
                    seconds, mib = measure(FRICTIONLESS, descriptor)
                    oracle = f"{seconds:>16.2f}{mib:>7.0f}{seconds / engine:>7.1f}x"
                print(f"{fmt:<8}{statements:>10}{engine:>10.2f}{engine_mib:>7.0f}{oracle}"
                      f"{floor:>9.2f}{engine / floor:>12.1f}x", flush=True)  # fmt: skip
    open_quote(options.repeat)


def open_quote(repeat: int) -> None:
    """Seconds to find a quote left open in row 2 of a CSV of text beyond ASCII, at two
    sizes: the row is found in one pass, so twice the rows should take about twice the
    time (it once grew with the square of the file)."""
    measured = {}
    for rows in (100_000, 200_000):
        with tempfile.TemporaryDirectory() as scratch:
            root = Path(scratch)
            lines = "".join(f"señal {n},{n}\n" for n in range(rows))
            (root / "d.csv").write_text(f'a,b\n1,"x\n{lines}', encoding="utf-8")
            resource = {
                "name": "d",
                "path": "d.csv",
                "schema": {"fields": [{"name": "a"}, {"name": "b"}]},
            }
            (root / "datapackage.json").write_text(json.dumps({"resources": [resource]}))
            measured[rows], _ = median_of(repeat, INVALID, root / "datapackage.json")
    print(f"quote left open in row 2: 100,000 rows {measured[100_000]:.2f} s, 200,000 rows "
          f"{measured[200_000]:.2f} s ({measured[200_000] / measured[100_000]:.1f}x for twice "
          "the rows)")  # fmt: skip


if __name__ == "__main__":
    main()
