"""Stage 8, validate package: frictionless for what a Table Schema can say, then the rest.

Checks are generators of Problems and never raise for bad data, so one run reports everything.
Resource paths are checked before anything is opened: a package may come from anywhere.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pandas as pd
from frictionless import Package

from claimpack.errors import Problem, UsageError
from claimpack.load import read_csv_table, read_parquet_table

MAX_DESCRIPTOR_BYTES = 10_000_000
MAX_RESOURCE_BYTES = 512_000_000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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


def validate_package(descriptor_path: Path, article_root: Path | None = None) -> Report:
    """Validate the package at descriptor_path; raise UsageError only if it cannot be read.

    Articles are looked up under article_root (default: the package directory), so that a
    staged build can be checked against the seeds before it is published.
    """
    descriptor = _read_descriptor(descriptor_path)
    basepath = descriptor_path.resolve().parent
    report = Report(descriptor_path.as_posix())
    report.problems.extend(_unsafe_paths(descriptor, descriptor_path.as_posix(), basepath))
    if report.problems:
        return report  # never open a file outside the package, nor one too large to read
    report.problems.extend(_frictionless_problems(descriptor_path))
    tables, paths = _read_tables(descriptor, basepath)
    articles = (article_root or basepath).resolve()
    report.problems.extend(_quote_problems(tables, paths, articles, report.notes))
    report.problems.extend(_discrepancy_problems(tables, paths))
    report.problems.extend(_formula_problems(descriptor, tables, paths))
    parquet = descriptor.get("claimpack", {}).get("parquet_descriptor")
    if parquet:
        report.problems.extend(_format_problems(descriptor, basepath, parquet))
    return report


def _read_descriptor(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise UsageError([Problem("missing-file", path.as_posix(), "", "descriptor not found")])
    if path.stat().st_size > MAX_DESCRIPTOR_BYTES:
        message = f"descriptor is larger than {MAX_DESCRIPTOR_BYTES} bytes"
        raise UsageError([Problem("too-large", path.as_posix(), "", message)])
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        place = f"{error.lineno}:{error.colno}" if isinstance(error, json.JSONDecodeError) else ""
        raise UsageError([Problem("invalid-json", path.as_posix(), place, str(error))]) from None
    if not isinstance(descriptor, dict):
        raise UsageError([Problem("invalid-json", path.as_posix(), "", "not a JSON object")])
    return descriptor


def _unsafe_paths(descriptor: dict[str, Any], name: str, basepath: Path) -> Iterator[Problem]:
    for index, resource in enumerate(descriptor.get("resources", [])):
        paths = resource.get("path") if isinstance(resource, dict) else None
        for path in paths if isinstance(paths, list) else [paths]:
            if not isinstance(path, str):
                continue
            place = f"resources[{index}].path"
            if urlparse(path).scheme or path.startswith("//"):
                yield Problem("unsafe-path", name, place, f"remote path {path!r} is refused")
            elif Path(path).is_absolute():
                yield Problem("unsafe-path", name, place, f"absolute path {path!r} is refused")
            elif not (basepath / path).resolve().is_relative_to(basepath):
                message = f"path {path!r} leaves the package directory and is refused"
                yield Problem("unsafe-path", name, place, message)
            elif (basepath / path).is_file() and (size := (basepath / path).stat().st_size) > (
                MAX_RESOURCE_BYTES
            ):
                message = f"{path} is {size} bytes; the limit is {MAX_RESOURCE_BYTES}"
                yield Problem("too-large", name, place, message)


def _frictionless_problems(descriptor_path: Path) -> Iterator[Problem]:
    report = Package(str(descriptor_path)).validate()
    for error in report.errors:
        yield Problem(error.type, descriptor_path.as_posix(), "", error.message)
    for task in report.tasks:
        for error in task.errors:
            row = getattr(error, "row_number", None)
            field_name = getattr(error, "field_name", None)
            place = ":".join(str(p) for p in (f"row {row}" if row else None, field_name) if p)
            yield Problem(error.type, task.place or task.name, place, error.message)


def _read_tables(
    descriptor: dict[str, Any], basepath: Path
) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """The CSV tables as text, and their paths, for the checks below; tables that do not read
    are skipped (frictionless has already reported why)."""
    tables, paths = {}, {}
    for resource in descriptor.get("resources", []):
        path = basepath / str(resource.get("path", ""))
        if resource.get("format") != "csv" or not path.is_file():
            continue
        try:
            name = str(resource.get("name"))
            tables[name] = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
            paths[name] = str(resource["path"])
        except (ValueError, UnicodeDecodeError):
            continue
    return tables, paths


def _quote_problems(
    tables: dict[str, pd.DataFrame], paths: dict[str, str], basepath: Path, notes: list[str]
) -> Iterator[Problem]:
    """Every source's file has its sha256, and every quote is its article's text at its offsets."""
    sources, statements = tables.get("sources"), tables.get("statements")
    if sources is None or statements is None:
        return
    texts: dict[str, str] = {}
    for row in sources.itertuples(index=False):
        path = (basepath / row.path).resolve()
        if not path.is_relative_to(basepath) or not path.is_file():
            notes.append(f"article {row.path} is not in the package; its quotes were not checked")
            continue
        data = path.read_bytes()
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
    if discrepancies is None or links is None:
        return
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
    descriptor: dict[str, Any], tables: dict[str, pd.DataFrame], paths: dict[str, str]
) -> Iterator[Problem]:
    """Text cells a spreadsheet would run as a formula (=, +, -, @ first). The build never
    publishes one; a package that has one is reported, cell by cell."""
    for resource in descriptor.get("resources", []):
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


def _format_problems(descriptor: dict[str, Any], basepath: Path, parquet: str) -> Iterator[Problem]:
    """The Parquet copy of each table holds the same rows as the CSV."""
    parquet_path = (basepath / parquet).resolve()
    if not parquet_path.is_relative_to(basepath) or not parquet_path.is_file():
        yield Problem("missing-file", parquet, "", "the Parquet descriptor is missing")
        return
    parquet_descriptor = json.loads(parquet_path.read_text(encoding="utf-8"))
    unsafe = list(_unsafe_paths(parquet_descriptor, parquet, parquet_path.parent))
    if unsafe:
        yield from unsafe
        return
    # frictionless reads Parquet a row at a time through pandas (minutes for a large table); the
    # Parquet tables are instead held to the CSV ones, which frictionless has validated, value
    # for value under the same schema. `frictionless validate` on the Parquet descriptor is
    # run by the test suite.
    parquet_resources = {r["name"]: r for r in parquet_descriptor.get("resources", [])}
    for resource in descriptor.get("resources", []):
        name = resource.get("name")
        other = parquet_resources.get(name)
        if other is None:
            yield Problem("missing-resource", parquet, "", f"no Parquet table {name!r}")
            continue
        csv_path = basepath / resource["path"]
        parquet_file = (parquet_path.parent / other["path"]).resolve()
        if not parquet_file.is_relative_to(basepath) or not csv_path.is_file():
            continue
        try:
            left = read_csv_table(csv_path, resource["schema"])
            right = read_parquet_table(parquet_file, resource["schema"])
        except (OSError, ValueError) as error:
            yield Problem("unreadable-table", str(resource["path"]), "", str(error))
            continue
        if other.get("schema") != resource.get("schema"):
            message = (
                f"{other['path']} is described with a different schema than {resource['path']}"
            )
            yield Problem("formats-differ", str(resource["path"]), "", message)
        elif not left.equals(right):
            message = f"{resource['path']} and {other['path']} hold different rows"
            yield Problem("formats-differ", str(resource["path"]), "", message)
