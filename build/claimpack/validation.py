"""What `claimpack validate` runs: a package wherever it is, and in a checkout its seeds too.

In a checkout (a `seeds/` folder beside the descriptor) an interrupted publish is rolled back
first, and the package must be what the seeds build now, with every article covered.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimpack.files import is_archive, package_descriptor
from claimpack.fingerprint import changed_inputs, input_fingerprint
from claimpack.layout import DESCRIPTOR, PACKAGE_FILE, SOURCES_FILE, claimpack_member
from claimpack.memo import ENGINE, Recalled, recall
from claimpack.problems import Problem
from claimpack.publish import publish_lock, recovered
from claimpack.tableschema.report import DEFAULT_LIMIT

if TYPE_CHECKING:
    from claimpack.published.validate import Report


def is_checkout(target: Path) -> bool:
    """A descriptor beside claimpack's seeds (not any `seeds/` folder: dbt projects have one),
    whose folder validate may lock and roll back a publish in."""
    folder = target.parent
    return not is_archive(target) and all(
        (folder / registry).is_file() for registry in (PACKAGE_FILE, SOURCES_FILE)
    )


def validate_package(
    target: Path | str,
    seeds: bool = True,
    *,
    engine: str = ENGINE,
    limit_errors: int = DEFAULT_LIMIT,
    recall_build: bool = False,
) -> Report | Recalled:
    """Validate a descriptor or a release zip; with `seeds` (the default), in a checkout, check
    that dist/ was built from the seeds as they are (see fingerprint.py). In a checkout whose
    bytes the build validated, with `recall_build`, that report is returned (see memo.py; the CLI
    asks for it unless --fresh, a library caller gets a full Report by default). Raises
    UsageError when target cannot be read at all; bad data is reported, never raised."""
    target = package_descriptor(Path(target))
    checkout = seeds and is_checkout(target)
    notes = []
    if checkout and recovered(target.parent):
        notes.append("rolled back a build that was interrupted while publishing")
    # A build publishing meanwhile waits: what is read is one build's package, not half of two.
    with publish_lock(target.parent, shared=True) if checkout else contextlib.nullcontext():
        recalled = recall(target) if checkout and engine == ENGINE and recall_build else None
        if recalled is not None:
            recalled.notes[:0] = notes
            return recalled
        # imported only to validate: DuckDB, pyarrow and pandas take longer than a recalled
        # report
        from claimpack.published.reader import read_descriptor
        from claimpack.published.validate import validate_package as validate_published

        report = validate_published(target, engine=engine, limit_errors=limit_errors)
        report.notes[:0] = notes
        if checkout:
            report.add(checkout_problems(target.parent, read_descriptor(target)))
        return report


def checkout_problems(root: Path, descriptor: dict[str, Any]) -> list[Problem]:
    """In a checkout: every input (seeds/, schema/) added, removed or changed since dist/ was
    built, from the fingerprint the build recorded; when there are any, the seeds are also
    read and checked, so that a broken one is named at its line (raises InvalidSeeds)."""
    recorded = claimpack_member(descriptor).get("inputs")
    if not isinstance(recorded, dict):
        message = "the package records no fingerprint of its inputs; run `claimpack build`"
        return [Problem("stale-output", DESCRIPTOR, "", message)]
    changes = changed_inputs(recorded, input_fingerprint(root))
    if changes:  # the stages are imported only then: the check of dist/ itself needs none
        from claimpack.pipeline import check_seeds

        check_seeds(root)
    return [
        Problem("stale-output", path, "", f"{what} since dist/ was built; run `claimpack build`")
        for path, what in changes
    ]


def stale_problems(root: Path) -> list[Problem]:
    """In a checkout, what changed in the inputs since dist/ was built (checkout_problems);
    for `claimpack release`, which must not pack a build older than its seeds."""
    descriptor = root / DESCRIPTOR
    if not is_checkout(descriptor):
        return []
    from claimpack.published.reader import read_descriptor

    return checkout_problems(root, read_descriptor(descriptor))
