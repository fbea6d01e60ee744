"""Stage: describe package. The Data Package (v1) descriptors of the CSV and Parquet tables.

The root datapackage.json describes the CSV tables; the Parquet descriptor (beside its files)
describes the same tables as Parquet, with the same schemas. Schemas are copied in from schema/,
never retyped, except that a list field (one with a delimiter) is of type any in Parquet.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any

import pyarrow as pa

from claimpack.articles import headline
from claimpack.layout import CSV, PARQUET_DESCRIPTOR, TableFormat
from claimpack.schema import TableSchema
from claimpack.stages.read_seeds import Seeds
from claimpack.stages.write import CSV_DIALECT


def describe_package(
    seeds: Seeds,
    schemas: dict[str, TableSchema],
    tables: dict[str, pa.Table],
    files: dict[str, bytes],
    table_format: TableFormat = CSV,
    inputs: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The descriptor of the tables in one format; `files` maps each written table file (by
    path from the project root) to its bytes. The CSV descriptor sits at the root and points
    to the Parquet one; the Parquet descriptor sits beside its files, paths relative to it."""
    descriptor = _package_metadata(seeds, tables)
    descriptor["resources"] = [
        _resource(schemas[name], table_format.path(name), files, table_format) for name in tables
    ]
    if table_format is CSV:
        descriptor["claimpack"]["parquet_descriptor"] = PARQUET_DESCRIPTOR
        descriptor["claimpack"]["inputs"] = inputs or {}
    else:
        # article paths are relative to the project root, which this descriptor is not in
        descriptor["sources"] = [
            {k: v for k, v in source.items() if k != "path"} for source in descriptor["sources"]
        ]
        for resource in descriptor["resources"]:
            resource["path"] = resource["path"].removeprefix(f"{table_format.folder}/")
    return descriptor


def descriptor_bytes(descriptor: dict[str, Any]) -> bytes:
    return (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _package_metadata(seeds: Seeds, tables: dict[str, pa.Table]) -> dict[str, Any]:
    meta = seeds.package
    articles = [seeds.articles[source.id] for source in sorted(seeds.sources, key=lambda s: s.id)]
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
            {"title": headline(a.text), "path": a.path, "source_id": a.source_id} for a in articles
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
    schema: TableSchema, path: str, files: dict[str, bytes], table_format: TableFormat
) -> dict[str, Any]:
    data = files[path]
    resource: dict[str, Any] = {
        "name": schema.name,
        "path": path,
        "profile": "tabular-data-resource",
        "title": schema.descriptor.get("title", schema.name),
        "description": schema.descriptor.get("description", ""),
        "format": table_format.name,
        "mediatype": table_format.mediatype,
    }
    resource["scheme"] = "file"
    if table_format is CSV:
        # What the files are, said for every client (the legacy ones do not assume it): the
        # writer in stages/write.py writes exactly this dialect.
        resource["dialect"] = dict(CSV_DIALECT)
        resource["encoding"] = "utf-8"
        resource["bytes"] = len(data)
        resource["hash"] = f"sha256:{hashlib.sha256(data).hexdigest()}"
    resource["schema"] = schema.table_descriptor(native_lists=table_format is not CSV)
    return resource
