"""Stage 6, write tables: the registry tables, and every table as CSV and as Parquet.

Both formats are written from one typed pyarrow table per Table Schema, rows in primary-key
order, so the same inputs give byte-identical files.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from claimpack.anchor import anchor
from claimpack.articles import date_line, headline, word_count
from claimpack.errors import InvalidSeeds, Problem
from claimpack.models import Evidence
from claimpack.normalize import format_number
from claimpack.schema import TableSchema
from claimpack.seeds import Seeds

LIST_SEPARATOR = " | "


def table_from_rows(rows: list[dict[str, Any]], schema: TableSchema) -> pa.Table:
    """A typed table with the schema's columns, sorted by its primary key."""
    table = pa.table(
        {name: [row.get(name) for row in rows] for name in schema.field_names},
        schema=schema.to_pyarrow(),
    )
    return table.sort_by([(name, "ascending") for name in schema.primary_key])


def registry_tables(seeds: Seeds, schemas: dict[str, TableSchema]) -> dict[str, pa.Table]:
    """sources, entities, entity_aliases and predicates, from the curated registries."""
    return {
        "sources": table_from_rows(_source_rows(seeds), schemas["sources"]),
        "entities": table_from_rows(
            [
                {
                    "entity_id": e.id,
                    "type": e.type,
                    "name": e.name,
                    "aliases": LIST_SEPARATOR.join([*e.aliases, *e.misspellings]),
                    "description": e.description,
                }
                for e in seeds.entities
            ],
            schemas["entities"],
        ),
        "entity_aliases": table_from_rows(
            [
                {"entity_id": e.id, "alias": alias, "is_misspelling": False}
                for e in seeds.entities
                for alias in e.aliases
            ]
            + [
                {"entity_id": e.id, "alias": wrong, "is_misspelling": True, "correct_form": right}
                for e in seeds.entities
                for wrong, right in e.misspellings.items()
            ],
            schemas["entity_aliases"],
        ),
        "predicates": table_from_rows(
            [
                {
                    "predicate": p.id,
                    "label": p.label,
                    "value_type": p.value_type,
                    "unit": p.unit,
                    "categories": LIST_SEPARATOR.join(p.categories) or None,
                    "single_valued": p.single_valued,
                    "description": p.description,
                }
                for p in seeds.predicates
            ],
            schemas["predicates"],
        ),
    }


def _source_rows(seeds: Seeds) -> list[dict[str, Any]]:
    rows = []
    problems = []
    for index, source in enumerate(seeds.sources):
        article = seeds.articles[source.id]
        if source.publisher_quote is not None:
            try:
                anchor(article.text, Evidence(quote=source.publisher_quote))
            except ValueError as error:
                line = str(seeds.lines["seeds/sources.yaml"].line((index, "publisher_quote")))
                problems.append(Problem("quote-not-found", "seeds/sources.yaml", line, str(error)))
        published, _ = date_line(article.text)
        rows.append(
            {
                "source_id": source.id,
                "path": article.path,
                "sha256": article.sha256,
                "published": published,
                "publisher": source.publisher,
                "publisher_evidence": source.publisher_quote,
                "headline": headline(article.text),
                "word_count": word_count(article.text),
                "char_count": len(article.text),
            }
        )
    if problems:
        raise InvalidSeeds(problems)
    return rows


def csv_cell(value: object) -> str:
    """One cell as Table Schema reads it by default: empty for null, true/false, ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def csv_bytes(table: pa.Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.column_names)
    columns = [table.column(name).to_pylist() for name in table.column_names]
    for row in zip(*columns, strict=True):
        writer.writerow([csv_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def serialize_tables(tables: dict[str, pa.Table]) -> dict[str, bytes]:
    """The bytes of dist/csv/<table>.csv and dist/parquet/<table>.parquet for every table."""
    files = {}
    for name, table in tables.items():
        files[f"dist/csv/{name}.csv"] = csv_bytes(table)
        sink = pa.BufferOutputStream()
        pq.write_table(table, sink, compression="zstd", write_statistics=True, store_schema=True)
        files[f"dist/parquet/{name}.parquet"] = sink.getvalue().to_pybytes()
    return files
