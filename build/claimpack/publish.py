"""Publish a staged build in place of the previous one, all or nothing.

The published paths (dist/csv, dist/parquet, datapackage.json) are swapped by renames inside
the project folder. A journal written atomically before the first rename records what is being
replaced; if the process dies before the journal is removed, `recover` (run at the start of
every build, validate and release) moves the previous release back, so a reader never keeps a
mix of two releases. Publishing and recovering hold a lock on the project folder, so a second
writer waits instead of rolling back a publish that is still running; a journal is trusted
only when its staging folder exists and carries the journal's token.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import secrets
import shutil
import stat
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any

from claimpack.files import UnsafePath, read_bounded, write_atomically
from claimpack.layout import PUBLISHED
from claimpack.problems import ClaimpackError, Problem, UsageError

JOURNAL = ".publish-journal.json"
LOCK = ".publish.lock"
TOKEN = ".journal-token"
STAGING_PREFIX = ".build-staging-"
STAGING_NAME = re.compile(r"^\.build-staging-[0-9]+$")
LOCK_WAIT_SECONDS = 120.0


class PublishBusy(ClaimpackError):
    """Another claimpack process is publishing in this folder."""


class BadJournal(ClaimpackError):
    """A publish journal that cannot be trusted: nothing is touched until a person decides."""


@contextmanager
def publish_lock(
    root: Path, wait: float = LOCK_WAIT_SECONDS, shared: bool = False
) -> Iterator[None]:
    """Hold the project's publish lock, waiting up to `wait` seconds for another writer; a
    `shared` hold is a reader's (validate), which any number hold at once and a publish
    waits for, so that no reader sees half of one."""
    root.mkdir(parents=True, exist_ok=True)
    descriptor = _lock_file(root, shared)
    if descriptor is None:  # a read-only checkout no lock was ever taken in: none to share
        yield
        return
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
                fcntl.flock(descriptor, mode | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    message = (
                        f"another claimpack process has been publishing here for {wait:.0f} s "
                        f"(it holds {LOCK}); wait for it to finish, then run this again"
                    )
                    raise PublishBusy([Problem("publish-busy", LOCK, "", message)]) from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


def staging_dir(root: Path) -> Path:
    return root / f"{STAGING_PREFIX}{os.getpid()}"


def fresh_staging(root: Path) -> Path:
    """This process's staging folder, cleared for a build: a publish interrupted here is
    rolled back first (its previous release may lie in a folder of this process id, as a
    container gives the same one each run), and a link or file holding the folder's name is
    removed, never written through. A folder with no journal gets no lock file: a build that
    fails on its seeds leaves nothing behind."""
    if (root / JOURNAL).exists() or (root / JOURNAL).is_symlink():
        recovered(root)
    staging = staging_dir(root)
    if staging.is_symlink() or (staging.exists() and not staging.is_dir()):
        staging.unlink()
    shutil.rmtree(staging, ignore_errors=True)  # a dead build's of the same process id
    return staging


def check_published_folders(root: Path, paths: Iterable[str] = PUBLISHED) -> None:
    """UsageError when a folder the published paths are in (dist/, dist/releases/) is a
    link: publishing through it would write outside the project (a contribution may hold
    one to anywhere)."""
    for path in paths:
        for folder in reversed(PurePosixPath(path).parents[:-1]):
            if (root / folder).is_symlink():
                message = (
                    f"{folder} is a link; claimpack publishes only into a folder of the project's "
                    "own: delete the link, then try again"
                )
                raise UsageError([Problem("unsafe-path", str(folder), "", message)])


def publish(staging: Path, root: Path) -> None:
    """Replace the published paths under root with those under staging (hold publish_lock)."""
    check_published_folders(root)
    previous = staging / "previous"
    token = secrets.token_hex(16)
    write_atomically(staging / TOKEN, token.encode("ascii"))
    journal = {
        "staging": staging.name,
        "token": token,
        "existed": [p for p in PUBLISHED if (root / p).exists()],
    }
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


READ_ONLY = (errno.EROFS, errno.EACCES, errno.EPERM)


def _lock_file(root: Path, shared: bool) -> int | None:
    """The lock file, opened (created) for writing; for a `shared` hold in a folder that
    cannot be written (a read-only checkout) opened for reading, or None when there is none.
    Never through a link (a checkout, a contribution, may hold one to anywhere), nor waiting
    on a FIFO for a reader."""
    flags = os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        try:
            descriptor = os.open(root / LOCK, flags | os.O_WRONLY | os.O_CREAT, 0o644)
        except OSError as error:
            if not shared or error.errno not in READ_ONLY:
                raise
            descriptor = os.open(root / LOCK, flags | os.O_RDONLY)
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            os.close(descriptor)
            raise OSError(errno.ENXIO, "not a regular file")
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno not in (errno.ELOOP, errno.ENXIO):
            raise
        message = f"{LOCK} is a link or no regular file; claimpack locks only its own: delete it"
        raise UsageError([Problem("unsafe-path", LOCK, "", message)]) from None
    return descriptor


def recover(root: Path, keep: Path | None = None) -> bool:
    """Roll back a publish that was interrupted, and clear staging left by dead builds.

    Returns True when a rollback was needed. Hold publish_lock. Staging folders of processes
    that are gone are removed (this process's too, left by a build of it that failed), but
    `keep`, the staging folder of the build that calls; a live build's is left alone.
    """
    rolled_back = False
    journal_path = root / JOURNAL
    if journal_path.exists() or journal_path.is_symlink():
        journal = _trusted_journal(root)
        previous = root / journal["staging"] / "previous"
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
        if leftover != keep and not _alive(leftover.name.removeprefix(STAGING_PREFIX)):
            shutil.rmtree(leftover, ignore_errors=True)
    return rolled_back


def recovered(root: Path) -> bool:
    """Whether a publish interrupted in root was rolled back (recover, under the lock). A
    folder that cannot be written (a read-only checkout) is left as it is, unless a publish
    was interrupted in it, which only a rollback makes whole: UsageError then."""
    try:
        with publish_lock(root):
            return recover(root)
    except OSError as error:
        if error.errno not in READ_ONLY:
            raise
        if (root / JOURNAL).exists() or (root / JOURNAL).is_symlink():
            message = (
                "a build was interrupted while publishing here, and this checkout cannot be "
                f"written to roll it back ({error.strerror}): run `claimpack build` where "
                "it can, or check it out again"
            )
            raise UsageError([Problem("read-only", JOURNAL, "", message)]) from None
        return False


@contextmanager
def reading(root: Path) -> Iterator[None]:
    """A block that reads the package published in root (report, diff, load): a publish that
    was interrupted there is rolled back first, and one that is running is waited for, then
    kept from starting until the block ends. Only in a folder claimpack publishes in (it holds
    the lock file); any other is read as it is, and nothing is written to it."""
    if (root / JOURNAL).exists() or (root / JOURNAL).is_symlink():
        recovered(root)
    if not (root / LOCK).is_file():
        yield
        return
    with publish_lock(root, shared=True):
        yield


def _trusted_journal(root: Path) -> dict[str, Any]:
    """The journal, when it is one a claimpack publish wrote and its staging folder is whole;
    BadJournal (touching nothing) otherwise."""
    advice = f"if no claimpack build is running here, delete {JOURNAL} and run `claimpack build`"

    def refuse(reason: str) -> BadJournal:
        return BadJournal([Problem("bad-journal", JOURNAL, "", f"{reason}; {advice}")])

    try:
        journal = json.loads(read_bounded(root / JOURNAL, 100_000))
    except (UnsafePath, ValueError) as error:
        raise refuse(f"not a readable publish journal ({error})") from None
    if not isinstance(journal, dict):
        raise refuse("not a publish journal")
    staging, existed = journal.get("staging"), journal.get("existed")
    if not isinstance(staging, str) or not STAGING_NAME.match(staging):
        raise refuse("its staging folder is not one a build makes")
    if not isinstance(existed, list) or not set(existed) <= set(PUBLISHED):
        raise refuse("its list of replaced paths is not one a build writes")
    folder = root / staging
    if folder.is_symlink() or not folder.is_dir():
        raise refuse(f"its staging folder {staging} does not exist")
    try:
        token = read_bounded(folder / TOKEN, 1000).decode("ascii")
    except (UnsafePath, ValueError):
        token = None
    if token != journal.get("token"):
        raise refuse(f"its staging folder {staging} does not carry the journal's token")
    return journal


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
