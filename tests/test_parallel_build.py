"""The per-article stages in worker processes give what one process gives: the same published
bytes, and for broken seeds the same problems in the same order."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from claimpack import build
from claimpack.layout import CACHE_DIR
from claimpack.per_article import PARALLEL_FROM
from claimpack.problems import InvalidSeeds
from claimpack.synth import synthesize

from conftest import REPO, published_bytes


def outcome(root: Path, jobs: int) -> Any:
    """The published bytes of a cold build of root, or the problems it refused with."""
    shutil.rmtree(root / CACHE_DIR, ignore_errors=True)
    try:
        build(root, jobs=jobs)
    except InvalidSeeds as error:
        return [str(problem) for problem in error.problems]
    finally:
        shutil.rmtree(root / CACHE_DIR, ignore_errors=True)
    return published_bytes(root)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("parallel") / "project"
    synthesize(REPO, root, PARALLEL_FROM + 4, 6, seed=9)
    return root


def test_two_workers_publish_the_bytes_one_process_publishes(project: Path) -> None:
    one = outcome(project, jobs=1)
    assert isinstance(one, dict) and one
    assert outcome(project, jobs=2) == one


def test_two_workers_refuse_broken_seeds_with_the_problems_one_process_gives(
    project: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(project, broken)
    codings = sorted((broken / "seeds" / "statements").glob("*.yaml"))
    for path, damage in zip(codings[::5], ["subject", "value", "malformed", "quote"], strict=False):
        coding = yaml.safe_load(path.read_text(encoding="utf-8"))
        statement = coding["statements"][0]
        if damage == "malformed":
            path.write_text(path.read_text(encoding="utf-8") + "statements: [\n", encoding="utf-8")
            continue
        statement[damage] = "not-an-entity" if damage == "subject" else "nowhere in the article"
        path.write_text(yaml.safe_dump(coding, sort_keys=False), encoding="utf-8")
    one = outcome(broken, jobs=1)
    assert isinstance(one, list) and one
    assert outcome(broken, jobs=2) == one


def test_a_script_that_builds_with_workers_exits_without_leak_reports(
    project: Path, tmp_path: Path
) -> None:
    """Workers freeze what they imported out of the collector's sight; at exit it is given
    back, or DuckDB's bindings, imported by a script whose workers import it too, report each
    of their objects as leaked."""
    root = tmp_path / "project"
    shutil.copytree(project, root)
    script = tmp_path / "build_it.py"
    script.write_text(
        "import sys\nfrom pathlib import Path\nimport duckdb  # noqa: F401\n"
        "from claimpack import build\n"
        "if __name__ == '__main__':\n    build(Path(sys.argv[1]), jobs=2)\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script), str(root)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "leaked" not in done.stderr


WATCHED = (
    "import os, sys, time\nfrom pathlib import Path\n"
    "from claimpack.per_article import _ended_with\n"
    "_ended_with(os.getppid(), Path(sys.argv[1]))\nprint('watching', flush=True)\ntime.sleep(60)\n"
)
STARTER = (
    "import subprocess, sys, time\n"
    "command = [sys.executable, '-c', sys.argv[1], sys.argv[2]]\n"
    "child = subprocess.Popen(command, stdout=subprocess.PIPE)\n"
    "child.stdout.readline()\nprint(child.pid, flush=True)\ntime.sleep(60)\n"
)


def test_a_worker_ends_when_its_build_is_killed(tmp_path: Path) -> None:
    """SIGKILL of the build (or the out-of-memory killer choosing it) gives it no chance to
    end its workers, which would wait on their pipes for ever: a worker ends on its own within
    seconds, removing the build's scratch folder."""
    scratch = tmp_path / "claimpack-workers-scratch"
    scratch.mkdir()
    starter = subprocess.Popen(
        [sys.executable, "-c", STARTER, WATCHED, str(scratch)], stdout=subprocess.PIPE, text=True
    )
    assert starter.stdout is not None
    worker = int(starter.stdout.readline())
    starter.kill()
    starter.wait()
    deadline = time.monotonic() + 10
    while _running(worker):
        assert time.monotonic() < deadline, "a worker outlived its build"
        time.sleep(0.05)
    assert not scratch.exists()


def _running(pid: int) -> bool:
    """Whether a process exists and is not a zombie (ended, its parent yet to wait for it)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


def _workers_of(pid: int) -> list[int]:
    """The worker processes (started by spawn) among the children of a process."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            command = Path(f"/proc/{child}/cmdline").read_bytes()
            if b"spawn_main" in command:
                found.append(int(child))
    return found


def test_a_worker_killed_as_it_starts_ends_the_build_with_a_message(
    project: Path, tmp_path: Path
) -> None:
    """A worker the system kills (out of memory) as soon as it is started: the build ends
    with exit code 2 and says so, publishing nothing, rather than waiting for ever for the
    worker to read what it was to start with."""
    root = tmp_path / "project"
    published = _copied_cold(project, root)
    build_run, workers = _build_with_workers(root, os.environ)
    try:
        os.kill(workers[0], signal.SIGKILL)
        _, stderr = build_run.communicate(timeout=120)
    finally:
        build_run.kill()
    assert build_run.returncode == 2, stderr
    assert "a worker process of the build ended abruptly" in stderr
    assert "Traceback" not in stderr
    assert published_bytes(root) == published


def test_a_build_sent_sigterm_stops_its_workers_and_leaves_no_files(
    project: Path, tmp_path: Path
) -> None:
    """SIGTERM (a CI job's timeout) while workers compute: the build ends soon with 128 + 15,
    its workers ended with it (not left running with no parent), its temporary folder
    removed, and the published package untouched."""
    root = tmp_path / "project"
    published = _copied_cold(project, root)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    build_run, workers = _build_with_workers(root, {**os.environ, "TMPDIR": str(scratch)})
    try:
        build_run.send_signal(signal.SIGTERM)
        _, stderr = build_run.communicate(timeout=60)
    finally:
        build_run.kill()
    assert build_run.returncode == 128 + signal.SIGTERM, stderr
    assert "Traceback" not in stderr
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{worker}").exists() for worker in workers):
        assert time.monotonic() < deadline, "a worker outlived the build"
        time.sleep(0.05)
    assert list(scratch.iterdir()) == []
    assert published_bytes(root) == published


def _copied_cold(project: Path, root: Path) -> dict[str, bytes]:
    """The project copied to root without its cache (every article to compute); its
    published bytes."""
    shutil.copytree(project, root)
    shutil.rmtree(root / CACHE_DIR, ignore_errors=True)
    return published_bytes(root)


def _build_with_workers(
    root: Path, env: Mapping[str, str]
) -> tuple[subprocess.Popen[str], list[int]]:
    """The console script's build of root, once it has started its worker processes."""
    console = Path(sys.executable).parent / "claimpack"
    build_run = subprocess.Popen(
        [str(console), "build", "--jobs", "2"],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    while build_run.poll() is None and not (workers := _workers_of(build_run.pid)):
        time.sleep(0.005)
    if build_run.poll() is not None:
        build_run.communicate()
        pytest.fail("the build ended before starting a worker")
    return build_run, workers
