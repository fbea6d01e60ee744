"""Release archives: one reproducible zip per version, with checksums, never silently replaced.

Entries are sorted and stamped with one fixed time (SOURCE_DATE_EPOCH if set, else the
package's `created` date), with fixed permissions, so two releases of the same files are the
same bytes in any time zone or locale.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import zipfile
from pathlib import Path

from claimpack.errors import InvalidPackage, Problem

RELEASE_DIR = Path("dist/releases")
CHECKSUMS = "SHA256SUMS"
DOCUMENTS = (
    "README.md", "LICENSE", "CHANGELOG.md", "CITATION.cff", "DATACARD.md",
    "docs/codebook.md", "docs/vocabulary.md", "R/read_el_mencho.R",
)  # fmt: skip


def release_files(root: Path) -> dict[str, bytes]:
    """Every file that goes into the release, by its path inside the archive."""
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    paths = ["datapackage.json", "dist/parquet/datapackage.json"]
    paths += [resource["path"] for resource in descriptor["resources"]]
    parquet = json.loads((root / "dist/parquet/datapackage.json").read_text(encoding="utf-8"))
    paths += [f"dist/parquet/{resource['path']}" for resource in parquet["resources"]]
    paths += [p for p in DOCUMENTS if (root / p).is_file()]
    files = {path: (root / path).read_bytes() for path in sorted(set(paths))}
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
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).replace(tzinfo=None)
    return dt.datetime.fromisoformat(created.replace("Z", "+00:00")).replace(tzinfo=None)


def release(root: Path) -> tuple[Path, bool]:
    """Write dist/releases/<name>-<version>.zip; return its path and whether it is new."""
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    target = root / RELEASE_DIR / f"{descriptor['name']}-{descriptor['version']}.zip"
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
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".zip.partial")
    partial.write_bytes(data)
    os.replace(partial, target)
    return target, True


def checksum_problems(unpacked: Path, name: str) -> list[Problem]:
    """Every file of an unpacked release matches SHA256SUMS, and every file is listed."""
    listing = unpacked / CHECKSUMS
    if not listing.is_file():
        return []
    problems, listed = [], set()
    for number, line in enumerate(listing.read_text(encoding="utf-8").splitlines(), start=1):
        digest, _, path = line.partition("  ")
        listed.add(path)
        file = (unpacked / path).resolve()
        if not file.is_relative_to(unpacked.resolve()) or not file.is_file():
            problems.append(Problem("checksum-missing-file", name, f"{CHECKSUMS}:{number}", path))
        elif hashlib.sha256(file.read_bytes()).hexdigest() != digest:
            message = f"{path} does not match its checksum"
            problems.append(Problem("checksum-mismatch", name, f"{CHECKSUMS}:{number}", message))
    for file in sorted(unpacked.rglob("*")):
        path = file.relative_to(unpacked).as_posix()
        if file.is_file() and path != CHECKSUMS and path not in listed:
            message = f"{path} is in the archive but not in {CHECKSUMS}"
            problems.append(Problem("checksum-unlisted", name, CHECKSUMS, message))
    return problems
