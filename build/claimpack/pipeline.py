"""The build, stage by stage: seeds in, a validated data package out.

read seeds -> validate inputs -> anchor evidence and normalize values -> derive discrepancies
-> write tables -> describe package -> validate package -> publish. Everything is written to
a staging folder beside dist/ and only swapped into place (see publish.py) once the staged
package validates.
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from claimpack.coverage import ArticleCoverage, anchor_waivers, coverage_tables, measure_coverage
from claimpack.discrepancies import derive_discrepancies, discrepancy_tables
from claimpack.errors import InvalidPackage, Problem
from claimpack.inputs import check_inputs
from claimpack.package import (
    PARQUET_DESCRIPTOR,
    describe_package,
    descriptor_bytes,
)
from claimpack.publish import JOURNAL, publish, recover, staging_dir
from claimpack.schema import TABLE_ORDER, load_schemas
from claimpack.seeds import read_seeds
from claimpack.statements import build_statements
from claimpack.tables import registry_tables, serialize_tables
from claimpack.validate import validate_package


@dataclass(frozen=True)
class BuildResult:
    row_counts: dict[str, int]
    discrepancies_per_kind: dict[str, int]
    coverage: list[ArticleCoverage]


STAGES = (
    "read seeds",
    "validate inputs",
    "anchor evidence and normalize values",
    "measure coverage",
    "derive discrepancies",
    "write tables",
    "validate package",
    "publish",
)


def _no_progress(stage: str) -> None:
    """Default progress callback: say nothing."""


def build(root: Path, progress: Callable[[str], None] = _no_progress) -> BuildResult:
    """Build the package under root; on any error nothing already published is touched.

    `progress` is called with each stage's name (from STAGES) as it starts.
    """
    recover(root)
    files, result = assemble(root, progress)
    staging = staging_dir(root)
    shutil.rmtree(staging, ignore_errors=True)
    try:
        for relative_path, data in sorted(files.items()):
            target = staging / relative_path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        progress("validate package")
        report = validate_package(staging / "datapackage.json", article_root=root)
        if not report.valid:
            raise InvalidPackage(report.problems)
        progress("publish")
        publish(staging, root)
    finally:
        if not (root / JOURNAL).exists():  # else recover() still needs the previous release
            shutil.rmtree(staging, ignore_errors=True)
    return result


def checkout_problems(root: Path) -> list[Problem]:
    """In a checkout: gaps in coverage, and published files that differ from what the seeds
    build now (raises InvalidSeeds when the seeds themselves are broken)."""
    files, result = assemble(root)
    stale = [problem for report in result.coverage for problem in report.problems()]
    for relative_path, data in sorted(files.items()):
        path = root / relative_path
        if not path.is_file() or path.read_bytes() != data:
            message = "differs from what the seeds build; run `claimpack build`"
            stale.append(Problem("stale-output", relative_path, "", message))
    return stale


def assemble(
    root: Path, progress: Callable[[str], None] = _no_progress
) -> tuple[dict[str, bytes], BuildResult]:
    """Every output file's bytes, by path relative to root, computed from the seeds."""
    progress("read seeds")
    schemas = load_schemas(root / "schema")
    seeds = read_seeds(root)
    progress("validate inputs")
    check_inputs(seeds, schemas)
    progress("anchor evidence and normalize values")
    statements = build_statements(seeds, schemas["statements"])
    progress("measure coverage")
    waivers = anchor_waivers(seeds)
    coverage = measure_coverage(seeds, statements, waivers)
    progress("derive discrepancies")
    found = derive_discrepancies(statements, seeds.predicates, seeds.entities)
    discrepancies, links = discrepancy_tables(found, schemas)
    coverage_table, waivers_table = coverage_tables(coverage, waivers, schemas)
    built = {
        **registry_tables(seeds, schemas),
        "statements": statements,
        "discrepancies": discrepancies,
        "discrepancy_statements": links,
        "coverage": coverage_table,
        "waivers": waivers_table,
    }
    tables = {name: built[name] for name in TABLE_ORDER}
    progress("write tables")
    files = serialize_tables(tables)
    parquet = describe_package(seeds, schemas, tables, files, "parquet")
    files[PARQUET_DESCRIPTOR] = descriptor_bytes(parquet)
    files["datapackage.json"] = descriptor_bytes(describe_package(seeds, schemas, tables, files))
    return files, BuildResult(
        row_counts={name: table.num_rows for name, table in tables.items()},
        discrepancies_per_kind=dict(sorted(Counter(d.kind for d in found).items())),
        coverage=coverage,
    )


def coverage(root: Path) -> list[ArticleCoverage]:
    """Coverage of every article by the coded statements, without writing anything."""
    _, result = assemble(root)
    return result.coverage
