"""Inter-coder agreement between two codings of the same articles.

    .venv/bin/python bench/agreement.py FIRST_DIR SECOND_DIR [--seeds SEEDS_DIR] [--json]

FIRST_DIR and SECOND_DIR each hold `<source_id>.yaml` coding files in the format of
seeds/statements/ (read with claimpack.models.StatementFile; `new_entities.yaml` is skipped).
The articles and the vocabulary are read from SEEDS_DIR (default: the repository's seeds/).

Matching rule
-------------
1. Every statement's quote (with its prefix/suffix) is anchored in its article with
   claimpack.stages.anchor.anchor, giving a half-open character span [start, end). A statement whose
   quote cannot be anchored is reported under `errors` and takes no part in matching.
2. A statement A of FIRST and a statement B of SECOND are *candidates* when they have the same
   source (article), the same predicate, the same subject, and their spans overlap enough: the
   character Jaccard index (characters in both spans / characters in either) is at least 0.5,
   or one span contains the other.
3. Candidates are paired one-to-one, greedily, in this order of preference:
   (a) pairs whose values agree (see below) before pairs whose values differ, so that two
       statements sharing one quote ("in Tapalpa, Jalisco": location tapalpa, location jalisco)
       pair with their like rather than crosswise;
   (b) larger Jaccard index;
   (c) smaller distance between the span starts;
   (d) article order of A, then of B (index in its file), so the result is deterministic.
   A pair is taken when neither side is taken yet. What is left is unmatched.

Values of a matched pair
------------------------
- `value` agrees when the value keys are equal. For `entity` predicates the key is the object
  id. Otherwise it is the value normalized with claimpack.stages.normalize.normalize (the
  predicate's value_type and unit, the article's date line from claimpack.articles.date_line) -- its
  canonical value and its bound -- plus the object id where one is given (the group counted,
  the place concerned). Text and quotation values are compared after folding case, curly
  quotes, punctuation and white space ("U.S." and "US" fold alike). A value that does not
  normalize is compared in its folded raw form. A negated statement's key starts with "not",
  so a claim and its denial never agree.
- `attribution` agrees when attributed_to and reported_via are both equal.
- `qualifiers` agrees when scope (case-folded; no scope and "total" are the same), excluding,
  modality, qualifiers and time (folded) are all equal.

Measures, per article, per predicate and overall
------------------------------------------------
- n_first, n_second, matched, union = n_first + n_second - matched;
- span agreement = matched / union (a Jaccard index over statements), precision = matched /
  n_second and recall = matched / n_first (FIRST taken as the reference), F1 = 2 * matched /
  (n_first + n_second);
- char_kappa: Cohen's kappa over the characters of the article body, each labelled "inside
  some statement's quote" or not by each coder. Statements have no fixed set of units to
  disagree on, so a kappa over statements is not defined; over characters it is, and it
  corrects the raw overlap for how much of the text each coder quotes. Empty when undefined.
- value, attribution and qualifier agreement: the share of matched pairs that agree.

Disagreements listed: statements only in FIRST, only in SECOND (with any `near` statement of
the other coding that has the same predicate and an overlapping span but another subject), and
matched pairs whose value, attribution or qualifiers differ. Waivers are matched the same way
(overlapping spans) and counted. Output is text, or JSON with --json; it depends only on the
inputs. Exit status 0, or 2 when a folder is missing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from claimpack.articles import date_line
from claimpack.models import Evidence, PredicateIn, StatementFile, StatementIn
from claimpack.stages.anchor import AmbiguousQuote, QuoteNotFound, anchor
from claimpack.stages.normalize import UnparsableValue, normalize

REPO = Path(__file__).resolve().parents[1]
SKIP_FILES = frozenset({"new_entities.yaml"})
JACCARD_THRESHOLD = 0.5
TEXT_TYPES = frozenset({"text", "quotation"})
QUOTE_CHARS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


# ---------------------------------------------------------------------------------------------
# Reading


@dataclass(frozen=True)
class Coded:
    """One statement, anchored: which file and position it has, and where its quote stands."""

    source: str
    index: int  # 1-based position in its file
    statement: StatementIn
    start: int
    end: int


@dataclass(frozen=True)
class Span:
    source: str
    index: int
    start: int
    end: int
    text: str


@dataclass
class Coding:
    """One coder's statements and waivers, by article, and what could not be read."""

    statements: dict[str, list[Coded]]
    waivers: dict[str, list[Span]]
    errors: list[str]


def read_coding(folder: Path, articles: dict[str, str]) -> Coding:
    coding = Coding(defaultdict(list), defaultdict(list), [])
    for path in sorted(folder.glob("*.yaml")):
        if path.name in SKIP_FILES:
            continue
        try:
            coded = StatementFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        except (ValidationError, yaml.YAMLError) as error:
            first_line = str(error).splitlines()[0]
            coding.errors.append(f"{path.name}: not a coding file ({first_line})")
            continue
        text = articles.get(coded.source)
        if text is None:
            coding.errors.append(f"{path.name}: no article {coded.source}.txt")
            continue
        coding.statements.setdefault(coded.source, [])
        coding.waivers.setdefault(coded.source, [])
        for index, statement in enumerate(coded.statements, start=1):
            position = _anchor(text, statement, f"{path.name}: statement {index}", coding.errors)
            if position is not None:
                coding.statements[coded.source].append(
                    Coded(coded.source, index, statement, *position)
                )
        for index, waiver in enumerate(coded.waivers, start=1):
            position = _anchor(text, waiver, f"{path.name}: waiver {index}", coding.errors)
            if position is not None:
                coding.waivers[coded.source].append(
                    Span(coded.source, index, *position, waiver.quote)
                )
    return coding


def _anchor(text: str, evidence: Evidence, where: str, errors: list[str]) -> tuple[int, int] | None:
    try:
        found = anchor(text, evidence)
    except (QuoteNotFound, AmbiguousQuote) as error:
        errors.append(f"{where}: {error}")
        return None
    return found.start, found.end


def read_articles(seeds: Path) -> dict[str, str]:
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(seeds.glob("*.txt"))}


def read_predicates(seeds: Path) -> dict[str, PredicateIn]:
    data = yaml.safe_load((seeds / "predicates.yaml").read_text(encoding="utf-8"))
    return {p.id: p for p in (PredicateIn.model_validate(item) for item in data)}


# ---------------------------------------------------------------------------------------------
# Matching


def overlap(a: tuple[int, int], b: tuple[int, int]) -> tuple[float, bool]:
    """Character Jaccard index of two half-open spans, and whether one contains the other."""
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = (a[1] - a[0]) + (b[1] - b[0]) - inter
    jaccard = inter / union if union else 1.0
    contains = (a[0] <= b[0] and b[1] <= a[1]) or (b[0] <= a[0] and a[1] <= b[1])
    return jaccard, contains


def spans_match(a: tuple[int, int], b: tuple[int, int]) -> bool:
    jaccard, contains = overlap(a, b)
    return jaccard >= JACCARD_THRESHOLD or contains


def candidates_match(a: Coded, b: Coded) -> bool:
    """The matching rule, step 2: same source, predicate and subject, and enough overlap."""
    return (
        a.source == b.source
        and a.statement.predicate == b.statement.predicate
        and a.statement.subject == b.statement.subject
        and spans_match((a.start, a.end), (b.start, b.end))
    )


class Comparer:
    """Value, attribution and qualifier keys of statements, for one set of articles."""

    def __init__(self, predicates: dict[str, PredicateIn], articles: dict[str, str]) -> None:
        self.predicates = predicates
        self.published: dict[str, dt.date | None] = {
            source: date_line(text)[0] for source, text in articles.items()
        }

    def value_key(self, coded: Coded) -> tuple[str, ...]:
        """The value compared, with "not" in front where the statement is negated."""
        key = self._value_key(coded)
        return ("not", *key) if coded.statement.negated else key

    def _value_key(self, coded: Coded) -> tuple[str, ...]:
        statement = coded.statement
        predicate = self.predicates.get(statement.predicate)
        if predicate is None or predicate.value_type == "entity":
            return ("object", statement.object or "", fold(statement.value or ""))
        raw = statement.value or ""
        if predicate.value_type in TEXT_TYPES:
            value, bound = fold(raw), ""
        else:
            try:
                normal = normalize(
                    predicate.value_type, raw, predicate.unit, self.published.get(coded.source)
                )
                value, bound = normal.value, normal.bound or "exact"
            except UnparsableValue:
                value, bound = "unparsable:" + fold(raw), ""
        return ("value", value, bound, statement.object or "")

    @staticmethod
    def attribution_key(coded: Coded) -> tuple[str, str]:
        return coded.statement.attributed_to or "", coded.statement.reported_via or ""

    @staticmethod
    def qualifier_key(coded: Coded) -> tuple[Any, ...]:
        statement = coded.statement
        scope = (statement.scope or "").casefold().strip()
        return (
            "" if scope == "total" else scope,
            tuple(sorted(statement.excluding)),
            statement.modality,
            tuple(sorted(q.casefold() for q in statement.qualifiers)),
            fold(statement.time or ""),
        )


def fold(text: str) -> str:
    """Case, curly quotes, punctuation and white space folded away ("U.S." -> "us")."""
    text = text.translate(QUOTE_CHARS).casefold()
    text = re.sub(r"[^\w\s]", "", text)
    return " ".join(text.split())


def match(
    first: list[Coded], second: list[Coded], comparer: Comparer
) -> tuple[list[tuple[Coded, Coded]], list[Coded], list[Coded]]:
    """Pair statements one-to-one by the matching rule; return pairs and both leftovers."""
    ranked = []
    for i, a in enumerate(first):
        for j, b in enumerate(second):
            if not candidates_match(a, b):
                continue
            jaccard, _ = overlap((a.start, a.end), (b.start, b.end))
            same_value = comparer.value_key(a) == comparer.value_key(b)
            ranked.append(
                (not same_value, -jaccard, abs(a.start - b.start), a.index, b.index, i, j)
            )
    ranked.sort()
    used_first: set[int] = set()
    used_second: set[int] = set()
    pairs = []
    for *_, i, j in ranked:
        if i in used_first or j in used_second:
            continue
        used_first.add(i)
        used_second.add(j)
        pairs.append((first[i], second[j]))
    pairs.sort(key=lambda pair: (pair[0].start, pair[0].index, pair[1].index))
    only_first = [a for i, a in enumerate(first) if i not in used_first]
    only_second = [b for j, b in enumerate(second) if j not in used_second]
    return pairs, only_first, only_second


# ---------------------------------------------------------------------------------------------
# Measures


@dataclass
class Tally:
    n_first: int = 0
    n_second: int = 0
    matched: int = 0
    value_agree: int = 0
    attribution_agree: int = 0
    qualifiers_agree: int = 0

    def add(self, other: Tally) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict[str, Any]:
        union = self.n_first + self.n_second - self.matched
        return {
            "n_first": self.n_first,
            "n_second": self.n_second,
            "matched": self.matched,
            "only_first": self.n_first - self.matched,
            "only_second": self.n_second - self.matched,
            "union": union,
            "span_agreement": _ratio(self.matched, union),
            "precision": _ratio(self.matched, self.n_second),
            "recall": _ratio(self.matched, self.n_first),
            "f1": _ratio(2 * self.matched, self.n_first + self.n_second),
            "value_agreement": _ratio(self.value_agree, self.matched),
            "attribution_agreement": _ratio(self.attribution_agree, self.matched),
            "qualifier_agreement": _ratio(self.qualifiers_agree, self.matched),
        }


def _ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def char_kappa_counts(text: str, first: list[Coded], second: list[Coded]) -> list[int]:
    """[both, first only, second only, neither] over the characters of the article body."""
    _, body = date_line(text)
    size = len(text) - body
    marks_first, marks_second = bytearray(size), bytearray(size)
    for coded, marks in [(c, marks_first) for c in first] + [(c, marks_second) for c in second]:
        for position in range(max(coded.start, body), max(coded.end, body)):
            marks[position - body] = 1
    both = sum(1 for x, y in zip(marks_first, marks_second, strict=True) if x and y)
    first_only = sum(marks_first) - both
    second_only = sum(marks_second) - both
    return [both, first_only, second_only, size - both - first_only - second_only]


def kappa(counts: list[int]) -> float | None:
    both, first_only, second_only, neither = counts
    total = both + first_only + second_only + neither
    if total == 0:
        return None
    observed = (both + neither) / total
    p_first = (both + first_only) / total
    p_second = (both + second_only) / total
    expected = p_first * p_second + (1 - p_first) * (1 - p_second)
    if expected >= 1:
        return None
    return round((observed - expected) / (1 - expected), 4)


def describe(coded: Coded) -> dict[str, Any]:
    s = coded.statement
    return {
        "index": coded.index,
        "subject": s.subject,
        "predicate": s.predicate,
        "object": s.object,
        "value": s.value,
        "scope": s.scope,
        "excluding": list(s.excluding),
        "modality": s.modality,
        "negated": s.negated,
        "qualifiers": list(s.qualifiers),
        "time": s.time,
        "attributed_to": s.attributed_to,
        "reported_via": s.reported_via,
        "char_start": coded.start,
        "char_end": coded.end,
        "quote": s.quote,
    }


def compare(first_dir: Path, second_dir: Path, seeds: Path) -> dict[str, Any]:
    """The whole agreement report as plain data."""
    articles = read_articles(seeds)
    comparer = Comparer(read_predicates(seeds), articles)
    first, second = read_coding(first_dir, articles), read_coding(second_dir, articles)
    sources = sorted(set(first.statements) | set(second.statements))
    overall = Tally()
    per_predicate: defaultdict[str, Tally] = defaultdict(Tally)
    overall_chars = [0, 0, 0, 0]
    report_articles: list[dict[str, Any]] = []
    disagreements: list[dict[str, Any]] = []
    waiver_totals = {"n_first": 0, "n_second": 0, "matched": 0}
    for source in sources:
        a_list, b_list = first.statements.get(source, []), second.statements.get(source, [])
        pairs, only_first, only_second = match(a_list, b_list, comparer)
        tally = Tally(len(a_list), len(b_list), len(pairs))
        for coded in a_list:
            per_predicate[coded.statement.predicate].n_first += 1
        for coded in b_list:
            per_predicate[coded.statement.predicate].n_second += 1
        for a, b in pairs:
            row = per_predicate[a.statement.predicate]
            row.matched += 1
            checks = {
                "value": comparer.value_key(a) == comparer.value_key(b),
                "attribution": comparer.attribution_key(a) == comparer.attribution_key(b),
                "qualifiers": comparer.qualifier_key(a) == comparer.qualifier_key(b),
            }
            for target in (tally, row):
                target.value_agree += checks["value"]
                target.attribution_agree += checks["attribution"]
                target.qualifiers_agree += checks["qualifiers"]
            differing = [name for name, same in checks.items() if not same]
            if differing:
                disagreements.append(
                    {
                        "source": source,
                        "kind": "matched_differs",
                        "differs_in": differing,
                        "first": describe(a),
                        "second": describe(b),
                    }
                )
        for kind, own, other in (
            ("only_first", only_first, b_list),
            ("only_second", only_second, a_list),
        ):
            for coded in own:
                near = [
                    describe(o)
                    for o in other
                    if o.statement.predicate == coded.statement.predicate
                    and o.statement.subject != coded.statement.subject
                    and spans_match((coded.start, coded.end), (o.start, o.end))
                ]
                entry: dict[str, Any] = {
                    "source": source,
                    "kind": kind,
                    "statement": describe(coded),
                }
                if near:
                    entry["near"] = near
                disagreements.append(entry)
        chars = char_kappa_counts(articles[source], a_list, b_list)
        overall_chars = [x + y for x, y in zip(overall_chars, chars, strict=True)]
        waivers = _waiver_agreement(first.waivers.get(source, []), second.waivers.get(source, []))
        for key in waiver_totals:
            waiver_totals[key] += waivers[key]
        overall.add(tally)
        report_articles.append(
            {"source": source, **tally.as_dict(), "char_kappa": kappa(chars), "waivers": waivers}
        )
    order = {"only_first": 0, "only_second": 1, "matched_differs": 2}
    disagreements.sort(
        key=lambda d: (
            d["source"],
            order[d["kind"]],
            (d.get("statement") or d["first"])["char_start"],
            (d.get("statement") or d["first"])["index"],
        )
    )
    return {
        "first": str(first_dir),
        "second": str(second_dir),
        "rule": (
            "same source, predicate and subject; character Jaccard >= "
            f"{JACCARD_THRESHOLD} or one span contains the other; one-to-one greedy by "
            "agreeing value, then Jaccard, then start distance, then file order"
        ),
        "overall": {
            **overall.as_dict(),
            "char_kappa": kappa(overall_chars),
            "waivers": waiver_totals,
        },
        "articles": report_articles,
        "predicates": [
            {"predicate": name, **per_predicate[name].as_dict()} for name in sorted(per_predicate)
        ],
        "disagreements": disagreements,
        "errors": {"first": first.errors, "second": second.errors},
    }


def _waiver_agreement(first: list[Span], second: list[Span]) -> dict[str, int]:
    used: set[int] = set()
    matched = 0
    for a in first:
        for j, b in enumerate(second):
            if j not in used and spans_match((a.start, a.end), (b.start, b.end)):
                used.add(j)
                matched += 1
                break
    return {"n_first": len(first), "n_second": len(second), "matched": matched}


# ---------------------------------------------------------------------------------------------
# Output


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _line(d: dict[str, Any]) -> str:
    target = d["object"] if d["object"] and d["value"] is None else d["value"]
    extras = []
    if d["value"] is not None and d["object"]:
        extras.append(f"object={d['object']}")
    for key in ("scope", "attributed_to", "reported_via"):
        if d[key]:
            extras.append(f"{key}={d[key]}")
    if d["excluding"]:
        extras.append("excluding=" + ",".join(d["excluding"]))
    if d["modality"] != "asserted":
        extras.append(f"modality={d['modality']}")
    if d.get("negated"):
        extras.append("negated")
    if d.get("time"):
        extras.append(f"time={d['time']}")
    quote = d["quote"] if len(d["quote"]) <= 70 else d["quote"][:67] + "..."
    more = f" [{'; '.join(extras)}]" if extras else ""
    return (
        f"#{d['index']} {d['subject']} {d['predicate']} {target!r}{more} "
        f"@{d['char_start']}-{d['char_end']} {quote!r}"
    )


def render_text(report: dict[str, Any]) -> str:
    out = [
        f"Agreement of FIRST={report['first']} and SECOND={report['second']}",
        f"Matching: {report['rule']}.",
        "",
    ]
    header = (
        f"{'article':<22} {'first':>5} {'second':>6} {'match':>5} {'union':>5} {'span':>6} "
        f"{'F1':>6} {'kappa':>6} {'value':>6} {'attrib':>6} {'qualif':>6}"
    )
    out.append(header)
    rows = [*report["articles"], {"source": "overall", **report["overall"]}]
    for row in rows:
        out.append(
            f"{row['source']:<22} {row['n_first']:>5} {row['n_second']:>6} {row['matched']:>5} "
            f"{row['union']:>5} {_fmt(row['span_agreement']):>6} {_fmt(row['f1']):>6} "
            f"{_fmt(row['char_kappa']):>6} {_fmt(row['value_agreement']):>6} "
            f"{_fmt(row['attribution_agreement']):>6} {_fmt(row['qualifier_agreement']):>6}"
        )
    waivers = report["overall"]["waivers"]
    out += [
        "",
        "span = matched/union of statements; kappa = Cohen's kappa over body characters "
        "quoted or not; value/attrib/qualif = share of matched pairs that agree.",
        f"Waivers: first {waivers['n_first']}, second {waivers['n_second']}, "
        f"matched {waivers['matched']}.",
        "",
        f"{'predicate':<24} {'first':>5} {'second':>6} {'match':>5} {'F1':>6} {'value':>6} "
        f"{'attrib':>6}",
    ]
    for row in report["predicates"]:
        out.append(
            f"{row['predicate']:<24} {row['n_first']:>5} {row['n_second']:>6} "
            f"{row['matched']:>5} {_fmt(row['f1']):>6} {_fmt(row['value_agreement']):>6} "
            f"{_fmt(row['attribution_agreement']):>6}"
        )
    out += ["", f"Disagreements ({len(report['disagreements'])}):"]
    for d in report["disagreements"]:
        if d["kind"] == "matched_differs":
            out.append(f"[{d['source']}] differs in {', '.join(d['differs_in'])}:")
            out.append(f"    first:  {_line(d['first'])}")
            out.append(f"    second: {_line(d['second'])}")
        else:
            side = "first" if d["kind"] == "only_first" else "second"
            out.append(f"[{d['source']}] only in {side}: {_line(d['statement'])}")
            for near in d.get("near", []):
                out.append(f"    near (other subject): {_line(near)}")
    for side in ("first", "second"):
        for error in report["errors"][side]:
            out.append(f"error ({side}): {error}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("first", type=Path, help="folder of the first coding")
    parser.add_argument("second", type=Path, help="folder of the second coding")
    parser.add_argument("--seeds", type=Path, default=REPO / "seeds", help="articles, vocabulary")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    for folder in (args.first, args.second, args.seeds):
        if not folder.is_dir():
            print(f"not a folder: {folder}", file=sys.stderr)
            return 2
    report = compare(args.first, args.second, args.seeds)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(render_text(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
