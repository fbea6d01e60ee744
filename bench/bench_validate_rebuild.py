"""Benchmark: the validation of a rebuild, by what changed (published/slices.py) and in full.

Builds the project at DIR (give a copy of a corpus built once, so that the build is a rebuild
after editing it), and when the build validates its staged package, validates that package
twice: as the build does (by what changed since the last valid validation) and in full, and
prints the wall and CPU seconds of each (CPU of every thread: DuckDB's included) and whether
the two reports are the same. Asserts nothing about time. Run:

    .venv/bin/python bench/bench_validate_rebuild.py DIR
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path
from typing import Any

from claimpack import pipeline
from claimpack.published import validate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    options = parser.parse_args()
    run = validate.validate_package

    def both(descriptor: Path, *args: Any, **kwargs: Any) -> validate.Report:
        started, cpu = time.perf_counter(), time.process_time()
        changed = run(descriptor, *args, **kwargs)
        print(f"by what changed: {time.perf_counter() - started:6.2f} s wall, "
              f"{time.process_time() - cpu:6.2f} s CPU", flush=True)  # fmt: skip
        started, cpu = time.perf_counter(), time.process_time()
        full = run(descriptor, article_root=kwargs["article_root"])
        print(f"in full:         {time.perf_counter() - started:6.2f} s wall, "
              f"{time.process_time() - cpu:6.2f} s CPU", flush=True)  # fmt: skip
        print(f"same report: {changed.to_dict() == full.to_dict()}; valid: {full.valid}")
        return changed

    pipeline.validate_package = both  # type: ignore[assignment]
    pipeline.build(options.root, jobs=len(os.sched_getaffinity(0)))


if __name__ == "__main__":
    main()
