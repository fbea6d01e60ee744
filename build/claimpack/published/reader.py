"""The one reader of published packages: a descriptor on disk, a release zip, or a git revision.

Everything a descriptor names is untrusted: resource paths are resolved inside the package
folder (after following links) and must be regular files within the size limit before
anything is opened; remote paths are refused without any network access.
"""

from __future__ import annotations

import io
import json
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from claimpack.layout import CSV_DIR, DESCRIPTOR, PARQUET_DESCRIPTOR
from claimpack.problems import InvalidPackage, Problem, UsageError
from claimpack.published.archive import unpack
from claimpack.schema import TableSchema

MAX_DESCRIPTOR_BYTES = 10_000_000
MAX_RESOURCE_BYTES = 512_000_000


def read_descriptor(path: Path, label: str | None = None) -> dict[str, Any]:
    """A descriptor as a dict; UsageError when it is missing, too large or not a JSON object."""
    name = label or path.as_posix()
    if not path.is_file():
        raise UsageError([Problem("missing-file", name, "", "descriptor not found")])
    if path.stat().st_size > MAX_DESCRIPTOR_BYTES:
        message = f"descriptor is larger than {MAX_DESCRIPTOR_BYTES} bytes"
        raise UsageError([Problem("too-large", name, "", message)])
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        place = f"{error.lineno}:{error.colno}" if isinstance(error, json.JSONDecodeError) else ""
        raise UsageError([Problem("invalid-json", name, place, str(error))]) from None
    if not isinstance(descriptor, dict):
        raise UsageError([Problem("invalid-json", name, "", "not a JSON object")])
    return descriptor


def unsafe_paths(descriptor: dict[str, Any], name: str, basepath: Path) -> Iterator[Problem]:
    """Every resource path that is remote, absolute, leaves basepath, or is too large."""
    resources = descriptor.get("resources", [])
    for index, resource in enumerate(resources if isinstance(resources, list) else []):
        paths = resource.get("path") if isinstance(resource, dict) else None
        for path in paths if isinstance(paths, list) else [paths]:
            if isinstance(path, str):
                problem = _path_problem(path, basepath)
                if problem:
                    yield Problem(problem[0], name, f"resources[{index}].path", problem[1])


def _path_problem(path: str, basepath: Path) -> tuple[str, str] | None:
    if urlparse(path).scheme or path.startswith("//"):
        return "unsafe-path", f"remote path {path!r} is refused"
    if Path(path).is_absolute():
        return "unsafe-path", f"absolute path {path!r} is refused"
    resolved = (basepath / path).resolve()
    if not resolved.is_relative_to(basepath.resolve()):
        return "unsafe-path", f"path {path!r} leaves the package directory and is refused"
    if resolved.is_file() and (size := resolved.stat().st_size) > MAX_RESOURCE_BYTES:
        return "too-large", f"{path} is {size} bytes; the limit is {MAX_RESOURCE_BYTES}"
    return None


def inside(basepath: Path, path: str, name: str) -> Path:
    """path resolved under basepath; InvalidPackage if it is remote, leaves it, or is too large."""
    problem = _path_problem(path, basepath)
    if problem:
        raise InvalidPackage([Problem(problem[0], name, "", problem[1])])
    return (basepath / path).resolve()


def read_csv_table(path: Path, schema: dict[str, Any]) -> pa.Table:
    """A CSV table typed by its Table Schema: empty cells are null, booleans are true/false."""
    arrow_schema = TableSchema(path.stem, schema).to_pyarrow()
    return pa_csv.read_csv(
        path,
        read_options=pa_csv.ReadOptions(encoding="utf-8"),
        convert_options=pa_csv.ConvertOptions(
            column_types=arrow_schema,
            include_columns=arrow_schema.names,
            strings_can_be_null=True,
            null_values=[""],
            true_values=["true"],
            false_values=["false"],
        ),
    ).cast(arrow_schema)


def read_parquet_table(path: Path, schema: dict[str, Any]) -> pa.Table:
    arrow_schema = TableSchema(path.stem, schema).to_pyarrow()
    return pq.read_table(path).select(arrow_schema.names).cast(arrow_schema)


def read_text_table(path: Path) -> pd.DataFrame:
    """A CSV table as written: every cell a string, empty cells empty."""
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
        problems = list(unsafe_paths(descriptor, label, path.resolve().parent))
        if problems:
            raise InvalidPackage(problems)
        return cls(path, label, descriptor)

    @property
    def basepath(self) -> Path:
        return self.path.resolve().parent

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
        """A file the descriptor names (a table, an article), resolved inside the package."""
        return inside(self.basepath, relative, self.label)

    def table(self, name: str) -> pa.Table:
        """The table typed by its schema, from CSV or Parquet as the resource says."""
        if name not in self._typed:
            resource = self.resource(name)
            path = self.file(str(resource.get("path", "")))
            reader = read_parquet_table if resource.get("format") == "parquet" else read_csv_table
            self._typed[name] = reader(path, resource["schema"])
        return self._typed[name]

    def text_table(self, name: str) -> pd.DataFrame:
        """The CSV table as written, every cell a string."""
        if name not in self._text:
            self._text[name] = read_text_table(self.file(str(self.resource(name)["path"])))
        return self._text[name]

    def parquet(self) -> Package | None:
        """The package's Parquet descriptor, when it points to one that exists."""
        relative = self.descriptor.get("claimpack", {}).get("parquet_descriptor")
        if not isinstance(relative, str):
            return None
        path = self.file(relative)
        return Package.open(path, relative) if path.is_file() else None


@contextmanager
def open_package(spec: str | Path, repo: Path = Path(".")) -> Iterator[Package]:
    """A package given as a descriptor path, a release .zip, or a git revision of repo."""
    with tempfile.TemporaryDirectory(prefix="claimpack-") as scratch:
        path = Path(spec)
        if path.suffix == ".zip":
            yield Package.open(unpack(path, Path(scratch)), str(spec))
        elif path.is_file() or path.suffix == ".json":
            yield Package.open(path, str(spec))
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
