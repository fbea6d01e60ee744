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
from claimpack.layout import (
    ENTITIES_FILE,
    PACKAGE_FILE,
    PREDICATES_FILE,
    SCHEMA_DIR,
    SEEDS_DIR,
    SOURCES_FILE,
    STATEMENTS_DIR,
    TABLE_ORDER,
)

MAX_INPUT_BYTES = 50_000_000
STAT_KIND, STAT_KEY = "stat", "inputs"

Stat = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode


class InputRecord:
    """The sha256 of each input file by its stat, as the last build recorded them (git's
    index), and the record this build writes: the files it vouched for or hashed, each with
    its stat from before it was read. Without a cache there is no record: every file is
    hashed."""

    def __init__(self, cache: Cache | None) -> None:
        self.cache = cache
        self.clock, self.recorded = _recorded(cache) if cache is not None else (0, {})
        self.entries: dict[str, tuple[Stat, str]] = {}
        self.hashed = False
        self.taken: int | None = None  # the clock of the new record, once a file is hashed

    def sha256(self, relative: str, info: os.stat_result) -> str | None:
        """The recorded sha256 of a file (path from root, its lstat now) while it holds."""
        entry = self.recorded.get(relative)
        if entry is None or not trusted(entry[0], _stat(info), self.clock):
            return None
        self.entries[relative] = entry
        return entry[1]

    def before_hashing(self) -> None:
        """Read the new record's clock, before the first file that is hashed is read."""
        if not self.hashed and self.cache is not None:
            self.taken = self.cache.clock()
        self.hashed = True

    def hashed_as(self, relative: str, info: os.stat_result, sha256: str) -> None:
        """A file hashed after before_hashing, its lstat taken before it was read."""
        self.entries[relative] = (_stat(info), sha256)

    def write(self) -> None:
        """The record of this build, when it differs from the last one; none when the cache
        cannot be written."""
        if self.cache is None or (self.hashed and self.taken is None):
            return
        if self.hashed or self.entries.keys() != self.recorded.keys():
            record = {
                "clock": self.taken or self.clock,
                "files": {path: [*s, sha] for path, (s, sha) in sorted(self.entries.items())},
            }
            payload = json.dumps(record, separators=(",", ":")).encode()
            self.cache.put(STAT_KIND, STAT_KEY, payload)


SCHEMA_FILES = frozenset(f"{SCHEMA_DIR}/{table}.json" for table in TABLE_ORDER)
REGISTRY_FILES = frozenset((PACKAGE_FILE, SOURCES_FILE, ENTITIES_FILE, PREDICATES_FILE))


def is_input(relative: str) -> bool:
    """Whether the build reads a file (a path from the project root): an article (any .txt in
    seeds/, which the build reads or refuses by name), a registry, a coding file, a Table
    Schema. Anything else there (a README, an editor's swap file, an old/ folder) is no input:
    recorded, it would make the package stale wherever it is absent, as on a fresh clone."""
    folder, _, name = relative.rpartition("/")
    if folder == SEEDS_DIR:
        return name.lower().endswith(".txt") or relative in REGISTRY_FILES
    if folder == STATEMENTS_DIR:
        return name.endswith(".yaml") and not name.startswith(".")
    return relative in SCHEMA_FILES


def input_fingerprint(root: Path, record: InputRecord | None = None) -> dict[str, str]:
    """{path from root: sha256} for every regular file under seeds/ and schema/, sorted, and
    the record written. A file that cannot be read is fingerprinted as unreadable, so that it
    still differs. A file whose stat is as the record has it is not read again, nor one the
    build has read already this time (an article: its sha256 is in the record's entries)."""
    record = record or InputRecord(None)
    found = {}
    for folder in (SEEDS_DIR, SCHEMA_DIR):
        top = os.path.join(root, folder)
        # Every file the build reads in the folder and below, by path text (Path objects cost
        # more than the lstat); folders that are links are not entered, and files that are
        # links are no inputs.
        for directory, _, names in os.walk(top):
            under = f"{folder}{directory[len(top) :].replace(os.sep, '/')}/"
            for name in names:  # sorted by path text below
                relative, path = under + name, os.path.join(directory, name)
                if not is_input(relative):
                    continue
                if relative in record.entries:
                    found[relative] = record.entries[relative][1]
                    continue
                try:
                    info = os.lstat(path)
                except OSError:
                    continue
                if not stat.S_ISREG(info.st_mode):
                    continue
                sha256 = record.sha256(relative, info)
                if sha256 is None:
                    record.before_hashing()
                    try:
                        sha256 = hashlib.sha256(
                            read_bounded(Path(path), MAX_INPUT_BYTES)
                        ).hexdigest()
                    except UnsafePath:  # still differs from any file's sha256
                        found[relative] = "unreadable"
                        continue
                    record.hashed_as(relative, info, sha256)
                found[relative] = sha256
    record.write()
    return dict(sorted(found.items()))


def trusted(recorded: Stat, now: Stat, clock: int) -> bool:
    """Whether a recorded sha256 still holds: the stat is unchanged and the file was not
    written at or after the time of the record (a racy file)."""
    return recorded == now and max(now[1], now[2]) < clock


def _stat(info: os.stat_result) -> Stat:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


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
