"""Read a zipped data package without trusting it.

Every entry is checked before anything is written: no absolute paths, no `..`, no links, and
limits on entry count and unpacked size, counted while copying rather than taken from the
archive's own headers.
"""

from __future__ import annotations

import hashlib
import re
import stat
import zipfile
from pathlib import Path, PurePosixPath

from claimpack.problems import InvalidPackage, Problem, UsageError

CHECKSUMS = "SHA256SUMS"
CHECKSUM_LINE = re.compile(r"(?P<digest>[0-9a-fA-F]{64})  (?P<path>.+)")
MAX_ENTRIES = 10_000
MAX_UNPACKED_BYTES = 1_000_000_000


def entry_problems(archive: zipfile.ZipFile, name: str) -> list[Problem]:
    """Why an archive may not be unpacked; empty when every entry is safe."""
    problems = []
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        message = f"{len(infos)} entries; the limit is {MAX_ENTRIES}"
        problems.append(Problem("archive-too-large", name, "", message))
    declared = sum(info.file_size for info in infos)
    if declared > MAX_UNPACKED_BYTES:
        message = f"unpacks to {declared} bytes; the limit is {MAX_UNPACKED_BYTES}"
        problems.append(Problem("archive-too-large", name, "", message))
    seen: set[str] = set()
    for info in infos:
        path = PurePosixPath(info.filename)
        if path.as_posix() in seen:  # `./t.csv` and `a//b` are the files `t.csv` and `a/b`
            message = f"entry {info.filename!r} appears twice; the archive is refused"
            problems.append(Problem("unsafe-archive-entry", name, info.filename, message))
        seen.add(path.as_posix())
        mode = info.external_attr >> 16
        if info.filename.startswith(("/", "\\")) or ":" in path.parts[0] or "\\" in info.filename:
            reason = "an absolute or non-portable path"
        elif ".." in path.parts:
            reason = "a path that leaves the archive's folder"
        elif stat.S_ISLNK(mode):
            reason = "a symbolic link"
        else:
            continue
        message = f"entry {info.filename!r} is {reason}; the archive is refused"
        problems.append(Problem("unsafe-archive-entry", name, info.filename, message))
    return problems


def unpack(archive_path: Path, target: Path) -> Path:
    """Unpack a package archive into target and return its datapackage.json."""
    name = archive_path.as_posix()
    if not archive_path.is_file():
        raise UsageError([Problem("missing-file", name, "", "no such archive")])
    try:
        archive = zipfile.ZipFile(archive_path)
    except (OSError, zipfile.BadZipFile) as error:
        raise UsageError(
            [Problem("bad-archive", name, "", f"not a readable zip: {error}")]
        ) from None
    with archive:
        problems = entry_problems(archive, name)
        if problems:
            raise InvalidPackage(problems)
        _extract(archive, target, name)
    candidates = sorted(target.glob("datapackage.json")) or sorted(
        target.glob("*/datapackage.json")
    )
    if not candidates:
        message = "no datapackage.json at the top of the archive"
        raise UsageError([Problem("missing-file", name, "", message)])
    if len(candidates) > 1:  # which one the archive stands for is not ours to guess
        listed = ", ".join(path.relative_to(target).as_posix() for path in candidates)
        message = f"the archive holds {len(candidates)} packages ({listed}): validate each alone"
        raise UsageError([Problem("bad-archive", name, "", message)])
    return candidates[0]


def _extract(archive: zipfile.ZipFile, target: Path, name: str) -> None:
    """Every entry written under target, the bytes counted as they are written; a damaged
    entry (a bad CRC, a declared size that lies, a truncated stream, a file where a folder
    is) refuses the archive, named as the archive has it, not by where it was unpacked."""
    written = 0
    for info in archive.infolist():
        destination = target / info.filename
        try:
            if info.is_dir():
                destination.mkdir(parents=True, exist_ok=True)
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as source, destination.open("wb") as sink:
                while chunk := source.read(1 << 20):
                    written += len(chunk)
                    if written > MAX_UNPACKED_BYTES:
                        message = f"unpacks to more than {MAX_UNPACKED_BYTES} bytes"
                        raise InvalidPackage([Problem("archive-too-large", name, "", message)])
                    sink.write(chunk)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            message = f"a damaged entry: {reason}; the archive is refused"
            raise InvalidPackage([Problem("bad-archive", name, info.filename, message)]) from None


def checksum_problems(unpacked: Path, name: str) -> list[Problem]:
    """Every file of an unpacked release matches SHA256SUMS, and every file is listed."""
    listing = unpacked / CHECKSUMS
    if not listing.is_file():
        return []
    try:
        lines = listing.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        return [Problem("checksum-unreadable", name, CHECKSUMS, f"{CHECKSUMS} is not UTF-8 text")]
    problems, listed = [], set()
    for number, line in enumerate(lines, start=1):
        entry = CHECKSUM_LINE.fullmatch(line)
        if entry is None:  # the form sha256sum writes (and its -c reads in either case)
            shown = line if len(line) <= 60 else line[:57] + "..."
            expected = "<64 hex digits>  <file name>"
            message = f'{CHECKSUMS} line {number}: expected "{expected}", found {shown!r}'
            problems.append(Problem("checksum-unreadable", name, f"{CHECKSUMS}:{number}", message))
            continue
        digest, path = entry["digest"].lower(), entry["path"]
        listed.add(path)
        file = (unpacked / path).resolve()
        if not file.is_relative_to(unpacked.resolve()) or not file.is_file():
            message = f"{CHECKSUMS} lists {path}, which the archive does not hold"
            problems.append(
                Problem("checksum-missing-file", name, f"{CHECKSUMS}:{number}", message)
            )
        elif hashlib.sha256(file.read_bytes()).hexdigest() != digest:
            message = f"{path} does not match its checksum"
            problems.append(Problem("checksum-mismatch", name, f"{CHECKSUMS}:{number}", message))
    for file in sorted(unpacked.rglob("*")):
        path = file.relative_to(unpacked).as_posix()
        if file.is_file() and path != CHECKSUMS and path not in listed:
            message = f"{path} is in the archive but not in {CHECKSUMS}"
            problems.append(Problem("checksum-unlisted", name, CHECKSUMS, message))
    return problems
