"""The report as headless Chromium renders it: no horizontal scroll on a 375 px phone or a
1280 px desktop, no console errors or requests, every statement reachable by keyboard, touch and
screen reader (and without scripts), readable contrast, and screenshots that show a page.

Driven over the DevTools protocol on a pipe (tests/browser.py); skipped only where chromium is
not installed (.ci/run installs it).
"""

from __future__ import annotations

import base64
import re
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from browser import CHROMIUM, Browser, Page, chromium, png_pixels

from claimpack.published.report import write_report

REPO = Path(__file__).resolve().parents[1]
CSV = REPO / "dist" / "csv"
WIDTHS = [pytest.param(375, True, id="phone-375"), pytest.param(1280, False, id="desktop-1280")]

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (.ci/run installs it with apt-get)"
)

OVERFLOW = """(() => {
  const width = document.documentElement.clientWidth, wide = [];
  for (const node of document.querySelectorAll("body *")) {
    const box = node.getBoundingClientRect();
    if (box.width && (box.right > width + 0.5 || box.left < -0.5) && !node.closest(".sr-only")
        && !node.closest(".skip")) {
      wide.push(`${node.tagName.toLowerCase()}.${node.className}: ${box.left}..${box.right}`);
    }
  }
  return {scroll: document.documentElement.scrollWidth, inner: innerWidth, wide: wide.slice(0, 8)};
})()"""

CONTRAST = """(() => {
  const parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const over = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3]))
    .concat([1]);
  const lum = (c) => { const f = (v) => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const ground = (node) => { const layers = [];
    for (let e = node; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; } }
    return layers.reverse().reduce((under, top) => over(top, under), [255, 255, 255, 1]); };
  const low = [], seen = new Set();
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const node = walk.currentNode.parentElement;
    if (!walk.currentNode.textContent.trim() || seen.has(node)) continue;
    seen.add(node);
    if (!node.checkVisibility() || node.closest(".sr-only")) continue;
    const style = getComputedStyle(node), back = ground(node);
    const fore = over(parse(style.color), back);
    const a = lum(fore), b = lum(back);
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight) >= 700;
    const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio < needed) low.push(`${ratio.toFixed(2)} ${node.tagName}.${node.className}: `
      + walk.currentNode.textContent.trim().slice(0, 40));
  }
  return low;
})()"""

OPEN_ALL = "document.querySelectorAll('details').forEach((d) => { d.open = true; }); true"


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    target = tmp_path_factory.mktemp("report") / "report.html"
    write_report(REPO / "datapackage.json", target)
    return target.as_uri()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    with chromium(tmp_path_factory.mktemp("profile")) as running:
        yield running


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    opened = browser.new_page()
    yield opened
    opened.close()


def wait_until(page: Page, expression: str, seconds: float = 5) -> Any:
    deadline = time.monotonic() + seconds
    while True:
        value = page.evaluate(expression)
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.05)


@pytest.mark.parametrize(("width", "mobile"), WIDTHS)
def test_nothing_scrolls_sideways(page: Page, url: str, width: int, mobile: bool) -> None:
    page.open(url, width, 800, mobile)
    # on a phone the viewport meta makes the layout width the device's, not 980 px
    assert page.evaluate("innerWidth") == width
    for state in ("as loaded", "every list and filter open"):
        if state != "as loaded":
            page.evaluate(OPEN_ALL)
        layout = page.evaluate(OVERFLOW)
        assert layout["scroll"] <= layout["inner"] and layout["wide"] == [], (state, layout)
    assert float(page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")) >= 16


@pytest.mark.parametrize(("width", "mobile"), WIDTHS)
def test_screenshots_show_a_rendered_page(
    page: Page, url: str, width: int, mobile: bool, tmp_path: Path
) -> None:
    page.open(url, width, 900, mobile)
    height = 1600
    png = page.screenshot(tmp_path / f"report-{width}.png", width, height)
    columns, rows, pixels = png_pixels(png)
    assert (columns, rows) == (width, height)
    step = len(pixels[0]) // width
    colors = Counter(row[i : i + step] for row in pixels[::2] for i in range(0, len(row), step * 2))
    background, most = colors.most_common(1)[0]
    assert most / sum(colors.values()) < 0.8, f"mostly one colour {background.hex()}: blank?"
    assert len(colors) > 100, "too few colours for text, cards and highlights"
    dark = sum(n for color, n in colors.items() if sum(color[:3]) < 3 * 60)
    assert dark / sum(colors.values()) > 0.02, "no dark pixels: no text or masthead rendered"
    card = page.evaluate(
        "(() => { const c = document.querySelector('article.card'); c.scrollIntoView();"
        " const b = c.getBoundingClientRect();"
        " return [b.left, b.top + scrollY, b.width, Math.min(b.height, 900)]; })()"
    )
    shot = page.send(
        "Page.captureScreenshot",
        format="png",
        captureBeyondViewport=True,
        clip={"x": card[0], "y": card[1], "width": card[2], "height": card[3], "scale": 1},
    )
    _, _, card_pixels = png_pixels(base64.b64decode(shot["data"]))
    mark = bytes([0xFF, 0xE0, 0x66])  # the background of <mark>
    marked = sum(row[i : i + 3] == mark for row in card_pixels for i in range(0, len(row), step))
    assert marked > 200, "the first card shows no marked value words"


def test_no_console_errors_and_no_requests_while_used(page: Page, url: str) -> None:
    page.open(url, 1280, 900)
    page.evaluate("document.querySelector('input[name=severity][value=minor]').click(); true")
    page.evaluate("document.querySelector('a.span').click(); true")
    page.evaluate("document.querySelector('#filters button[type=reset]').click(); true")
    page.open(url, 375, 800, mobile=True)
    page.evaluate("window.dispatchEvent(new Event('beforeprint')); true")
    assert page.console == [] and page.exceptions == []
    assert set(page.requests) == {url}


def test_filters_by_severity_kind_and_source(page: Page, url: str) -> None:
    page.open(url, 1280, 900)
    discrepancies = pd.read_csv(CSV / "discrepancies.csv")
    visible = "document.querySelectorAll('article.card:not([hidden])').length"
    assert page.evaluate("document.getElementById('filters').hidden") is False
    assert page.evaluate(visible) == len(discrepancies)
    page.evaluate("document.querySelector('input[name=severity][value=minor]').click(); true")
    majors = int((discrepancies["severity"] == "major").sum())
    assert page.evaluate(visible) == majors
    status = page.evaluate("document.getElementById('filter-status').textContent")
    assert status == f"Showing {majors} of {len(discrepancies)} disagreements"
    page.evaluate("document.querySelector('input[name=kind][value=count_conflict]').click(); true")
    counts = (discrepancies["severity"] == "major") & (discrepancies["kind"] != "count_conflict")
    assert page.evaluate(visible) == int(counts.sum())
    page.evaluate(
        "document.querySelectorAll('input[name=source]').forEach((box) => {"
        " if (box.value !== '004_f416dadd163bbadb') box.click(); }); true"
    )
    shown = page.evaluate(
        "[...document.querySelectorAll('article.card:not([hidden])')].map((c) => c.dataset.sources)"
    )
    assert shown and all("004_f416dadd163bbadb" in sources for sources in shown)
    page.evaluate("document.querySelector('#filters button[type=reset]').click(); true")
    assert wait_until(page, f"{visible} === {len(discrepancies)}")


def test_tab_reaches_filters_cards_and_the_statements_of_a_passage(page: Page, url: str) -> None:
    page.open(url, 1280, 900)
    focused = []
    for _ in range(600):
        page.key("Tab", 9)
        focused.append(
            page.evaluate(
                "(() => { const e = document.activeElement; return {tag: e.tagName, "
                "css: e.className, href: e.getAttribute('href') || '', text: e.textContent}; })()"
            )
        )
        if focused[-1]["css"].startswith("span"):
            break
    assert focused[0]["text"] == "Skip to the disagreements"
    assert any(f["tag"] == "INPUT" for f in focused), "the filters are not reachable"
    assert any(f["text"] == "in the article" for f in focused), "cards do not link statements"
    passage = focused[-1]
    assert passage["css"].startswith("span"), "Tab never reached a coded passage"
    page.press_enter()
    assert wait_until(page, f"location.hash === {passage['href']!r}")
    statement = f"document.getElementById({passage['href'][1:]!r})"
    assert page.evaluate(f"{statement}.checkVisibility()")
    assert page.evaluate(f"{statement}.classList.contains('hit')")
    assert page.evaluate(f"document.activeElement === {statement}"), "focus stays behind"


def test_a_tap_on_a_passage_shows_its_statements(page: Page, url: str) -> None:
    page.open(url, 375, 800, mobile=True)
    x, y, href, ids = page.evaluate(
        "(() => { const a = document.querySelector('#articles a.span.c2');"
        " a.scrollIntoView({block: 'center'}); const b = a.getClientRects()[0];"
        " return [b.left + Math.min(b.width / 2, 20), b.top + b.height / 2,"
        " a.getAttribute('href'), a.dataset.statements.split(' ')]; })()"
    )
    page.tap(x, y)
    assert wait_until(page, f"location.hash === {href!r}"), "the tap did not follow the link"
    for statement in ids:
        item = f"document.getElementById({statement!r})"
        assert page.evaluate(f"{item}.checkVisibility() && {item}.classList.contains('hit')")


def test_without_scripts_everything_reads_and_passages_still_reach_statements(
    page: Page, url: str
) -> None:
    page.send("Emulation.setScriptExecutionDisabled", value=True)
    page.open(url, 1280, 900)
    discrepancies = pd.read_csv(CSV / "discrepancies.csv")
    assert page.evaluate("document.getElementById('filters').checkVisibility()") is False
    shown = "[...document.querySelectorAll('article.card')].filter((c) => c.checkVisibility())"
    assert page.evaluate(f"{shown}.length") == len(discrepancies)
    x, y, href = page.evaluate(
        "(() => { const a = document.querySelectorAll('#articles a.span')[7];"
        " a.scrollIntoView({block: 'center'}); const b = a.getClientRects()[0];"
        " return [b.left + 3, b.top + b.height / 2, a.getAttribute('href')]; })()"
    )
    assert page.evaluate(f"document.querySelector({href!r}).checkVisibility()") is False
    for kind in ("mousePressed", "mouseReleased"):
        page.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)
    assert wait_until(page, f"location.hash === {href!r}")
    assert wait_until(page, f"document.querySelector({href!r}).checkVisibility()")


def test_screen_readers_get_roles_and_names(page: Page, url: str) -> None:
    page.open(url, 1280, 900)
    root = page.send("DOM.getDocument", depth=0)["root"]["nodeId"]

    def accessible(selector: str) -> dict[str, Any]:
        node = page.send("DOM.querySelector", nodeId=root, selector=selector)["nodeId"]
        tree = page.send("Accessibility.getPartialAXTree", nodeId=node, fetchRelatives=False)
        found: dict[str, Any] = tree["nodes"][0]
        return {"role": found["role"]["value"], "name": found.get("name", {}).get("value", "")}

    passage = accessible("#articles a.span.c2")
    assert passage["role"] == "link"
    assert re.search(r"\(2 statements(, in a disagreement)?\)$", passage["name"]), passage
    card = accessible("article.card")
    heading = page.evaluate("document.querySelector('article.card h3').textContent")
    assert card == {"role": "article", "name": heading}
    assert accessible("nav.contents")["role"] == "navigation"
    assert accessible("#filters")["name"] == "Filter the disagreements"
    assert accessible("#filter-status")["role"] == "status"
    side = accessible("article.card section.side")
    assert side["role"] == "region" and "source" in side["name"]


@pytest.mark.parametrize(("width", "mobile"), WIDTHS)
def test_text_contrast_meets_wcag_aa(page: Page, url: str, width: int, mobile: bool) -> None:
    page.open(url, width, 900, mobile)
    page.evaluate(OPEN_ALL)
    assert page.evaluate(CONTRAST) == []


def test_print_leaves_out_the_controls_and_opens_the_lists(page: Page, url: str) -> None:
    page.open(url, 1280, 900)
    page.send("Emulation.setEmulatedMedia", media="print")
    assert page.evaluate("document.querySelector('nav.contents').checkVisibility()") is False
    assert page.evaluate("document.getElementById('filters').checkVisibility()") is False
    page.evaluate("window.dispatchEvent(new Event('beforeprint')); true")
    assert page.evaluate("[...document.querySelectorAll('details')].every((d) => d.open)")
    page.send("Emulation.setEmulatedMedia", media="")
