"""The `claimpack` command: a thin adapter over the library.

Each command calls one library function; `_run` is the one place where errors caused by the
user's input become a message on stderr and an exit code (0 ok, 1 invalid, 2 usage).
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from claimpack.archive import unpack
from claimpack.docs import VOCABULARY_PATH, vocabulary_markdown
from claimpack.errors import ClaimpackError
from claimpack.pipeline import build as build_package
from claimpack.pipeline import checkout_problems
from claimpack.pipeline import coverage as build_coverage
from claimpack.publish import recover
from claimpack.validate import validate_package

app = typer.Typer(
    help=(
        "Build and validate the el-mencho-2026 data package: who claimed what, according to "
        "which source, and where the sources disagree.\n\n"
        "Example: claimpack build && claimpack validate"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

Result = TypeVar("Result")

RootOption = Annotated[
    Path, typer.Option("--root", help="Project folder holding seeds/ and schema/.")
]


def _run(action: Callable[[], Result], outcome: str = "") -> Result:
    """Call the library; turn a user's error into messages on stderr and its exit code."""
    try:
        return action()
    except ClaimpackError as error:
        for problem in error.problems:
            typer.echo(f"error: {problem}", err=True)
        count = len(error.problems)
        typer.echo(f"{count} problem{'s' if count != 1 else ''} found{outcome}.", err=True)
        raise typer.Exit(error.exit_code) from None


@app.command()
def build(root: RootOption = Path(".")) -> None:
    """Build dist/ and datapackage.json from seeds/.

    Reads the articles and curated YAML, anchors every quote, normalizes values, derives the
    discrepancies, writes CSV and Parquet, and publishes only if the new package validates.

    Example: claimpack build
    """
    result = _run(lambda: build_package(root), "; nothing was published")
    for name, count in result.row_counts.items():
        typer.echo(f"{name:<24}{count:>6} rows")
    typer.echo("discrepancies found, by kind:")
    for kind, count in result.discrepancies_per_kind.items():
        typer.echo(f"  {kind:<22}{count:>6}")
    gaps = sum(not report.complete for report in result.coverage)
    typer.echo(
        f"coverage: {sum(len(r.sentences) for r in result.coverage)} sentences, "
        f"{sum(len(r.waived) for r in result.coverage)} waived, "
        + (f"gaps in {gaps} articles (run `claimpack coverage`)" if gaps else "no gaps")
    )


@app.command()
def validate(
    descriptor: Annotated[
        Path, typer.Argument(help="Data package descriptor, or a zipped package, to check.")
    ] = Path("datapackage.json"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Validate a data package: its Table Schemas, keys, quotes, sources and formats.

    Exit 0 when valid, 1 when invalid, 2 when the descriptor cannot be read.

    Example: claimpack validate datapackage.json --json
    """
    checkout = (descriptor.parent / "seeds").is_dir() and descriptor.suffix != ".zip"
    if checkout and recover(descriptor.parent):
        typer.echo("note: rolled back a build that was interrupted while publishing", err=True)
    if descriptor.suffix == ".zip":
        with tempfile.TemporaryDirectory() as unpacked:
            report = _run(lambda: validate_package(unpack(descriptor, Path(unpacked))))
    else:
        report = _run(lambda: validate_package(descriptor))
    if checkout:
        # In a checkout, the curated inputs are part of what is validated.
        report.problems.extend(_run(lambda: checkout_problems(descriptor.parent)))
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        for problem in report.problems:
            typer.echo(f"error: {problem}")
        for note in report.notes:
            typer.echo(f"note: {note}")
        verdict = "valid" if report.valid else f"invalid ({len(report.problems)} problems)"
        typer.echo(f"{descriptor}: {verdict}")
    raise typer.Exit(0 if report.valid else 1)


@app.command()
def coverage(
    root: RootOption = Path("."),
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Report what no statement covers: sentences, numbers and dates, quotations.

    Per article: sentences covered, waived and uncovered, then every uncovered sentence, number
    or date expression and quotation with its character offsets. Exit 1 if anything is uncovered.

    Example: claimpack coverage --json
    """
    reports = _run(lambda: build_coverage(root))
    if as_json:
        typer.echo(json.dumps([asdict(report) for report in reports], indent=2, ensure_ascii=False))
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
def docs(
    descriptor: Annotated[Path, typer.Argument(help="Data package descriptor to document.")] = Path(
        "datapackage.json"
    ),
) -> None:
    """Regenerate docs/vocabulary.md (predicates with example quotes) from the package.

    Example: claimpack build && claimpack docs
    """
    target = descriptor.parent / VOCABULARY_PATH
    target.write_text(vocabulary_markdown(descriptor), encoding="utf-8")
    typer.echo(f"wrote {target}")


def main() -> None:
    """Entry point of the console script."""
    sys.exit(app())
