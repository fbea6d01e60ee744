"""A build pauses Python's cyclic garbage collector while it runs (process.collector_paused)
and leaves it as the caller had it: on or off, after a build that publishes and after one that
refuses its seeds."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimpack import build
from claimpack.problems import InvalidSeeds
from claimpack.process import collector_paused

from conftest import write_project


@pytest.fixture
def collector_on() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.enable()
    yield
    if not was_enabled:
        gc.disable()


def test_the_collector_is_off_in_every_stage_and_on_again_after(
    tmp_path: Path, collector_on: None
) -> None:
    seen: dict[str, bool] = {}
    build(write_project(tmp_path / "project"), lambda stage: seen.update({stage: gc.isenabled()}))
    assert seen and not any(seen.values()), seen
    assert gc.isenabled()


def test_a_refused_build_turns_the_collector_on_again(tmp_path: Path, collector_on: None) -> None:
    root = write_project(tmp_path / "project")
    (root / "seeds" / "entities.yaml").write_text("- [unclosed\n", encoding="utf-8")
    with pytest.raises(InvalidSeeds):
        build(root)
    assert gc.isenabled()


def test_a_caller_that_turned_the_collector_off_finds_it_off(
    tmp_path: Path, collector_on: None
) -> None:
    gc.disable()
    build(write_project(tmp_path / "project"))
    assert not gc.isenabled()


def test_objects_in_cycles_made_while_paused_are_collected_once_it_is_on_again(
    collector_on: None,
) -> None:
    class Node:
        def __init__(self) -> None:
            self.me = self

    gc.collect()
    with collector_paused():
        for _ in range(1000):
            Node()
        assert sum(type(o) is Node for o in gc.get_objects()) == 1000  # none collected yet
    gc.collect()
    assert not any(type(o) is Node for o in gc.get_objects())
