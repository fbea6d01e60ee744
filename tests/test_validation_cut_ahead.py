"""A build's statements.csv is cut into slices and hashed for its validation as soon as it is
written (cut_ahead); the validation takes that work only while the file is the one cut."""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import Future
from pathlib import Path

from claimpack.published import slices
from claimpack.published import validate as published_validate
from claimpack.published.validate import _taken_ahead, cut_ahead


def _done() -> Future[None]:
    future: Future[None] = Future()
    future.set_result(None)
    return future


def _cut(path: Path) -> None:
    """cut_ahead, waited for: the file is cut before the test changes it."""
    cut_ahead(path, _done())
    published_validate._AHEAD[os.path.realpath(path)].result()


def _table(path: Path, rows: int) -> bytes:
    data = b"id,value\n" + b"".join(f"s{n},{n * 7}\n".encode() for n in range(rows))
    path.write_bytes(data)
    return data


def test_the_file_cut_ahead_is_taken_as_cut_and_hashed(tmp_path: Path) -> None:
    path = tmp_path / "statements.csv"
    data = _table(path, 5000)
    cut_ahead(path, _done())
    ahead = _taken_ahead(path)
    assert ahead is not None
    assert ahead.sha256 == hashlib.sha256(data).hexdigest()
    expected = slices.cut(data)
    assert ahead.cut is not None and expected is not None
    assert (ahead.cut.digests, ahead.cut.lines) == (expected.digests, expected.lines)
    assert _taken_ahead(path) is None  # taken once


def test_a_file_changed_after_it_was_cut_is_cut_again(tmp_path: Path) -> None:
    path = tmp_path / "statements.csv"
    _table(path, 100)
    _cut(path)
    _taken_ahead(tmp_path / "other.csv")  # another file's lookup leaves it
    with path.open("ab") as handle:  # same size would still change its ctime
        handle.write(b"s100,700\n")
    assert _taken_ahead(path) is None


def test_a_file_replaced_by_another_is_cut_again(tmp_path: Path) -> None:
    path = tmp_path / "statements.csv"
    _table(path, 100)
    _cut(path)
    _table(tmp_path / "new.csv", 100)
    os.replace(tmp_path / "new.csv", path)
    assert _taken_ahead(path) is None


def test_nothing_is_cut_when_the_file_was_not_written(tmp_path: Path) -> None:
    path = tmp_path / "statements.csv"
    _table(path, 10)
    failed: Future[None] = Future()
    failed.set_exception(OSError("disk full"))
    cut_ahead(path, failed)
    assert _taken_ahead(path) is None
