"""The per-article stages one article at a time, on every core, each result cached by content.

Reading, checking, anchoring and normalizing a coding file, building its statements and
measuring its article's coverage need nothing of other articles: only the article's text, its
coding file, the vocabulary, the entity ids and the statements schema. So each article is done
apart from all but the few a worker is sent with it, by the same stage functions a whole corpus
would go through (given seeds that hold those few; the one article, when a stage finds problems
in them), in worker processes when many are to be done, and the results are merged in source
order. Problems are reported stage by stage, as the stages over the whole corpus report
them: every article's problems of the earliest stage that has any, in file order.

A result is cached (cache.py) under a key over claimpack's code, the vocabulary, the entity ids,
the statements schema, and the paths and sha256 of the article and its coding file, so a build
after one coding file changed does that article again and reads the others from the cache.
The results of a whole build are kept together too, in one snapshot entry; an article computed
when the snapshot is written again is kept there alone.
What a coding file parses to is cached too, by the sha256 of its bytes, when its article
gets no entry (a stage stopped it): the entity or predicate that an article lacked can then be
added without the file being parsed again. An article with an entry has no need of it after an
edit of its coding file (a new file is parsed anyway), and writing it for every article cost a
tenth of a cold build; a new entity or predicate, which changes every article's key, then
parses every coding file again.
"""

from __future__ import annotations

import array
import atexit
import bisect
import collections
import contextlib
import dataclasses
import gc
import json
import multiprocessing
import operator
import os
import pickle
import shutil
import struct
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from claimpack.cache import MAX_ENTRY_BYTES, Cache, code_version, digest
from claimpack.layout import STATEMENTS_DIR
from claimpack.models import PackageMeta, PredicateIn
from claimpack.problems import InvalidSeeds, Problem
from claimpack.process import collector_paused, pandas_unused, termination_deferred
from claimpack.schema import TableSchema
from claimpack.scratch import scratch
from claimpack.stages.anchor import anchor_evidence
from claimpack.stages.check_inputs import (
    coding_file_problems,
    duplicate_coding,
    registry_problems,
    statement_set_problems,
)
from claimpack.stages.coverage import ArticleCoverage, Spans, measure_coverage, waiver_rows
from claimpack.stages.normalize import normalize_statements
from claimpack.stages.read_seeds import Article, Seeds, StatementSet, read_statement_set
from claimpack.stages.statements import build_statements, repeated_id
from claimpack.stages.write import csv_row_groups

READ, CHECK, ANCHOR, NORMALIZE, STATEMENTS = (
    "read seeds", "check inputs", "anchor evidence", "normalize values", "statements",
)  # fmt: skip
STAGES_FOUND_PER_ARTICLE = (READ, CHECK, ANCHOR, NORMALIZE, STATEMENTS)
ARTICLE_KIND, PARSE_KIND, SNAPSHOT_KIND, CREDITS_KIND = "article", "parse", "snapshot", "credits"
SNAPSHOT_KEPT = 0.95  # of the articles read from the cache, at least so many from the snapshot
SNAPSHOT_CODEC = "zstd"
SNAPSHOT_GROUP = 100  # articles whose statements the snapshot writes as one batch
OFFSET_TYPE = "i"  # the snapshot's offsets, C ints (an article is at most a million bytes)
MAX_OFFSET = 2**31 - 1
WORKER_ENDED = (
    "a worker process of the build ended abruptly (killed, or out of memory?); nothing was "
    "published: run the build again, or with fewer jobs (--jobs 1)"
)
PARALLEL_FROM = 16  # articles to compute before worker processes repay their start
PARENT_POLL = 0.5  # seconds between a worker's looks at whether its build is still there
CHUNK = 24  # articles a worker is sent at a time
# Chunks submitted ahead, per worker: enough to keep each busy, few enough that a build stopped
# early waits only for them (cancelling queued ones races a pool that a Ctrl-C broke, and
# Python 3.11's pool then never ends).
IN_FLIGHT = 12
HASHED_FROM = 50_000  # statement ids DuckDB hashes (started) faster than Arrow counts them
SPOOL_READ = 1 << 24  # bytes of CSV rows read back from the spool at a time, at most
SPAN_FIELDS = ("sentences", "waived", "uncovered_sentences", "numbers", "uncovered_numbers",
               "quotations", "uncovered_quotations")  # fmt: skip


@dataclass(frozen=True)
class Context:
    """What every article's stages share; sent once to each worker process."""

    root: Path
    package: PackageMeta
    entity_ids: frozenset[str]
    predicates: tuple[PredicateIn, ...]
    statements_schema: TableSchema
    article_ids: frozenset[str]
    cache: Cache
    code: str
    # Whether an article computed is stored in an entry of its own; not when the snapshot is
    # to be written again, which holds it (see _outcomes).
    own_entries: bool = True


@dataclass(frozen=True)
class Work:
    """One article to do: its stem, the article (None when only a coding file has the name),
    its coding file (path from the root, None when it has none) with the sha256 the inputs'
    fingerprint gives it, and its cache key (None when there is nothing to cache)."""

    stem: str
    article: Article | None
    coding: str | None
    coding_sha256: str | None
    key: str | None


@dataclass
class Outcome:
    """What the per-article stages made of one article, or the stage that stopped them."""

    stem: str
    stage: str = ""  # the stage whose problems stopped the article; "" when all passed
    problems: list[Problem] = field(default_factory=list)
    header: list[Problem] = field(default_factory=list)  # the coding file's own, see CHECK
    coded: str | None = None  # the source its coding file names
    statements: pa.Table | None = None
    csv: bytes = b""  # its rows of statements.csv (moved to a CsvSpool once merged)
    coverage: ArticleCoverage | None = None
    waivers: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Merged:
    """Every article's results in source order."""

    statements: pa.Table
    statements_csv: Iterable[bytes]  # each article's rows of statements.csv, from a CsvSpool
    coverage: list[ArticleCoverage]
    waivers: list[dict[str, Any]]
    # The key of each article whose rows are those of the cache entry under it.
    keys: dict[str, str]
    kept: Future[None]  # the results being stored for the next build (see _kept)


def article_stages(
    root: Path,
    seeds: Seeds | None,
    coding_files: list[Path],
    read_problems: list[Problem],
    schemas: dict[str, TableSchema],
    inputs: dict[str, str],
    progress: Callable[[str], None],
    jobs: int = 1,
    snapshot: Future[Snapshot | None] | None = None,
) -> Merged:
    """The per-article stages over every article and coding file, in `jobs` processes;
    InvalidSeeds with the problems of the earliest stage that has any (registry problems
    included, in the order read_seeds and check_inputs give them). The snapshot of the last
    build's results is read here unless it is being read already (snapshot_in_thread)."""
    if seeds is None or read_problems:  # the coding files' own read problems are added
        raise InvalidSeeds(read_problems + _read_only(root, coding_files))
    context = context_of(root, seeds, schemas)
    shared = digest(
        sorted(context.entity_ids),
        [predicate.model_dump(mode="json") for predicate in context.predicates],
        context.statements_schema.descriptor,
    )
    works = _works(root, seeds, coding_files, inputs, context.code, shared)
    loaded = (
        snapshot.result() if snapshot is not None else read_snapshot(context.cache, context.code)
    )
    spool = loaded.spool if loaded is not None else CsvSpool()
    outcomes, keys, kept = _outcomes(works, context, jobs, spool, loaded)
    with waited(kept):  # a build stopped by a problem stores what passed, too
        codings = {work.coding: work.stem for work in works.values() if work.coding is not None}
        # The coding files share one folder: their path text sorts as their Paths do.
        in_file_order = [(path, outcomes[codings[path]]) for path in sorted(codings)]
        _raise_problems(seeds, schemas, read_problems, in_file_order, progress, context)
        done = [outcomes[stem] for stem in sorted(outcomes)]
        tables = [o.statements for o in done if o.statements is not None]
        statements = (
            pa.concat_tables(tables)
            if tables
            else context.statements_schema.to_pyarrow().empty_table()
        )
        coding_of = {work.stem: work.coding for work in works.values() if work.coding is not None}
        repeated = _ids_of_two_articles(root, statements, coding_of)
        if repeated:
            raise InvalidSeeds(repeated)
        return Merged(
            statements=statements,
            statements_csv=spool,
            coverage=[o.coverage for o in done if o.coverage is not None],
            waivers=[row for o in done for row in o.waivers],
            keys=keys,
            kept=kept,
        )


@contextlib.contextmanager
def waited(kept: Future[None]) -> Iterator[None]:
    """A block at whose end, by an error too, the results being stored (_kept) are waited
    for: the build ends with them stored. Their own error is raised when the block raised none."""
    try:
        yield
    except BaseException:
        kept.exception()
        raise
    kept.result()


def context_of(root: Path, seeds: Seeds, schemas: dict[str, TableSchema]) -> Context:
    """What the stages of every article share, from the registries and the schemas."""
    return Context(
        root=root,
        package=seeds.package,
        entity_ids=frozenset(entity.id for entity in seeds.entities),
        predicates=tuple(seeds.predicates),
        statements_schema=schemas["statements"],
        article_ids=frozenset(seeds.articles),
        cache=Cache(root),
        code=code_version(),
    )


def _ids_of_two_articles(
    root: Path, statements: pa.Table, coding_of: dict[str, str]
) -> list[Problem]:
    """A statement whose id an earlier article's statement has (within an article,
    build_statements refuses it), at its line: found by Arrow, the coding files read again only
    for the lines of what is found."""
    ids = statements["statement_id"]
    if len(ids) >= HASHED_FROM and not _may_repeat(ids):
        return []
    counts = pc.value_counts(ids)
    repeated = counts.filter(pc.greater(counts.field("counts"), 1)).field("values")
    if len(repeated) == 0:
        return []
    rows = statements.filter(pc.is_in(statements["statement_id"], repeated))
    problems: list[Problem] = []
    first: dict[str, tuple[StatementSet, int]] = {}
    sets: dict[str, StatementSet | None] = {}
    for identifier, source in zip(
        rows["statement_id"].to_pylist(), rows["source_id"].to_pylist(), strict=True
    ):
        if source not in sets:
            sets[source] = read_statement_set(root, root / coding_of[source], [])
        statement_set = sets[source]
        assert statement_set is not None  # it was read before, and passed every stage
        index = [s.id for s in statement_set.file.statements].index(identifier)
        if identifier in first:
            problems.append(repeated_id(statement_set, index, *first[identifier]))
        else:
            first[identifier] = (statement_set, index)
    return problems


def _may_repeat(ids: pa.ChunkedArray) -> bool:
    """Whether two ids may be equal: whether two of their 64-bit hashes (DuckDB's) are, found
    by sorting them (a million ids in a fifth of the time Arrow takes to count them)."""
    with scratch() as db:
        db.register("ids", pa.table({"id": ids}))
        hashes = db.sql("SELECT hash(id) AS hash FROM ids").to_arrow_table()["hash"]
    ordered = np.sort(hashes.to_numpy())
    return bool((ordered[1:] == ordered[:-1]).any())


def _works(
    root: Path,
    seeds: Seeds,
    coding_files: list[Path],
    inputs: dict[str, str],
    code: str,
    shared: str,
) -> dict[str, Work]:
    # by their text: the coding files of read_registries are all in STATEMENTS_DIR
    codings = {path.stem: f"{STATEMENTS_DIR}/{path.name}" for path in coding_files}
    works = {}
    for stem in sorted(set(seeds.articles) | set(codings)):
        article, coding = seeds.articles.get(stem), codings.get(stem)
        coding_sha256 = inputs.get(coding) if coding is not None else None
        cacheable = article is not None and (coding is None or coding_sha256 is not None)
        key = None
        if cacheable and article is not None:
            recorded = article.recorded_date and article.recorded_date.isoformat()
            key = digest(
                ARTICLE_KIND, code, shared, stem, coding, coding_sha256, article.path,
                article.sha256, recorded,
            )  # fmt: skip
        works[stem] = Work(stem, article, coding, coding_sha256, key)
    return works


def _outcomes(
    works: dict[str, Work], context: Context, jobs: int, spool: CsvSpool, snapshot: Snapshot | None
) -> tuple[dict[str, Outcome], dict[str, str], Future[None]]:
    """Every article's outcome: from the snapshot of the last build's merged results (its
    rows in the spool already) or its own cache entry where the cache holds one under its
    key, else computed (in `jobs` worker processes when there are at least PARALLEL_FROM to
    compute); its CSV rows are moved to the spool as it comes. With the keys of the outcomes
    that are cache entries, and the storing of the results (_kept)."""
    found = _from_snapshot(snapshot, works, context) if snapshot is not None else {}
    keys = {stem: work.key for stem, work in works.items() if stem in found and work.key}
    from_snapshot = len(found)
    # When the snapshot is to be written again (as after a cold build), the articles computed
    # are stored in it alone: an entry of their own each cost a cold build a tenth of its time.
    snapshot_again = from_snapshot < SNAPSHOT_KEPT * sum(1 for work in works.values() if work.key)
    context = dataclasses.replace(context, own_entries=not snapshot_again)
    missing = []
    for stem, work in works.items():
        if stem in found:
            continue
        payload = context.cache.get(ARTICLE_KIND, work.key) if work.key else None
        outcome = _decode(payload, work, context) if payload is not None else None
        if outcome is None or work.key is None:
            missing.append(work)
        else:
            found[stem] = spool.took(stem, outcome)
            keys[stem] = work.key
    if len(missing) < PARALLEL_FROM or jobs < 2:
        computed: Generator[tuple[Work, Outcome | bytes]] = (
            (work, _compute(work, context)) for work in missing
        )
    else:
        computed = _in_workers(missing, context, jobs)
    with contextlib.closing(computed):  # the workers stopped now when this stops early
        for work, result in computed:  # decoded like a cache entry: one shape of result
            outcome = _decode(result, work, context) if isinstance(result, bytes) else result
            if outcome is None:  # pragma: no cover - a payload just encoded always decodes
                raise RuntimeError(f"the result for {work.stem} did not survive its encoding")
            found[work.stem] = spool.took(work.stem, outcome)
            if isinstance(result, bytes) and work.key is not None:  # an entry's bytes
                keys[work.stem] = work.key
    stored = [work for work in missing if work.key is not None and work.stem in keys]
    snapshot_again = from_snapshot < SNAPSHOT_KEPT * len(keys)
    executor = ThreadPoolExecutor(1)
    kept = executor.submit(_kept, dict(keys), found, spool, context, snapshot_again, stored)
    executor.shutdown(wait=False)
    return found, keys, kept


def _kept(
    keys: dict[str, str],
    outcomes: dict[str, Outcome],
    spool: CsvSpool,
    context: Context,
    snapshot_again: bool,
    computed: list[Work],
) -> None:
    """The results stored for the next build, in a thread of its own: the snapshot written
    again when fewer than SNAPSHOT_KEPT of the articles came from it (compressing and writing
    it, seconds at a million statements, is done by Arrow and hashlib, which let the stages
    that follow run meanwhile); when it is not (or is too big to be read), the articles
    computed each in an entry of its own, unless their workers wrote it (own_entries)."""
    if snapshot_again:
        parts = _snapshot(keys, outcomes, spool, context.statements_schema.to_pyarrow())
        if sum(len(part) for part in parts) <= MAX_ENTRY_BYTES:  # else it is never read
            context.cache.put(SNAPSHOT_KIND, _snapshot_key(context.code), parts)
            return
    if not context.own_entries:
        for work in computed:
            assert work.key is not None  # computed lists the works stored under their key
            encoded = _encode(dataclasses.replace(outcomes[work.stem], csv=spool.rows(work.stem)))
            context.cache.put(ARTICLE_KIND, work.key, encoded)


class CsvSpool:
    """Each article's CSV rows, read back in the order of the articles' stems each time the
    spool is iterated: those of the articles done in this build in an unnamed temporary file
    rather than in memory (at a million statements, the rows take hundreds of megabytes until
    statements.csv is written), those taken from a snapshot left in its compressed stream
    (`base`, in stem order), which each reading decompresses as it goes: a rebuild does not
    write a million rows to disk to read them back once."""

    def __init__(self, base: pa.Buffer | None = None) -> None:
        self._file: IO[bytes] | None = None  # opened by the first rows taken, then kept
        self._places: dict[str, tuple[int, int]] = {}
        self._base = base
        self._base_places: dict[str, tuple[int, int]] = {}

    def took(self, stem: str, outcome: Outcome) -> Outcome:
        """The outcome, its CSV rows moved here."""
        if outcome.csv:
            if self._file is None:
                # Open as long as the spool lives (until statements.csv is written), then gone.
                self._file = tempfile.TemporaryFile()  # noqa: SIM115
            self._places[stem] = (self._file.seek(0, os.SEEK_END), len(outcome.csv))
            self._file.write(outcome.csv)
            outcome.csv = b""
        return outcome

    def placed(self, places: dict[str, tuple[int, int]]) -> None:
        """The rows of each article at its (offset, length) in the decompressed base."""
        self._base_places.update(places)

    def rows(self, stem: str) -> bytes:
        """An article's rows (none when it has none)."""
        return b"".join(self.each([stem]))

    def each(self, stems: Iterable[str]) -> Iterator[bytes]:
        """The rows of each of the stems (sorted), in turn: one reading of the base."""
        base = self._base_reader()
        for stem in stems:
            if stem in self._places:
                yield self._read(*self._places[stem])
            elif stem in self._base_places:
                yield base.rows(*self._base_places[stem])
            else:
                yield b""

    def __iter__(self) -> Iterator[bytes]:
        """The rows in the order of the stems, read in runs of articles whose rows lie one
        after the other (as the snapshot's do), of at most SPOOL_READ bytes."""
        base = self._base_reader()
        start = end = 0
        run_read: Callable[[int, int], bytes] = self._read
        for stem in sorted(self._places.keys() | self._base_places.keys()):
            if stem in self._places:
                read, (offset, length) = self._read, self._places[stem]
            else:
                read, (offset, length) = base.rows, self._base_places[stem]
            if read != run_read or offset != end or end - start + length > SPOOL_READ:
                if end > start:
                    yield run_read(start, end - start)
                start, run_read = offset, read
            end = offset + length
        if end > start:
            yield run_read(start, end - start)

    def _base_reader(self) -> _Forward:
        return _Forward(self._base)

    def _read(self, offset: int, length: int) -> bytes:
        """Read by position (pread), not by seek and read: the rows are read by the thread
        that stores the results (_kept) while the tables are written."""
        assert self._file is not None  # a place in the file is of rows written to it
        self._file.flush()
        parts, descriptor = [], self._file.fileno()
        while length > 0 and (part := os.pread(descriptor, length, offset)):
            parts.append(part)
            offset, length = offset + len(part), length - len(part)
        return b"".join(parts)


class _Forward:
    """A reading of a compressed stream of rows from its start, forward only: rows asked
    for at an offset ahead are reached by decompressing (and dropping) what lies between."""

    def __init__(self, compressed: pa.Buffer | None) -> None:
        self._stream = (
            pa.CompressedInputStream(pa.BufferReader(compressed), SNAPSHOT_CODEC)
            if compressed is not None
            else None
        )
        self._at = 0

    def rows(self, offset: int, length: int) -> bytes:
        if self._stream is None or offset < self._at:
            raise ValueError("rows read out of order, or of no stream")
        while self._at < offset:  # what lies between, dropped
            self._at += len(self._stream.read(min(offset - self._at, SPOOL_READ)))
        data: bytes = self._stream.read(length)
        self._at += len(data)
        if len(data) != length:
            raise ValueError("the stream of rows ends early")
        return data


def _in_workers(
    works: list[Work], context: Context, jobs: int
) -> Generator[tuple[Work, Outcome | bytes]]:
    """Outcomes computed by `jobs` processes (started fresh: spawn, not fork, so that no lock
    a thread of this process holds is copied), in the order of `works`. A worker reads the
    context from a file: passed to it at its start, the context would be written to the pipe
    the new process reads its start from, and Python's spawn keeps that pipe's reading end
    open in this process until the writing ends, so a worker that died before reading all of
    it (the pipe holds 64 KiB) would leave the build waiting for ever."""
    chunks = [works[i : i + CHUNK] for i in range(0, len(works), CHUNK)]
    spawn = multiprocessing.get_context("spawn")
    with tempfile.TemporaryDirectory(prefix="claimpack-workers-") as scratch:
        shared = Path(scratch) / "context.pickle"
        shared.write_bytes(pickle.dumps(context, protocol=pickle.HIGHEST_PROTOCOL))
        pool = ProcessPoolExecutor(jobs, mp_context=spawn, initializer=_start, initargs=(shared,))
        ahead = IN_FLIGHT * jobs
        try:
            with termination_deferred():  # the first submissions start the workers
                pending = collections.deque(
                    pool.submit(_compute_chunk, chunk) for chunk in chunks[:ahead]
                )
            for index, chunk in enumerate(chunks):
                results = pending.popleft().result()
                if index + ahead < len(chunks):
                    pending.append(pool.submit(_compute_chunk, chunks[index + ahead]))
                yield from zip(chunk, results, strict=True)
        except BrokenProcessPool:  # ended by the system (out of memory?), not by a stage
            raise OSError(WORKER_ENDED) from None
        finally:  # stopped early (a signal, an error), only the chunks in flight are waited for
            pool.shutdown(wait=True)


_worker_context: Context | None = None


def _start(shared: Path) -> None:
    """A worker's start: the context read, and everything made so far (the modules imported,
    the context) moved out of the collector's sight; a full collection then scans only what
    the articles made, not the libraries loaded (a twentieth of a worker's time). They are
    given back to it at exit: a library that counts its objects then (DuckDB's bindings do)
    would otherwise report every frozen one as leaked."""
    global _worker_context
    pandas_unused()
    _ended_with(os.getppid(), shared.parent)
    _worker_context = pickle.loads(shared.read_bytes())  # written by this build's process
    gc.freeze()
    atexit.register(gc.unfreeze)


def _ended_with(build: int, scratch: Path) -> None:
    """A thread that ends this worker once the build process that started it is gone: killed
    by SIGKILL or the out-of-memory killer, it could not end its workers, which would wait on
    their pipes for ever. The build's scratch folder, which it could not remove, goes too."""

    def watch() -> None:
        while os.getppid() == build:
            time.sleep(PARENT_POLL)
        shutil.rmtree(scratch, ignore_errors=True)
        os._exit(1)

    threading.Thread(target=watch, name="claimpack-build-watch", daemon=True).start()


def _compute_chunk(works: list[Work]) -> list[Outcome | bytes]:
    assert _worker_context is not None
    with collector_paused():
        return _computed(works, _worker_context)


def _compute(work: Work, context: Context) -> Outcome | bytes:
    """One article through _computed."""
    [result] = _computed([work], context)
    return result


def _computed(works: list[Work], context: Context) -> list[Outcome | bytes]:
    """Articles through the per-article stages: for each, the bytes of its cache entry, stored
    under its key when it has one (unless the snapshot is to hold it), which cross a pipe
    cheaply and are decoded like any entry; else the outcome of the stage that stopped it (a
    coding file read that is not the one fingerprinted stops it: seed-changed)."""
    parse_caches = [YamlCache(context.cache, context.code, deferred=True) for _ in works]
    results: list[Outcome | bytes] = []
    for work, outcome, parse_cache in zip(
        works, _stages(works, context, parse_caches), parse_caches, strict=True
    ):
        if work.coding_sha256 is not None and parse_cache.read not in (None, work.coding_sha256):
            # Changed since the inputs were fingerprinted: the package would record one
            # version of the file and publish what another says.
            message = "coding file changed while the build read it; build again"
            results.append(
                Outcome(work.stem, READ, [Problem("seed-changed", work.coding or "", "", message)])
            )
            continue
        if outcome.stage != "":
            parse_cache.write()
            results.append(outcome)
            continue
        encoded = _encode(outcome)
        if work.key is None:
            parse_cache.write()
        elif context.own_entries:
            context.cache.put(ARTICLE_KIND, work.key, encoded)
        results.append(encoded)
    return results


def _stages(works: list[Work], context: Context, parse_caches: list[YamlCache]) -> list[Outcome]:
    """The outcome of each article; its coding file is read through its parse cache."""
    checked = [
        _checked(work, context, parse_cache)
        for work, parse_cache in zip(works, parse_caches, strict=True)
    ]
    ready = [(work, found) for work, found in zip(works, checked, strict=True)
             if isinstance(found, list)]  # fmt: skip
    built = {outcome.stem: outcome for outcome in _built(ready, context)}
    return [built[work.stem] if isinstance(found, list) else found
            for work, found in zip(works, checked, strict=True)]  # fmt: skip


def _checked(work: Work, context: Context, parse_cache: YamlCache) -> Outcome | list[StatementSet]:
    """The article's coding file read and checked (none when it has none), or the outcome of
    the stage that stopped it."""
    if work.coding is None:
        return []
    problems: list[Problem] = []
    path = context.root / work.coding
    statement_set = read_statement_set(context.root, path, problems, parse_cache)
    if statement_set is None:
        return Outcome(work.stem, READ, problems)
    named = statement_set.file.source
    header = list(coding_file_problems(statement_set, context.article_ids))
    predicates = {predicate.id: predicate for predicate in context.predicates}
    problems = list(
        statement_set_problems(
            statement_set, context.entity_ids, predicates, context.statements_schema
        )
    )
    if header or problems or work.article is None:
        return Outcome(work.stem, CHECK, problems, header, named)
    return [statement_set]


def _built(ready: list[tuple[Work, list[StatementSet]]], context: Context) -> list[Outcome]:
    """The outcomes of articles that passed the checks, each with its coding file (or none).
    The stages go through all of them at once, as through a corpus (an article's table and CSV
    rows cost less as a part of one made for a few articles), and each one's part is then
    taken out; when a stage has problems, article by article, each with its own."""
    ready = sorted(ready, key=lambda pair: pair[0].stem)  # as their statements are sorted
    articles = {}
    for work, _ in ready:
        assert work.article is not None  # a work has an article or a coding file
        articles[work.stem] = work.article
    seeds = Seeds(
        package=context.package,
        articles=articles,
        sources=[],  # publisher credits are anchored with the registries
        entities=[],
        predicates=list(context.predicates),
        statement_sets=[statement_set for _, sets in ready for statement_set in sets],
    )
    try:
        stage = ANCHOR
        anchored = anchor_evidence(seeds)
        stage = NORMALIZE
        normals, times = normalize_statements(seeds)
        stage = STATEMENTS
        statements = build_statements(seeds, anchored, normals, context.statements_schema, times)
    except InvalidSeeds as error:
        if len(ready) > 1:
            return [outcome for one in ready for outcome in _built([one], context)]
        [(work, sets)] = ready
        return [Outcome(work.stem, stage, error.problems, coded=work.stem if sets else None)]
    sources = statements.column("source_id").to_pylist()  # in order of their stems
    bounds = [(bisect.bisect_left(sources, work.stem), bisect.bisect_right(sources, work.stem))
              for work, _ in ready]  # fmt: skip
    csv = csv_row_groups(statements, [end - start for start, end in bounds])
    coverage = {
        report.source_id: report for report in measure_coverage(seeds, statements, anchored)
    }
    waivers: dict[str, list[dict[str, Any]]] = {work.stem: [] for work, _ in ready}
    for row in waiver_rows(seeds, anchored):
        waivers[str(row["source_id"])].append(row)
    return [
        Outcome(
            work.stem,
            coded=work.stem if sets else None,
            statements=statements.slice(start, end - start),
            csv=rows,
            coverage=coverage[work.stem],
            waivers=waivers[work.stem],
        )
        for (work, sets), (start, end), rows in zip(ready, bounds, csv, strict=True)
    ]


class YamlCache:
    """What YAML seeds (coding files, registries) parse to, in the project's cache, keyed by
    the sha256 of their text (with claimpack's code); remembers the sha256 of the text it was
    last asked about. A deferred cache keeps what it is given until `write`: an article's
    coding file needs no entry of its own once the article's entry holds everything it gave
    (writing it cost a tenth of a cold build)."""

    def __init__(self, cache: Cache, code: str, deferred: bool = False) -> None:
        self.cache, self.code, self.deferred = cache, code, deferred
        self.read: str | None = None
        self._pending: list[tuple[str, Any]] = []

    def get(self, key: str) -> Any:
        self.read = key
        payload = self.cache.get(PARSE_KIND, digest(PARSE_KIND, self.code, key))
        try:
            return json.loads(payload) if payload is not None else None
        except ValueError:
            return None

    def put(self, key: str, data: Any) -> None:
        self._pending.append((key, data))
        if not self.deferred:
            self.write()

    def write(self) -> None:
        """Store what put was given."""
        for key, data in self._pending:
            payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            self.cache.put(PARSE_KIND, digest(PARSE_KIND, self.code, key), payload)
        self._pending.clear()


def _read_only(root: Path, coding_files: list[Path]) -> list[Problem]:
    """The read problems of the coding files, when nothing else can be done with them."""
    problems: list[Problem] = []
    for path in coding_files:
        read_statement_set(root, path, problems)
    return problems


def _raise_problems(
    seeds: Seeds,
    schemas: dict[str, TableSchema],
    read_problems: list[Problem],
    in_file_order: list[tuple[str, Outcome]],
    progress: Callable[[str], None],
    context: Context,
) -> None:
    """InvalidSeeds with the problems of the earliest stage that has any, as the stages over
    the whole corpus would give them: the registries' first, then each coding file's (an
    article without one has problems only from coverage, which the build reports)."""
    by_stage = {
        stage: [p for _, o in in_file_order if o.stage == stage for p in o.problems]
        for stage in STAGES_FOUND_PER_ARTICLE
    }
    if read_problems or by_stage[READ]:
        raise InvalidSeeds(read_problems + by_stage[READ])
    progress(CHECK)
    checked = registry_problems(seeds, schemas)
    first_coding: dict[str, str] = {}
    for path, outcome in in_file_order:
        if outcome.coded is None:
            continue
        checked += outcome.header
        if outcome.coded in first_coding:
            checked.append(duplicate_coding(path, outcome.coded, first_coding[outcome.coded]))
        first_coding[outcome.coded] = path
        if outcome.stage == CHECK:
            checked += outcome.problems
    if checked:
        raise InvalidSeeds(checked)
    progress(ANCHOR)
    publishers = _credit_problems(seeds, context)  # after the coding files' quotes, in turn
    if by_stage[ANCHOR] or publishers:
        raise InvalidSeeds(by_stage[ANCHOR] + publishers)
    for stage in (NORMALIZE, STATEMENTS):
        progress(stage)
        if by_stage[stage]:
            raise InvalidSeeds(by_stage[stage])
    progress("coverage")


def _credit_problems(seeds: Seeds, context: Context) -> list[Problem]:
    """The problems of anchoring the publisher credits in their articles, as anchor_evidence
    gives them. A credit a build anchored before in the same text (by its sha256, in the record
    of CREDITS_KIND) is not anchored again, so that its article is not read."""
    key = digest(CREDITS_KIND, context.code)
    recorded = _recorded_credits(context.cache.get(CREDITS_KIND, key))
    credits = {
        source.id: (seeds.articles[source.id].sha256, source.publisher_quote)
        for source in seeds.sources
        if source.publisher_quote is not None and source.id in seeds.articles
    }
    new = [
        source
        for source in seeds.sources
        if source.id in credits and credits[source.id] not in recorded
    ]
    if not new:
        return []
    try:
        anchor_evidence(dataclasses.replace(seeds, sources=new))
    except InvalidSeeds:
        try:  # again over every source, for the lines of the problems
            anchor_evidence(seeds)
        except InvalidSeeds as error:
            return error.problems
    payload = json.dumps(sorted(set(credits.values())), ensure_ascii=False, separators=(",", ":"))
    context.cache.put(CREDITS_KIND, key, payload.encode("utf-8"))
    return []


def _recorded_credits(payload: bytes | None) -> set[tuple[str, str]]:
    """The (article sha256, publisher quote) of each credit a build anchored; none when the
    record is not of that shape."""
    try:
        pairs = json.loads(payload) if payload is not None else []
        return {(sha256, quote) for sha256, quote in pairs if type(sha256) is type(quote) is str}
    except (ValueError, TypeError):
        return set()


# The cache entry of an article ---------------------------------------------------------


def _encode(outcome: Outcome) -> bytes:
    """An outcome that passed every stage as bytes: lengths, JSON of what is not a table,
    the statements as Arrow IPC, and the CSV rows."""
    assert outcome.statements is not None and outcome.coverage is not None
    meta = {
        "coded": outcome.coded,
        "coverage": {name: list(offsets) for name, offsets in _span_offsets(outcome).items()},
        "waivers": _waiver_fields(outcome),
    }
    meta_bytes = json.dumps(meta, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, outcome.statements.schema) as writer:
        writer.write_table(outcome.statements)
    table_bytes: bytes = sink.getvalue().to_pybytes()
    return (
        struct.pack(">QQ", len(meta_bytes), len(table_bytes))
        + meta_bytes
        + table_bytes
        + (outcome.csv)
    )


def _span_offsets(outcome: Outcome) -> dict[str, Sequence[int]]:
    """The offsets (start, end, start, end, ...) of each kind of span of its coverage; of
    spans read from the cache as they were read (their text is not needed)."""
    assert outcome.coverage is not None
    offsets: dict[str, Sequence[int]] = {}
    for name in SPAN_FIELDS:
        spans = getattr(outcome.coverage, name)
        offsets[name] = (
            spans.offsets
            if isinstance(spans, Spans)
            else [offset for span in spans for offset in (span.start, span.end)]
        )
    return offsets


def _waiver_fields(outcome: Outcome) -> list[list[Any]]:
    return [
        [row["quote"], row["char_start"], row["char_end"], row["reason"]] for row in outcome.waivers
    ]


def _decode(payload: bytes, work: Work, context: Context) -> Outcome | None:
    """The outcome an entry holds, or None when it is not one this work could have produced
    (wrong shape, types or schema, spans outside the article)."""
    try:
        meta_length, table_length = struct.unpack(">QQ", payload[:16])
        table_start = 16 + meta_length
        statements = pa.ipc.open_stream(payload[table_start : table_start + table_length])
        table = statements.read_all()
        meta = json.loads(payload[16:table_start])
        length = work.article.length if work.article is not None else 0
        offsets = {name: _offsets(length, meta["coverage"][name]) for name in SPAN_FIELDS}
        coded, waivers = meta["coded"], meta["waivers"]
    except (ValueError, TypeError, KeyError, struct.error, pa.ArrowException):
        return None
    if not table.schema.equals(context.statements_schema.to_pyarrow()):
        return None
    if len(table) and table.column("source_id").unique().to_pylist() != [work.stem]:
        return None
    csv = payload[table_start + table_length :]
    return _outcome(work, coded, offsets, waivers, table, csv)


def _outcome(
    work: Work,
    coded: object,
    offsets: Mapping[str, Sequence[int]],
    waivers: object,
    table: pa.Table,
    csv: bytes,
) -> Outcome | None:
    """The outcome of the parts of an entry (the source it codes, its spans' offsets, checked
    against the article already, its waivers, its statements of the statements schema and of
    its source only, checked already, its CSV rows), or None when they are not one this work
    could have produced."""
    article = work.article
    if article is None:
        return None
    if coded not in (None, work.stem) or (coded is None) != (work.coding is None):
        return None
    try:
        if not isinstance(waivers, list):
            raise TypeError("not a list of waivers")
        length = article.length
        rows = [
            {"source_id": work.stem, "quote": _text(quote), "char_start": _offset(length, start),
             "char_end": _offset(length, end), "reason": _text(reason)}
            for quote, start, end, reason in waivers
        ]  # fmt: skip
    except (ValueError, TypeError):
        return None
    spans = {name: Spans(article, offsets[name]) for name in SPAN_FIELDS}
    coverage = ArticleCoverage(source_id=work.stem, path=article.path, **spans)
    return Outcome(
        work.stem, coded=work.stem if coded is not None else None, statements=table, csv=csv,
        coverage=coverage, waivers=rows,
    )  # fmt: skip


# The snapshot of the merged results -----------------------------------------------------


def _snapshot(
    keys: dict[str, str], outcomes: dict[str, Outcome], spool: CsvSpool, schema: pa.Schema
) -> list[bytes | memoryview]:
    """The merged results of the articles that are cache entries, as the parts of one entry:
    a listing of each one's stem, key, rows, CSV length, coded source, waivers and number of
    offsets of each kind of span (SPAN_FIELDS); every span's offsets as one array of 32-bit
    integers (read back with no Python object per offset, and checked as one array); their
    statements as one Arrow stream and their CSV rows, each compressed as a whole (Arrow's
    compression of each buffer of ten thousand small batches reads back slowly) and streamed
    (at a million statements the rows take hundreds of megabytes)."""
    stems, tables = sorted(keys), []
    for stem in stems:
        table = outcomes[stem].statements
        assert table is not None  # an outcome stored under its key passed every stage
        tables.append(table)
    table_sink = pa.BufferOutputStream()
    with pa.CompressedOutputStream(table_sink, SNAPSHOT_CODEC) as compressed:
        with pa.ipc.new_stream(compressed, schema) as writer:
            for start in range(0, len(tables), SNAPSHOT_GROUP):  # a batch of a few articles
                group = pa.concat_tables(tables[start : start + SNAPSHOT_GROUP])
                writer.write_table(group.combine_chunks())
        table_length = compressed.tell()
    csv_sink, listing = pa.BufferOutputStream(), []
    offsets = array.array(OFFSET_TYPE)
    with pa.CompressedOutputStream(csv_sink, SNAPSHOT_CODEC) as compressed:
        for stem, table, rows in zip(stems, tables, spool.each(stems), strict=True):
            compressed.write(rows)
            spans = _span_offsets(outcomes[stem]).values()
            for span_offsets in spans:
                offsets.extend(span_offsets)
            listing.append(
                [stem, keys[stem], table.num_rows, len(rows), outcomes[stem].coded,
                 _waiver_fields(outcomes[stem]), [len(span_offsets) for span_offsets in spans]]
            )  # fmt: skip
    listing_bytes = json.dumps(listing, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    table_bytes = memoryview(table_sink.getvalue())
    offset_bytes = offsets.tobytes()
    lengths = struct.pack(
        ">QQQQ", len(listing_bytes), len(offset_bytes), len(table_bytes), table_length
    )
    return [lengths, listing_bytes, offset_bytes, table_bytes, memoryview(csv_sink.getvalue())]


@dataclass(frozen=True)
class Snapshot:
    """The snapshot entry decoded as far as it can be without the works: its listing, its
    spans' offsets, its statements (grouped by source, in the order of the sources) with the
    number of rows of each source, and its CSV rows, the base of a spool of their own
    (`size` bytes decompressed)."""

    listing: list[Any]
    offsets: array.array[int]
    table: pa.Table
    rows_of: dict[str, int]
    spool: CsvSpool
    size: int


def _snapshot_key(code: str) -> str:
    return digest(SNAPSHOT_KIND, code, sys.byteorder)  # its offsets are C ints


def read_snapshot(cache: Cache, code: str) -> Snapshot | None:
    """The snapshot the cache holds for this code, or None when it holds none of the
    snapshot's shape. Reading, checking and decompressing it is done by hashlib and Arrow,
    which let other threads run meanwhile (see snapshot_in_thread); its CSV rows are
    decompressed once, in a thread beside its statements, to be checked and measured, and
    kept compressed for the spool."""
    view = cache.mapped(SNAPSHOT_KIND, _snapshot_key(code))  # its parts read in place
    if view is None or len(view) < 32:
        return None
    listing_length, offsets_length, table_length, table_size = struct.unpack(">QQQQ", view[:32])
    offsets_start = 32 + listing_length
    table_start = offsets_start + offsets_length
    rows = pa.py_buffer(view[table_start + table_length :])  # left in the mapped file
    with ThreadPoolExecutor(1) as beside:
        measured = beside.submit(_decompressed_size, rows)
        try:
            listing = json.loads(bytes(view[32:offsets_start]))
            if not isinstance(listing, list):
                return None
            offsets = array.array(OFFSET_TYPE)
            offsets.frombytes(view[offsets_start:table_start])
            compressed = pa.py_buffer(view[table_start : table_start + table_length])
            reader = pa.ipc.open_stream(pa.decompress(compressed, table_size, SNAPSHOT_CODEC))
            table = reader.read_all()
            sources = table["source_id"]
            ordered = pc.greater_equal(sources[1:], sources[:-1])
            if len(sources) > 1 and not pc.all(ordered).as_py():
                return None  # the rows are grouped by source, in the order of the sources
            counted = pc.value_counts(sources).to_pylist()
            size = measured.result()
        except (ValueError, TypeError, KeyError, pa.ArrowException):
            return None
    rows_of = {entry["values"]: entry["counts"] for entry in counted}
    return Snapshot(listing, offsets, table, rows_of, CsvSpool(rows), size)


def _decompressed_size(compressed: pa.Buffer) -> int:
    """The size of a compressed stream of rows, read through once (a damaged one raises)."""
    size = 0
    with pa.CompressedInputStream(pa.BufferReader(compressed), SNAPSHOT_CODEC) as rows:
        while part := rows.read(SPOOL_READ):
            size += len(part)
    return size


def snapshot_in_thread(root: Path) -> Future[Snapshot | None]:
    """read_snapshot in a thread of its own, started before the registries are read: a
    rebuild's snapshot (hundreds of megabytes at a million statements) is then read, checked
    and decompressed while the seeds are read and fingerprinted."""
    executor = ThreadPoolExecutor(1)
    future = executor.submit(read_snapshot, Cache(root), code_version())
    executor.shutdown(wait=False)
    return future


def _from_snapshot(
    snapshot: Snapshot, works: dict[str, Work], context: Context
) -> dict[str, Outcome]:
    """The outcomes the snapshot holds under the keys the works have now, their CSV rows
    placed in its spool; none when it is not of the snapshot's shape, its rows are not those
    its listing gives each article, or a span of an article it gives lies outside the
    article's text (an article whose other parts do not decode is read from its own entry)."""
    table, offsets, rows_of = snapshot.table, snapshot.offsets, snapshot.rows_of
    if not table.schema.equals(context.statements_schema.to_pyarrow()):
        return {}
    try:
        found, places, limits, totals = {}, {}, [], []
        row = csv_at = offset_at = 0
        previous = ""
        for stem, key, count, csv_length, coded, waivers, counts in snapshot.listing:
            if not all(type(n) is int and n >= 0 for n in (count, csv_length, *counts)):
                return {}
            if type(stem) is not str or stem <= previous:  # each once, in order: with the
                return {}  # counts and the order of the rows, the rows of each are its own
            previous = stem
            if any(number % 2 for number in counts):  # a start and an end each
                return {}
            if rows_of.get(stem, 0) != count or len(counts) != len(SPAN_FIELDS):
                return {}  # with the order, where each one's rows are
            work = works.get(stem)
            article = work.article if work is not None else None
            spans, at = {}, offset_at
            for name, number in zip(SPAN_FIELDS, counts, strict=True):
                spans[name], at = offsets[at : at + number], at + number
            if work is not None and article is not None and work.key == key:
                # A slice an article, not one for a run of them: Parquet's writer pages a
                # column by its chunks, and a cold build's statements come one chunk an article.
                outcome = _outcome(work, coded, spans, waivers, table.slice(row, count), b"")
                if outcome is not None:
                    found[stem], places[stem] = outcome, (csv_at, csv_length)
            limits.append(article.length if stem in found and article else MAX_OFFSET)
            totals.append(at - offset_at)
            row, csv_at, offset_at = row + count, csv_at + csv_length, at
    except (ValueError, TypeError):
        return {}
    if row != table.num_rows or offset_at != len(offsets) or csv_at != snapshot.size:
        return {}
    if not _inside(offsets, limits, totals):
        return {}
    snapshot.spool.placed(places)
    return found


def _inside(offsets: array.array[int], limits: list[int], totals: list[int]) -> bool:
    """Whether the offsets of each article (totals[i] of them in turn, an even number, in pairs
    of start and end) lie inside its text (of length limits[i]), each start at most its end:
    checked as arrays, not offset by offset."""
    flat = np.frombuffer(offsets, dtype=np.intc)
    if len(flat) == 0:
        return True
    ends = np.repeat(np.asarray(limits, dtype=np.int64), np.asarray(totals, dtype=np.int64))
    return bool(flat.min() >= 0 and (flat <= ends).all() and (flat[0::2] <= flat[1::2]).all())


def _offsets(length: int, offsets: object) -> Sequence[int]:
    """Offsets (start, end, start, end, ...) of spans inside a text of `length`, checked, as C
    ints: kept for every article until the build ends, a million statements' spans as Python
    ints took a tenth of a gigabyte."""
    # Checked by builtins over the whole list (a million statements' spans), not offset by
    # offset in Python; bool, an int to isinstance, is refused by its type.
    if not isinstance(offsets, list) or len(offsets) % 2 or not set(map(type, offsets)) <= {int}:
        raise ValueError("not a list of offsets")
    if offsets and (
        min(offsets) < 0
        or max(offsets) > length
        or not all(map(operator.le, offsets[::2], offsets[1::2]))
    ):
        raise ValueError("a span outside the article")
    return array.array(OFFSET_TYPE, offsets)


def _offset(length: int, value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= length:
        raise ValueError("an offset outside the article")
    return value


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("not text")
    return value
