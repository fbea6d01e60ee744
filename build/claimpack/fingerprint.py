"""A fingerprint of the inputs a build read: the sha256 of every file under seeds/ and schema/.

The build records it in the descriptor; `claimpack validate` in a checkout compares it with the
files as they are now, so it can tell that dist/ is stale, and which inputs changed, without
assembling the build again.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from claimpack.files import UnsafePath, read_bounded
from claimpack.layout import SCHEMA_DIR, SEEDS_DIR

MAX_INPUT_BYTES = 50_000_000


def input_fingerprint(root: Path, known: dict[str, str] | None = None) -> dict[str, str]:
    """{path from root: sha256} for every regular file under seeds/ and schema/, sorted.
    A file that cannot be read is fingerprinted as unreadable, so that it still differs.
    `known` gives the sha256 of files the caller has just read (the articles), not read again."""
    found = {}
    for folder in (SEEDS_DIR, SCHEMA_DIR):
        for path in (root / folder).rglob("*"):  # sorted by path text below
            if path.is_symlink() or not path.is_file():
                continue
            relative = path.relative_to(root).as_posix()
            if known and relative in known:
                found[relative] = known[relative]
                continue
            try:
                found[relative] = hashlib.sha256(read_bounded(path, MAX_INPUT_BYTES)).hexdigest()
            except UnsafePath:
                found[relative] = "unreadable"
    return dict(sorted(found.items()))


def changed_inputs(recorded: dict[str, str], current: dict[str, str]) -> list[tuple[str, str]]:
    """(path, what happened) for every input added, removed or changed since the record."""
    changes = []
    for path in sorted(set(recorded) | set(current)):
        if path not in current:
            changes.append((path, "removed"))
        elif path not in recorded:
            changes.append((path, "added"))
        elif recorded[path] != current[path]:
            changes.append((path, "changed"))
    return changes
