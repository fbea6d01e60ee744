"""The build's validation report, given by `claimpack validate` when it would read the same bytes.

Validation is a function of the bytes it reads and of the code that reads them, nothing else.
Having validated and published a package, the build records the report in the cache
(`.claimpack-cache/validation/`, see cache.py) under the sha256 of claimpack's code, of the
validator's libraries and of every file validation reads: the descriptor, each table, schema
and dialect file it names, the Parquet descriptor and its files, and every article the sources
table names. `claimpack validate` in a checkout gives the recorded report only when it finds
it under the same key now, and every input under seeds/ and schema/ (the articles among them)
is the one the descriptor records, as validation checks in a checkout. Any other byte, a
missing or damaged memo, another engine or `--fresh` means a full validation.
Zipped packages are never memoized.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimpack.cache import Cache, code_version, digest, library_version
from claimpack.files import UnsafePath, read_bounded, resolve_inside, sha256_bounded
from claimpack.fingerprint import changed_inputs, input_fingerprint
from claimpack.layout import claimpack_member
from claimpack.problems import Problem
from claimpack.tableschema.package import MAX_DESCRIPTOR_BYTES, MAX_RESOURCE_BYTES

if TYPE_CHECKING:
    from claimpack.published.validate import Report

KIND = "validation"
ENGINE = "duckdb"  # the engine of the build's validation; another one is asked for afresh
# What the validator's verdict depends on besides claimpack's code and cache.LIBRARIES.
VALIDATOR_LIBRARIES = ("duckdb", "pandas", "numpy")


@dataclass(frozen=True)
class ReadSet:
    """The sha256 of every file validation reads: the package's, by path from the descriptor's
    folder, and the articles', by path from the folder they are looked up in; with the inputs
    the descriptor fingerprints. An article among those inputs (seeds/*.txt) is left out:
    recall finds it unchanged when it finds every input as the descriptor records it."""

    package: dict[str, str]
    articles: dict[str, str]
    inputs: dict[str, str]


@dataclass
class Recalled:
    """A report the build recorded, read as the CLI reads a published.validate.Report. Only a
    valid package is recorded, so there are no problems to show."""

    recorded: dict[str, Any]  # Report.to_dict() of the build's validation
    descriptor: str
    notes: list[str]
    problems: list[Problem] = field(default_factory=list)
    totals: Counter[str] = field(default_factory=Counter)
    valid: bool = True

    def hidden(self) -> dict[str, int]:
        return {}

    def to_dict(self) -> dict[str, Any]:
        return {**self.recorded, "descriptor": self.descriptor, "notes": self.notes}


def read_set(descriptor: Path, article_root: Path, written: bool = False) -> ReadSet | None:
    """What validating the package at descriptor reads, with articles under article_root; None
    when any of it cannot be read as validation reads it (such a package is not memoized).
    `written` when the caller wrote the files itself, from the bytes the descriptor's `hash`
    fields were taken of: those files are not read again (the largest are)."""
    try:
        return _read_set(descriptor, article_root, written)
    except (UnsafePath, ValueError, KeyError, TypeError, csv.Error):
        return None


def _read_set(descriptor: Path, article_root: Path, written: bool) -> ReadSet:
    base = descriptor.parent
    package: dict[str, str] = {}
    main = _object(_parsed(descriptor, descriptor.name, MAX_DESCRIPTOR_BYTES, package))
    package.update(_named_files(main, base, "", _declared(main) if written else {}))
    parquet = claimpack_member(main).get("parquet_descriptor")
    if parquet is not None:
        parquet_path = resolve_inside(base, parquet)
        parquet_descriptor = _object(_parsed(parquet_path, parquet, MAX_DESCRIPTOR_BYTES, package))
        folder = Path(parquet).parent.as_posix()
        package.update(_named_files(parquet_descriptor, parquet_path.parent, f"{folder}/"))
    inputs = claimpack_member(main).get("inputs")
    if not isinstance(inputs, dict):
        raise ValueError("the descriptor records no fingerprint of its inputs")
    articles = {
        path: sha256_bounded(resolve_inside(article_root, path), MAX_RESOURCE_BYTES)
        for path in _article_paths(main, base, package)
        if inputs.get(path, "unreadable") == "unreadable"
    }
    return ReadSet(dict(sorted(package.items())), dict(sorted(articles.items())), inputs)


def _parsed(path: Path, name: str, limit: int, package: dict[str, str]) -> bytes:
    """The bytes of a file that is parsed here, their sha256 recorded under name: what is
    recorded is what was parsed."""
    data = read_bounded(path, limit)
    package[name] = hashlib.sha256(data).hexdigest()
    return data


def _object(data: bytes) -> dict[str, Any]:
    loaded = json.loads(data)
    if not isinstance(loaded, dict):
        raise ValueError("not a JSON object")
    return loaded


def _named_files(
    descriptor: dict[str, Any], base: Path, prefix: str, known: dict[str, str] | None = None
) -> dict[str, str]:
    """{prefix + path: sha256} of every table, schema and dialect file the resources name;
    the sha256 of the paths `known` gives is taken from there."""
    named = dict(known or {})
    for resource in descriptor["resources"]:
        paths = resource["path"] if isinstance(resource["path"], list) else [resource["path"]]
        references = [*paths, *(resource.get(key) for key in ("schema", "dialect"))]
        for path in references:
            if isinstance(path, str) and prefix + path not in named:
                file = resolve_inside(base, path)
                named[prefix + path] = sha256_bounded(file, MAX_RESOURCE_BYTES)
    return named


def _declared(descriptor: dict[str, Any]) -> dict[str, str]:
    """{path: sha256} of the files whose resources declare a sha256 (and a size validation
    reads)."""
    return {
        resource["path"]: resource["hash"].removeprefix("sha256:")
        for resource in descriptor["resources"]
        if isinstance(resource["path"], str)
        and str(resource.get("hash", "")).startswith("sha256:")
        and resource.get("bytes", MAX_RESOURCE_BYTES + 1) <= MAX_RESOURCE_BYTES
    }


def _article_paths(descriptor: dict[str, Any], base: Path, package: dict[str, str]) -> list[str]:
    """The `path` column of the sources table, read as its dialect says."""
    sources = [r for r in descriptor["resources"] if r.get("name") == "sources"]
    if not sources:
        return []
    dialect, path = sources[0].get("dialect", {}), sources[0]["path"]
    text = _parsed(resolve_inside(base, path), path, MAX_RESOURCE_BYTES, package)
    rows = csv.DictReader(
        io.StringIO(text.decode("utf-8"), newline=""),
        delimiter=dialect.get("delimiter", ","),
        quotechar=dialect.get("quoteChar", '"'),
    )
    return sorted({row["path"] for row in rows if row.get("path")})


def remember(root: Path, read: ReadSet, report: Report) -> None:
    """Record the report of a validation that read `read`, in root's cache (a record of the
    same bytes is kept, with its time: what it says stays true)."""
    cache, key = Cache(root), _key(read)
    if report.valid and cache.get(KIND, key) is None:
        when = datetime.now(UTC).isoformat(timespec="seconds")
        payload = json.dumps({"validated_at": when, "report": report.to_dict()})
        cache.put(KIND, key, payload.encode("utf-8"))


def recall(descriptor: Path) -> Recalled | None:
    """The recorded report of a checkout's package when validation would read the same bytes
    now, in the package, its articles and its inputs; else None."""
    root = descriptor.parent
    read = read_set(descriptor, root)
    data = Cache(root).get(KIND, _key(read)) if read is not None else None
    if read is None or data is None:
        return None
    try:
        memo = json.loads(data)
        recorded, when = memo["report"], str(memo["validated_at"])
        notes = [str(note) for note in recorded["notes"]]
    except (TypeError, KeyError, ValueError):
        return None
    if recorded.get("valid") is not True or changed_inputs(read.inputs, input_fingerprint(root)):
        return None
    note = f"same bytes as validated by the build at {when}; --fresh to check again"
    return Recalled(recorded, descriptor.as_posix(), [*notes, note])


def _key(read: ReadSet) -> str:
    """Everything the report depends on: the validator's code and libraries, its engine and
    the bytes it read."""
    libraries = {name: library_version(name) for name in VALIDATOR_LIBRARIES}
    return digest(KIND, code_version(), libraries, ENGINE, read.package, read.articles)
