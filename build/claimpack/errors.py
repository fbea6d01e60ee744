"""Errors a user can cause, each naming the file and place it comes from.

The CLI turns every ClaimpackError into a message and an exit code in one place; anything
else that escapes is a bug in claimpack and keeps its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input or a package: where it is and what was expected."""

    type: str
    file: str
    place: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.place}" if self.place else self.file
        return f"{where}: {self.message} [{self.type}]"


class ClaimpackError(Exception):
    """Base of every error caused by bad input rather than by a bug."""

    exit_code = 1

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class InvalidSeeds(ClaimpackError):
    """The curated inputs in seeds/ break a rule; nothing was written."""


class InvalidPackage(ClaimpackError):
    """A data package failed validation."""


class UsageError(ClaimpackError):
    """The command was called with something that cannot be used (a missing file, say)."""

    exit_code = 2


def relative(path: Path, root: Path) -> str:
    """Show a path relative to the project root when it lies inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
