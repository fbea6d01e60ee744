"""A build after one coding file changed redoes that article from its coding and reads the others
from the cache, and publishes the bytes a cold build of the same seeds in a fresh folder
publishes (or refuses the seeds with the same problems). The cache is never trusted blindly:
a damaged, foreign or linked-out entry is recomputed."""

from __future__ import annotations

import array
import dataclasses
import errno
import hashlib
import json
import mmap
import os
import shutil
import struct
import sys
import time
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimpack import build, per_article, pipeline
from claimpack import cache as cache_module
from claimpack import fingerprint as fingerprint_module
from claimpack.cache import CLOCK_KIND, Cache, code_version, digest
from claimpack.fingerprint import STAT_KIND, InputRecord, input_fingerprint, trusted
from claimpack.layout import CACHE_DIR
from claimpack.per_article import ARTICLE_KIND, SNAPSHOT_KIND, YamlCache, _offsets
from claimpack.problems import InvalidSeeds
from claimpack.stages import write
from claimpack.stages.read_seeds import article_of, read_seeds
from claimpack.stages.registry import FACTS_KIND, article_facts

from conftest import (
    built_partitioned,
    cold_build_of,
    copied,
    outcome,
    published_bytes,
    spoil_entries,
)

ARTICLES = 12


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic project, built once."""
    return built_partitioned(tmp_path_factory.mktemp("incremental") / "project", ARTICLES, 8, 5)


@pytest.fixture
def copy_of(built: Path) -> Iterator[Path]:
    with copied(built) as root:
        yield root


def edited(coding: dict[str, Any], edit: str, index: int, other: str) -> dict[str, Any] | str:
    """The coding file after one edit a coder might make (some leave the seeds invalid)."""
    statements = coding["statements"]
    index %= len(statements)
    statement = statements[index]
    if edit == "drop":
        del statements[index]
    elif edit == "swap":
        statements[index], statements[0] = statements[0], statements[index]
    elif edit == "subject":
        statement["subject"] = other
    elif edit == "voice":
        statement["attributed_to"] = other
    elif edit == "note":
        statement["note"] = f"Checked again; see {other}."
    elif edit == "value":
        statement["value"] = "not in the quote"
    elif edit == "duplicate":
        statements.append(dict(statement))
    elif edit == "malformed":
        return yaml.safe_dump(coding, sort_keys=False) + "statements: [\n"
    return coding


EDITS = ["drop", "swap", "subject", "voice", "note", "value", "duplicate", "malformed"]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    article=st.integers(0, ARTICLES - 1),
    edit=st.sampled_from(EDITS),
    index=st.integers(0, 50),
    damage=st.sampled_from(["none", "truncate", "flip", "foreign"]),
)
def test_a_build_after_editing_one_coding_file_equals_a_cold_build(
    built: Path, article: int, edit: str, index: int, damage: str
) -> None:
    with copied(built) as root:
        path = sorted((root / "seeds" / "statements").glob("*.yaml"))[article]
        coding = yaml.safe_load(path.read_text(encoding="utf-8"))
        entities = yaml.safe_load((root / "seeds" / "entities.yaml").read_text(encoding="utf-8"))
        result = edited(coding, edit, index, entities[index % len(entities)]["id"])
        text = result if isinstance(result, str) else yaml.safe_dump(result, sort_keys=False)
        path.write_text(text, encoding="utf-8")
        damage_cache(root, damage)
        assert outcome(root) == cold_build_of(root)


@pytest.mark.parametrize("damage", ["none", "flip", "foreign"])
def test_a_build_after_editing_a_registry_equals_a_cold_build(copy_of: Path, damage: str) -> None:
    """Registries are parsed through the cache too (by the sha256 of their text): an edited
    one is read again, a spoiled entry is a miss."""
    path = copy_of / "seeds" / "entities.yaml"
    entities = yaml.safe_load(path.read_text(encoding="utf-8"))
    entities[0]["name"] = entities[0]["name"] + " Jr."
    path.write_text(yaml.safe_dump(entities, allow_unicode=True, sort_keys=False), "utf-8")
    damage_cache(copy_of, damage)
    assert outcome(copy_of) == cold_build_of(copy_of)


def damage_cache(root: Path, damage: str) -> None:
    """Spoil every cache entry in one way (spoil_entries)."""
    spoil_entries(sorted(p for p in (root / CACHE_DIR).rglob("*") if p.is_file()), damage)


def test_an_unchanged_project_is_built_from_the_cache_alone(copy_of: Path) -> None:
    before = published_bytes(copy_of)
    entries = _computed_entries(copy_of)
    assert build(copy_of).row_counts["statements"] == ARTICLES * 8
    assert published_bytes(copy_of) == before
    assert _computed_entries(copy_of) == entries  # nothing was computed again


def test_articles_computed_for_a_new_snapshot_are_kept_in_it_alone(
    copy_of: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cold build keeps its articles in the snapshot only (an entry of their own each cost a
    tenth of its time); an article computed when the snapshot is kept gets an entry."""
    monkeypatch.setattr(per_article, "SNAPSHOT_KEPT", 0.5)  # kept after an edit of 1 in 12
    shutil.rmtree(copy_of / CACHE_DIR)
    build(copy_of)
    assert (_entry_count(copy_of, ARTICLE_KIND), _entry_count(copy_of, SNAPSHOT_KIND)) == (0, 1)
    path = sorted((copy_of / "seeds" / "statements").glob("*.yaml"))[3]
    coding = yaml.safe_load(path.read_text(encoding="utf-8"))
    coding["statements"][0]["note"] = "Checked again."
    path.write_text(yaml.safe_dump(coding, sort_keys=False), encoding="utf-8")
    build(copy_of)
    assert (_entry_count(copy_of, ARTICLE_KIND), _entry_count(copy_of, SNAPSHOT_KIND)) == (1, 1)
    assert published_bytes(copy_of) == cold_build_of(copy_of)


def test_articles_get_entries_of_their_own_when_the_snapshot_is_too_big(
    copy_of: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(per_article, "MAX_ENTRY_BYTES", 1000)
    shutil.rmtree(copy_of / CACHE_DIR)
    build(copy_of)
    assert (_entry_count(copy_of, ARTICLE_KIND), _entry_count(copy_of, SNAPSHOT_KIND)) == (
        ARTICLES,
        0,
    )
    entries = _computed_entries(copy_of)
    before = published_bytes(copy_of)
    build(copy_of)
    assert _computed_entries(copy_of) == entries  # every article read from its entry
    assert published_bytes(copy_of) == before


def _entry_count(root: Path, kind: str) -> int:
    return sum(path.is_file() for path in (root / CACHE_DIR / kind).rglob("*"))


def _computed_entries(root: Path) -> dict[Path, int]:
    """The mtime of every cache entry but the record of the inputs' stat (a copied project's
    files have new inodes and ctimes: they are hashed again, and recorded anew)."""
    kept = (root / CACHE_DIR).rglob("*")
    return {
        p: p.stat().st_mtime_ns
        for p in kept
        if p.is_file() and p.relative_to(root / CACHE_DIR).parts[0] not in (STAT_KIND, CLOCK_KIND)
    }


def test_parts_of_unchanged_articles_are_reused_and_equal_a_cold_build(
    copy_of: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With parts of four articles, a build after one article changed writes its part alone;
    the others are found under the keys of their articles' entries."""
    monkeypatch.setattr(write, "SOURCES_PER_BUCKET", 4)
    build(copy_of)
    path = sorted((copy_of / "seeds" / "statements").glob("*.yaml"))[-1]
    coding = yaml.safe_load(path.read_text(encoding="utf-8"))
    coding["statements"][0]["note"] = "Checked again."
    path.write_text(yaml.safe_dump(coding, sort_keys=False), encoding="utf-8")
    before = parquet_entries(copy_of)
    build(copy_of)
    assert len(parquet_entries(copy_of) - before) == 1
    assert published_bytes(copy_of) == cold_build_of(copy_of)


def test_a_coding_file_is_kept_parsed_only_for_an_article_a_stage_stopped(
    copy_of: Path,
) -> None:
    """An article's entry holds all its coding file gave; a file whose article has no entry
    (here an unknown subject) is kept parsed, for the build after the entity is added."""
    first, second = sorted((copy_of / "seeds" / "statements").glob("*.yaml"))[:2]
    coding = yaml.safe_load(second.read_text(encoding="utf-8"))
    coding["statements"][0]["subject"] = "not-an-entity"
    second.write_text(yaml.safe_dump(coding, sort_keys=False), encoding="utf-8")
    shutil.rmtree(copy_of / CACHE_DIR)
    with pytest.raises(InvalidSeeds):
        build(copy_of)
    cache = Cache(copy_of)
    parsed = {path.name: _parse_entry(cache, path) for path in (first, second)}
    assert parsed == {first.name: None, second.name: coding}


def _parse_entry(cache: Cache, path: Path) -> Any:
    text_key = hashlib.sha256(path.read_bytes()).hexdigest()
    return YamlCache(cache, code_version()).get(text_key)


def parquet_entries(root: Path) -> set[Path]:
    return {path for path in (root / CACHE_DIR / write.PARQUET_KIND).rglob("*") if path.is_file()}


def test_a_cache_folder_that_links_out_of_the_project_is_not_used(
    copy_of: Path, tmp_path: Path
) -> None:
    shutil.rmtree(copy_of / CACHE_DIR)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    os.symlink(outside, copy_of / CACHE_DIR)
    before = published_bytes(copy_of)
    build(copy_of)
    assert published_bytes(copy_of) == before
    assert list(outside.iterdir()) == []


def test_an_entry_is_read_only_under_its_own_kind_and_key(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.put("article", "ab12", b"payload")
    assert cache.get("article", "ab12") == b"payload"
    assert cache.get("parse", "ab12") is None
    entry = tmp_path / CACHE_DIR / "article" / "ab" / "ab12"
    shutil.copy(entry, tmp_path / CACHE_DIR / "article" / "ab" / "ab34")
    assert cache.get("article", "ab34") is None  # another key's entry
    assert cache.get("article", "../x") is None


@pytest.mark.parametrize("read", ["get", "mapped"])
def test_an_entry_mapped_checks_out_as_one_read(tmp_path: Path, read: str) -> None:
    cache = Cache(tmp_path)
    cache.put("snapshot", "cd12", [b"part one, ", memoryview(b"part two")])
    look = getattr(cache, read)
    assert bytes(look("snapshot", "cd12")) == b"part one, part two"
    entry = tmp_path / CACHE_DIR / "snapshot" / "cd" / "cd12"
    entry.write_bytes(entry.read_bytes()[:-3] + b"TWO")  # same length, other bytes
    assert look("snapshot", "cd12") is None
    entry.write_bytes(b"")
    assert look("snapshot", "cd12") is None
    entry.unlink()
    os.symlink(tmp_path / "elsewhere", entry)
    (tmp_path / "elsewhere").write_bytes(b"")
    assert look("snapshot", "cd12") is None
    assert look("snapshot", "cd34") is None


def test_an_entry_on_a_file_system_that_maps_no_file_is_read(
    copy_of: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file system that cannot map files (some network and container mounts: ENODEV) is
    read as get reads it, not a traceback."""

    def refused(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.ENODEV, "No such device")

    cache = Cache(copy_of)
    cache.put("snapshot", "cd12", b"payload")
    unmapped = types.SimpleNamespace(mmap=refused, ACCESS_READ=mmap.ACCESS_READ)
    monkeypatch.setattr(cache_module, "mmap", unmapped)
    assert bytes(cache.mapped("snapshot", "cd12") or b"") == b"payload"
    before = published_bytes(copy_of)
    build(copy_of)
    assert published_bytes(copy_of) == before


@pytest.mark.parametrize(
    "offsets",
    [
        [0, 4, 2],  # a start without its end
        [0, 11],  # an end past the article
        [-1, 3],
        [5, 2],  # a span that ends before it starts
        [0, 2, 4, 3],
        [0, True],  # JSON true is no offset
        [0, 2.0],
        "0,2",
    ],
)
def test_an_entry_with_spans_outside_its_article_is_refused(offsets: object) -> None:
    with pytest.raises(ValueError):
        _offsets(10, offsets)


def test_spans_inside_their_article_are_taken_as_they_are() -> None:
    assert list(_offsets(10, [0, 10, 3, 3, 2, 5])) == [0, 10, 3, 3, 2, 5]
    assert list(_offsets(0, [])) == []


def test_an_input_edited_keeping_its_size_and_mtime_is_hashed_again(tmp_path: Path) -> None:
    seed = tmp_path / "seeds" / "note.txt"
    seed.parent.mkdir()
    seed.write_text("first", encoding="utf-8")
    cache = Cache(tmp_path)
    before = input_fingerprint(tmp_path, InputRecord(cache))
    times = seed.stat()
    seed.write_text("other", encoding="utf-8")
    os.utime(seed, ns=(times.st_atime_ns, times.st_mtime_ns))
    after = input_fingerprint(tmp_path, InputRecord(cache))
    assert before != after == input_fingerprint(tmp_path)


def test_a_recorded_hash_holds_only_for_the_same_stat_written_before_the_record() -> None:
    recorded = (5, 100, 100, 7)
    assert trusted(recorded, recorded, clock=101)
    assert not trusted(recorded, recorded, clock=100)  # racy: written in the record's tick
    assert not trusted(recorded, (5, 100, 102, 7), clock=101)  # a later write
    assert not trusted(recorded, (5, 100, 100, 8), clock=101)  # another file moved in


def test_unchanged_inputs_are_fingerprinted_from_the_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = tmp_path / "seeds" / "note.txt"
    seed.parent.mkdir()
    seed.write_text("first", encoding="utf-8")
    cache = Cache(tmp_path)
    fingerprint = input_fingerprint(tmp_path, InputRecord(cache))
    time.sleep(0.05)  # the file is older than the next record's clock
    input_fingerprint(tmp_path, InputRecord(cache))

    def unread(path: Path, limit: int) -> bytes:
        raise AssertionError(f"{path} was read again")

    monkeypatch.setattr(fingerprint_module, "read_bounded", unread)
    assert input_fingerprint(tmp_path, InputRecord(cache)) == fingerprint


def test_articles_removed_and_added_again_equal_a_cold_build(copy_of: Path) -> None:
    """What the cache holds of an article that is gone, or of one that is back, shows in
    nothing published."""
    seeds = copy_of / "seeds"
    coding = sorted((seeds / "statements").glob("*.yaml"))[3]
    saved = {path: path.read_bytes() for path in (coding, seeds / f"{coding.stem}.txt")}
    sources_file = seeds / "sources.yaml"
    sources_text = sources_file.read_text(encoding="utf-8")
    sources = [s for s in yaml.safe_load(sources_text) if s["id"] != coding.stem]
    sources_file.write_text(yaml.safe_dump(sources, sort_keys=False), encoding="utf-8")
    for path in saved:
        path.unlink()
    assert outcome(copy_of) == cold_build_of(copy_of)
    for path, data in saved.items():
        path.write_bytes(data)
    sources_file.write_text(sources_text, encoding="utf-8")
    assert outcome(copy_of) == cold_build_of(copy_of)


def test_an_edited_article_text_equals_a_cold_build(copy_of: Path) -> None:
    seeds = copy_of / "seeds"
    coding = sorted((seeds / "statements").glob("*.yaml"))[5]
    article = seeds / f"{coding.stem}.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
    sources_file = seeds / "sources.yaml"
    sources = yaml.safe_load(sources_file.read_text(encoding="utf-8"))
    for source in sources:
        if source["id"] == coding.stem:
            source["sha256"] = hashlib.sha256(article.read_bytes()).hexdigest()
    sources_file.write_text(yaml.safe_dump(sources, sort_keys=False), encoding="utf-8")
    assert outcome(copy_of) == cold_build_of(copy_of)


def test_article_facts_from_the_record_are_those_read_off_the_texts(copy_of: Path) -> None:
    """The record is by sha256: an article whose text changed is read again, the others are
    taken from the record, and a record of another shape is not used."""
    cache = Cache(copy_of)
    seeds = read_seeds(copy_of)
    article_facts(seeds, cache)
    stem = sorted(seeds.articles)[2]
    article = seeds.articles[stem]
    text = article.text.replace(" ", "  ", 1) + "\nAnd a last word.\n"
    changed = article_of(stem, article.path, text, hashlib.sha256(text.encode()).hexdigest())
    seeds = dataclasses.replace(seeds, articles={**seeds.articles, stem: changed})
    assert article_facts(seeds, cache) == article_facts(seeds)
    assert article_facts(seeds, cache)[stem] != article_facts(read_seeds(copy_of))[stem]
    key = digest(FACTS_KIND, code_version())
    cache.put(FACTS_KIND, key, json.dumps({article.sha256: ["not a date", 1, "two"]}).encode())
    assert article_facts(seeds, cache) == article_facts(seeds)


def test_an_unchanged_project_is_built_from_the_snapshot_alone(
    copy_of: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    for read in ("get", "mapped"):
        original = getattr(Cache, read)

        def counted(self: Cache, kind: str, key: str, original: Any = original) -> Any:
            asked.append(kind)
            return original(self, kind, key)

        monkeypatch.setattr(Cache, read, counted)
    before = published_bytes(copy_of)
    build(copy_of)
    assert SNAPSHOT_KIND in asked and ARTICLE_KIND not in asked
    assert published_bytes(copy_of) == before


def _respoiled_snapshot(root: Path, damage: str) -> None:
    """The snapshot written again, checking out as an entry, with its listing or its offsets
    spoiled in one way."""
    cache, key = Cache(root), digest(SNAPSHOT_KIND, code_version(), sys.byteorder)
    payload = cache.get(SNAPSHOT_KIND, key)
    assert payload is not None
    listing_length, offsets_length, *tables = struct.unpack(">QQQQ", payload[:32])
    listing = json.loads(payload[32 : 32 + listing_length])
    offsets_end = 32 + listing_length + offsets_length
    offsets = array.array("i", payload[32 + listing_length : offsets_end])
    if damage == "order":
        listing[0], listing[1] = listing[1], listing[0]
    elif damage == "rows":
        listing[0][2], listing[1][2] = listing[0][2] + 1, listing[1][2] - 1
    elif damage == "coded":
        listing[0][4] = listing[1][0]
    elif damage == "key":
        listing[4][1] = listing[5][1]
    elif damage == "span":
        offsets[len(offsets) // 2] = 10**9  # beyond any article
    elif damage == "counts":
        listing[0][6][0], listing[0][6][1] = listing[0][6][0] + 1, listing[0][6][1] - 1
    listing_bytes = json.dumps(listing).encode("utf-8")
    offset_bytes = offsets.tobytes()
    lengths = struct.pack(">QQQQ", len(listing_bytes), len(offset_bytes), *tables)
    cache.put(SNAPSHOT_KIND, key, lengths + listing_bytes + offset_bytes + payload[offsets_end:])


@pytest.mark.parametrize("damage", ["order", "rows", "coded", "key", "span", "counts", "missing"])
def test_a_snapshot_that_is_not_its_articles_results_is_not_used(
    copy_of: Path, damage: str
) -> None:
    """A snapshot that checks out as an entry but whose listing is not its contents (articles
    in another order than their rows, rows moved from one to another, an article's coded
    source spoiled, an article under another key, a span outside its article, offsets moved
    from one kind of span to another), or that is gone, gives the bytes of a cold build. (Its
    CSV rows are taken as an article's entry gives them, on its checksum.)"""
    _respoiled_snapshot(copy_of, damage)
    if damage == "missing":
        for entry in (copy_of / CACHE_DIR / SNAPSHOT_KIND).rglob("*"):
            if entry.is_file():
                entry.unlink()
    path = sorted((copy_of / "seeds" / "statements").glob("*.yaml"))[0]
    coding = yaml.safe_load(path.read_text(encoding="utf-8"))
    coding["statements"][0]["note"] = "Checked again."
    path.write_text(yaml.safe_dump(coding, sort_keys=False), encoding="utf-8")
    assert outcome(copy_of) == cold_build_of(copy_of)


def test_a_coding_file_changed_after_it_was_fingerprinted_is_refused(
    copy_of: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A coding file saved while the build runs: the package would record the sha256 of one
    version and publish what another says (and `validate` would call it fresh once the edit
    was undone). The build refuses, naming the file."""
    coding = sorted((copy_of / "seeds" / "statements").glob("*.yaml"))[1]
    name = f"seeds/statements/{coding.name}"
    fingerprint = pipeline.input_fingerprint

    def fingerprinted_before_an_edit(*args: Any) -> dict[str, str]:
        inputs = fingerprint(*args)
        inputs[name] = hashlib.sha256(b"the file as it was first read").hexdigest()
        return inputs

    monkeypatch.setattr(pipeline, "input_fingerprint", fingerprinted_before_an_edit)
    shutil.rmtree(copy_of / CACHE_DIR)
    with pytest.raises(InvalidSeeds) as refused:
        build(copy_of)
    assert [(p.type, p.file) for p in refused.value.problems] == [("seed-changed", name)]
