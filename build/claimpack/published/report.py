"""A report to look at: one self-contained HTML file (no scripts, fonts or requests from outside).

Each discrepancy is a card with its sides next to each other, every side's evidence highlighted
in the words around it; each article is shown whole with its coded statements highlighted and
described on hover. Built from the published tables and the articles, in a fixed order, so the
same package gives the same file.
"""

from __future__ import annotations

import hashlib
import html
import itertools
from pathlib import Path
from typing import Any

import pandas as pd

from claimpack.files import write_atomically
from claimpack.layout import REPORT
from claimpack.published.load import frames
from claimpack.published.reader import Package, open_package

CONTEXT = 160

STYLE = """
body{font:15px/1.5 system-ui,-apple-system,"DejaVu Sans",sans-serif;margin:0;color:#1d232a;
background:#f6f7f9}
header,main{max-width:1200px;margin:auto;padding:0 24px}
header{padding-top:24px}
h1{font-size:26px;margin:0 0 4px} h2{margin-top:40px;border-bottom:2px solid #d8dde3}
.summary{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.count{background:#fff;border:1px solid #d8dde3;border-radius:8px;padding:8px 14px}
.count b{display:block;font-size:22px}
.discrepancy-card{background:#fff;border:1px solid #d8dde3;border-left:6px solid #c2410c;
border-radius:8px;margin:16px 0;padding:12px 16px}
.discrepancy-card.minor{border-left-color:#ca8a04}
.kind{font-size:13px;text-transform:uppercase;letter-spacing:.05em;color:#57606a}
.sides{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:12px}
.side{border:1px solid #e5e8ec;border-radius:6px;padding:8px 12px;background:#fbfcfd}
.side h4{margin:0 0 4px;font-size:13px;color:#57606a}
.value{font-weight:600;font-size:17px;margin:0 0 6px}
blockquote{margin:0;color:#3b434b;font-size:14px;overflow-wrap:anywhere}
mark{background:#fde68a;padding:0 2px;border-radius:2px}
.source{background:#fff;border:1px solid #d8dde3;border-radius:8px;margin:16px 0;padding:12px 16px}
.text{white-space:pre-wrap}
.claim{background:#dbeafe;border-bottom:2px solid #60a5fa;cursor:help}
.claim.many{background:#bfdbfe}
.waived{background:#eee;color:#6b7280}
"""


def render_report(package: Package) -> str:
    """The report for a package; articles are read from the sources' paths where the package
    has them (a release does not), else each side shows its quote alone."""
    tables = frames(package)
    names = dict(zip(tables["entities"]["entity_id"], tables["entities"]["name"], strict=True))
    labels = dict(
        zip(tables["predicates"]["predicate"], tables["predicates"]["label"], strict=True)
    )
    statements = tables["statements"].set_index("statement_id", drop=False)
    texts = {
        row.source_id: _article_text(package, row.path, row.sha256)
        for row in tables["sources"].itertuples(index=False)
    }
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{_e(package.descriptor.get('title', ''))}</title>",
        f"<style>{STYLE}</style></head><body>",
        "<header>",
        f"<h1>{_e(package.descriptor.get('title', ''))}</h1>",
        f"<p>Version {_e(package.descriptor.get('version', ''))}. "
        "Every claim is a statement with its evidence; "
        "every disagreement below is derived from the statements by rule.</p>",
        _summary(tables),
        "</header><main>",
        '<h2 id="discrepancies">Discrepancies</h2>',
    ]
    links = tables["discrepancy_statements"]
    for discrepancy in tables["discrepancies"].itertuples(index=False):
        linked = links[links["discrepancy_id"] == discrepancy.discrepancy_id]
        parts.append(_card(discrepancy, linked, statements, texts, names))
    parts.append('<h2 id="articles">Articles and their statements</h2>')
    waivers = tables["waivers"]
    for source in tables["sources"].itertuples(index=False):
        own = statements[statements["source_id"] == source.source_id]
        waived = waivers[waivers["source_id"] == source.source_id]
        text = texts[source.source_id]
        if text is None:
            parts.append(
                f'<article class="source" id="{_e(source.source_id)}">'
                f"<h3>{_e(source.headline)}</h3><p>{_e(source.source_id)} · the article is not "
                f"in this package; {len(own)} statements</p></article>"
            )
            continue
        parts.append(_article(source, text, own, waived, names, labels))
    parts.append("</main></body></html>\n")
    return "\n".join(parts)


def _article_text(package: Package, path: object, sha256: object) -> str | None:
    """The article's text when the package holds it unchanged; None otherwise."""
    if not isinstance(path, str):
        return None
    file = package.file(path)
    if not file.is_file():
        return None
    data = file.read_bytes()
    if hashlib.sha256(data).hexdigest() != sha256:
        return None
    return data.decode("utf-8")


def _summary(tables: dict[str, pd.DataFrame]) -> str:
    counts = [
        ("sources", len(tables["sources"])),
        ("statements", len(tables["statements"])),
        ("entities", len(tables["entities"])),
        ("discrepancies", len(tables["discrepancies"])),
    ]
    kinds = tables["discrepancies"]["kind"].astype(str).value_counts().sort_index()
    counts += [(kind.replace("_", " "), int(n)) for kind, n in kinds.items()]
    cells = "".join(f'<div class="count"><b>{n}</b>{_e(label)}</div>' for label, n in counts)
    return f'<div class="summary">{cells}</div>'


def _card(
    discrepancy: Any,
    linked: pd.DataFrame,
    statements: pd.DataFrame,
    texts: dict[str, str | None],
    names: dict[str, str],
) -> str:
    sides = []
    linked = linked.assign(
        source_id=[statements.loc[i, "source_id"] for i in linked["statement_id"]],
        char_start=[int(statements.loc[i, "char_start"]) for i in linked["statement_id"]],
    ).sort_values(["compared_value", "source_id", "char_start", "statement_id"])
    for link in linked.itertuples(index=False):  # sides with the same value stand together
        statement = statements.loc[link.statement_id]
        text = texts[statement["source_id"]]
        start, end = int(statement["char_start"]), int(statement["char_end"])
        if text is None:  # the article is not in the package: the quote alone
            text, start, end = str(statement["quote"]), 0, len(str(statement["quote"]))
        before = text[max(0, start - CONTEXT) : start]
        after = text[end : end + CONTEXT]
        voice = statement["attributed_to"]
        cited = f"<p>citing {_e(names.get(voice, voice))}</p>" if isinstance(voice, str) else ""
        sides.append(
            '<div class="side">'
            f"<h4>{_e(statement['source_id'])}</h4>"
            f'<p class="value">{_e(link.compared_value)}</p>'
            f"<blockquote>…{_e(before)}<mark>{_e(text[start:end])}</mark>{_e(after)}…</blockquote>"
            f"{cited}</div>"
        )
    return (
        f'<article class="discrepancy-card {_e(discrepancy.severity)}" '
        f'id="{_e(discrepancy.discrepancy_id)}" data-kind="{_e(discrepancy.kind)}">'
        f'<div class="kind">{_e(discrepancy.kind)} · {_e(discrepancy.extent)} · '
        f"{_e(discrepancy.severity)}</div>"
        f"<p>{_e(discrepancy.description)}</p>"
        f'<div class="sides">{"".join(sides)}</div></article>'
    )


def _article(
    source: Any,
    text: str,
    statements: pd.DataFrame,
    waivers: pd.DataFrame,
    names: dict[str, str],
    labels: dict[str, str],
) -> str:
    spans = [
        (int(s.char_start), int(s.char_end), _describe(s, names, labels))
        for s in statements.itertuples(index=False)
    ]
    waived = [(int(w.char_start), int(w.char_end), f"waived: {w.reason}")
              for w in waivers.itertuples(index=False)]  # fmt: skip
    cuts = sorted({0, len(text), *(p for a, b, _ in spans + waived for p in (a, b))})
    pieces = []
    for start, end in itertools.pairwise(cuts):
        covering = [d for a, b, d in spans if a <= start and end <= b]
        waiving = [d for a, b, d in waived if a <= start and end <= b]
        segment = _e(text[start:end])
        if covering:
            many = " many" if len(covering) > 1 else ""
            title = _e("\n".join(covering))
            pieces.append(f'<span class="claim{many}" title="{title}">{segment}</span>')
        elif waiving:
            pieces.append(f'<span class="waived" title="{_e(waiving[0])}">{segment}</span>')
        else:
            pieces.append(segment)
    published = source.published if pd.notna(source.published) else "no date line"
    return (
        f'<article class="source" id="{_e(source.source_id)}">'
        f"<h3>{_e(source.headline)}</h3>"
        f"<p>{_e(source.source_id)} · {_e(published)} · {len(statements)} statements</p>"
        f'<div class="text">{"".join(pieces)}</div></article>'
    )


def _describe(statement: Any, names: dict[str, str], labels: dict[str, str]) -> str:
    subject = names.get(statement.subject_id, statement.subject_id)
    value = statement.object_id if isinstance(statement.object_id, str) else statement.value
    value = names.get(value, value)
    voice = statement.attributed_to
    cited = f" (citing {names.get(voice, voice)})" if isinstance(voice, str) else ""
    return f"{subject} · {labels.get(statement.predicate, statement.predicate)} · {value}{cited}"


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def write_report(descriptor: Path, output: Path | None = None) -> Path:
    """Write the report of the package at descriptor (a datapackage.json or a release zip) to
    output (default: dist/report.html beside the descriptor), atomically."""
    target = output or descriptor.parent / REPORT
    with open_package(descriptor) as package:
        html_text = render_report(package)
    write_atomically(target, html_text.encode("utf-8"))
    return target
