"""A derivation from the previous one in the cache, after random edits to the statements,
gives exactly the discrepancies a cold derivation gives, in the same order; a spoiled entry is
a cold derivation, never a wrong one."""

from __future__ import annotations

import contextlib
import random
import struct
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimpack import build
from claimpack.cache import Cache, digest
from claimpack.derivation_cache import (
    DERIVATION_KIND,
    DIGESTS,
    STALE,
    derive,
    statement_digests,
    touched_keys,
)
from claimpack.layout import CACHE_DIR
from claimpack.schema import load_schemas
from claimpack.stages.discrepancies import derive_discrepancies, predicate_families
from claimpack.stages.read_seeds import read_registries
from claimpack.stages.registry import source_names_of
from claimpack.synth import synthesize

from conftest import REPO, spoil_entries

Corpus = tuple[pa.Table, tuple[Any, ...]]


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Corpus]:
    """The repository's statements (spellings, quotations, denials, fates) and a synthetic
    corpus's (planted disagreements), with what the rules read besides them."""
    root = tmp_path_factory.mktemp("derivation") / "project"
    synthesize(REPO, root, 24, 10, seed=3)
    build(root)
    return {"repository": _corpus(REPO), "synthetic": _corpus(root)}


def _corpus(root: Path) -> Corpus:
    seeds, _, _ = read_registries(root)
    assert seeds is not None
    schema = load_schemas(root / "schema")["statements"].to_pyarrow()
    statements = pq.read_table(root / "dist" / "parquet" / "statements.parquet").cast(schema)
    return statements, (seeds.predicates, seeds.entities, source_names_of(seeds))


def edited(statements: pa.Table, context: tuple[Any, ...], edit: str, pick: int) -> pa.Table:
    """The statements after one edit a coder's correction could make, to a statement that
    takes part in a discrepancy for an even pick."""
    rows = statements.to_pylist()
    chooser = random.Random(pick)
    linked = {s for d in derive_discrepancies(statements, *context) for s, _ in d.links}
    candidates = [r for r in rows if r["statement_id"] in linked] if pick % 2 == 0 else []
    row = chooser.choice(candidates or rows)
    predicates = context[0]
    value_type = {p.id: p.value_type for p in predicates}
    subjects = sorted({r["subject_id"] for r in rows})
    if edit == "drop":
        rows.remove(row)
    elif edit == "copy":
        rows.append({**row, "statement_id": row["statement_id"] + "-copy",
                     "source_id": chooser.choice(rows)["source_id"]})  # fmt: skip
    elif edit == "subject":
        row["subject_id"] = chooser.choice(subjects)
    elif edit == "predicate":
        row["predicate"] = chooser.choice(
            sorted(p.id for p in predicates if p.value_type == value_type[row["predicate"]])
        )
    elif edit == "number":
        for column in ("value_number", "value_low", "value_high"):
            if row[column] is not None:
                row[column] += chooser.choice([1, 7, 1000])
    elif edit == "value":
        row["value"] = chooser.choice([r["value"] for r in rows if r["value"]]) + " again"
    elif edit == "negate":
        row["negated"] = not row["negated"]
    elif edit == "voice":
        row["attributed_to"] = chooser.choice([None, *subjects])
    elif edit == "scope":
        row["scope"] = chooser.choice([None, "at_scene", "died_later", "Other Scope"])
    elif edit == "reverse":
        rows.reverse()
    return pa.Table.from_pylist(rows, schema=statements.schema)


EDITS = ["drop", "copy", "subject", "predicate", "number", "value", "negate", "voice", "scope",
         "reverse"]  # fmt: skip


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    corpus=st.sampled_from(["repository", "synthetic"]),
    steps=st.lists(
        st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 10_000)), min_size=1,
                 max_size=3), min_size=1, max_size=2),
    damage=st.sampled_from(["none", "truncate", "flip", "shape"]),
    keyed=st.booleans(),
    beside=st.booleans(),
)  # fmt: skip
def test_a_derivation_after_random_edits_equals_a_cold_derivation(
    corpora: dict[str, Corpus],
    tmp_path_factory: pytest.TempPathFactory,
    corpus: str,
    steps: list[list[tuple[str, int]]],
    damage: str,
    keyed: bool,
    beside: bool,
) -> None:
    """Each entry written at once, or (as a rebuild does) beside, in a thread."""
    statements, context = corpora[corpus]
    cache = Cache(tmp_path_factory.mktemp("cache"))
    keys = source_keys(statements) if keyed else None
    assert derive(statements, *context, cache, keys) == derive_discrepancies(statements, *context)
    for step in steps:  # each derivation from the entry the one before left
        for edit, pick in step:
            statements = edited(statements, context, edit, pick)
        spoil(cache, damage)
        keys = source_keys(statements) if keyed else None
        with ThreadPoolExecutor(1) if beside else contextlib.nullcontext() as pool:
            found = derive(statements, *context, cache, keys, pool)
        assert found == derive_discrepancies(statements, *context)


def source_keys(statements: pa.Table) -> dict[str, str]:
    """A key of each source's rows, as an article's cache entry is: a function of them (the
    rows of a source some edit left alone keep their key)."""
    rows: dict[str, list[Any]] = {}
    for row in statements.to_pylist():
        rows.setdefault(row["source_id"], []).append(row)
    return {source: digest(repr(its)) for source, its in rows.items()}


def spoil(cache: Cache, damage: str) -> None:
    """Spoil the cache's derivation entry: cut short, a byte changed, or a well-stored payload
    of the wrong shape (discrepancies whose fields have the wrong types)."""
    entries = [e for e in (Path(cache.folder) / DERIVATION_KIND).rglob("*") if e.is_file()]
    if damage != "shape":
        spoil_entries(entries, damage)
        return
    found = b'[["kind", 1]]'
    for entry in entries:
        cache.put(DERIVATION_KIND, entry.name, struct.pack(">Q", len(found)) + found)


def test_an_unchanged_derivation_leaves_its_entry_alone(
    corpora: dict[str, Corpus], tmp_path: Path
) -> None:
    statements, context = corpora["repository"]
    cache = Cache(tmp_path)
    derive(statements, *context, cache)
    before = _entry_times(tmp_path)
    assert len(before) == 1
    assert derive(statements, *context, cache) == derive_discrepancies(statements, *context)
    assert _entry_times(tmp_path) == before


def _entry_times(root: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in (root / CACHE_DIR).rglob("*") if p.is_file()}


def test_related_predicates_are_one_family() -> None:
    seeds, _, _ = read_registries(REPO)
    assert seeds is not None
    families = predicate_families(seeds.predicates)
    for predicate in seeds.predicates:
        for relation in predicate.related:
            assert families[predicate.id] == families[relation.predicate]
    assert len(set(families.values())) < len(families)


def test_a_statement_digests_alike_whatever_the_codes_of_its_levels(
    corpora: dict[str, Corpus],
) -> None:
    """An enum level is hashed by its value: the same statements with their levels coded by
    another dictionary, or as plain text, have the same digests."""
    statements, _ = corpora["synthetic"]
    levels = [f.name for f in statements.schema if pa.types.is_dictionary(f.type)]
    assert levels
    plain = statements
    recoded = statements
    for name in levels:
        column = statements[name].combine_chunks()
        values = column.dictionary.to_pylist()
        reversed_levels = pa.array(values[::-1], column.dictionary.type)
        indices = pa.compute.subtract(len(values) - 1, column.indices.cast(pa.int64()))
        recoded_column = pa.DictionaryArray.from_arrays(indices.cast(pa.int32()), reversed_levels)
        assert recoded_column.to_pylist() == column.to_pylist()
        position = statements.schema.get_field_index(name)
        recoded = recoded.set_column(position, name, recoded_column)
        plain = plain.set_column(position, name, column.cast(pa.string()))
    digests = statement_digests(statements)["digest"]
    assert statement_digests(recoded)["digest"].equals(digests)
    assert statement_digests(plain)["digest"].equals(digests)


def test_the_touched_keys_are_those_of_digests_on_one_side_none_when_one_repeats() -> None:
    def digests(values: list[int], subjects: list[str]) -> pa.Table:
        sources = pa.array(["s"] * len(values)).dictionary_encode()
        predicates = pa.array(["p"] * len(values)).dictionary_encode()
        columns = [pa.array(values, pa.uint64()), sources, pa.array(subjects).dictionary_encode()]
        return pa.table([*columns, predicates], schema=DIGESTS)

    old = digests([1, 2, 3], ["a", "b", "c"])
    assert touched_keys(old, digests([1, 2, 4], ["a", "b", "d"]), {}) == {("c", "p"), ("d", "p")}
    assert touched_keys(old, digests([3, 2, 1], ["c", "b", "a"]), {}) == set()
    assert touched_keys(old, digests([1, 3, 1], ["a", "c", "a"]), {}) is None
    assert touched_keys(digests([2, 2], ["b", "b"]), old, {}) is None


def test_an_entry_is_written_again_once_many_sources_rows_are_not_its_own(
    corpora: dict[str, Corpus], tmp_path: Path
) -> None:
    """New keys for rows that give the same discrepancies (notes edited): the entry is left as
    it is while those sources are at most STALE of them (here among two hundred articles
    without statements), written again when they are more."""
    statements, context = corpora["synthetic"]
    cache = Cache(tmp_path)
    coded = source_keys(statements)
    keys = {**coded, **{f"uncoded-{n}": f"key-{n}" for n in range(200)}}
    cold = derive_discrepancies(statements, *context)
    assert derive(statements, *context, cache, keys) == cold
    before = _entry_times(tmp_path)
    first = sorted(coded)[0]
    assert 1 <= STALE * len(keys) < len(coded)
    assert derive(statements, *context, cache, {**keys, first: "new"}) == cold
    assert _entry_times(tmp_path) == before
    renewed = {**keys, **{source: "new" for source in coded}}
    assert derive(statements, *context, cache, renewed) == cold
    assert _entry_times(tmp_path) != before
