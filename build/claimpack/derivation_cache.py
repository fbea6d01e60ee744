"""The previous derivation of discrepancies, cached, so that a rebuild derives again only the
keys whose statements changed.

Every rule but spelling reads the statements of one key, a subject and a predicate family
(stages/discrepancies.py, keyed_discrepancies): where a key's statements are the rows they were
last time, its discrepancies are the ones derived last time. The cache entry holds the rows the
rules read (RULE_COLUMNS) and what the rules gave, under a key over everything else they read
(claimpack's code, the vocabulary, the entities, the source names), so a change there derives
all again. DuckDB finds the rows added, removed or changed, comparing whole rows exactly, both
ways; every key they belong to, before or after, is derived again from all its statements, and
the other keys keep their discrepancies. Spelling variants, which read quotations across keys,
are always derived from all the statements. An entry that does not decode to that shape is not
used: the derivation is then done in full.
"""

from __future__ import annotations

import dataclasses
import json
import struct
from typing import Any

import duckdb
import pyarrow as pa

from claimpack.cache import Cache, code_version, digest
from claimpack.models import EntityIn, PredicateIn
from claimpack.stages.discrepancies import (
    RULE_COLUMNS,
    Context,
    Discrepancy,
    context_of,
    discrepancy_key,
    in_order,
    keyed_discrepancies,
    predicate_families,
    spelling_variants,
)
from claimpack.wording import SourceName

DERIVATION_KIND = "derivation"


DIGESTS = pa.schema(
    [("statement_id", pa.string()), ("digest", pa.uint64()), ("subject_id", pa.string()),
     ("predicate", pa.string())]
)  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Derivation:
    """Per statement a digest of the columns the keyed rules read, with the statement's key
    columns (DIGESTS), and the discrepancies the keyed rules gave."""

    digests: pa.Table
    found: list[Discrepancy]


def derive(
    statements: pa.Table,
    predicates: list[PredicateIn],
    entities: list[EntityIn],
    sources: dict[str, SourceName],
    cache: Cache,
) -> list[Discrepancy]:
    """derive_discrepancies, from the previous derivation in the cache where there is one:
    the same discrepancies, in the same order."""
    context = context_of(predicates, entities, sources)
    key = digest(
        DERIVATION_KIND,
        code_version(),
        duckdb.__version__,  # its hash() makes the digests
        str(statements.select(list(RULE_COLUMNS)).schema),
        [predicate.model_dump(mode="json") for predicate in predicates],
        context.names,  # all the keyed rules read of the entities
        {source: [name.name, list(name.details)] for source, name in sorted(sources.items())},
    )
    digests = statement_digests(statements)
    previous = decoded(cache.get(DERIVATION_KIND, key))
    if previous is None:
        found = keyed_discrepancies(statements, context)
    else:
        found = rederived(previous, digests, statements, context)
    if previous is None or found is not previous.found:
        cache.put(DERIVATION_KIND, key, encoded(Derivation(digests, found)))
    return in_order([*found, *spelling_variants(statements, entities, context)])


def statement_digests(statements: pa.Table) -> pa.Table:
    """Per statement (DIGESTS) a 64-bit hash of its RULE_COLUMNS, by DuckDB. A changed
    statement goes unseen only if its two versions hash alike (about one chance in 2**64)."""
    rows = statements.select(list(RULE_COLUMNS))
    columns = ", ".join(f'"{name}"' for name in RULE_COLUMNS)
    with duckdb.connect() as db:
        db.register("statements", rows)
        found = db.sql(
            f"""SELECT statement_id, hash({columns}) AS digest,
                subject_id::VARCHAR AS subject_id, predicate::VARCHAR AS predicate
            FROM statements"""
        ).arrow()
        return found.read_all().cast(DIGESTS)


def rederived(
    previous: Derivation, digests: pa.Table, statements: pa.Table, context: Context
) -> list[Discrepancy]:
    """The previous discrepancies of the keys whose statements are unchanged, and those of
    the other keys derived again; the previous list itself when no statement changed."""
    families = predicate_families(list(context.predicates.values()))
    touched, positions = touched_keys(previous.digests, digests, families)
    if not touched:
        return previous.found
    kept = [d for d in previous.found if discrepancy_key(d, families) not in touched]
    return kept + keyed_discrepancies(statements.take(positions), context)


def touched_keys(
    old: pa.Table, new: pa.Table, families: dict[str, str]
) -> tuple[set[tuple[str, str]], pa.Array]:
    """The keys (subject, family) of the statements added, removed or changed, before and
    after, and the positions of the new statements that have one of those keys. Statements
    pair by id; where an id repeats they cannot, and every key is touched."""
    family_table = pa.table(
        {"predicate": list(families), "family": list(families.values())},
        schema=pa.schema([("predicate", pa.string()), ("family", pa.string())]),
    )
    positions = pa.array(range(new.num_rows), pa.int64())
    with duckdb.connect() as db:
        db.register("old", old)
        db.register("new", new.append_column("position", positions))
        db.register("families", family_table)
        repeated = db.sql(
            """SELECT count(*) > count(DISTINCT statement_id) FROM old
            UNION ALL SELECT count(*) > count(DISTINCT statement_id) FROM new"""
        ).fetchall()
        changed = (
            "SELECT subject_id, predicate FROM old UNION ALL SELECT subject_id, predicate FROM new"
            if any(flag for (flag,) in repeated)
            else """SELECT unnest([old.subject_id, new.subject_id]) AS subject_id,
                unnest([old.predicate, new.predicate]) AS predicate
            FROM new FULL JOIN old USING (statement_id)
            WHERE new.digest IS DISTINCT FROM old.digest"""
        )
        db.execute(
            f"""CREATE TEMP TABLE touched AS
            SELECT DISTINCT subject_id, coalesce(family, predicate) AS family
            FROM ({changed}) LEFT JOIN families USING (predicate)
            WHERE subject_id IS NOT NULL"""
        )
        touched = {(str(s), str(f)) for s, f in db.sql("SELECT * FROM touched").fetchall()}
        rows = db.sql(
            """SELECT position FROM new LEFT JOIN families USING (predicate)
            SEMI JOIN touched
                ON touched.subject_id = new.subject_id
                AND touched.family = coalesce(families.family, new.predicate)
            ORDER BY position"""
        ).fetchnumpy()["position"]
    return touched, pa.array(rows, pa.int64())


# The cache entry --------------------------------------------------------------------------


def encoded(derivation: Derivation) -> bytes:
    """The discrepancies as JSON (their fields in order), then the digests as Arrow IPC."""
    names = [field.name for field in dataclasses.fields(Discrepancy)]
    found = [[getattr(d, name) for name in names] for d in derivation.found]
    found_bytes = json.dumps(found, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, DIGESTS) as writer:
        writer.write_table(derivation.digests)
    digest_bytes: bytes = sink.getvalue().to_pybytes()
    return struct.pack(">Q", len(found_bytes)) + found_bytes + digest_bytes


def decoded(payload: bytes | None) -> Derivation | None:
    """The derivation an entry holds, or None when it holds none of that shape."""
    if payload is None:
        return None
    try:
        (length,) = struct.unpack(">Q", payload[:8])
        found = [_discrepancy(fields) for fields in json.loads(payload[8 : 8 + length])]
        digests = pa.ipc.open_stream(payload[8 + length :]).read_all()
    except (ValueError, TypeError, struct.error, pa.ArrowException):
        return None
    if not digests.schema.equals(DIGESTS):
        return None
    return Derivation(digests, found)


def _discrepancy(fields: Any) -> Discrepancy:
    """A discrepancy from its fields as encoded, each of its type (else TypeError)."""
    texts = (str,)
    optional = (str, type(None))
    shapes: dict[str, tuple[type, ...]] = {
        "object_id": optional, "scope": optional, "related_predicate": optional,
        "links": (list,), "sources": (list,), "values": (list,),
    }  # fmt: skip
    names = [f.name for f in dataclasses.fields(Discrepancy)]
    if not isinstance(fields, list) or len(fields) != len(names):
        raise TypeError("not the fields of a discrepancy")
    values = dict(zip(names, fields, strict=True))
    for name, value in values.items():
        if not isinstance(value, shapes.get(name, texts)):
            raise TypeError(f"{name} of the wrong type")
    pairs = values["links"]
    if not all(
        isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)
        for pair in pairs
    ) or not all(isinstance(v, str) for v in values["sources"] + values["values"]):
        raise TypeError("links, sources or values of the wrong type")
    return Discrepancy(
        **{
            **values,
            "links": tuple(tuple(pair) for pair in pairs),
            "sources": tuple(values["sources"]),
            "values": tuple(values["values"]),
        }
    )
