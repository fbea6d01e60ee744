"""Publish a staged build in place of the previous one, all or nothing.

The published paths (dist/csv, dist/parquet, datapackage.json) are swapped by renames inside
the project folder. A journal written atomically before the first rename records what is being
replaced; if the process dies before the journal is removed, `recover` (run at the start of
every build and validate) moves the previous release back, so a reader never keeps a mix of two
releases.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from claimpack.files import write_atomically
from claimpack.layout import PUBLISHED

JOURNAL = ".publish-journal.json"
STAGING_PREFIX = ".build-staging-"


def staging_dir(root: Path) -> Path:
    return root / f"{STAGING_PREFIX}{os.getpid()}"


def publish(staging: Path, root: Path) -> None:
    """Replace the published paths under root with those under staging."""
    previous = staging / "previous"
    journal = {"staging": staging.name, "existed": [p for p in PUBLISHED if (root / p).exists()]}
    write_atomically(root / JOURNAL, json.dumps(journal).encode("utf-8"))
    try:
        for path in PUBLISHED:
            target = root / path
            if target.exists():
                (previous / path).parent.mkdir(parents=True, exist_ok=True)
                target.rename(previous / path)
            target.parent.mkdir(parents=True, exist_ok=True)
            (staging / path).rename(target)
    except BaseException:
        recover(root)
        raise
    (root / JOURNAL).unlink()  # the commit point: from here on the new release stands


def recover(root: Path) -> bool:
    """Roll back a publish that was interrupted, and clear staging left by dead builds.

    Returns True when a rollback was needed. Called before a build stages anything, so no
    staging folder, not even one with this process's id, belongs to a live build.
    """
    rolled_back = False
    journal_path = root / JOURNAL
    if journal_path.exists():
        journal = json.loads(journal_path.read_text(encoding="utf-8"))
        staging = str(journal["staging"])
        if not staging.startswith(STAGING_PREFIX) or "/" in staging or "\\" in staging:
            raise ValueError(f"{journal_path}: not a claimpack publish journal")
        previous = root / staging / "previous"
        for path in reversed(PUBLISHED):
            target, saved = root / path, previous / path
            if saved.exists():
                _remove(target)
                saved.rename(target)
            elif path not in journal["existed"]:
                _remove(target)
        journal_path.unlink()
        rolled_back = True
    for leftover in root.glob(f"{STAGING_PREFIX}*"):
        if not _alive(leftover.name.removeprefix(STAGING_PREFIX)):
            shutil.rmtree(leftover, ignore_errors=True)
    return rolled_back


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def _alive(pid: str) -> bool:
    if not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
