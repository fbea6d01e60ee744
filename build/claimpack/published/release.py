"""Release archives: one reproducible zip per version, with checksums, never silently replaced.

Entries are sorted and stamped with one fixed time (SOURCE_DATE_EPOCH if set, else the
package's `created` date), with fixed permissions, so two releases of the same files are the
same bytes in any time zone or locale.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from claimpack.files import write_atomically
from claimpack.layout import DESCRIPTOR, PARQUET_DESCRIPTOR, PARQUET_DIR, RELEASES_DIR, REPORT
from claimpack.problems import InvalidPackage, Problem, UsageError
from claimpack.publish import check_published_folders, publish_lock, recover
from claimpack.published.archive import CHECKSUMS
from claimpack.published.reader import Package
from claimpack.published.report import render_report
from claimpack.published.validate import validate_package

ZIP_EPOCH = 315_532_800
DOCUMENTS = (
    "README.md", "LICENSE", "CHANGELOG.md", "CITATION.cff", "DATACARD.md",
    "docs/codebook.md", "docs/vocabulary.md", "docs/problems.md", "R/read_el_mencho.R",
)  # fmt: skip


def release_files(root: Path) -> dict[str, bytes]:
    """Every file that goes into the release, by its path inside the archive."""
    package = Package.open(root / DESCRIPTOR)
    paths = [DESCRIPTOR, PARQUET_DESCRIPTOR]
    paths += [str(resource["path"]) for resource in package.resources]
    parquet = package.parquet()
    if parquet is not None:
        for resource in parquet.resources:  # a partitioned table lists its parts
            parts = resource["path"] if isinstance(resource["path"], list) else [resource["path"]]
            paths += [f"{PARQUET_DIR}/{part}" for part in parts]
    paths += [p for p in DOCUMENTS if (root / p).is_file()]
    files = {path: package.file(path).read_bytes() for path in sorted(set(paths))}
    if (root / REPORT).is_file():  # as the release itself gives it: without the articles
        files[REPORT] = render_report(package, articles=False).encode("utf-8")
    files[CHECKSUMS] = checksums(files)
    return files


def checksums(files: dict[str, bytes]) -> bytes:
    lines = [
        f"{hashlib.sha256(data).hexdigest()}  {path}\n" for path, data in sorted(files.items())
    ]
    return "".join(lines).encode("utf-8")


def archive_bytes(files: dict[str, bytes], stamp: dt.datetime) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for path, data in sorted(files.items()):
            info = zipfile.ZipInfo(path, date_time=stamp.timetuple()[:6])
            info.external_attr = 0o100644 << 16
            info.create_system = 3
            info.compress_type = zipfile.ZIP_DEFLATED
            bundle.writestr(info, data, compresslevel=9)
    return buffer.getvalue()


def release_stamp(created: str) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set (seconds, from 1980 on: zip cannot say earlier), else the
    package's `created` date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        if not epoch.isdigit() or int(epoch) < ZIP_EPOCH or int(epoch) > 4_102_444_800:
            message = (
                f"SOURCE_DATE_EPOCH={epoch!r} is not a time zip can store: "
                f"whole seconds from {ZIP_EPOCH} (1980-01-01) to 4102444800 (2100-01-01)"
            )
            raise UsageError([Problem("bad-environment", "SOURCE_DATE_EPOCH", "", message)])
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).replace(tzinfo=None)
    return dt.datetime.fromisoformat(created.replace("Z", "+00:00")).replace(tzinfo=None)


RELEASE_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]*")


def _nothing_stale(root: Path) -> list[Problem]:
    return []


def release(
    root: Path, stale: Callable[[Path], list[Problem]] = _nothing_stale
) -> tuple[Path, bool]:
    """Write dist/releases/<name>-<version>.zip; return its path and whether it is new.

    Under the publish lock, after rolling back an interrupted publish, and only when the
    published package validates and `stale` finds nothing (the command line passes the
    checkout's check, validation.stale_problems, that dist/ is what the seeds build now): a
    release never packs a mix of two builds, nor a build older than its seeds."""
    _release_name(Package.open(root / DESCRIPTOR).descriptor)  # before anything is locked
    with publish_lock(root):
        recover(root)
        report = validate_package(root / DESCRIPTOR, article_root=root)
        report.add(stale(root))
        if not report.valid:
            raise InvalidPackage(report.problems)
        return _write_release(root)


def _release_name(descriptor: dict[str, object]) -> str:
    """<name>-<version>.zip, its parts from the descriptor: a file name in dist/releases/,
    never a path out of it (`name: ../x`), or a UsageError naming what is wrong."""
    parts = [descriptor.get(key) for key in ("name", "version")]
    for key, value in zip(("name", "version"), parts, strict=True):
        if not isinstance(value, str) or not RELEASE_PART.fullmatch(value):
            message = (
                f"a release needs the descriptor's `{key}`, of letters, digits, '.', '_', '-' "
                f"and '+' (got {value!r})"
            )
            raise UsageError([Problem("invalid-field", DESCRIPTOR, key, message)])
    created = descriptor.get("created")
    try:
        release_stamp(str(created))
    except ValueError:
        message = f"a release needs the descriptor's `created`, an ISO 8601 time (got {created!r})"
        raise UsageError([Problem("invalid-field", DESCRIPTOR, "created", message)]) from None
    return f"{parts[0]}-{parts[1]}.zip"


def _write_release(root: Path) -> tuple[Path, bool]:
    descriptor = Package.open(root / DESCRIPTOR).descriptor
    name = _release_name(descriptor)
    check_published_folders(root, [f"{RELEASES_DIR}/{name}"])
    target = root / RELEASES_DIR / name
    if target.is_symlink():  # read and compared, it would be a file outside the project
        message = "is a link; a release is a file of the project's own: delete the link"
        raise UsageError([Problem("unsafe-path", f"{RELEASES_DIR}/{name}", "", message)])
    data = archive_bytes(release_files(root), release_stamp(descriptor["created"]))
    if target.exists():
        if target.read_bytes() == data:
            return target, False
        message = (
            f"a different release of version {descriptor['version']} already exists; "
            "bump the version (see README: versioning) instead of replacing a published release"
        )
        raise InvalidPackage(
            [Problem("release-exists", str(target.relative_to(root)), "", message)]
        )
    write_atomically(target, data)
    return target, True
