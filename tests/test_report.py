"""The HTML report: self-contained, and what Chromium renders shows the discrepancies."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from claimpack.published.report import write_report

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("report") / "report.html"
    write_report(REPO / "datapackage.json", target)
    return target


def test_the_committed_report_is_the_one_the_package_gives(report: Path) -> None:
    assert (REPO / "dist" / "report.html").read_text(encoding="utf-8") == report.read_text()


def test_the_report_needs_nothing_from_outside(report: Path) -> None:
    page = report.read_text(encoding="utf-8")
    assert "<script" not in page and "<link" not in page and "@import" not in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "url(" not in page


def chromium(report: Path, tmp_path: Path, *args: str) -> str:
    assert CHROMIUM is not None
    command = [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args, report.as_uri()]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True).stdout


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")
def test_chromium_renders_every_discrepancy_side_by_side(report: Path, tmp_path: Path) -> None:
    dom = chromium(report, tmp_path, "--dump-dom")
    discrepancies = pd.read_csv(REPO / "dist" / "csv" / "discrepancies.csv")
    cards = re.findall(r'<article class="discrepancy-card (?:minor|major)"', dom)
    assert len(cards) == len(discrepancies)
    links = pd.read_csv(REPO / "dist" / "csv" / "discrepancy_statements.csv")
    assert dom.count('<div class="side">') == len(links)
    assert "<mark>U.S. officials had placed a $15 million bounty on him</mark>" in dom
    assert "<mark>had offered a $10 million reward for information leading to his capture" in dom
    statements = len(pd.read_csv(REPO / "dist" / "csv" / "statements.csv"))
    assert f"<b>{statements}</b>statements" in dom

    screenshot = tmp_path / "report.png"
    chromium(report, tmp_path, "--window-size=1280,2000", f"--screenshot={screenshot}")
    png = screenshot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (1280, 2000)
