"""Stage: registry tables. sources, entities, entity_aliases and predicates, from the curated
registries and what the build reads off each article (date line, headline, word count)."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from claimpack.articles import date_line, headline, word_count
from claimpack.schema import TableSchema
from claimpack.stages.read_seeds import Seeds
from claimpack.wording import SourceName, source_names


def registry_tables(seeds: Seeds, schemas: dict[str, TableSchema]) -> dict[str, pa.Table]:
    """sources, entities, entity_aliases and predicates (publisher quotes already anchored)."""
    return {
        "sources": schemas["sources"].table(_source_rows(seeds)),
        "entities": schemas["entities"].table(
            [
                {
                    "entity_id": e.id,
                    "type": e.type,
                    "name": e.name,
                    "aliases": [*e.aliases, *e.misspellings],
                    "description": e.description,
                }
                for e in seeds.entities
            ]
        ),
        "entity_aliases": schemas["entity_aliases"].table(
            [
                {"entity_id": e.id, "alias": alias, "is_misspelling": False}
                for e in seeds.entities
                for alias in e.aliases
            ]
            + [
                {"entity_id": e.id, "alias": wrong, "is_misspelling": True, "correct_form": right}
                for e in seeds.entities
                for wrong, right in e.misspellings.items()
            ]
        ),
        "predicates": schemas["predicates"].table(
            [
                {
                    "predicate": p.id,
                    "label": p.label,
                    "value_type": p.value_type,
                    "unit": p.unit,
                    "categories": p.categories,
                    "broader": [f"{narrow} < {broad}" for narrow, broad in p.broader.items()],
                    "bound_meaning": [
                        f"{bound}: {meaning}" for bound, meaning in p.bound_meaning.items()
                    ],
                    "parts": [f"{whole} = {' + '.join(parts)}" for whole, parts in p.parts.items()],
                    "related": [
                        f"{r.rule}: {r.predicate}" + (f" ({r.scope})" if r.scope else "")
                        for r in p.related
                    ],
                    "single_valued": p.single_valued,
                    "description": p.description,
                }
                for p in seeds.predicates
            ]
        ),
    }


def _source_rows(seeds: Seeds) -> list[dict[str, Any]]:
    rows = []
    for source in seeds.sources:
        article = seeds.articles[source.id]
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
    return rows


def source_names_of(seeds: Seeds) -> dict[str, SourceName]:
    """How descriptions name each source: publisher and date, or the start of its headline."""
    return source_names(
        (
            source.id,
            source.publisher,
            date_line(seeds.articles[source.id].text)[0] or source.date,
            headline(seeds.articles[source.id].text),
        )
        for source in seeds.sources
        if source.id in seeds.articles
    )
