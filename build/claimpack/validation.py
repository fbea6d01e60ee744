"""What `claimpack validate` runs: a package wherever it is, and in a checkout its seeds too.

In a checkout (a `seeds/` folder beside the descriptor) an interrupted publish is rolled back
first, and the package must be what the seeds build now, with every article covered.
"""

from __future__ import annotations

from pathlib import Path

from claimpack.layout import SEEDS_DIR
from claimpack.pipeline import checkout_problems
from claimpack.publish import publish_lock, recover
from claimpack.published.reader import read_descriptor
from claimpack.published.validate import DEFAULT_LIMIT, Report
from claimpack.published.validate import validate_package as validate_published


def is_checkout(target: Path) -> bool:
    return target.suffix != ".zip" and (target.parent / SEEDS_DIR).is_dir()


def validate_package(
    target: Path | str,
    seeds: bool = True,
    *,
    engine: str = "duckdb",
    limit_errors: int = DEFAULT_LIMIT,
) -> Report:
    """Validate a descriptor or a release zip; with `seeds` (the default), in a checkout, check
    that dist/ was built from the seeds as they are (see fingerprint.py). Raises UsageError when
    target cannot be read at all; bad data is reported in the Report, never raised."""
    target = Path(target)
    checkout = seeds and is_checkout(target)
    notes = []
    if checkout:
        with publish_lock(target.parent):
            if recover(target.parent):
                notes.append("rolled back a build that was interrupted while publishing")
    report = validate_published(target, engine=engine, limit_errors=limit_errors)
    report.notes[:0] = notes
    if checkout:
        report.add(checkout_problems(target.parent, read_descriptor(target)))
    return report
