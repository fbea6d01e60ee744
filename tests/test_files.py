"""The trust boundary for paths: resolving many paths under one root (a folder resolved once)
refuses and accepts exactly what resolving each path in full does; a bounded read gives a
file's bytes within its limit whatever size the file had when it was opened."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimpack import files
from claimpack.files import UnsafePath, read_bounded, resolver


def full_resolution(root: Path, relative: str) -> Path | None:
    """Each path resolved alone, after following every link: None when refused."""
    if "://" in relative or relative.startswith("/"):
        return None
    resolved = (root / relative).resolve()
    return resolved if resolved.is_relative_to(root.resolve()) else None


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A root with plain files, links inside, and links (to a file, to a folder) out of it."""
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "secret.txt").write_text("secret")
    root = tmp_path / "root"
    (root / "seeds" / "sub").mkdir(parents=True)
    (root / "seeds" / "a.txt").write_text("a")
    (root / "seeds" / "sub" / "b.txt").write_text("b")
    (root / "seeds" / "in.txt").symlink_to(root / "seeds" / "a.txt")
    (root / "seeds" / "up.txt").symlink_to(Path("..") / ".." / "outside" / "secret.txt")
    (root / "seeds" / "out").symlink_to(outside)
    (root / "seeds" / "folder-in").symlink_to(root / "seeds" / "sub")
    os.symlink(root / "seeds", root / "alias")
    return root


PATHS = [
    "seeds/a.txt",
    "seeds/sub/b.txt",
    "seeds/in.txt",
    "seeds/up.txt",
    "seeds/out/secret.txt",
    "seeds/out/deep/../secret.txt",
    "seeds/folder-in/b.txt",
    "alias/a.txt",
    "alias/up.txt",
    "seeds/missing.txt",
    "seeds/missing/c.txt",
    "seeds/../seeds/a.txt",
    "seeds/../../outside/secret.txt",
    "../root",
    "../root/seeds/a.txt",
    "../outside/secret.txt",
    "..",
    "seeds/..",
    "seeds/.",
    "seeds/out/..",
    "seeds/",
    "seeds//a.txt",
    "/etc/passwd",
    "https://example.org/a.txt",
]


def test_one_resolver_agrees_with_resolving_each_path_in_full(tree: Path) -> None:
    inside = resolver(tree)
    for relative in PATHS * 2:  # the second time, from the resolved folders
        try:
            found: Path | None = inside(relative)
        except UnsafePath:
            found = None
        assert found == full_resolution(tree, relative), relative


def test_a_link_out_is_refused_with_a_located_message(tree: Path) -> None:
    inside = resolver(tree)
    for relative in ("seeds/up.txt", "seeds/out/secret.txt", "alias/up.txt"):
        with pytest.raises(UnsafePath, match="leaves its folder") as error:
            inside(relative)
        assert error.value.code == "unsafe-path" and relative in str(error.value)


@given(size=st.integers(0, 40), limit=st.integers(0, 40), said=st.integers(0, 40))
def test_a_bounded_read_gives_the_whole_file_within_its_limit_whatever_its_size_was_said_to_be(
    tmp_path_factory: pytest.TempPathFactory, size: int, limit: int, said: int
) -> None:
    """`said` is the size the open file reports: smaller when it grew since, larger when it
    shrank."""
    path = tmp_path_factory.mktemp("bounded") / "file"
    path.write_bytes(bytes(range(size)))
    real_fstat = os.fstat

    def fstat(descriptor: int) -> os.stat_result:
        info = list(real_fstat(descriptor))
        info[6] = said  # st_size
        return os.stat_result(info)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(files.os, "fstat", fstat)
        if size > limit:
            with pytest.raises(UnsafePath) as refused:
                read_bounded(path, limit)
            assert refused.value.code == "too-large"
        else:
            assert read_bounded(path, limit) == bytes(range(size))
