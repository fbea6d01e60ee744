"""The one reader of published packages: a descriptor on disk, a release zip, or a git revision.

Everything a descriptor names is untrusted: resource paths are resolved inside the package
folder (after following links) and must be regular files within the size limit before
anything is opened; remote paths are refused without any network access.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from claimpack.files import (
    UnsafePath,
    check_regular,
    is_archive,
    is_remote,
    json_value,
    package_file,
    read_bounded,
    resolve_inside,
)
from claimpack.layout import CSV_DIR, DESCRIPTOR, PARQUET_DESCRIPTOR, claimpack_member
from claimpack.problems import InvalidPackage, Problem, UsageError
from claimpack.publish import reading
from claimpack.published.archive import checksum_problems, unpack
from claimpack.schema import TableSchema
from claimpack.tableschema.package import is_version_1

if TYPE_CHECKING:
    import pandas as pd

MAX_DESCRIPTOR_BYTES = 10_000_000
MAX_RESOURCE_BYTES = 512_000_000
CSV_BLOCK_BYTES = 16 << 20  # a block of a CSV as pyarrow parses it


def read_descriptor(path: Path, label: str | None = None) -> dict[str, Any]:
    """A descriptor as a dict; UsageError when it is missing, not a regular file, too large or
    not a JSON object."""
    name = label or path.as_posix()
    if not path.exists():
        raise UsageError([Problem("missing-file", name, "", "descriptor not found")])
    try:
        descriptor = json_value(read_bounded(path, MAX_DESCRIPTOR_BYTES))
    except UnsafePath as error:
        raise UsageError([Problem(error.code, name, "", str(error))]) from None
    except (ValueError, RecursionError) as error:  # JSON, UTF-8, numbers, surrogates
        place = f"{error.lineno}:{error.colno}" if isinstance(error, json.JSONDecodeError) else ""
        reason = "nested too deeply" if isinstance(error, RecursionError) else str(error)
        raise UsageError([Problem("invalid-json", name, place, reason)]) from None
    if not isinstance(descriptor, dict):
        raise UsageError([Problem("invalid-json", name, "", "not a JSON object")])
    for resource in _resources(descriptor):  # "CSV" is csv, as the standard's formats are
        if isinstance(resource.get("format"), str):
            resource["format"] = resource["format"].lower()
    return descriptor


def unsafe_paths(descriptor: dict[str, Any], name: str, basepath: Path) -> Iterator[Problem]:
    """Every resource path (and schema or dialect reference) that is remote, absolute, leaves
    basepath, is not a regular file, or is too large."""
    for index, resource in enumerate(_resources(descriptor)):
        paths = resource.get("path")
        references = [("path", p) for p in (paths if isinstance(paths, list) else [paths])]
        references += [(key, resource.get(key)) for key in REFERENCES]
        for key, path in references:
            if isinstance(path, str):
                problem = _path_problem(path, basepath)
                if problem:
                    yield Problem(problem[0], name, f"resources[{index}].{key}", problem[1])


REFERENCES = ("schema", "dialect")  # a resource's members that may name another file
NAME = re.compile(r"^([-a-z0-9._/])+$")  # the Data Package profile's pattern for names


def misnamed(descriptor: dict[str, Any], name: str) -> Iterator[Problem]:
    """A package or resource name the Data Package v1 profile refuses (lower case letters,
    digits, '-', '.', '_' and '/'), in frictionless' words: package-error, resource-error.
    Data Package v2 lets a name be any string, so only a v1 package is held to it."""
    if not is_version_1(descriptor):
        return
    named = [("package-error", "name", descriptor.get("name"))]
    named += [("resource-error", f"resources[{index}].name", resource.get("name"))
              for index, resource in enumerate(_resources(descriptor))]  # fmt: skip
    for kind, place, value in named:
        if isinstance(value, str) and not NAME.match(value):
            yield Problem(kind, name, place, f"{value!r} does not match {NAME.pattern!r}")


def unsupported(descriptor: dict[str, Any], name: str) -> list[Problem]:
    """What claimpack deliberately does not read, said instead of a wrong verdict: inline data,
    several files per resource (but the partitions of one Parquet table), formats other than
    CSV and Parquet."""
    problems = []
    for index, resource in enumerate(_resources(descriptor)):
        place = f"resources[{index}]"
        path = resource.get("path")
        paths = path if isinstance(path, list) else [path]
        references = [("path", p) for p in paths] + [(k, resource.get(k)) for k in REFERENCES]
        remote = [(key, p) for key, p in references if isinstance(p, str) and is_remote(p)]
        if remote:
            key, url = remote[0]
            message = f"remote {key} {url!r} is not read: claimpack reads packages on disk"
            problems.append(Problem("unsupported", name, f"{place}.{key}", message))
            continue
        if _parquet_parts(resource):
            continue
        if not isinstance(path, str):
            reason = "has inline data or several files; claimpack reads one CSV or Parquet file"
            problems.append(Problem("unsupported", name, place, f"resource {reason}"))
        elif compression := resource.get("compression") or COMPRESSIONS.get(_format_of(path)):
            reason = (
                f"{path!r} is compressed ({compression}); claimpack reads uncompressed CSV or "
                "Parquet (which compresses its columns itself)"
            )
            problems.append(Problem("unsupported", name, place, reason))
        elif resource.get("format", _format_of(path)) not in {"csv", "parquet"}:
            written, suffix = resource.get("format"), _format_of(path)
            reason = (
                f"format {written!r} is not CSV or Parquet"
                if written
                else f"file {path!r} is not CSV or Parquet, by its name"
                if suffix
                else f"file {path!r} has no format: name it .csv or .parquet, or give `format`"
            )
            problems.append(Problem("unsupported", name, place, f"resource {reason}"))
    return problems


# The suffixes of compressed files frictionless names, by the `compression` they stand for.
COMPRESSIONS = {"gz": "gz", "zip": "zip", "bz2": "bz2", "xz": "xz", "zst": "zst", "lz4": "lz4"}


def _parquet_parts(resource: dict[str, Any]) -> bool:
    """A Parquet table written in parts: a list of Parquet paths (see layout.partition_path)."""
    path = resource.get("path")
    return (
        isinstance(path, list)
        and bool(path)
        and resource.get("format") == "parquet"
        and all(isinstance(part, str) and _format_of(part) == "parquet" for part in path)
    )


def _format_of(path: str) -> str:
    return path.rsplit(".", 1)[-1].lower() if "." in path else ""


def _resources(descriptor: dict[str, Any]) -> list[dict[str, Any]]:
    resources = descriptor.get("resources", [])
    if not isinstance(resources, list):
        return []
    return [resource for resource in resources if isinstance(resource, dict)]


def _path_problem(path: str, basepath: Path) -> tuple[str, str] | None:
    if ".." in path.replace("\\", "/").split("/"):  # the Data Package spec: no `..` at all
        return "unsafe-path", f"path {path!r} holds '..' and is refused (a package path may not)"
    try:
        resolved = resolve_inside(basepath, path)
        if resolved.exists():
            check_regular(resolved, MAX_RESOURCE_BYTES)
    except UnsafePath as error:
        return error.code, str(error)
    return None


def inline_references(descriptor: dict[str, Any], name: str, basepath: Path) -> dict[str, Any]:
    """The descriptor with every schema or dialect given as a path read in (inside the package,
    bounded, JSON), so that nothing downstream opens a reference itself."""
    inlined = dict(descriptor)
    inlined["resources"] = []
    for index, resource in enumerate(_resources(descriptor)):
        resource = dict(resource)
        for key in ("schema", "dialect"):
            reference = resource.get(key)
            if isinstance(reference, str):
                place = f"resources[{index}].{key}"
                path = package_file(basepath, reference, name, MAX_DESCRIPTOR_BYTES)
                try:
                    resource[key] = json_value(read_bounded(path, MAX_DESCRIPTOR_BYTES))
                except UnsafePath as error:
                    raise InvalidPackage([Problem(error.code, name, place, str(error))]) from None
                except (ValueError, RecursionError) as error:  # JSON, UTF-8, nesting
                    reason = "nested too deeply" if isinstance(error, RecursionError) else error
                    message = f"{reference} is not JSON: {reason}"
                    raise InvalidPackage([Problem("invalid-json", name, place, message)]) from None
                if not isinstance(resource[key], dict):
                    message = f"{reference} is not a JSON object"
                    raise InvalidPackage([Problem("invalid-json", name, place, message)])
        inlined["resources"].append(resource)
    return inlined


def read_csv_table(path: Path | bytes, schema: dict[str, Any], name: str = "") -> pa.Table:
    """A CSV table (a file, or its bytes) typed by its Table Schema: empty cells are null,
    booleans are true/false, lists split on their delimiter, enums encoded with the schema's
    levels."""
    if isinstance(path, Path):
        name, size = path.stem, path.stat().st_size
    else:
        size = len(path)
    table_schema = TableSchema(name, schema)
    try:  # blocks of CSV_BLOCK_BYTES are parsed in parallel, with less memory than one
        read = _read_csv(path, table_schema, min(size + 1, CSV_BLOCK_BYTES))
    except pa.ArrowInvalid:  # a row longer than a block (or a fault): read as one block
        read = _read_csv(path, table_schema, max(1 << 20, min(size + 1, 1 << 30)))
    return table_schema.conform(read)


def _read_csv(path: Path | bytes, table_schema: TableSchema, block_size: int) -> pa.Table:
    """The CSV's cells as pyarrow reads them, before conform; a row must fit in a block."""
    arrow_schema = table_schema.to_pyarrow_csv()
    return pa_csv.read_csv(
        path if isinstance(path, Path) else pa.BufferReader(path),
        read_options=pa_csv.ReadOptions(encoding="utf-8", block_size=block_size),
        # a quoted cell may hold a line break (the writer quotes it)
        parse_options=pa_csv.ParseOptions(newlines_in_values=True),
        convert_options=pa_csv.ConvertOptions(
            column_types=arrow_schema,
            include_columns=arrow_schema.names,
            strings_can_be_null=True,
            null_values=[""],
            true_values=["true"],
            false_values=["false"],
        ),
    )


def read_parquet_table(path: Path, schema: dict[str, Any]) -> pa.Table:
    table_schema = TableSchema(path.stem, schema)
    return table_schema.conform(pq.read_table(path, columns=table_schema.field_names))


def read_text_table(path: Path) -> pd.DataFrame:
    """A CSV table as written: every cell a string, empty cells empty."""
    import pandas as pd  # here: importing the reader (validation) need not wait for it

    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


@dataclass
class Package:
    """A package's descriptor, read and checked, with its tables read on demand, once each."""

    path: Path
    label: str
    descriptor: dict[str, Any]
    _typed: dict[str, pa.Table] = field(default_factory=dict, repr=False)
    _text: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    @classmethod
    def open(cls, path: Path, label: str | None = None) -> Package:
        """Read the descriptor and refuse it whole if any resource path is unsafe."""
        label = label or path.as_posix()
        descriptor = read_descriptor(path, label)
        refused = unsupported(descriptor, label)
        if refused:
            raise UsageError(refused)
        problems = list(unsafe_paths(descriptor, label, path.parent.resolve()))
        if problems:
            raise InvalidPackage(problems)
        return cls(path, label, inline_references(descriptor, label, path.parent.resolve()))

    @property
    def basepath(self) -> Path:
        return self.path.parent.resolve()

    @property
    def resources(self) -> list[dict[str, Any]]:
        resources = self.descriptor.get("resources", [])
        return [r for r in resources if isinstance(r, dict)] if isinstance(resources, list) else []

    def resource(self, name: str) -> dict[str, Any]:
        for resource in self.resources:
            if resource.get("name") == name:
                return resource
        raise InvalidPackage([Problem("missing-resource", self.label, "", f"no table {name!r}")])

    def file(self, relative: str) -> Path:
        """A file the descriptor names (a table, an article), resolved inside the package and
        checked to be a regular file within the limit when it exists."""
        return package_file(self.basepath, relative, self.label, MAX_RESOURCE_BYTES)

    def table(self, name: str) -> pa.Table:
        """The table typed by its schema, from CSV or Parquet as the resource says."""
        if name not in self._typed:
            resource = self.resource(name)
            path = resource.get("path", "")
            if resource.get("format") == "parquet" and isinstance(path, list):  # partitions
                parts = [read_parquet_table(self.file(str(part)), resource["schema"])
                         for part in path]  # fmt: skip
                self._typed[name] = pa.concat_tables(parts)
            else:
                reader = (
                    read_parquet_table if resource.get("format") == "parquet" else read_csv_table
                )
                self._typed[name] = reader(self.file(str(path)), resource["schema"])
        return self._typed[name]

    def text_table(self, name: str) -> pd.DataFrame:
        """The CSV table as written, every cell a string."""
        if name not in self._text:
            self._text[name] = read_text_table(self.file(str(self.resource(name)["path"])))
        return self._text[name]

    def parquet(self) -> Package | None:
        """The package's Parquet descriptor, when it points to one that exists."""
        relative = claimpack_member(self.descriptor).get("parquet_descriptor")
        if not isinstance(relative, str):
            return None
        path = self.file(relative)
        return Package.open(path, relative) if path.is_file() else None


@contextmanager
def open_package(spec: str | Path, repo: Path = Path(".")) -> Iterator[Package]:
    """A package given as a descriptor path, a folder holding one (an unpacked release), a
    release .zip, or a git revision of repo. One on disk is read as one build published it
    (publish.reading)."""
    with tempfile.TemporaryDirectory(prefix="claimpack-") as scratch:
        path = Path(spec)
        if is_archive(path):
            descriptor = unpack(path, Path(scratch))
            problems = checksum_problems(Path(scratch), str(spec))
            if problems:
                raise InvalidPackage(problems)
            yield Package.open(descriptor, str(spec))
        elif path.is_file() or path.suffix == ".json":
            with reading(path.parent):
                yield Package.open(path, str(spec))
        elif path.is_dir() and (path / DESCRIPTOR).is_file():
            with reading(path):
                yield Package.open(path / DESCRIPTOR, str(path / DESCRIPTOR))
        else:
            yield Package.open(git_checkout(str(spec), repo, Path(scratch)), str(spec))


def git_checkout(revision: str, repo: Path, target: Path) -> Path:
    """The committed package files at a git revision, written under target."""

    def git(*args: str) -> bytes:
        completed = subprocess.run(["git", "-C", str(repo), *args], capture_output=True)
        if completed.returncode != 0:
            reason = completed.stderr.decode(errors="replace").strip() or "unknown revision"
            message = f"not a descriptor, a .zip, or a git revision here ({reason})"
            raise UsageError([Problem("unknown-revision", revision, "", message)])
        return completed.stdout

    git("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    paths = (DESCRIPTOR, CSV_DIR, PARQUET_DESCRIPTOR)
    listed = git("ls-tree", "-r", "--name-only", revision, "--", *paths).split(b"\n")
    if DESCRIPTOR.encode() not in listed:
        message = f"this revision has no {DESCRIPTOR}"
        raise UsageError([Problem("missing-file", revision, "", message)])
    data = git("archive", "--format=tar", revision, DESCRIPTOR, CSV_DIR)
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        archive.extractall(target, filter="data")
    return target / DESCRIPTOR
