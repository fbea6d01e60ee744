"""Stage 7, describe package: the Data Package (v1) descriptors for the CSV and Parquet tables.

The root datapackage.json describes dist/csv; dist/parquet/datapackage.json describes the same
tables as Parquet, with the same schemas. Schemas are copied in from schema/, never retyped.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any

import pyarrow as pa

from claimpack.schema import TableSchema
from claimpack.seeds import Seeds

PARQUET_DESCRIPTOR = "dist/parquet/datapackage.json"


FORMATS = {
    "csv": ("dist/csv/", ".csv", "text/csv"),
    "parquet": ("dist/parquet/", ".parquet", "application/vnd.apache.parquet"),
}


def describe_package(
    seeds: Seeds,
    schemas: dict[str, TableSchema],
    tables: dict[str, pa.Table],
    files: dict[str, bytes],
    file_format: str = "csv",
) -> dict[str, Any]:
    """The descriptor of the tables in one format; `files` maps each written table file (by
    path from the project root) to its bytes. The CSV descriptor sits at the root and points
    to the Parquet one; the Parquet descriptor sits beside its files, paths relative to it."""
    folder, suffix, mediatype = FORMATS[file_format]
    descriptor = _package_metadata(seeds, tables)
    descriptor["resources"] = [
        _resource(schemas[name], f"{folder}{name}{suffix}", files, file_format, mediatype)
        for name in tables
    ]
    if file_format == "csv":
        descriptor["claimpack"]["parquet_descriptor"] = PARQUET_DESCRIPTOR
    else:
        # article paths are relative to the project root, which this descriptor is not in
        descriptor["sources"] = [
            {k: v for k, v in source.items() if k != "path"} for source in descriptor["sources"]
        ]
        for resource in descriptor["resources"]:
            resource["path"] = resource["path"].removeprefix(folder)
    return descriptor


def descriptor_bytes(descriptor: dict[str, Any]) -> bytes:
    return (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _package_metadata(seeds: Seeds, tables: dict[str, pa.Table]) -> dict[str, Any]:
    meta = seeds.package
    sources = tables["sources"].to_pylist()
    return {
        "profile": "tabular-data-package",
        "name": meta.name,
        "title": meta.title,
        "description": meta.description,
        "version": meta.version,
        "created": f"{meta.created.isoformat()}T00:00:00Z",
        "keywords": list(meta.keywords),
        "licenses": [license.model_dump() for license in meta.licenses],
        "sources": [
            {"title": row["headline"], "path": row["path"], "source_id": row["source_id"]}
            for row in sources
        ],
        "contributors": [contributor.model_dump() for contributor in meta.contributors],
        "claimpack": _summary(tables),
    }


def _summary(tables: dict[str, pa.Table]) -> dict[str, Any]:
    """Counts a reader checks first, computed from the tables."""
    statements = tables["statements"].column("source_id").to_pylist()
    kinds = tables["discrepancies"].column("kind").to_pylist()
    return {
        "row_counts": {name: table.num_rows for name, table in tables.items()},
        "statements_per_source": dict(sorted(Counter(statements).items())),
        "discrepancies_per_kind": dict(sorted(Counter(kinds).items())),
    }


def _resource(
    schema: TableSchema, path: str, files: dict[str, bytes], file_format: str, mediatype: str
) -> dict[str, Any]:
    data = files[path]
    resource: dict[str, Any] = {
        "name": schema.name,
        "path": path,
        "profile": "tabular-data-resource",
        "title": schema.descriptor.get("title", schema.name),
        "description": schema.descriptor.get("description", ""),
        "format": file_format,
        "mediatype": mediatype,
    }
    if file_format == "csv":
        # frictionless checks size and hash of text formats only; Parquet is read by pyarrow
        resource["encoding"] = "utf-8"
        resource["bytes"] = len(data)
        resource["hash"] = f"sha256:{hashlib.sha256(data).hexdigest()}"
    resource["schema"] = schema.table_descriptor()
    return resource
