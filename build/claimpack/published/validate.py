"""Validate a published package: frictionless for what a Table Schema can say, then the rest.

Checks are generators of Problems and never raise for bad data, so one run reports everything.
Resource paths are checked before anything is opened: a package may come from anywhere.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
from frictionless import Package as FrictionlessPackage

from claimpack.files import UnsafePath, read_bounded, resolve_inside
from claimpack.problems import CATALOGUE, Problem, UsageError
from claimpack.published.archive import checksum_problems, unpack
from claimpack.published.reader import (
    MAX_RESOURCE_BYTES,
    Package,
    inline_references,
    read_descriptor,
    unsafe_paths,
    unsupported,
)
from claimpack.schema import FORMULA_STARTS


@dataclass
class Report:
    descriptor: str
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "descriptor": self.descriptor,
            "valid": self.valid,
            "problems": [problem.__dict__ for problem in self.problems],
            "notes": self.notes,
        }


def validate_package(target: Path, article_root: Path | None = None) -> Report:
    """Validate the package at target, a descriptor or a zipped release (whose SHA256SUMS are
    checked too); raise UsageError only if it cannot be read at all.

    Articles are looked up under article_root (default: the package directory), so that a
    staged build can be checked against the seeds before it is published.
    """
    if target.suffix == ".zip":
        with tempfile.TemporaryDirectory(prefix="claimpack-validate-") as scratch:
            report = validate_package(unpack(target, Path(scratch)), article_root)
            report.descriptor = target.as_posix()
            report.problems.extend(checksum_problems(Path(scratch), target.as_posix()))
            return report
    name = target.as_posix()
    descriptor = read_descriptor(target)
    report = Report(name)
    report.problems.extend(unsafe_paths(descriptor, name, target.resolve().parent))
    if report.problems:
        return report  # never open a file outside the package, nor one too large to read
    refused = unsupported(descriptor, name)
    if refused:
        raise UsageError(refused)
    package = Package(target, name, inline_references(descriptor, name, target.resolve().parent))
    report.problems.extend(_frictionless_problems(package))
    tables, paths = _read_tables(package)
    articles = (article_root or package.basepath).resolve()
    report.problems.extend(_quote_problems(tables, paths, articles, report.notes))
    report.problems.extend(_pattern_problems(package, tables, paths))
    report.problems.extend(_discrepancy_problems(tables, paths))
    report.problems.extend(_formula_problems(package, tables, paths))
    report.problems.extend(_format_problems(package))
    return report


def _frictionless_problems(package: Package) -> Iterator[Problem]:
    """frictionless on the checked descriptor, references already read in: it opens nothing
    that the trust boundary has not passed."""
    checked = FrictionlessPackage(
        _without_patterns(package.descriptor), basepath=str(package.basepath)
    )
    report = checked.validate()
    for error in report.errors:
        yield Problem(_catalogued(error.type), package.label, "", error.message)
    for task in report.tasks:
        for error in task.errors:
            row = getattr(error, "row_number", None)
            field_name = getattr(error, "field_name", None)
            place = ":".join(str(p) for p in (f"row {row}" if row else None, field_name) if p)
            yield Problem(_catalogued(error.type), task.place or task.name, place, error.message)


def _without_patterns(descriptor: dict[str, Any]) -> dict[str, Any]:
    """A copy without `pattern` constraints: frictionless matches them with Python's
    backtracking `re`, which a hostile pattern such as `(a+)+$` keeps busy for ever; they are
    checked by _pattern_problems with RE2 (linear time) instead."""
    copy = json.loads(json.dumps(descriptor))
    for resource in copy.get("resources", []):
        schema = resource.get("schema")
        for field_descriptor in schema.get("fields", []) if isinstance(schema, dict) else []:
            constraints = field_descriptor.get("constraints")
            if isinstance(constraints, dict):
                constraints.pop("pattern", None)
    return dict(copy)


def _pattern_problems(
    package: Package, tables: dict[str, pd.DataFrame], paths: dict[str, str]
) -> Iterator[Problem]:
    """Cells that do not wholly match their field's `pattern`, matched by DuckDB's RE2."""
    for resource in package.resources:
        name = str(resource.get("name"))
        frame, schema = tables.get(name), resource.get("schema")
        if frame is None or not isinstance(schema, dict):
            continue
        missing = schema.get("missingValues", [""])
        for field_descriptor in schema.get("fields", []):
            pattern = field_descriptor.get("constraints", {}).get("pattern")
            field_name = field_descriptor.get("name")
            if not isinstance(pattern, str) or field_name not in frame:
                continue
            connection = duckdb.connect()
            connection.register("cells", pd.DataFrame({"cell": frame[field_name]}).reset_index())
            try:
                failing = connection.execute(
                    "SELECT index, cell FROM cells WHERE NOT list_contains($missing, cell) "
                    "AND NOT regexp_full_match(cell, $pattern) ORDER BY index",
                    {"missing": missing, "pattern": pattern},
                ).fetchall()
            except duckdb.Error as error:
                message = f"field {field_name}: pattern {pattern!r} cannot be used ({error})"
                yield Problem("schema-error", paths[name], "", message)
                continue
            for index, cell in failing:
                message = f"cell {cell!r} does not match the pattern {pattern!r}"
                yield Problem(
                    "constraint-error", paths[name], f"row {index + 2}:{field_name}", message
                )


def _catalogued(code: str) -> str:
    """frictionless' own error type where the catalogue has it, else its generic one."""
    return code if code in CATALOGUE else "table-error"


def _read_tables(package: Package) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """The CSV tables as text, and their paths, for the checks below; tables that do not read
    are skipped (frictionless has already reported why)."""
    tables, paths = {}, {}
    for resource in package.resources:
        name = str(resource.get("name"))
        if resource.get("format") != "csv" or not package.file(str(resource["path"])).is_file():
            continue
        try:
            tables[name] = package.text_table(name)
            paths[name] = str(resource["path"])
        except (ValueError, UnicodeDecodeError):
            continue
    return tables, paths


def _quote_problems(
    tables: dict[str, pd.DataFrame], paths: dict[str, str], basepath: Path, notes: list[str]
) -> Iterator[Problem]:
    """Every source's file has its sha256, and every quote is its article's text at its offsets."""
    sources, statements = tables.get("sources"), tables.get("statements")
    needed = ({"source_id", "path", "sha256"}, {"source_id", "statement_id", "quote", "char_start",
              "char_end"})  # fmt: skip
    if sources is None or statements is None:
        return
    if not needed[0] <= set(sources.columns) or not needed[1] <= set(statements.columns):
        return  # a header frictionless has reported
    texts: dict[str, str] = {}
    for row in sources.itertuples(index=False):
        try:
            path = resolve_inside(basepath, str(row.path))
            data = read_bounded(path, MAX_RESOURCE_BYTES)
        except UnsafePath:
            notes.append(f"article {row.path} is not in the package; its quotes were not checked")
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest != row.sha256:
            message = f"{row.path} has sha256 {digest}, the package records {row.sha256}"
            place = f"source {row.source_id}"
            yield Problem("source-changed", paths["sources"], place, message)
            continue
        texts[row.source_id] = data.decode("utf-8")
    for number, row in enumerate(statements.itertuples(index=False), start=2):
        text = texts.get(row.source_id)
        if text is None:
            continue
        try:
            start, end = int(row.char_start), int(row.char_end)
        except ValueError:
            continue  # a type error, reported by frictionless
        found = text[start:end]
        if found != row.quote:
            place = f"row {number}:statement {row.statement_id}"
            message = (
                f"quote {row.quote!r} differs from the text of {row.source_id} "
                f"at [{start}:{end}]: {found!r}{_first_difference(row.quote, found)}"
            )
            yield Problem("quote-mismatch", paths["statements"], place, message)


def _first_difference(quote: str, found: str) -> str:
    for index, (a, b) in enumerate(zip(quote, found, strict=False)):
        if a != b:
            return f" (first difference at character {index}: {a!r} vs {b!r})"
    return f" (lengths differ: {len(quote)} vs {len(found)})" if len(quote) != len(found) else ""


def _discrepancy_problems(
    tables: dict[str, pd.DataFrame], paths: dict[str, str]
) -> Iterator[Problem]:
    """Every discrepancy links two or more statements whose compared values differ."""
    discrepancies, links = tables.get("discrepancies"), tables.get("discrepancy_statements")
    if discrepancies is None or links is None or "discrepancy_id" not in discrepancies:
        return
    if not {"discrepancy_id", "compared_value"} <= set(links.columns):
        return  # a header frictionless has reported
    grouped = links.groupby("discrepancy_id")["compared_value"]
    counts, distinct = grouped.size(), grouped.nunique()
    for number, discrepancy_id in enumerate(discrepancies["discrepancy_id"], start=2):
        place = f"row {number}:discrepancy {discrepancy_id}"
        if counts.get(discrepancy_id, 0) < 2:
            message = "links fewer than two statements"
            yield Problem("discrepancy-unlinked", paths["discrepancies"], place, message)
        elif distinct.get(discrepancy_id, 0) < 2:
            message = "its statements' compared values are all the same"
            yield Problem("discrepancy-not-different", paths["discrepancies"], place, message)


def _formula_problems(
    package: Package, tables: dict[str, pd.DataFrame], paths: dict[str, str]
) -> Iterator[Problem]:
    """Text cells a spreadsheet would run as a formula (=, +, -, @ first). The build never
    publishes one; a package that has one is reported, cell by cell."""
    for resource in package.resources:
        name = str(resource.get("name"))
        frame = tables.get(name)
        if frame is None:
            continue
        fields = resource.get("schema", {}).get("fields", [])
        for field_name in [f["name"] for f in fields if f.get("type") == "string"]:
            if field_name not in frame:
                continue
            column = frame[field_name]
            for number in column.index[column.str.startswith(FORMULA_STARTS)]:
                value = column[number]
                message = f"cell starts with {value[:1]!r} and would run as a spreadsheet formula"
                place = f"row {number + 2}:{field_name}"
                yield Problem("formula-cell", paths[name], place, message)


def _format_problems(package: Package) -> Iterator[Problem]:
    """The Parquet copy of each table holds the same rows as the CSV."""
    relative = package.descriptor.get("claimpack", {}).get("parquet_descriptor")
    if not relative:
        return
    parquet_path = (package.basepath / str(relative)).resolve()
    if not parquet_path.is_relative_to(package.basepath) or not parquet_path.is_file():
        yield Problem("missing-file", str(relative), "", "the Parquet descriptor is missing")
        return
    try:
        parquet_descriptor = read_descriptor(parquet_path, str(relative))
    except UsageError as error:  # not JSON, too large: a fault of this package, reported
        yield from error.problems
        return
    unsafe = list(unsafe_paths(parquet_descriptor, str(relative), parquet_path.parent))
    if unsafe:
        yield from unsafe
        return
    parquet = Package(parquet_path, str(relative), parquet_descriptor)
    # frictionless reads Parquet a row at a time through pandas (minutes for a large table); the
    # Parquet tables are instead held to the CSV ones, which frictionless has validated, value
    # for value under the same schema. `frictionless validate` on the Parquet descriptor is
    # run by the test suite.
    parquet_resources = {r.get("name"): r for r in parquet.resources}
    for resource in package.resources:
        name = str(resource.get("name"))
        other = parquet_resources.get(name)
        if other is None:
            yield Problem("missing-resource", str(relative), "", f"no Parquet table {name!r}")
            continue
        if not package.file(str(resource["path"])).is_file():
            continue
        if other.get("schema") != resource.get("schema"):
            message = (
                f"{other['path']} is described with a different schema than {resource['path']}"
            )
            yield Problem("formats-differ", str(resource["path"]), "", message)
            continue
        try:
            left, right = package.table(name), parquet.table(name)
        except (OSError, ValueError, KeyError, pa.ArrowException) as error:
            yield Problem("unreadable-table", str(resource["path"]), "", str(error))
            continue
        if not left.equals(right):
            message = f"{resource['path']} and {other['path']} hold different rows"
            yield Problem("formats-differ", str(resource["path"]), "", message)
