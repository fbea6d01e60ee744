"""A rebuild derives discrepancies again only for the keys whose statements changed.

Every rule but spelling reads the statements of one key, a subject and a predicate family
(stages/discrepancies.py, keyed_discrepancies): where a key's statements are the rows they were
last time, its discrepancies are the ones derived last time. The cache entry holds, per
statement, a digest of the columns the rules read (RULE_COLUMNS) with its source, subject and
predicate, the key each source's rows were computed from where the build gives one (an article's
cache entry, per_article.py), and the discrepancies the rules gave; it is stored under a key
over everything else they read (claimpack's code, the vocabulary, the entities' names, the
source names), so a change there derives all again. The statements of a source whose key is the
one the entry holds are the rows they were: neither hashed nor compared again. Among the others,
a statement whose digest is not among the other derivation's was added, removed or changed;
every key such a statement has, before or after, is derived again from all its statements, and
the other keys keep their discrepancies. While those are unchanged, the entry is kept as it is
until the sources whose rows it does not hold are more than STALE of them. Spelling variants,
which read quotations across keys, are always derived from all the statements. An entry that
does not decode to that shape is not used: the derivation is then done in full.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import struct
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from claimpack.cache import Cache, code_version, digest
from claimpack.models import EntityIn, PredicateIn
from claimpack.scratch import scratch
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
# The share of sources whose rows an entry may not hold (their statements hashed again at each
# build) before it is written again when its discrepancies are unchanged: rewriting a million
# statements' digests costs more than hashing a few articles' statements.
STALE = 0.01


TEXT_CODES = pa.dictionary(pa.int32(), pa.string())
DIGESTS = pa.schema(
    [
        ("digest", pa.uint64()),
        ("source_id", TEXT_CODES),
        ("subject_id", TEXT_CODES),
        ("predicate", TEXT_CODES),
    ]
)


@dataclasses.dataclass(frozen=True)
class Derivation:
    """Per statement a digest of the columns the keyed rules read, with the statement's source
    and key columns (DIGESTS); the key each source's rows were computed from, where known; and
    the discrepancies the keyed rules gave."""

    digests: pa.Table
    found: list[Discrepancy]
    source_keys: dict[str, str] = dataclasses.field(default_factory=dict)


def derive(
    statements: pa.Table,
    predicates: list[PredicateIn],
    entities: list[EntityIn],
    sources: dict[str, SourceName],
    cache: Cache,
    source_keys: dict[str, str] | None = None,
    beside: ThreadPoolExecutor | None = None,
) -> list[Discrepancy]:
    """derive_discrepancies, from the previous derivation in the cache where there is one:
    the same discrepancies, in the same order. `source_keys` gives, of some sources, a key
    their statements' rows are a function of (per_article.Merged.keys). Given an executor,
    a rebuild's entry is encoded and written there, beside the stages that follow (the
    caller waits for it); a cold build's is written at once, so that the discrepancies'
    objects it holds are not kept while the tables are serialized (its peak of memory)."""
    context = context_of(predicates, entities, sources)
    key = digest(
        DERIVATION_KIND,
        code_version(),
        duckdb.__version__,  # its hash() makes the digests
        str(statements.select(list(RULE_COLUMNS)).schema),
        [predicate.model_dump(mode="json") for predicate in predicates],
        context.names,  # all the keyed rules read of the entities
        {
            source: [name.name, list(name.details), str(name.published)]
            for source, name in sorted(sources.items())
        },
    )
    source_keys = source_keys or {}
    previous = decoded(cache.get(DERIVATION_KIND, key))
    if previous is None:  # DuckDB hashes in a thread, without the GIL, while the rules run
        with ThreadPoolExecutor(max_workers=1) as pool:
            hashed = pool.submit(statement_digests, statements)
            found = keyed_discrepancies(statements, context)
            digests = hashed.result()
        write = True
    else:
        kept = {s for s, k in source_keys.items() if previous.source_keys.get(s) == k}
        digests, found = rederived(previous, kept, statements, context)
        stale = len(source_keys.keys() | previous.source_keys.keys()) - len(kept)
        write = found is not previous.found or stale > STALE * len(source_keys)
    if write:
        store = functools.partial(_store, cache, key, Derivation(digests, found, source_keys))
        if beside is not None and previous is not None:
            beside.submit(store)
        else:
            store()
    return in_order([*found, *spelling_variants(statements, entities, context)])


def _store(cache: Cache, key: str, derivation: Derivation) -> None:
    cache.put(DERIVATION_KIND, key, encoded(derivation))


def statement_digests(statements: pa.Table) -> pa.Table:
    """Per statement (DIGESTS) a 64-bit hash of its RULE_COLUMNS, statement_id included, by
    DuckDB, with its subject and predicate. A changed statement goes unseen only if its new
    version hashes like a statement of the previous derivation (about one chance in 2**64
    for each of those)."""
    # DuckDB reads a dictionary column (an enum level) as text and hashes its values, not its
    # codes: not cast here, which costs more than the hash at ten thousand chunks a column.
    rows = statements.select(list(RULE_COLUMNS))
    columns = ", ".join(f'"{name}"' for name in RULE_COLUMNS)
    with scratch() as db:
        db.execute("SET preserve_insertion_order = true")
        db.register("statements", rows)
        hashes = db.sql(f"SELECT hash({columns}) AS digest FROM statements").to_arrow_table()
    return pa.table(
        [
            hashes["digest"].combine_chunks(),  # one batch: a digest table is filtered whole
            *(rows[name].combine_chunks().dictionary_encode() for name in DIGESTS.names[1:]),
        ],
        schema=DIGESTS,
    )


def rederived(
    previous: Derivation, kept: set[str], statements: pa.Table, context: Context
) -> tuple[pa.Table, list[Discrepancy]]:
    """The digests of the statements, those of the sources in `kept` (whose rows are those
    of the previous derivation) taken from it; the previous discrepancies of the keys whose
    statements are unchanged, and those of the other keys derived again: the previous list
    itself when no statement changed."""
    families = predicate_families(list(context.predicates.values()))
    sources = pa.array(sorted(kept), pa.string())
    unchanged = pc.is_in(previous.digests["source_id"], value_set=sources)
    redone = pc.invert(pc.is_in(statements["source_id"], value_set=sources))
    digests = statement_digests(statements.filter(redone))
    touched = touched_keys(previous.digests.filter(pc.invert(unchanged)), digests, families)
    digests = _joined(previous.digests.filter(unchanged), digests)
    if touched is None:
        return digests, keyed_discrepancies(statements, context)
    if not touched:
        return digests, previous.found
    found = [d for d in previous.found if discrepancy_key(d, families) not in touched]
    positions = key_positions(statements, touched, families)
    rule_rows = statements.select([n for n in RULE_COLUMNS if n in statements.column_names])
    return digests, found + keyed_discrepancies(rule_rows.take(positions), context)


def _joined(first: pa.Table, second: pa.Table) -> pa.Table:
    """Two tables of digests as one, its text columns coded by one dictionary each (as an
    Arrow stream writes them)."""
    return pa.concat_tables([first, second]).unify_dictionaries().combine_chunks()


def touched_keys(
    old: pa.Table, new: pa.Table, families: dict[str, str]
) -> set[tuple[str, str]] | None:
    """The keys (subject, family) of the statements whose digest is in one table and not the
    other: added, removed, or changed (the old version and the new). None when a digest
    repeats in a table, as a statement coded twice over would: rows cannot then be told apart
    by their digests."""
    if any(_repeats(table["digest"]) for table in (old, new)):
        return None
    changed = [
        table.filter(
            pc.invert(pc.is_in(table["digest"], value_set=other["digest"].combine_chunks()))
        )
        for table, other in ((old, new), (new, old))
    ]
    return {
        (subject, families.get(predicate, predicate))
        for table in changed
        for subject, predicate in zip(
            table["subject_id"].to_pylist(), table["predicate"].to_pylist(), strict=True
        )
    }


def _repeats(digests: pa.ChunkedArray) -> bool:
    """Whether a digest occurs twice: found by sorting them (NumPy sorts a million in a few
    milliseconds; Arrow's count of distinct values hashes each one, a hundred times slower)."""
    ordered = np.sort(digests.to_numpy())
    return bool((ordered[1:] == ordered[:-1]).any())


def key_positions(
    statements: pa.Table, keys: set[tuple[str, str]], families: dict[str, str]
) -> pa.Array:
    """The positions of the statements that have one of the keys, in order: found by subject
    in Arrow, then checked by family among the few statements of those subjects."""
    subjects = pa.array(sorted({subject for subject, _ in keys}), pa.string())
    candidates = pc.indices_nonzero(pc.is_in(statements["subject_id"], value_set=subjects))
    chosen = statements.select(["subject_id", "predicate"]).take(candidates)
    return pa.array(
        [
            position
            for position, subject, predicate in zip(
                candidates.to_pylist(),
                chosen["subject_id"].to_pylist(),
                chosen["predicate"].to_pylist(),
                strict=True,
            )
            if (subject, families.get(predicate, predicate)) in keys
        ],
        pa.int64(),
    )


# The cache entry --------------------------------------------------------------------------


def encoded(derivation: Derivation) -> bytes:
    """The discrepancies (their fields in order) and the sources' keys as JSON, then the
    digests as Arrow IPC."""
    names = [field.name for field in dataclasses.fields(Discrepancy)]
    found = [[getattr(d, name) for name in names] for d in derivation.found]
    fields = [found, derivation.source_keys]
    found_bytes = json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, DIGESTS) as writer:
        writer.write_table(derivation.digests)
    digest_bytes: bytes = sink.getvalue().to_pybytes()
    return b"".join([struct.pack(">Q", len(found_bytes)), found_bytes, digest_bytes])


def decoded(payload: bytes | None) -> Derivation | None:
    """The derivation an entry holds, or None when it holds none of that shape."""
    if payload is None:
        return None
    try:
        (length,) = struct.unpack(">Q", payload[:8])
        found_fields, source_keys = json.loads(payload[8 : 8 + length])
        found = [_discrepancy(fields) for fields in found_fields]
        if not isinstance(source_keys, dict) or not all(
            type(k) is str for k in source_keys.values()
        ):
            return None
        digests = pa.ipc.open_stream(payload[8 + length :]).read_all()
    except (ValueError, TypeError, struct.error, pa.ArrowException):
        return None
    if not digests.schema.equals(DIGESTS):
        return None
    return Derivation(digests, found, source_keys)


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
    if not all(  # a planted disagreement links thousands of statements: kept to one pass
        type(pair) is list and len(pair) == 2 and type(pair[0]) is str and type(pair[1]) is str
        for pair in pairs
    ) or not all(type(v) is str for v in values["sources"] + values["values"]):
        raise TypeError("links, sources or values of the wrong type")
    return Discrepancy(
        **{
            **values,
            "links": tuple(tuple(pair) for pair in pairs),
            "sources": tuple(values["sources"]),
            "values": tuple(values["values"]),
        }
    )
