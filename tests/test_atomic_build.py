"""A build that fails or is killed at any moment leaves a whole release: the previous one, or,
past the commit point, the new one; never a mix."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimpack import build, load, pipeline, publish, validate_package
from claimpack.cli import app
from claimpack.problems import InvalidSeeds, UsageError
from claimpack.publish import JOURNAL, PublishBusy, publish_lock, recover
from claimpack.published import validate as published_validate

from conftest import published_bytes


def change_seeds(root: Path) -> None:
    entities = root / "seeds" / "entities.yaml"
    entities.write_text(entities.read_text().replace("A cartel boss.", "A boss of a cartel."))


@pytest.fixture
def releases(project: Path, tmp_path: Path) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    """The project with an old release published, and the bytes of the old and the new."""
    build(project)
    old = published_bytes(project)
    change_seeds(project)
    build(project)
    new = published_bytes(project)
    # put the old release back, with the new seeds in place
    for path in new:
        (project / path).unlink()
    for path, data in old.items():
        (project / path).parent.mkdir(parents=True, exist_ok=True)
        (project / path).write_bytes(data)
    assert old != new
    return project, old, new


def build_crashing_at_rename(root: Path, failing: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build whose renames fail from the one after the first `failing` on, as if the
    process died there."""
    real_rename = Path.rename
    calls = []

    def rename(self: Path, target: Path) -> Path:
        calls.append(self)
        if len(calls) > failing:
            raise OSError("simulated crash")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(OSError, match="simulated crash"):
        build(root)
    monkeypatch.undo()


@pytest.mark.parametrize("failing_rename", range(6))
def test_a_publish_interrupted_at_any_rename_is_rolled_back(
    releases: tuple[Path, dict[str, bytes], dict[str, bytes]],
    monkeypatch: pytest.MonkeyPatch,
    failing_rename: int,
) -> None:
    root, old, _ = releases
    build_crashing_at_rename(root, failing_rename, monkeypatch)
    # Either the failing build rolled back itself, or (as when the process dies) renames kept
    # failing and the journal is left for the next command to recover from.
    recover(root)
    assert not (root / JOURNAL).exists()
    assert published_bytes(root) == old
    assert not list(root.glob(".build-staging-*"))


def test_a_build_killed_at_many_moments_leaves_a_whole_valid_release(
    releases: tuple[Path, dict[str, bytes], dict[str, bytes]],
) -> None:
    root, old, new = releases
    command = [sys.executable, "-m", "claimpack", "build", "--root", str(root)]
    started = time.monotonic()
    subprocess.run(command, check=True, capture_output=True)
    duration = time.monotonic() - started
    for path in new:  # back to the old release
        (root / path).unlink()
    for path, data in old.items():
        (root / path).write_bytes(data)

    outcomes = []
    scratch = root.parent / "tmp"  # what a killed build cannot remove stays out of /tmp
    scratch.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(scratch)}
    for step in range(12):
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
        )
        time.sleep(duration * (0.3 + 0.75 * step / 11))
        process.send_signal(signal.SIGKILL)
        process.wait()
        recover(root)
        state = published_bytes(root)
        assert state in (old, new), f"kill {step}: a mix of two releases"
        assert validate_package(root / "datapackage.json", seeds=False).valid
        outcomes.append("new" if state == new else "old")
        if state == new:  # start the next attempt from the old release again
            for path in new:
                (root / path).unlink()
            for path, data in old.items():
                (root / path).write_bytes(data)
    assert "old" in outcomes, outcomes
    assert os.listdir(root / "dist")


KILL_AT_NTH_STEP = """
import os, pathlib, sys
from claimpack import publish
count = {"n": 0}
def dying(step):
    def wrapper(*args, **kwargs):
        if count["n"] == int(sys.argv[1]):
            os._exit(9)  # a kill: no cleanup, no finally
        count["n"] += 1
        return step(*args, **kwargs)
    return wrapper
pathlib.Path.rename = dying(pathlib.Path.rename)
pathlib.Path.unlink = dying(pathlib.Path.unlink)
publish.write_atomically = dying(publish.write_atomically)
from claimpack import build
build(pathlib.Path(sys.argv[2]))
"""


def test_a_build_killed_at_every_step_of_publishing_leaves_one_whole_release(
    releases: tuple[Path, dict[str, bytes], dict[str, bytes]],
) -> None:
    """Fault injection at each rename, unlink and journal write of the publish: after recovery
    dist/ is exactly the old or the new release, and validates."""
    root, old, new = releases
    seen = set()
    for step in range(12):
        completed = subprocess.run(
            [sys.executable, "-c", KILL_AT_NTH_STEP, str(step), str(root)], capture_output=True
        )
        recover(root)
        state = published_bytes(root)
        assert state in (old, new), f"killed at step {step}: a mix of two releases"
        assert validate_package(root / "datapackage.json", seeds=False).valid
        seen.add("new" if state == new else "old")
        if completed.returncode == 0:
            break
        for path in state:  # start again from the old release
            (root / path).unlink()
        for path, data in old.items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_bytes(data)
    assert seen == {"old", "new"}


def test_no_build_publishes_while_validate_reads(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """validate run while a build published read half of the new package and half of the old
    (byte-count and hash errors that were not there): it holds the publish lock, shared,
    while it reads, and a publish waits for it."""
    build(project)
    real, publishing = published_validate.validate_package, []

    def reading(*args: object, **kwargs: object) -> object:
        try:
            with publish_lock(project, wait=0):
                publishing.append("published")
        except PublishBusy:
            publishing.append("waited")
        with publish_lock(project, wait=0, shared=True):  # other readers are let in
            publishing.append("read")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(published_validate, "validate_package", reading)
    assert validate_package(project / "datapackage.json").valid
    assert publishing == ["waited", "read"]


@pytest.mark.parametrize("lock_file", ["absent", "present", "journal"])
def test_a_read_only_checkout_is_validated_as_it_is(
    project: Path, monkeypatch: pytest.MonkeyPatch, lock_file: str
) -> None:
    """A checkout that cannot be written (mounted read-only, another user's) is validated
    without creating the lock file: read-only when there is one, not at all when there is
    none (no build could publish there). Only an interrupted publish, which a rollback alone
    makes whole, is refused, saying why."""
    build(project)
    lock = project / ".publish.lock"
    lock.unlink(missing_ok=True)
    if lock_file != "absent":
        lock.touch()
    if lock_file == "journal":
        (project / JOURNAL).write_text("{}", encoding="utf-8")
    real_open = os.open

    def read_only(path: str | Path, flags: int, *args: int) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(path, flags, *args)

    monkeypatch.setattr(publish.os, "open", read_only)
    if lock_file == "journal":
        with pytest.raises(UsageError, match="cannot be written to roll it back"):
            validate_package(project / "datapackage.json")
    else:
        assert validate_package(project / "datapackage.json").valid
    assert lock.exists() == (lock_file != "absent")


@pytest.mark.parametrize("reader", ["load", "report", "diff"])
def test_a_half_published_package_is_rolled_back_before_it_is_read(
    releases: tuple[Path, dict[str, bytes], dict[str, bytes]],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    reader: str,
) -> None:
    """A build killed between its renames leaves a mix of two releases and a journal: load,
    report and diff roll it back first, as build and validate do, and read the old one."""
    root, old, _ = releases
    build_crashing_at_rename(root, 2, monkeypatch)
    assert (root / JOURNAL).exists() and published_bytes(root) != old
    descriptor = str(root / "datapackage.json")
    if reader == "load":
        assert len(load(descriptor)["statements"]) > 0
    else:
        output = ["--output", str(tmp_path / "report.html")] if reader == "report" else []
        arguments = [reader, descriptor, *([descriptor] if reader == "diff" else []), *output]
        result = CliRunner().invoke(app, arguments)
        assert result.exit_code == 0, result.output
    assert not (root / JOURNAL).exists()
    assert published_bytes(root) == old


def test_a_dist_folder_that_is_a_link_is_refused_before_anything_is_written(
    project: Path, tmp_path: Path
) -> None:
    """A contribution may hold dist/ as a link to anywhere: publishing through it wrote the
    tables there, outside the project."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (project / "dist").symlink_to(outside, target_is_directory=True)
    with pytest.raises(UsageError, match="dist is a link"):
        build(project)
    assert list(outside.iterdir()) == []
    assert not (project / "datapackage.json").exists()


@pytest.mark.parametrize("planted", ["link", "file"])
def test_a_staging_folder_planted_under_the_build_s_name_is_not_written_through(
    project: Path, tmp_path: Path, planted: str
) -> None:
    """A contribution may hold .build-staging-<id> (an id a container gives every time) as a
    link to anywhere: the build wrote every table there, outside the project, and published
    from there. It is cleared as the build's own, never followed."""
    outside = tmp_path / "outside"
    outside.mkdir()
    staging = project / f".build-staging-{os.getpid()}"
    if planted == "link":
        staging.symlink_to(outside, target_is_directory=True)
    else:
        staging.write_bytes(b"in the way")
    build(project)
    assert list(outside.iterdir()) == []
    assert not staging.exists() and not staging.is_symlink()
    assert validate_package(project / "datapackage.json").valid


def test_a_build_that_fails_while_another_publishes_leaves_no_staging(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another build's journal (its publish under way) is no reason to keep this build's
    staging folder, which that journal does not name: only a publish of this build's own, cut
    short, leaves it for recover()."""
    real_check = pipeline._check_headlines

    def check_while_another_publishes(*args: Any) -> None:
        (project / ".build-staging-1").mkdir()
        (project / JOURNAL).write_text('{"staging": ".build-staging-1"}', encoding="utf-8")
        real_check(*args)
        raise InvalidSeeds([])

    monkeypatch.setattr(pipeline, "_check_headlines", check_while_another_publishes)
    with pytest.raises(InvalidSeeds):
        build(project)
    assert not (project / f".build-staging-{os.getpid()}").exists()


@pytest.mark.parametrize("failing_rename", [1, 2, 3])
def test_a_build_of_the_same_process_id_rolls_back_an_interrupted_publish_first(
    releases: tuple[Path, dict[str, bytes], dict[str, bytes]],
    monkeypatch: pytest.MonkeyPatch,
    failing_rename: int,
) -> None:
    """The interrupted publish's staging folder, which holds the previous release, is this
    process's own (as when a container's entry point runs under the same id every time): it
    is rolled back before the new build clears its staging folder."""
    root, _, new = releases
    build_crashing_at_rename(root, failing_rename, monkeypatch)
    assert (root / JOURNAL).exists()
    build(root)
    assert not (root / JOURNAL).exists()
    assert published_bytes(root) == new
    assert not list(root.glob(".build-staging-*"))


def test_a_failing_build_after_an_interrupted_publish_leaves_the_old_release_and_no_staging(
    releases: tuple[Path, dict[str, bytes], dict[str, bytes]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root, old, _ = releases
    build_crashing_at_rename(root, 2, monkeypatch)
    (root / "seeds" / "entities.yaml").write_text("- not: an entity\n", encoding="utf-8")
    with pytest.raises(InvalidSeeds):
        build(root)
    assert not (root / JOURNAL).exists()
    assert published_bytes(root) == old
    assert not list(root.glob(".build-staging-*"))
