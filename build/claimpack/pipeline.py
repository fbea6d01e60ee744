"""The build, stage by stage: seeds in, a validated data package out.

STAGES is the one list of the stages, in order, with the module that does each. Everything is
written to a staging folder beside dist/, validated as a package, and only then swapped into
place (see publish.py), so a failing build never changes what is published.
"""

from __future__ import annotations

import ast
import json
import shutil
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa

from claimpack.cache import Cache, code_version
from claimpack.derivation_cache import derive
from claimpack.fingerprint import InputRecord, input_fingerprint
from claimpack.layout import (
    CSV,
    DESCRIPTOR,
    PARQUET,
    PARQUET_DESCRIPTOR,
    SCHEMA_DIR,
    STATEMENTS_DIR,
    TABLE_ORDER,
)
from claimpack.memo import read_set, remember
from claimpack.per_article import YamlCache, article_stages, snapshot_in_thread, waited
from claimpack.problems import InvalidPackage, InvalidSeeds, Problem
from claimpack.process import collector_paused
from claimpack.publish import (
    JOURNAL,
    TOKEN,
    check_published_folders,
    fresh_staging,
    publish,
    publish_lock,
    recover,
)
from claimpack.published.validate import cut_ahead, validate_package
from claimpack.schema import load_schemas
from claimpack.stages.anchor import anchor_evidence
from claimpack.stages.check_inputs import check_inputs, headline_problems
from claimpack.stages.coverage import ArticleCoverage, coverage_tables
from claimpack.stages.describe import describe_package, descriptor_bytes, package_metadata
from claimpack.stages.discrepancies import discrepancy_tables
from claimpack.stages.normalize import normalize_statements
from claimpack.stages.read_seeds import Seeds, read_registries, read_seeds
from claimpack.stages.registry import Facts, article_facts, registry_tables, source_names_of
from claimpack.stages.write import (
    FileData,
    Measured,
    Parts,
    csv_header,
    file_parts,
    serialize_tables,
)


@dataclass(frozen=True)
class Stage:
    title: str
    module: str  # path under build/claimpack/


STAGES = (
    Stage("read seeds", "stages/read_seeds.py"),
    Stage("check inputs", "stages/check_inputs.py"),
    Stage("anchor evidence", "stages/anchor.py"),
    Stage("normalize values", "stages/normalize.py"),
    Stage("statements", "stages/statements.py"),
    Stage("coverage", "stages/coverage.py"),
    Stage("derive discrepancies", "stages/discrepancies.py"),
    Stage("registry tables", "stages/registry.py"),
    Stage("write tables", "stages/write.py"),
    Stage("describe package", "stages/describe.py"),
    Stage("validate package", "published/validate.py"),
    Stage("publish", "publish.py"),
)
STAGE_TITLES = tuple(stage.title for stage in STAGES)


@dataclass(frozen=True)
class BuildResult:
    row_counts: dict[str, int]
    discrepancies_per_kind: dict[str, int]
    coverage: list[ArticleCoverage]
    uncoded: list[str] = field(default_factory=list)  # articles without a coding file


def _no_progress(stage: str) -> None:
    """Default progress callback: say nothing."""


def build(root: Path, progress: Callable[[str], None] = _no_progress, jobs: int = 1) -> BuildResult:
    """Build the package under root; on any error, a coverage gap included (code or waive it),
    nothing already published is touched.

    `progress` is called with each stage's title (from STAGES) as it starts. With `jobs` > 1
    the per-article stages run in that many worker processes, started fresh ("spawn"): like
    any code that starts processes so, a script that calls this must do it under
    `if __name__ == "__main__":`.
    """
    with collector_paused():
        return _published(root, progress, jobs)


def _published(root: Path, progress: Callable[[str], None], jobs: int) -> BuildResult:
    check_published_folders(root)  # before the build's work, which publish() would refuse
    staging = fresh_staging(root)
    try:
        files, result = assemble(root, progress, jobs, staging)
        # the sha256 of the inputs (the articles among them) as the build read them
        inputs = json.loads(b"".join(file_parts(files[DESCRIPTOR])))["claimpack"]["inputs"]
        gaps = [
            problem
            for report in result.coverage
            for problem in (
                [_missing_coding(report)]
                if report.source_id in result.uncoded
                else report.problems()
            )
        ]
        if gaps:  # validate would refuse the package: do not publish it
            raise InvalidSeeds(gaps)
        with publish_lock(root):
            recover(root, keep=staging)
        for relative_path in sorted(files):
            data = files.pop(relative_path)
            if isinstance(data, Measured) and data.written is not None:
                continue  # written to its place in staging as it was measured
            target = staging / relative_path
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("wb") as handle:  # each file freed before validating
                handle.writelines(file_parts(data))
        progress("validate package")
        pa.default_memory_pool().release_unused()  # the tables' memory, kept by the pool, back
        # before: what the report is a report of; the tables' sha256 as described
        read = read_set(staging / DESCRIPTOR, root, written=True)
        report = validate_package(
            staging / DESCRIPTOR, article_root=root, cache=Cache(root), known=inputs
        )
        if not report.valid:
            raise InvalidPackage(report.problems)
        progress("publish")
        with publish_lock(root):
            publish(staging, root)
        if read is not None:  # `claimpack validate` of these bytes need not check them again
            remember(root, read, report)
    finally:
        # kept only when its own publish was cut short: recover() needs the previous release
        if not ((root / JOURNAL).exists() and (staging / TOKEN).exists()):
            shutil.rmtree(staging, ignore_errors=True)
    return result


def assemble(
    root: Path,
    progress: Callable[[str], None] = _no_progress,
    jobs: int = 1,
    staging: Path | None = None,
) -> tuple[dict[str, FileData], BuildResult]:
    """Every output file's bytes, by path relative to root, computed from the seeds: the
    per-article stages an article at a time (per_article.py), then the stages that need every
    article, each grouping by key. Given a staging folder, statements.csv is written there as
    soon as its rows are known, beside the stages that follow (its writing, hundreds of
    megabytes at a million statements, lets them run)."""
    progress("read seeds")
    snapshot = snapshot_in_thread(root)
    cache = Cache(root)
    record = InputRecord(cache)
    seeds, coding_files, problems = read_registries(root, YamlCache(cache, code_version()), record)
    inputs = input_fingerprint(root, record)
    schemas = load_schemas(root / SCHEMA_DIR)
    merged = article_stages(
        root, seeds, coding_files, problems, schemas, inputs, progress, jobs, snapshot
    )
    assert seeds is not None  # article_stages raises without them
    # the results stored for the next build meanwhile, and the derivation's entry (derive)
    with waited(merged.kept), ThreadPoolExecutor(1) as storing:
        statements = merged.statements
        written = staging / CSV.path("statements") if staging is not None else None
        statements_csv = Measured(
            Parts([csv_header(statements)], merged.statements_csv),
            _opened(written) if written is not None else None,
        )
        if written is not None:  # cut for the validation once written, beside what follows
            cut_ahead(written, statements_csv.measure)
        coverage = merged.coverage
        coverage_table, waivers_table = coverage_tables(coverage, merged.waivers, schemas)
        facts = article_facts(seeds, cache)
        _check_headlines(seeds, facts)
        progress("derive discrepancies")
        discrepancies, links = discrepancy_tables(
            derive(
                statements,
                seeds.predicates,
                seeds.entities,
                source_names_of(seeds, facts),
                cache,
                merged.keys,
                storing,
            ),
            schemas,
        )  # the discrepancies' Python objects (a link per statement compared) freed here
        progress("registry tables")
        built = {
            **registry_tables(seeds, schemas, facts),
            "statements": statements,
            "discrepancies": discrepancies,
            "discrepancy_statements": links,
            "coverage": coverage_table,
            "waivers": waivers_table,
        }
        tables = {name: built[name] for name in TABLE_ORDER}
        progress("write tables")
        files = serialize_tables(
            tables,
            {"statements": statements_csv},
            seeds.package.parquet_partitions_above,
            cache,
            {"statements": merged.keys},
        )
        progress("describe package")
        metadata = package_metadata(seeds, tables)
        files[PARQUET_DESCRIPTOR] = descriptor_bytes(
            describe_package(metadata, schemas, tables, files, PARQUET)
        )
        files[DESCRIPTOR] = descriptor_bytes(
            describe_package(metadata, schemas, tables, files, inputs=inputs)
        )
        return files, BuildResult(
            row_counts={name: table.num_rows for name, table in tables.items()},
            discrepancies_per_kind=dict(sorted(Counter(discrepancies["kind"].to_pylist()).items())),
            coverage=coverage,
            uncoded=sorted(set(seeds.articles) - {path.stem for path in coding_files}),
        )


def _opened(path: Path) -> BinaryIO:
    """A new file for writing, its folders made."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.open("wb")


def _missing_coding(report: ArticleCoverage) -> Problem:
    """One problem for an article no coding file codes, in place of a gap per sentence."""
    coding = f"{STATEMENTS_DIR}/{report.source_id}.yaml"
    message = (
        f"has no coding file {coding}: draft one with `claimpack suggest {report.path} "
        f"--output {coding}`, then review it against the codebook"
    )
    return Problem("missing-coding", report.path, "", message)


def check_seeds(root: Path) -> None:
    """The input stages alone (read, check, anchor, normalize): InvalidSeeds, located, when
    the seeds are broken; nothing is derived or written."""
    seeds = read_seeds(root)
    check_inputs(seeds, load_schemas(root / SCHEMA_DIR))
    _check_headlines(seeds, article_facts(seeds))
    anchor_evidence(seeds)
    normalize_statements(seeds)


def _check_headlines(seeds: Seeds, facts: dict[str, Facts]) -> None:
    """InvalidSeeds when a headline the build read off an article cannot be published."""
    problems = headline_problems(seeds, {source_id: f.headline for source_id, f in facts.items()})
    if problems:
        raise InvalidSeeds(problems)


def coverage(root: Path) -> list[ArticleCoverage]:
    """Coverage of every article by the coded statements, without writing anything."""
    _, result = assemble(root)
    return result.coverage


SIDES = (
    ("published", "on a published package:"),
    ("tableschema", "Table Schema checks compiled to SQL, for any package:"),
    ("drafting", "drafting the coding of a new article:"),
)


def layout_markdown() -> str:
    """build/claimpack/ for the README: the stages in pipeline order, then the other sides and
    the shared modules, each with the first line of its docstring."""
    package_dir = Path(__file__).parent
    stage_modules = {stage.module for stage in STAGES}
    lines = ["```", "build/claimpack/", "  the build, in pipeline order (pipeline.STAGES):"]
    lines += [f"    {stage.module:<28} {stage.title}" for stage in STAGES]
    groups = [
        (
            heading,
            sorted(p.relative_to(package_dir).as_posix() for p in package_dir.glob(f"{side}/*.py")),
        )
        for side, heading in SIDES
    ]
    groups.append(("shared:", sorted(p.name for p in package_dir.glob("*.py"))))
    for heading, modules in groups:
        lines.append(f"  {heading}")
        lines += [
            f"    {module:<28} {_summary_line(package_dir / module)}"
            for module in modules
            if module not in stage_modules and not module.endswith("__init__.py")
        ]
    lines.append("```")
    return "\n".join(lines)


def _summary_line(path: Path) -> str:
    """The first line of a module's docstring, without its final period."""
    source = path.read_text(encoding="utf-8")
    docstring = ast.get_docstring(ast.parse(source)) or ""
    return docstring.splitlines()[0].rstrip(".") if docstring else ""
