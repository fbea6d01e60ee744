"""Stage: registry tables. sources, entities, entity_aliases and predicates, from the curated
registries and what the build reads off each article (date line, headline, word count)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, NamedTuple

import pyarrow as pa

from claimpack.articles import date_line, headline, word_count
from claimpack.cache import Cache, code_version, digest
from claimpack.schema import TableSchema
from claimpack.stages.read_seeds import Seeds
from claimpack.wording import SourceName, source_names

FACTS_KIND = "facts"


class Facts(NamedTuple):
    """What the build reads off an article's text: its date line, headline and word count."""

    published: dt.date | None
    headline: str
    word_count: int


def article_facts(seeds: Seeds, cache: Cache | None = None) -> dict[str, Facts]:
    """The facts of every source's article, read once a build: from the cache by the
    article's sha256 where it holds them (a rebuild reads no article's text again for them),
    the record written again when an article is new to it."""
    key = digest(FACTS_KIND, code_version())
    recorded = _recorded_facts(cache.get(FACTS_KIND, key) if cache is not None else None)
    facts, known = {}, {}
    for source in seeds.sources:
        if source.id not in seeds.articles:  # a problem check_inputs reports
            continue
        article = seeds.articles[source.id]
        found = recorded.get(article.sha256)
        if found is None:
            text = article.text
            found = Facts(date_line(text)[0], headline(text), word_count(text))
        facts[source.id] = known[article.sha256] = found
    if cache is not None and known.keys() != recorded.keys():
        record = {
            sha256: [published and published.isoformat(), line, words]
            for sha256, (published, line, words) in sorted(known.items())
        }
        payload = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        cache.put(FACTS_KIND, key, payload.encode("utf-8"))
    return facts


def _recorded_facts(payload: bytes | None) -> dict[str, Facts]:
    """The facts a cache entry records by sha256; none when it does not parse as such."""
    if payload is None:
        return {}
    try:
        return {sha256: _facts(*fields) for sha256, fields in json.loads(payload).items()}
    except (ValueError, TypeError, AttributeError):
        return {}


def _facts(published: object, line: object, words: object) -> Facts:
    """Facts as recorded, each of its type (else TypeError)."""
    if not isinstance(published, str | None) or not isinstance(line, str) or type(words) is not int:
        raise TypeError("not the facts of an article")
    return Facts(dt.date.fromisoformat(published) if published else None, line, words)


def registry_tables(
    seeds: Seeds, schemas: dict[str, TableSchema], facts: dict[str, Facts] | None = None
) -> dict[str, pa.Table]:
    """sources, entities, entity_aliases and predicates (publisher quotes already anchored)."""
    return {
        "sources": schemas["sources"].table(_source_rows(seeds, facts or article_facts(seeds))),
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
                    "cumulative": p.cumulative,
                    "description": p.description,
                }
                for p in seeds.predicates
            ]
        ),
    }


def _source_rows(seeds: Seeds, facts: dict[str, Facts]) -> list[dict[str, Any]]:
    rows = []
    for source in seeds.sources:
        article = seeds.articles[source.id]
        rows.append(
            {
                "source_id": source.id,
                "path": article.path,
                "sha256": article.sha256,
                "published": facts[source.id].published or source.date,
                "publisher": source.publisher,
                "publisher_evidence": source.publisher_quote,
                "headline": facts[source.id].headline,
                "word_count": facts[source.id].word_count,
                "char_count": article.length,
            }
        )
    return rows


def source_names_of(seeds: Seeds, facts: dict[str, Facts] | None = None) -> dict[str, SourceName]:
    """How descriptions name each source: publisher and date, or the start of its headline."""
    facts = facts or article_facts(seeds)
    return source_names(
        (
            source.id,
            source.publisher,
            facts[source.id].published or source.date,
            facts[source.id].headline,
        )
        for source in seeds.sources
        if source.id in facts
    )
