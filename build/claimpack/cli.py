"""The `claimpack` command: a thin adapter over the library.

Each command calls one library function; `_run` is the one place where errors caused by the
user's input become a message on stderr and an exit code (0 ok, 1 invalid or different,
2 usage), and `main` the one place where a bug becomes exit code 3 with a request to report it.
"""

from __future__ import annotations

import atexit
import hashlib
import inspect
import json
import os
import signal
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, TypeVar

import typer

from claimpack.layout import DESCRIPTOR
from claimpack.problems import EXIT_INTERNAL, EXIT_USAGE, ClaimpackError, Problem, plural
from claimpack.tableschema.report import DEFAULT_LIMIT

if TYPE_CHECKING:
    from claimpack.published.diff import PackageDiff

# Each command imports the library it calls when it runs, and rich is imported only to draw on a
# terminal: the build needs pandas, pyarrow and DuckDB, the drafting tools their registries,
# and neither `claimpack --help` nor one command should wait for what the others import.

app = typer.Typer(
    help=(
        "Build and validate the el-mencho-2026 data package: who claimed what, according to "
        "which source, and where the sources disagree.\n\n"
        "Example: claimpack build && claimpack validate"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

Result = TypeVar("Result")


class Format(StrEnum):
    """How a command prints its result: for people, or as JSON for tools."""

    text = "text"
    json = "json"


FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="text for people, json for tools.")
]


def _version(show: bool) -> None:
    if show:
        from importlib import metadata  # here: every other command starts without it

        typer.echo(f"claimpack {metadata.version('claimpack')}")
        raise typer.Exit(0)


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Build and validate the el-mencho-2026 data package: who claimed what, according to
    which source, and where the sources disagree.

    Example: claimpack build && claimpack validate
    """


class Engine(StrEnum):
    duckdb = "duckdb"
    spark = "spark"


RootOption = Annotated[
    Path, typer.Option("--root", help="Project folder holding seeds/ and schema/.")
]


def _run(action: Callable[[], Result], outcome: str = "", as_json: bool = False) -> Result:
    """Call the library; turn a user's error into messages on stderr and its exit code (and,
    `as_json`, a report of them on stdout, as the command's JSON output would be)."""
    try:
        return action()
    except OSError as error:  # the machine said no: permissions, a full disk, a missing folder
        where = str(error.filename or "")
        problem = Problem("os-error", where, "", error.strerror or str(error))
        raise typer.Exit(_report([problem], outcome, EXIT_USAGE, as_json)) from None
    except ClaimpackError as error:
        raise typer.Exit(_report(error.problems, outcome, error.exit_code, as_json)) from None
    except Exception as error:  # the machine said no to memory: Python's, DuckDB's or Spark's
        if not _out_of_memory(error):
            raise
        detail = str(error).strip().split("\n", 1)[0] or type(error).__name__
        message = f"out of memory ({detail}): free some memory, or run this on a larger machine"
        problem = Problem("out-of-memory", "", "", message)
        raise typer.Exit(_report([problem], outcome, EXIT_USAGE, as_json)) from None


def _out_of_memory(error: Exception) -> bool:
    """Python's MemoryError (Spark's run raises one, spark_engine.py) or DuckDB's, which is
    looked up only where DuckDB was imported."""
    duckdb = sys.modules.get("duckdb")
    return isinstance(error, MemoryError) or (
        duckdb is not None and isinstance(error, duckdb.OutOfMemoryException)
    )


def _report(problems: list[Problem], outcome: str, exit_code: int, as_json: bool = False) -> int:
    """Print the problems on stderr, one a line, then their count (and, `as_json`, on stdout
    as a JSON report: valid false, the exit code, the errors); return the exit code."""
    for problem in problems:
        typer.echo(f"error: {problem}", err=True)
    count = len(problems)
    typer.echo(f"{plural(count, 'problem')} found{outcome}.", err=True)
    if as_json:
        found = {"valid": False, "exit_code": exit_code, "errors": [p.to_dict() for p in problems]}
        typer.echo(json.dumps(found, indent=2, ensure_ascii=False))
    return exit_code


@contextmanager
def _progress_bar(total: int) -> Iterator[Callable[[str], None]]:
    """A progress bar on stderr when it is a terminal; silence when it is not (CI, pipes)."""
    if not sys.stderr.isatty():
        yield lambda stage: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn

    from claimpack.pipeline import STAGE_TITLES

    columns = (SpinnerColumn(), TextColumn("{task.description:<40}"), BarColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("starting", total=total)

        def advance(stage: str) -> None:
            bar.update(task, description=stage, completed=STAGE_TITLES.index(stage))

        yield advance


@contextmanager
def _busy(message: str) -> Iterator[None]:
    """A spinner on stderr while something slow runs, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        yield
        return
    from rich.console import Console

    with Console(stderr=True).status(message):
        yield


@app.command()
def build(
    root: RootOption = Path("."),
    output_format: FormatOption = Format.text,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            envvar="CLAIMPACK_JOBS",
            metavar="N",
            show_default=False,
            help="Worker processes for the per-article stages (default: one per CPU).",
        ),
    ] = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1,
) -> None:
    """Build dist/ and datapackage.json from seeds/.

    Reads the articles and curated YAML, anchors every quote, normalizes values, derives the
    discrepancies, writes CSV and Parquet, and publishes only if the new package validates.

    Example: claimpack build
    """
    from claimpack.pipeline import STAGE_TITLES
    from claimpack.pipeline import build as build_package

    _pandas_unused_in_console()
    with _progress_bar(len(STAGE_TITLES)) as advance:
        result = _run(
            lambda: build_package(root, advance, jobs),
            "; nothing was published",
            output_format is Format.json,
        )
    gaps = sum(not report.complete for report in result.coverage)
    if output_format is Format.json:
        summary = {
            "row_counts": result.row_counts,
            "discrepancies_per_kind": result.discrepancies_per_kind,
            "articles_with_coverage_gaps": gaps,
        }
        typer.echo(json.dumps(summary, indent=2))
        return
    for name, count in result.row_counts.items():
        typer.echo(f"{name:<24}{plural(count, 'row'):>12}")
    typer.echo("discrepancies found, by kind:")
    for kind, count in result.discrepancies_per_kind.items():
        typer.echo(f"  {kind:<22}{count:>6}")
    typer.echo(
        f"coverage: {sum(len(r.sentences) for r in result.coverage)} sentences, "
        f"{sum(len(r.waived) for r in result.coverage)} waived, "
        + (f"gaps in {gaps} articles (run `claimpack coverage`)" if gaps else "no gaps")
    )


@app.command()
def validate(
    descriptor: Annotated[
        Path,
        typer.Argument(help="Data package descriptor, a folder holding one, or a zipped package."),
    ] = Path(DESCRIPTOR),
    output_format: FormatOption = Format.text,
    engine: Annotated[
        Engine, typer.Option(help="Where the checks run: duckdb here, spark beyond one machine.")
    ] = Engine.duckdb,
    limit_errors: Annotated[
        int, typer.Option(min=1, help="Errors shown per file; all are counted.")
    ] = DEFAULT_LIMIT,
    fresh: Annotated[
        bool, typer.Option(help="Check again even bytes the build has just validated.")
    ] = False,
) -> None:
    """Validate a data package: its Table Schemas, keys, quotes, sources and formats.

    Any Table Schema v1 or v2 package on disk (CSV or Parquet; what v2 adds that is not read
    is refused, by name): types, constraints, keys, labels,
    sizes and hashes, compiled to SQL; in a checkout also whether dist/ is what the seeds
    build. In a checkout whose every byte validation reads is what the build validated, the
    build's report is given, saying so (--fresh checks again). Exit 0 when valid, 1 when
    invalid, 2 when it cannot be read or asks for what claimpack does not read (remote data,
    inline data, spreadsheets).

    Example: claimpack validate datapackage.json --format json --limit-errors 50
    """
    from claimpack.validation import validate_package

    if engine is Engine.duckdb:  # PySpark reads through pandas
        _pandas_unused_in_console()
    with _busy(f"validating {descriptor}"):
        report = _run(
            lambda: validate_package(
                descriptor, engine=engine.value, limit_errors=limit_errors, recall_build=not fresh
            ),
            as_json=output_format is Format.json,
        )
    if output_format is Format.json:
        typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        for problem in report.problems:
            typer.echo(f"error: {problem}")
        for note in report.notes:
            typer.echo(f"note: {note}")
        for name, count in sorted(report.hidden().items()):
            typer.echo(f"note: {count} more errors in {name} not shown (--limit-errors)")
        total = sum(report.totals.values())
        verdict = "valid" if report.valid else f"invalid ({plural(total, 'problem')})"
        typer.echo(f"{descriptor}: {verdict}")
    raise typer.Exit(0 if report.valid else 1)


@app.command()
def coverage(
    root: RootOption = Path("."),
    output_format: FormatOption = Format.text,
) -> None:
    """Report what no statement covers: sentences, numbers and dates, quotations.

    Per article: sentences covered, waived and uncovered, then every uncovered sentence, number
    or date expression and quotation with its character offsets. Exit 1 if anything is uncovered.

    Example: claimpack coverage --format json
    """
    from claimpack.pipeline import coverage as build_coverage

    with _busy("measuring coverage"):
        reports = _run(lambda: build_coverage(root), as_json=output_format is Format.json)
    if output_format is Format.json:
        typer.echo(
            json.dumps([report.to_dict() for report in reports], indent=2, ensure_ascii=False)
        )
    else:
        typer.echo(f"{'source':<22}{'sentences':>10}{'covered':>9}{'waived':>8}{'uncovered':>11}")
        for report in reports:
            covered = len(report.sentences) - len(report.waived) - len(report.uncovered_sentences)
            typer.echo(
                f"{report.source_id:<22}{len(report.sentences):>10}{covered:>9}"
                f"{len(report.waived):>8}{len(report.uncovered_sentences):>11}"
            )
        for report in reports:
            for problem in report.problems():
                typer.echo(f"uncovered: {problem}")
    raise typer.Exit(0 if all(report.complete for report in reports) else 1)


@app.command()
def docs(root: RootOption = Path(".")) -> None:
    """Regenerate the generated documentation from the package and this command line.

    docs/vocabulary.md whole; the marked blocks of DATACARD.md (tables, fields, counts) and of
    docs/cli.md (this reference). A test fails when the committed files drift.

    Example: claimpack build && claimpack docs
    """
    from claimpack.pipeline import layout_markdown
    from claimpack.published.docs import update_docs

    for path in _run(lambda: update_docs(root, cli_reference, layout_markdown())):
        typer.echo(f"wrote {path}")


def cli_reference() -> str:
    """Every command's usage, description and options, as markdown, from the command itself."""
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    lines = []
    for name in sorted(commands):
        command = commands[name]
        context = typer.Context(command, info_name=f"claimpack {name}")
        usage = " ".join(
            piece.strip("{}").upper() if piece.startswith("{") else piece
            for piece in command.collect_usage_pieces(context)
        )
        lines += [f"## `claimpack {name}`", "", "```", f"claimpack {name} {usage}", "```", ""]
        lines += [inspect.cleandoc(command.help or ""), ""]
        for parameter in command.params:
            record = parameter.get_help_record(context)
            if record is not None:
                lines.append(f"- `{record[0]}`: {record[1]}")
        lines.append("")
    return "\n".join(lines)


class DiffFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


@app.command()
def diff(
    old: Annotated[str, typer.Argument(help="Descriptor, release .zip, or git revision.")],
    new: Annotated[str, typer.Argument(help="Descriptor, release .zip, or git revision.")],
    output_format: Annotated[
        DiffFormat,
        typer.Option("--format", "-f", help="text, markdown for a pull-request comment, or json."),
    ] = DiffFormat.text,
    limit: Annotated[int, typer.Option(help="Rows shown per list of changes.")] = 20,
) -> None:
    """Show what changed between two revisions of the package, table by table.

    Rows are matched by primary key, so a corrected statement (which keeps its id) is a changed
    row with the fields that changed; discrepancies, whose ids are derived, are also paired by
    their matchKey. Schema and metadata changes are listed too. Exit 0 when identical, 1 when
    different, 2 on errors.

    Example: claimpack diff HEAD~1 HEAD --format markdown
    """
    from claimpack.published.render import diff_dict, render

    result = _run(lambda: _diff(old, new), as_json=output_format is DiffFormat.json)
    if output_format is DiffFormat.json:
        typer.echo(json.dumps(diff_dict(result), indent=2, ensure_ascii=False))
    else:
        typer.echo(render(result, output_format is DiffFormat.markdown, limit), nl=False)
    raise typer.Exit(0 if result.identical else 1)


def _diff(old: str, new: str) -> PackageDiff:
    from claimpack.published.diff import diff_packages, read_side
    from claimpack.published.reader import open_package

    with open_package(old) as before, open_package(new) as after:
        return diff_packages(read_side(before), read_side(after))


@app.command("check-version")
def check_version_command(
    against: Annotated[
        str, typer.Option(help="Git revision (or descriptor, or .zip) to compare with.")
    ],
    descriptor: Annotated[Path, typer.Option(help="The new package.")] = Path(DESCRIPTOR),
) -> None:
    """Check that the version bump matches what changed since another revision.

    Breaking schema changes need a major bump, new tables, fields or rows a minor one, and
    corrections a patch (one step lower while the version is 0.x); CHANGELOG.md needs an entry
    for the version. Exit 1 with the reason when the version does not say what changed.

    Example: claimpack check-version --against HEAD~1
    """
    from claimpack.published.versioning import check_version

    result = _run(lambda: _diff(against, str(descriptor)))
    verdict = check_version(result, descriptor.parent / "CHANGELOG.md")
    for message in verdict.messages:
        typer.echo(("ok: " if verdict.ok else "error: ") + message, err=not verdict.ok)
    raise typer.Exit(0 if verdict.ok else 1)


@app.command()
def changelog(
    against: Annotated[
        str, typer.Option(help="Git revision (or descriptor, or .zip) to compare with.")
    ],
    descriptor: Annotated[Path, typer.Option(help="The new package.")] = Path(DESCRIPTOR),
) -> None:
    """Draft a CHANGELOG.md entry for the current version from the diff.

    Example: claimpack changelog --against v0.1.0
    """
    from claimpack.published.reader import Package
    from claimpack.published.versioning import draft_entry

    result = _run(lambda: _diff(against, str(descriptor)))
    created = str(_run(lambda: Package.open(descriptor)).descriptor.get("created", ""))[:10]
    typer.echo(draft_entry(result, created))


@app.command("release")
def release_command(root: RootOption = Path(".")) -> None:
    """Write dist/releases/<name>-<version>.zip: descriptors, CSV, Parquet, docs, SHA256SUMS.

    Reproducible: the same files give the same bytes. An existing release of the same version
    with different content is never replaced.

    Example: claimpack release && sha256sum dist/releases/*.zip
    """
    from claimpack.published.release import release
    from claimpack.validation import stale_problems

    target, new = _run(lambda: release(root, stale_problems))
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    typer.echo(f"{'wrote' if new else 'unchanged'} {target} sha256 {digest}")


@app.command()
def report(
    descriptor: Annotated[
        Path,
        typer.Argument(help="Descriptor or release .zip (articles are read beside a descriptor)."),
    ] = Path(DESCRIPTOR),
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Where to write (default: dist/report.html)."),
    ] = None,
) -> None:
    """Write dist/report.html: discrepancies side by side, articles with their statements.

    One self-contained file: no scripts, fonts or requests from outside.

    Example: claimpack report && xdg-open dist/report.html
    """
    from claimpack.published.report import write_report

    typer.echo(f"wrote {_run(lambda: write_report(descriptor, output))}")


# --- Drafting: suggest codings for an article, add a new article (claimpack.drafting). ---


@app.command("suggest")
def suggest_command(
    path: Annotated[Path, typer.Argument(help="Article text file, in seeds/ or anywhere.")],
    date: Annotated[
        str | None, typer.Option(help="Date YYYY-MM-DD for relative dates, if no date line.")
    ] = None,
    output_format: FormatOption = Format.text,
    output: Annotated[
        Path | None, typer.Option("--output", help="Write to this file instead of stdout.")
    ] = None,
    root: RootOption = Path("."),
) -> None:
    """Draft statements for an article: quotations and speakers, numbers, dates, entities.

    Prints a coding file in the seeds' YAML format with every statement given its id and marked
    `draft: true` (the build refuses drafts until a coder has checked them), or with --format
    json every finding with its character offsets, normalized value and unit.

    Example: claimpack suggest seeds/002_3d36a7a840c34eb6.txt --format json
    """
    as_json = output_format is Format.json
    result = _run(lambda: _suggest(path, date, as_json, root), as_json=as_json)
    if output is None:
        typer.echo(result, nl=False)
    else:
        _run(lambda: output.write_text(result, encoding="utf-8"), as_json=as_json)
        typer.echo(f"wrote {output}", err=True)


def _suggest(path: Path, date: str | None, as_json: bool, root: Path) -> str:
    from claimpack.drafting.add import article_date, parse_date, read_article, recorded_date
    from claimpack.drafting.drafts import draft_file, suggest
    from claimpack.drafting.mentions import load_registry

    text = read_article(path, root)
    given = parse_date(date) or recorded_date(root, path)
    found = suggest(text, load_registry(root), article_date(text, given, str(path)))
    return found.to_json() + "\n" if as_json else draft_file(path.stem, text, found)


@app.command("add")
def add_command(
    path: Annotated[Path, typer.Argument(help="The new article, a UTF-8 text file.")],
    date: Annotated[
        str | None, typer.Option(help="Date YYYY-MM-DD of an article without a date line.")
    ] = None,
    root: RootOption = Path("."),
) -> None:
    """Add an article to seeds/: next source id, sources.yaml entry, draft coding.

    The text is copied byte for byte; its entry records sha256, detected language and a
    publisher named in a credit line. The draft goes to seeds/statements/<id>.yaml, every
    statement with the id it keeps through review. The same text twice, an empty file or one
    that is not UTF-8 is refused and nothing is changed.

    Example: claimpack add ~/new-article.txt --date 2026-02-24
    """
    from claimpack.drafting.add import add_article, parse_date

    added = _run(lambda: add_article(root, path, parse_date(date)), "; nothing was added")
    typer.echo(f"added {added.article} ({added.language})")
    typer.echo(f"wrote {added.draft}: {added.statements} draft statements to review")


@app.command("fill-ids")
def fill_ids_command(
    root: RootOption = Path("."),
    output_format: FormatOption = Format.text,
) -> None:
    """Give every coded statement without an `id` its id, changing nothing else in the files.

    A statement keeps the id it is given through later corrections of its quote or value, so
    that `claimpack diff` shows a correction as a changed row. The id is the hash of the
    statement's content now (the same content gives the same id); it is written as the
    statement's first key, and every other byte of the coding file stays as it was. Statements
    that have an id are left alone, so running it again changes nothing. When a statement
    without an id cannot be found in its article, nothing is written.

    Example: claimpack fill-ids && claimpack build
    """
    from claimpack.drafting.fill_ids import fill_ids

    given = _run(
        lambda: fill_ids(root), "; no id was written", as_json=output_format is Format.json
    )
    if output_format is Format.json:
        typer.echo(json.dumps({"given": [item.to_dict() for item in given]}, indent=2))
        return
    for item in given:
        typer.echo(f"{item.file}:{item.line}: statement {item.statement}: id {item.id}")
    files = len({item.file for item in given})
    typer.echo(
        f"wrote {plural(len(given), 'id')} into {plural(files, 'coding file')}"
        if given
        else "every statement has an id; nothing was changed"
    )


_IN_CONSOLE = False  # set by main: the process is the console script's, not a caller's


def _pandas_unused_in_console() -> None:
    """In the console script's process, pandas is marked absent (process.pandas_unused) for
    the commands that never use it; a caller's process (app() called in-process) keeps it."""
    if _IN_CONSOLE:
        from claimpack.process import pandas_unused

        pandas_unused()


def main() -> None:
    """Entry point of the console script: a bug is exit code 3, with its traceback to report."""
    global _IN_CONSOLE
    _IN_CONSOLE = True
    signal.signal(signal.SIGTERM, _terminated)
    signal.signal(signal.SIGINT, _interrupted)
    try:
        app()
    except SystemExit as done:
        if not isinstance(done.code, int | None):
            raise  # a message, for Python to print
        _end(done.code or 0)
    except KeyboardInterrupt:
        sys.exit(128 + signal.SIGINT)
    except Exception:
        if _STOPPED_BY:  # DuckDB turns the signal into "Query interrupted": no bug of ours
            _end(128 + _STOPPED_BY[0])
        traceback.print_exc()
        typer.echo(
            "internal error: this is a bug in claimpack, not in your data; please report it "
            "with the traceback above and the command you ran.",
            err=True,
        )
        sys.exit(EXIT_INTERNAL)


_STOPPED_BY: list[int] = []  # the signal that stopped the command, once one has


def _terminated(signal_number: int, _frame: object) -> NoReturn:
    """SIGTERM (a CI job's timeout, `kill`) ends the command as Ctrl-C does, through its
    cleanups: worker processes stopped, temporary files removed, nothing half published (the
    default action would end the process at once, its workers left running)."""
    _STOPPED_BY.append(signal_number)
    raise SystemExit(128 + signal_number)


def _interrupted(signal_number: int, _frame: object) -> NoReturn:
    """Ctrl-C, as Python's own handler, remembered: a library may turn it into an error."""
    _STOPPED_BY.append(signal_number)
    raise KeyboardInterrupt


def _end(status: int) -> NoReturn:
    """Exit with status as sys.exit would, without the interpreter's teardown: it frees one by
    one every object pandas, pyarrow and DuckDB made (0.1 s after a build of the seeds) in a
    process about to end; mypy ends so too. A command has closed what it wrote when it
    returns; the exit handlers still run, and the standard streams are flushed."""
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a reader that went away (`claimpack diff ... | head`)
        status = status or 1
    os._exit(status)


# --- Synthetic projects for benchmarks and tests (claimpack.synth). ---


@app.command("synth")
def synth_command(
    out: Annotated[Path, typer.Argument(help="New or empty folder to write the project to.")],
    articles: Annotated[int, typer.Option(min=1, help="Number of articles.")] = 100,
    statements_per_article: Annotated[
        int, typer.Option(min=2, help="Statements coded in each article.")
    ] = 100,
    seed: Annotated[int, typer.Option(help="The same seed gives the same bytes.")] = 0,
    adversarial: Annotated[
        bool, typer.Option(help="Put nine statements in ten into three huge comparison groups.")
    ] = False,
    root: RootOption = Path("."),
) -> None:
    """Write a synthetic project that `claimpack build --root OUT` builds, for benchmarks.

    Schemas and vocabulary come from the project at --root, predicates are drawn with the
    frequencies of its coding files; entities, articles and codings are generated. Planted
    disagreements (exact numbers, distinct entities) are recorded in OUT/planted.json, and a
    build must find exactly those.

    Example: claimpack synth --articles 1000 --statements-per-article 100 --seed 1 /tmp/corpus
    """
    from claimpack.synth import synthesize

    made = _run(
        lambda: synthesize(root, out, articles, statements_per_article, seed, adversarial),
        "; nothing was written",
    )
    typer.echo(
        f"wrote {out}: {made.articles} articles, {made.statements} statements, "
        f"{made.planted} planted disagreements"
    )
