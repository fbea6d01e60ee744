"""A fingerprint of the inputs a build read: the sha256 of every file under seeds/ and schema/.

The build records it in the descriptor; `claimpack validate` in a checkout compares it with the
files as they are now, so it can tell that dist/ is stale, and which inputs changed, without
assembling the build again.

A build does not hash hundreds of megabytes of unchanged seeds again: like git's index, it keeps
each file's sha256 in the cache (cache.py) with the file's size, mtime, ctime and inode, and takes
the sha256 from there while all four are as recorded. The rule for "racy" files is git's: the
record carries the time it was taken, read from the file system's own clock (the mtime of a file
written in the cache just before any input was read), and an entry whose mtime or ctime is not
older than that time is hashed again. A file written within the same tick of the clock as it was
read could keep its size and times; it is never trusted. Any later write changes the ctime, which
no one can set back.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

from claimpack.cache import Cache
from claimpack.files import UnsafePath, read_bounded
from claimpack.layout import SCHEMA_DIR, SEEDS_DIR

MAX_INPUT_BYTES = 50_000_000
STAT_KIND, STAT_KEY = "stat", "inputs"

Stat = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode


def input_fingerprint(
    root: Path, known: dict[str, str] | None = None, cache: Cache | None = None
) -> dict[str, str]:
    """{path from root: sha256} for every regular file under seeds/ and schema/, sorted.
    A file that cannot be read is fingerprinted as unreadable, so that it still differs.
    `known` gives the sha256 of files the caller has just read (the articles), not read again;
    with a `cache`, a file whose stat is as recorded there is not read again either."""
    clock, recorded = _recorded(cache) if cache is not None else (0, {})
    taken: int | None = None  # the clock of a new record: read before the first file is
    hashed = False
    entries: dict[str, tuple[Stat, str]] = {}
    found = {}
    for folder in (SEEDS_DIR, SCHEMA_DIR):
        # the path from root by its text: Path.relative_to costs more than the lstat
        cut = len((root / folder).as_posix()) + 1
        for path in (root / folder).rglob("*"):  # sorted by path text below
            try:
                info = os.lstat(path)
            except OSError:
                continue
            if not stat.S_ISREG(info.st_mode):  # links and folders are no inputs
                continue
            relative = f"{folder}/{path.as_posix()[cut:]}"
            if known and relative in known:
                found[relative] = known[relative]
                continue
            now = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
            entry = recorded.get(relative)
            if entry is not None and trusted(entry[0], now, clock):
                found[relative], entries[relative] = entry[1], entry
                continue
            if not hashed and cache is not None:
                taken, hashed = cache.clock(), True
            try:
                found[relative] = hashlib.sha256(read_bounded(path, MAX_INPUT_BYTES)).hexdigest()
            except UnsafePath:
                found[relative] = "unreadable"
                continue
            entries[relative] = (now, found[relative])
    if (hashed and taken is None) or cache is None:  # a cache that cannot be written
        return dict(sorted(found.items()))
    if hashed or entries.keys() != recorded.keys():  # else the record still holds as it is
        record = {
            "clock": taken or clock,
            "files": {path: [*s, sha] for path, (s, sha) in entries.items()},
        }
        cache.put(STAT_KIND, STAT_KEY, json.dumps(record, separators=(",", ":")).encode())
    return dict(sorted(found.items()))


def trusted(recorded: Stat, now: Stat, clock: int) -> bool:
    """Whether a recorded sha256 still holds: the stat is unchanged and the file was not
    written at or after the time of the record (a racy file)."""
    return recorded == now and max(now[1], now[2]) < clock


def _recorded(cache: Cache) -> tuple[int, dict[str, tuple[Stat, str]]]:
    """The clock of the last record and its entries; none when there is none that parses."""
    payload = cache.get(STAT_KIND, STAT_KEY)
    if payload is None:
        return 0, {}
    try:
        data = json.loads(payload)
        entries = {
            path: ((size, mtime, ctime, inode), sha256)
            for path, (size, mtime, ctime, inode, sha256) in data["files"].items()
        }
        clock = data["clock"]
    except (ValueError, TypeError, KeyError):
        return 0, {}
    if not isinstance(clock, int) or not all(
        isinstance(sha, str) and all(type(n) is int for n in s) for s, sha in entries.values()
    ):
        return 0, {}
    return clock, entries


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
