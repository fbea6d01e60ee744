"""The trust boundary for files: everything claimpack reads or writes goes through here.

A path that comes from data (a descriptor's resource path, an article in seeds/, a journal, a
checksum line) is resolved against its root after following links and refused when it leaves
the root, is remote, or is not a regular file (a FIFO, a device, a folder); a file is read only
after its size is known to be within the limit, and never more than the limit. Files are
written atomically: a temporary file beside the target, flushed, then renamed over it.
"""

from __future__ import annotations

import errno
import hashlib
import json
import math
import mmap
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlparse

from claimpack.problems import InvalidPackage, Problem


def json_value(data: bytes) -> Any:
    """A JSON document as RFC 8259 has it (ValueError otherwise): Python's reader also takes
    NaN and Infinity, a number too large for a float (as inf), a number of thousands of
    digits (with Python's advice), and a lone surrogate escape
    (a string no UTF-8 encoder writes back); a descriptor holding one is not JSON."""
    text = data.decode("utf-8")
    value = json.loads(text, parse_constant=_not_json, parse_float=_finite, parse_int=_whole)
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            pending += [*item.keys(), *item.values()]
        elif isinstance(item, list):
            pending += item
        elif isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError(f"{item[:40]!r} holds a lone surrogate escape") from None
    return value


def _not_json(constant: str) -> Any:
    raise ValueError(f"{constant} is not a JSON value")


def _whole(text: str) -> int:
    if len(text.lstrip("-")) > 1000:  # Python refuses over 4300 digits, with advice for coders
        raise ValueError(f"a number of {len(text)} digits is beyond what is read")
    return int(text)


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{text[:40]} is beyond the range of a number")
    return number


class UnsafePath(ValueError):
    """A path that may not be opened: remote, absolute, outside its root, or not a file."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def is_remote(path: str) -> bool:
    """Whether a path from data is a URL (http:, file:, //host/...), never opened."""
    return (":" in path and bool(urlparse(path).scheme)) or path.startswith("//")


def resolve_inside(root: Path, relative: str) -> Path:
    """relative resolved under root (after following links); UnsafePath when it is remote,
    absolute, or leaves root."""
    return resolver(root)(relative)


def resolver(root: Path) -> Callable[[str], Path]:
    """resolve_inside for many paths under one root, at the cost of one resolution per folder:
    the root and each folder are resolved (and placed inside the root or not) once, and a
    file's own name is followed only when it is a link (an lstat); `.` and `..` as the last
    part are resolved in full."""
    base = root.resolve()
    folders: dict[str, tuple[Path, bool]] = {}  # each folder resolved, and whether inside

    def resolve(relative: str) -> Path:
        if is_remote(relative):
            raise UnsafePath("unsafe-path", f"remote path {relative!r} is refused")
        if os.path.isabs(relative):
            raise UnsafePath("unsafe-path", f"absolute path {relative!r} is refused")
        if relative in ("", "."):  # the root itself, a folder: named as the path given
            raise UnsafePath("unsafe-path", f"path {relative!r} names no file and is refused")
        if "\0" in relative:  # no file has such a name; the OS refuses it with an exception
            raise UnsafePath(
                "unsafe-path", f"path {relative!r} holds a NUL character and is refused"
            )
        try:
            resolved, inside = follow(relative)
        except (RuntimeError, OSError) as error:  # Python 3.11 says RuntimeError, 3.13 ELOOP
            if isinstance(error, OSError) and error.errno != errno.ELOOP:
                raise
            message = f"path {relative!r} is a loop of symbolic links and is refused"
            raise UnsafePath("unsafe-path", message) from None
        if not inside:
            raise UnsafePath("unsafe-path", f"path {relative!r} leaves its folder and is refused")
        return resolved

    def follow(relative: str) -> tuple[Path, bool]:
        """The path with its links followed, and whether it is inside the root."""
        head, _, name = relative.rpartition("/")
        if name in ("", ".", ".."):
            resolved = (base / relative).resolve()
        else:
            if head not in folders:
                folder = (base / head).resolve()
                folders[head] = (folder, folder.is_relative_to(base))
            folder, inside = folders[head]
            resolved = folder / name
            if resolved.is_symlink():
                resolved = resolved.resolve()
            elif inside:  # a name in a folder inside the root
                return resolved, True
        return resolved, resolved.is_relative_to(base)

    return resolve


def _shown(path: Path) -> str:
    """A path's name in a message, or the path itself when it has none ("." or "/")."""
    return path.name or path.as_posix()


def check_regular(path: Path, limit: int) -> int:
    """The size of a regular file within the limit; UnsafePath for anything else (checked by
    stat, before any open: a FIFO would block and a device would never end)."""
    try:
        info = path.stat()
    except OSError as error:
        raise UnsafePath("missing-file", f"cannot read {_shown(path)}: {error.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise UnsafePath("unsafe-path", f"{_shown(path)} is not a regular file and is refused")
    if info.st_size > limit:
        raise UnsafePath("too-large", f"{path.name} is {info.st_size} bytes; the limit is {limit}")
    return info.st_size


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of a regular file, refusing it (UnsafePath) when it is larger than limit;
    reads at most limit + 1 bytes even if the file grows meanwhile. A read is asked for the
    size the file has (and one byte more, to see it grow), not for the limit: Python makes a
    buffer of the size asked for, half a gigabyte for each small file read under a large limit."""
    with _open_regular(path, limit) as handle:
        size = os.fstat(handle.fileno()).st_size
        data = handle.read(min(size, limit) + 1)
        if len(data) > size:  # it grew since: read on, up to the limit
            data += handle.read(limit + 1 - len(data))
    if len(data) > limit:
        raise UnsafePath("too-large", f"{path.name} is larger than the limit of {limit} bytes")
    return data


def mapped_bounded(path: Path, limit: int) -> mmap.mmap:
    """A regular file within the limit mapped read-only (UnsafePath as read_bounded; ValueError
    when it is empty): its pages are read as they are used and can be given back
    (`madvise`), so a table of hundreds of megabytes need not stay resident."""
    with _open_regular(path, limit) as handle:
        if os.fstat(handle.fileno()).st_size > limit:
            raise UnsafePath("too-large", f"{path.name} is larger than the limit of {limit} bytes")
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


def sha256_bounded(path: Path, limit: int) -> str:
    """The sha256 of a regular file within the limit, read a block at a time (a table of
    hundreds of megabytes is never held whole); UnsafePath as read_bounded."""
    hasher, size = hashlib.sha256(), 0
    with _open_regular(path, limit) as handle:
        while block := handle.read(1 << 20):
            size += len(block)
            if size > limit:
                raise UnsafePath(
                    "too-large", f"{path.name} is larger than the limit of {limit} bytes"
                )
            hasher.update(block)
    return hasher.hexdigest()


def _open_regular(path: Path, limit: int) -> BinaryIO:
    """The file opened for reading, once it is known to be a regular file within the limit."""
    check_regular(path, limit)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)  # never block on a FIFO swapped in
    handle = os.fdopen(os.open(path, flags), "rb")
    if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # swapped after the stat
        handle.close()
        raise UnsafePath("unsafe-path", f"{path.name} is not a regular file and is refused")
    return handle


def package_file(root: Path, relative: str, name: str, limit: int) -> Path:
    """A file a package names, inside root, regular and within the limit; InvalidPackage
    (naming the package and the path) otherwise."""
    try:
        path = resolve_inside(root, relative)
        if path.exists():
            check_regular(path, limit)
    except UnsafePath as error:
        raise InvalidPackage([Problem(error.code, name, relative, str(error))]) from None
    return path


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        with partial.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


ZIP_MAGIC = b"PK\x03\x04"


def is_archive(path: Path) -> bool:
    """A zipped package: named .zip in any case, or a regular file that starts as a zip does
    (a release saved without its suffix)."""
    if path.suffix.lower() == ".zip":
        return True
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return False
        with path.open("rb") as handle:
            return handle.read(len(ZIP_MAGIC)) == ZIP_MAGIC
    except OSError:
        return False


def package_descriptor(path: Path) -> Path:
    """The descriptor a path names: a folder's datapackage.json (as frictionless reads a
    folder), else the path itself."""
    return path / "datapackage.json" if path.is_dir() else path
