"""What a descriptor asks to be validated, as plain data; anything this engine would read
wrongly is refused here, before a byte of data is opened."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from claimpack.files import UnsafePath, check_regular, json_value, read_bounded, resolve_inside
from claimpack.problems import Problem, UsageError

MAX_DESCRIPTOR_BYTES = 10_000_000
MAX_RESOURCE_BYTES = 512_000_000
# A Data Package v2 dialect may name its profile ($schema), which changes nothing read.
SUPPORTED_DIALECT = {"delimiter", "quoteChar", "doubleQuote", "escapeChar", "header",
                     "lineTerminator", "skipInitialSpace", "csvddfVersion", "$schema"}  # fmt: skip
SUPPORTED_FORMATS = {"csv", "parquet"}
# What the Data Package standard says of the members that describe a package or a resource
# (frictionless finds a package- or resource-error in any other shape): text, lists of text,
# or lists of objects whose members are text. A descriptor of another shape is refused, not
# judged. By level: its texts, its lists of texts, its lists of objects and their texts.
DESCRIBED_BY: dict[str, tuple[tuple[str, ...], tuple[str, ...], dict[str, tuple[str, ...]]]] = {
    "package": (
        ("name", "title", "description", "homepage", "profile", "version", "created", "image"),
        ("keywords",),
        {
            "licenses": ("name", "path", "title"),
            "sources": ("title", "path", "email"),
            "contributors": ("title", "path", "email", "organisation", "role"),
        },
    ),
    "resource": (
        ("title", "description", "homepage", "profile", "mediatype"),
        (),
        {"licenses": ("name", "path", "title"), "sources": ("title", "path", "email")},
    ),
}


class Refused(UsageError):
    """The package asks for something this engine does not read (a remote path, inline data,
    another format, an option it does not implement), or names a file it cannot open safely
    (missing, too large, no regular file): refused rather than judged wrongly."""


def refuse(file: str, place: str, message: str, code: str = "unsupported") -> Refused:
    return Refused([Problem(code, file, place, message)])


@dataclass(frozen=True)
class Dialect:
    """The CSV dialect options this engine honours (Table Schema v1 CSV Dialect)."""

    delimiter: str = ","
    quote_char: str = '"'
    double_quote: bool = True
    escape_char: str | None = None
    header: bool = True


@dataclass(frozen=True)
class ResourceSpec:
    """One tabular resource: where its bytes are and the schema they must follow."""

    index: int
    name: str
    path: str
    file: Path
    format: str
    dialect: Dialect
    schema: dict[str, Any]
    bytes: int | None = None
    hash: str | None = None


@dataclass(frozen=True)
class PackageSpec:
    descriptor: Path
    resources: list[ResourceSpec] = field(default_factory=list)
    version_1: bool = True  # Data Package v1 (is_version_1): no v2 member is read

    def resource(self, name: str) -> ResourceSpec | None:
        return next((r for r in self.resources if r.name == name), None)


def read_json(path: Path, shown: str, place: str = "", named: str = "") -> dict[str, Any]:
    """A JSON object from a file, read through the trust boundary, or a Refused naming it:
    the descriptor itself, or the file `named` at the descriptor's `place`."""
    said = f"{named} is " if named else ""
    try:
        data = json_value(read_bounded(path, MAX_DESCRIPTOR_BYTES))
    except UnsafePath as error:  # missing, too large, not a regular file: said so
        raise refuse(shown, place, str(error), error.code) from None
    except (ValueError, RecursionError) as error:
        raise refuse(shown, place, f"{said}not JSON: {error}") from None
    if not isinstance(data, dict):
        raise refuse(shown, place, f"{said}not a JSON object")
    return data


def load_package(descriptor_path: Path) -> PackageSpec:
    """The package's resources as specs; raises Refused for anything not read faithfully."""
    shown = descriptor_path.as_posix()
    descriptor = read_json(descriptor_path, shown)
    base = descriptor_path.parent.resolve()  # a linked descriptor: its own folder
    misshapen = _misshapen_metadata(descriptor, "", "package")
    if misshapen is not None:
        raise refuse(shown, *misshapen)
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not resources:
        raise refuse(shown, "resources", "a package needs a non-empty list of resources")
    specs = [_resource(r, i, base, shown) for i, r in enumerate(resources)]
    names = [s.name for s in specs]
    if len(set(names)) != len(names):
        raise refuse(shown, "resources", "resource names must be unique")
    return PackageSpec(descriptor_path, specs, is_version_1(descriptor))


STANDARD_PROFILE = re.compile(r"/profiles/(\d+)\.\d+/")


def is_version_1(descriptor: dict[str, Any]) -> bool:
    """Whether a package follows Data Package v1, which the whole package follows: no
    `$schema` (the standard's default), or one of datapackage.org's 1.x profiles. A 2.x
    profile is v2, and a profile of someone else's is of no known version (frictionless
    then holds it to neither, nor does this)."""
    profile = descriptor.get("$schema")
    if not profile:
        return True
    url = urlparse(str(profile))
    version = STANDARD_PROFILE.search(url.path) if url.netloc == "datapackage.org" else None
    return version is not None and version.group(1) == "1"


def _misshapen_metadata(
    described: dict[str, Any], prefix: str, level: str
) -> tuple[str, str] | None:
    """(where, what) of the first member describing a package or resource that is not of
    the standard's shape ("licenses": "MIT", "version": 1), or None."""
    texts, lists_of_texts, lists_of_objects = DESCRIBED_BY[level]
    for key in texts:
        if key in described and not isinstance(described[key], str):
            return f"{prefix}{key}", "must be a string"
    for key in lists_of_texts:
        items = described.get(key, [])
        if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
            return f"{prefix}{key}", "must be a list of strings"
    for key, members in lists_of_objects.items():
        items = described.get(key, [])
        if not isinstance(items, list):
            return f"{prefix}{key}", "must be a list of objects"
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                return f"{prefix}{key}[{index}]", "must be an object"
            for member in members:
                if member in item and not isinstance(item[member], str):
                    return f"{prefix}{key}[{index}].{member}", "must be a string"
    return None


def safe_file(base: Path, path: str, shown: str, place: str) -> Path:
    """The file a relative path names, resolved inside base by the trust boundary and checked
    to be a regular file before anything opens it."""
    try:
        file = resolve_inside(base, path)
        check_regular(file, MAX_RESOURCE_BYTES)
    except UnsafePath as error:
        raise refuse(shown, place, str(error), error.code) from None
    return file


def _resource(resource: Any, index: int, base: Path, shown: str) -> ResourceSpec:
    place = f"resources[{index}]"
    if not isinstance(resource, dict):
        raise refuse(shown, place, "a resource must be an object")
    name = resource.get("name")
    if not isinstance(name, str) or not name:
        raise refuse(shown, place, "a resource needs a name")
    if "data" in resource:
        raise refuse(shown, place, "inline data is not read by this engine")
    misshapen = _misshapen_metadata(resource, f"{place}.", "resource")
    if misshapen is not None:
        raise refuse(shown, *misshapen)
    path = resource.get("path")
    if isinstance(path, list):
        raise refuse(shown, f"{place}.path", "multi-part resources are not read by this engine")
    if not isinstance(path, str):
        raise refuse(shown, f"{place}.path", "a resource needs a path")
    file = safe_file(base, path, shown, f"{place}.path")
    fmt = str(resource.get("format") or Path(path).suffix.lstrip(".")).lower()
    if fmt not in SUPPORTED_FORMATS:
        raise refuse(shown, f"{place}.format", f"format {fmt!r} is not read by this engine")
    for key in ("compression", "scheme"):
        if resource.get(key) not in (None, "file"):
            raise refuse(shown, f"{place}.{key}", f"{key} {resource[key]!r} is not supported")
    encoding = str(resource.get("encoding", "utf-8")).lower().replace("_", "-")
    if fmt == "csv" and encoding not in ("utf-8", "utf8"):
        raise refuse(shown, f"{place}.encoding", f"encoding {encoding!r} is not supported")
    if resource.get("schema") is None:  # frictionless would infer one from the data
        message = "a resource needs a Table Schema: the data is checked against it, none inferred"
        raise refuse(shown, f"{place}.schema", message)
    schema = _linked(resource["schema"], base, shown, f"{place}.schema")
    dialect = _dialect(_linked(resource.get("dialect", {}), base, shown, f"{place}.dialect"),
                       shown, f"{place}.dialect")  # fmt: skip
    size, digest = resource.get("bytes"), resource.get("hash")
    if size is not None and not (
        isinstance(size, int) and not isinstance(size, bool) and size >= 0
    ):
        raise refuse(shown, f"{place}.bytes", "must be a whole number of bytes")
    if digest is not None and not isinstance(digest, str):
        raise refuse(shown, f"{place}.hash", "must be a string")
    return ResourceSpec(
        index=index,
        name=name,
        path=path,
        file=file,
        format=fmt,
        dialect=dialect,
        schema=schema,
        bytes=size,
        hash=digest or None,
    )


def _linked(value: Any, base: Path, shown: str, place: str) -> dict[str, Any]:
    """An inline object, or one in a JSON file inside the package; URLs are refused."""
    if isinstance(value, dict):
        return value
    if isinstance(value, str):
        return read_json(safe_file(base, value, shown, place), shown, place, value)
    raise refuse(shown, place, "must be an object or a relative path to a JSON file")


def _dialect(options: dict[str, Any], shown: str, place: str) -> Dialect:
    unknown = sorted(set(options) - SUPPORTED_DIALECT)
    if unknown:
        raise refuse(shown, place, f"dialect options {unknown} are not supported")
    for key in sorted(options):  # read as the standard types them, never coerced
        texts = ("delimiter", "quoteChar", "escapeChar", "lineTerminator", "csvddfVersion",
                 "$schema")  # fmt: skip
        kind = (str, int, float) if key == "csvddfVersion" else str if key in texts else bool
        if not isinstance(options[key], kind):
            wanted = "true or false" if kind is bool else "a string"
            raise refuse(shown, f"{place}.{key}", f"must be {wanted}")
    if options.get("skipInitialSpace"):
        raise refuse(shown, place, "skipInitialSpace is not supported")
    dialect = Dialect(
        delimiter=options.get("delimiter", ","),
        quote_char=options.get("quoteChar", '"'),
        double_quote=options.get("doubleQuote", True),
        escape_char=options.get("escapeChar"),
        header=options.get("header", True),
    )
    single = [dialect.delimiter, dialect.quote_char, dialect.escape_char or "x"]
    if any(len(c) != 1 or c in "\r\n" for c in single):
        raise refuse(shown, place, "delimiter, quoteChar and escapeChar must be one character")
    if not dialect.double_quote and dialect.escape_char is None:
        raise refuse(shown, place, "doubleQuote false without an escapeChar is not supported")
    if len({dialect.delimiter, dialect.quote_char, dialect.escape_char}) < 3:
        raise refuse(shown, place, "delimiter, quoteChar and escapeChar must differ")
    return dialect
