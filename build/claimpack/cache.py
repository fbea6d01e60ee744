"""A cache of what the build derived from one file or one article, keyed by content hashes.

Entries live in `.claimpack-cache/<kind>/<key[:2]>/<key>` in the project (gitignored). The key
is a sha256 of everything the entry was computed from, so an entry is never stale: a changed
input is a different key. An entry is not trusted blindly either: it carries its kind, its key
and the sha256 of its payload, and is read only when all three match (the payload is then
checked again by whoever decodes it). A damaged, truncated or foreign entry is a miss, and the
value is computed again. Entries are written atomically (a temporary file renamed over the
entry), without fsync: an entry torn by a crash fails its checksum. Deleting the folder is
always safe.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import mmap
import os
import stat
import sys
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from claimpack.layout import CACHE_DIR

MAGIC = b"claimpack-cache 1\n"
Buffer = TypeVar("Buffer", bytes, memoryview)
MAX_ENTRY_BYTES = 256_000_000
CLOCK_KIND, CLOCK_KEY = "clock", "now"  # the entry Cache.clock writes to read the time
# Whatever the cached values depend on besides the inputs: claimpack's code and the libraries
# that parse, compute and serialize them.
LIBRARIES = ("pyarrow", "pydantic", "pydantic-core", "PyYAML")


class Cache:
    """The cache folder of one project. Its folders must be real folders (not links), so that
    nothing is read or written outside the project; a cache that is not usable is simply not
    used (every lookup a miss, nothing written)."""

    def __init__(self, root: Path, enabled: bool = True) -> None:
        self.folder = str(root / CACHE_DIR)
        self.enabled = enabled
        self._real: set[str] = set()  # folders already seen to be real

    def _entry(self, kind: str, key: str, create: bool) -> str | None:
        if not self.enabled or not key.isalnum() or not kind.isidentifier():
            return None
        kind_folder = os.path.join(self.folder, kind)
        folders = (self.folder, kind_folder, os.path.join(kind_folder, key[:2]))
        for folder in folders:
            if folder in self._real:
                continue
            try:
                if create:
                    os.makedirs(folder, exist_ok=True)
                info = os.lstat(folder)
            except OSError:
                return None
            if not stat.S_ISDIR(info.st_mode):  # a link, or a file in the way
                return None
            self._real.add(folder)
        return os.path.join(folders[-1], key)

    def get(self, kind: str, key: str) -> bytes | None:
        """The payload stored under (kind, key), or None when there is none that checks out."""
        with self._opened(kind, key) as handle:
            data = handle.read(MAX_ENTRY_BYTES + 1) if handle is not None else None
        return self._payload(kind, key, data) if data is not None else None

    def mapped(self, kind: str, key: str) -> memoryview | None:
        """get, the entry mapped rather than read: a payload of hundreds of megabytes is read
        from the page cache where it lies, not copied into memory of its own."""
        with self._opened(kind, key) as handle:
            if handle is None or os.fstat(handle.fileno()).st_size == 0:
                return None
            try:
                data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            except (OSError, ValueError):  # a file system that maps no file (or it shrank)
                found = self.get(kind, key)
                return memoryview(found) if found is not None else None
        return self._payload(kind, key, memoryview(data))

    @contextlib.contextmanager
    def _opened(self, kind: str, key: str) -> Iterator[BinaryIO | None]:
        """The entry's file open for reading; None when there is no regular file of a size
        the cache holds."""
        path = self._entry(kind, key, create=False)
        if path is None:
            yield None
            return
        try:  # not following a link; a FIFO or device is refused by its type, unopened
            descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            yield None
            return
        with os.fdopen(descriptor, "rb") as handle:
            info = os.fstat(handle.fileno())
            ok = stat.S_ISREG(info.st_mode) and info.st_size <= MAX_ENTRY_BYTES
            yield handle if ok else None

    @staticmethod
    def _payload(kind: str, key: str, data: Buffer) -> Buffer | None:
        """The payload of an entry's data, when its header and checksum are those of (kind,
        key)."""
        header = MAGIC + f"{kind}\n{key}\n".encode("ascii")
        if bytes(data[: len(header)]) != header:
            return None
        digest_end = len(header) + 65
        payload = data[digest_end:]
        expected = bytes(data[len(header) : digest_end])
        if expected != hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n":
            return None
        return payload

    def put(self, kind: str, key: str, payload: bytes | list[bytes | memoryview]) -> None:
        """Store the payload (or the parts it is made of, not joined in memory) under (kind,
        key); a cache that cannot be written is no error."""
        path = self._entry(kind, key, create=True)
        if path is None:
            return
        parts = payload if isinstance(payload, list) else [payload]
        hasher = hashlib.sha256()
        for part in parts:
            hasher.update(part)
        header = MAGIC + f"{kind}\n{key}\n{hasher.hexdigest()}\n".encode("ascii")
        partial = f"{path}.{os.getpid()}.partial"
        try:
            with open(partial, "xb") as handle:
                handle.write(header)
                handle.writelines(parts)
            os.replace(partial, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(partial)

    def clock(self) -> int | None:
        """The time by the file system's own clock (in ns, as its mtimes), read from a file
        written in the cache now; None when the cache cannot be written."""
        self.put(CLOCK_KIND, CLOCK_KEY, b"")
        path = self._entry(CLOCK_KIND, CLOCK_KEY, create=False)
        try:
            return os.lstat(path).st_mtime_ns if path is not None else None
        except OSError:
            return None


def digest(*parts: Any) -> str:
    """A cache key: the sha256 of the parts as canonical JSON."""
    canonical = json.dumps(parts, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@functools.cache
def code_version() -> str:
    """What a cached value was computed with: the sha256 of every source file of claimpack,
    the Python version and the versions of the libraries in LIBRARIES (computed once a
    process: the code a process runs does not change)."""
    package = Path(__file__).parent
    hasher = hashlib.sha256(sys.version.encode("utf-8"))
    for name in LIBRARIES:
        hasher.update(f"\n{name} {library_version(name)}".encode())
    for path in sorted(package.rglob("*.py")):
        hasher.update(f"\n{path.relative_to(package).as_posix()}\n".encode())
        hasher.update(path.read_bytes())
    return hasher.hexdigest()


@functools.cache
def library_version(name: str) -> str:
    """The installed version of a distribution, or "absent" (read once a process: a reading
    parses the distribution's metadata, and a build asks for the validator's libraries twice)."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"
