"""Benchmark: build time, rate and peak memory as the corpus grows, and the rebuild after one
coding file changed; and a check that every build finds exactly the planted disagreements.

For each size (10k, 100k and 1M statements by default, 100 statements an article) and for the
realistic and the adversarial synthetic corpus (`claimpack synth`), writes the project in a
temporary folder, flushes it to disk (as a corpus checked out earlier is: the kernel would
otherwise write its 300 MB back during the build), builds it cold in a child process (no
cache) while sampling the resident memory of the child and its workers, and prints
statements, seconds, statements per second, peak RSS and the three slowest stages (and
deriving discrepancies). After the largest realistic build it edits one statement of one
article and times the rebuild, twice: a note (which no discrepancy rule reads), then the
voice the statement is attributed to (which the rules read, so the discrepancies of its keys
are derived again), each after the writes of the build before are flushed to disk. First it
times the five seed articles as a new user meets them: a cold `claimpack build`, then
`claimpack validate`, each a process of its own (the console script, its start and imports
included), the median of --rounds rounds on a fresh copy of
seeds/ and schema/; and, as the alternative, `frictionless validate` of the package built. It
prints figures and asserts nothing about time; a build that finds other disagreements than
the planted ones is a bug, and the script says so loudly and exits 1. Run:

    .venv/bin/python bench/bench_build.py [--sizes 10000 100000 1000000] [--rounds 7] [--keep DIR]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

from claimpack.pipeline import build
from claimpack.process import pandas_unused
from claimpack.synth import planted_mismatches, synthesize

REPO = Path(__file__).resolve().parents[1]
PER_ARTICLE = 100


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="*", type=int, default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--keep", type=Path, help="write the corpora here and keep them")
    parser.add_argument("--rounds", type=int, default=7, help="cold builds of the seeds to time")
    parser.add_argument("--build-only", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.build_only:  # a process that only builds, as the console script's build does
        pandas_unused()
        print(json.dumps(_timed_build(options.build_only)))
        return
    print(f"load: {_uptime()}   cores: {len(os.sched_getaffinity(0))}")
    if options.rounds > 0:
        _seeds(options.rounds)
    print(f"{'corpus':<12}{'statements':>11}{'seconds':>9}{'stmts/s':>9}{'peak RSS':>10}  "
          f"{'planted':<9}  slowest stages (seconds)")  # fmt: skip
    failures = 0
    scratch = options.keep or Path(tempfile.mkdtemp(prefix="claimpack-bench-"))
    try:
        for adversarial in (False, True):
            for statements in options.sizes:
                root = scratch / f"{'adversarial' if adversarial else 'realistic'}-{statements}"
                failures += _measure(root, statements, adversarial)
                largest = statements == max(options.sizes)
                if not adversarial and largest:
                    failures += _rebuild(root, statements, "note")
                    failures += _rebuild(root, statements, "voice")
                if not options.keep:
                    shutil.rmtree(root, ignore_errors=True)
    finally:
        if not options.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    print(f"load: {_uptime()}")
    if failures:
        print(f"!!! {failures} build(s) found other disagreements than the planted ones !!!")
        sys.exit(1)


def _seeds(rounds: int) -> None:
    """Print the seconds of a cold `claimpack build` of the seed articles and of the
    `claimpack validate` after it (medians of `rounds`), and of `frictionless validate`."""
    scripts = Path(sys.executable).parent
    build_s, validate_s, together = [], [], []
    with tempfile.TemporaryDirectory(prefix="claimpack-seeds-") as scratch:
        for round_ in range(rounds):
            root = Path(scratch) / str(round_)
            for folder in ("seeds", "schema"):
                shutil.copytree(REPO / folder, root / folder)
            os.sync()
            build = _seconds([scripts / "claimpack", "build"], root)
            validate = _seconds([scripts / "claimpack", "validate"], root)
            build_s.append(build)
            validate_s.append(validate)
            together.append(build + validate)
        frictionless = _seconds([scripts / "frictionless", "validate", "datapackage.json"], root)
    median = statistics.median
    print(
        f"seeds (5 articles), median of {rounds} cold runs: build {median(build_s):.2f} s"
        f" + validate {median(validate_s):.2f} s = {median(together):.2f} s"
        f" (fastest {min(together):.2f}, slowest {max(together):.2f});"
        f" frictionless validate {frictionless:.2f} s",
        flush=True,
    )


def _seconds(command: list[Path | str], cwd: Path) -> float:
    """Wall seconds of a command run in cwd, which must succeed."""
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, command))} failed in {cwd}:\n{done.stderr}")
    return seconds


def _measure(root: Path, statements: int, adversarial: bool) -> int:
    """Synthesize, build cold, print a row; 1 when the findings differ from the planted ones."""
    shutil.rmtree(root, ignore_errors=True)
    synthesize(REPO, root, statements // PER_ARTICLE, PER_ARTICLE, seed=1, adversarial=adversarial)
    os.sync()  # the corpus on disk, as a checkout is: its writing back is not the build's time
    timing, peak = _build_in_child(root)
    name = "adversarial" if adversarial else "realistic"
    return _report(name, root, statements, timing, peak)


def _rebuild(root: Path, statements: int, edit: str) -> int:
    """Edit one statement of one coding file (its note, or its voice: the statement's subject
    speaking), rebuild, print the row."""
    codings = sorted((root / "seeds" / "statements").glob("*.yaml"))
    path = codings[len(codings) // 2]
    coding = yaml.safe_load(path.read_text(encoding="utf-8"))
    statement = coding["statements"][0]
    if edit == "note":
        statement["note"] = "Checked again for the benchmark."
    else:
        statement["attributed_to"] = statement["subject"]
    path.write_text(yaml.safe_dump(coding, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # The build before wrote a gigabyte the kernel writes back half a minute later, in the
    # middle of this one: a maintainer's edit comes later than that, so it is flushed first.
    os.sync()
    timing, peak = _build_in_child(root)
    return _report(f"one {edit}", root, statements, timing, peak)


def _report(name: str, root: Path, statements: int, timing: dict[str, float], peak: int) -> int:
    mismatches = planted_mismatches(root)
    planted = len(json.loads((root / "planted.json").read_text())["discrepancies"])
    verdict = f"ok ({planted})" if not mismatches else f"MISMATCH ({len(mismatches)})"
    seconds = timing.pop("seconds")
    slowest = sorted(timing.items(), key=lambda kv: -kv[1])[:3]
    if "derive discrepancies" not in dict(slowest):
        slowest.append(("derive discrepancies", timing["derive discrepancies"]))
    print(
        f"{name:<12}{statements:>11}{seconds:>9.1f}{statements / seconds:>9.0f}"
        f"{peak / 2**20:>8.0f}MB  {verdict:<9}  "
        + ", ".join(f"{stage} {spent:.1f}" for stage, spent in slowest),
        flush=True,
    )
    for line in mismatches[:20]:
        print(f"    !!! {line}")
    return 1 if mismatches else 0


def _build_in_child(root: Path) -> tuple[dict[str, float], int]:
    """Build root in a child process; its timings, and the peak of the summed resident memory
    of the child and its worker processes, sampled every 50 ms."""
    child = subprocess.Popen(
        [sys.executable, __file__, "--build-only", str(root)], stdout=subprocess.PIPE, text=True
    )
    peak = 0

    def sample() -> None:
        nonlocal peak
        while child.poll() is None:
            peak = max(peak, _tree_rss(child.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    output, _ = child.communicate()
    sampler.join()
    if child.returncode != 0:
        raise SystemExit(f"the build of {root} failed")
    return json.loads(output.splitlines()[-1]), peak


def _timed_build(root: Path) -> dict[str, float]:
    """Seconds of the whole build and of each stage, on every core."""
    marks: list[tuple[str, float]] = []
    started = time.perf_counter()
    jobs = len(os.sched_getaffinity(0))
    build(root, lambda stage: marks.append((stage, time.perf_counter())), jobs)
    ended = time.perf_counter()
    marks.append(("", ended))
    stages = {stage: end - start for (stage, start), (_, end) in itertools.pairwise(marks)}
    return {"seconds": ended - started, **stages}


def _tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants (from /proc)."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next(int(line.split()[1]) * 1024 for line in status.splitlines()
                          if line.startswith("VmRSS:"))  # fmt: skip
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue
    return total


def _uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


if __name__ == "__main__":
    main()
