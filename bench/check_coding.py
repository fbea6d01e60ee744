"""Check a folder of coding files against the articles, the registry and the coverage rules.

For an independent (second) coding kept outside seeds/statements, without building the package:

    .venv/bin/python bench/check_coding.py [FOLDER] [--seeds SEEDS_DIR] [--json]

FOLDER (default bench/second_coding) holds one `<source_id>.yaml` per article, in the format of
seeds/statements/ (parsed with claimpack.models.StatementFile), and optionally
`new_entities.yaml`: entities the coder needed that are not in seeds/entities.yaml, in that
file's format. Every rule is checked and every problem listed:

- the file parses as a StatementFile, names an article in SEEDS_DIR and matches its file name;
- every statement's and waiver's quote (with prefix/suffix) occurs exactly once in the article
  (claimpack.stages.anchor.anchor);
- subject, object, attributed_to, reported_via and excluding are entities of the registry or of
  new_entities.yaml; the predicate is in the vocabulary; the modality is one the schema allows;
- entity predicates have `object` and no `value`, other predicates a `value`; a category value
  is one of the predicate's categories; numeric, date and quotation values occur in the quote
  (case-folded, as the build checks) and normalize (claimpack.stages.normalize.normalize with the
  article's date line);
- no statement is coded twice (same content and position);
- coverage (claimpack.stages.coverage.article_coverage over claimpack.articles.sentences): every
  sentence touched by a statement or waived, every number/date and every direct quotation inside
  a statement's quote.

Exit status 0 when the coding is clean, 1 when any problem is found, 2 on a usage error. Reads
nothing under seeds/statements.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from claimpack.articles import date_line
from claimpack.models import EntityIn, PredicateIn, StatementFile
from claimpack.schema import load_schemas
from claimpack.stages.anchor import AmbiguousQuote, QuoteNotFound, anchor
from claimpack.stages.check_inputs import VALUE_IN_QUOTE_TYPES
from claimpack.stages.coverage import article_coverage
from claimpack.stages.normalize import UnparsableValue, normalize
from claimpack.stages.statements import statement_id

REPO = Path(__file__).resolve().parents[1]
NEW_ENTITIES = "new_entities.yaml"


@dataclass(frozen=True)
class Finding:
    file: str
    where: str
    kind: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.where}: {self.message} [{self.kind}]"


@dataclass(frozen=True)
class Registry:
    entities: dict[str, EntityIn]
    predicates: dict[str, PredicateIn]
    modalities: list[str]
    entity_types: list[str]


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def load_registry(seeds: Path, folder: Path, findings: list[Finding]) -> Registry:
    schemas = load_schemas(REPO / "schema")
    modalities = schemas["statements"].field("modality").enum or []
    entity_types = schemas["entities"].field("type").enum or []
    entities = {
        e.id: e for e in (EntityIn.model_validate(x) for x in load_yaml(seeds / "entities.yaml"))
    }
    predicates = {
        p.id: p
        for p in (PredicateIn.model_validate(x) for x in load_yaml(seeds / "predicates.yaml"))
    }
    new_path = folder / NEW_ENTITIES
    if new_path.is_file():
        data = load_yaml(new_path) or []
        for index, item in enumerate(data):
            where = f"entity {index + 1}"
            try:
                entity = EntityIn.model_validate(item)
            except ValidationError as error:
                findings.append(Finding(NEW_ENTITIES, where, "invalid-entity", _first(error)))
                continue
            if entity.id in entities:
                message = f"{entity.id!r} is already an entity (in the registry or above)"
                findings.append(Finding(NEW_ENTITIES, where, "duplicate-entity", message))
            if entity.type not in entity_types:
                message = f"type {entity.type!r} is not one of {entity_types}"
                findings.append(Finding(NEW_ENTITIES, where, "invalid-enum", message))
            entities[entity.id] = entity
    return Registry(entities, predicates, modalities, entity_types)


def _first(error: ValidationError) -> str:
    detail = error.errors()[0]
    place = ".".join(str(part) for part in detail["loc"])
    return f"{place}: {detail['msg']}"


def check_file(path: Path, seeds: Path, registry: Registry) -> tuple[list[Finding], dict[str, Any]]:
    """Every problem with one coding file, and a summary of its counts."""
    name = path.name
    findings: list[Finding] = []
    summary: dict[str, Any] = {"file": name, "statements": 0, "waivers": 0}
    try:
        coded = StatementFile.model_validate(load_yaml(path))
    except ValidationError as error:
        for detail in error.errors():
            place = ".".join(str(part) for part in detail["loc"])
            findings.append(Finding(name, place, "invalid-field", detail["msg"]))
        return findings, summary
    summary.update(
        source=coded.source, statements=len(coded.statements), waivers=len(coded.waivers)
    )
    if coded.source != path.stem:
        message = f"source {coded.source!r} does not match the file name {path.stem!r}"
        findings.append(Finding(name, "source", "source-mismatch", message))
    article_path = seeds / f"{coded.source}.txt"
    if not article_path.is_file():
        findings.append(Finding(name, "source", "unknown-source", f"no article {article_path}"))
        return findings, summary
    text = article_path.read_text(encoding="utf-8")
    published, _ = date_line(text)

    evidence: list[tuple[int, int]] = []
    seen: dict[str, int] = {}
    for index, statement in enumerate(coded.statements):
        where = f"statement {index + 1}"

        def fail(kind: str, message: str, where: str = where) -> None:
            findings.append(Finding(name, where, kind, message))

        try:
            position = anchor(text, statement)
        except (QuoteNotFound, AmbiguousQuote) as error:
            fail(
                "quote-not-found" if isinstance(error, QuoteNotFound) else "ambiguous-quote",
                str(error),
            )
            position = None
        if position is not None:
            evidence.append((position.start, position.end))
            identifier = statement_id(coded.source, statement, position.start)
            if identifier in seen:
                fail("duplicate-statement", f"same as statement {seen[identifier]}")
            seen.setdefault(identifier, index + 1)
        references = {
            "subject": [statement.subject],
            "object": [statement.object] if statement.object else [],
            "attributed_to": [statement.attributed_to] if statement.attributed_to else [],
            "reported_via": [statement.reported_via] if statement.reported_via else [],
            "excluding": list(statement.excluding),
        }
        for key, ids in references.items():
            for entity_id in ids:
                if entity_id not in registry.entities:
                    fail("unknown-entity", f"{key} {entity_id!r} is not a known entity")
        if statement.modality not in registry.modalities:
            fail("invalid-enum", f"modality {statement.modality!r} not in {registry.modalities}")
        if statement.time is not None:
            try:
                normalize("date", statement.time, None, published)
            except UnparsableValue as error:
                fail("unparsable-value", f"time: {error}")
        predicate = registry.predicates.get(statement.predicate)
        if predicate is None:
            fail("unknown-predicate", f"predicate {statement.predicate!r} is not in the vocabulary")
            continue
        if predicate.value_type == "entity":
            if statement.object is None:
                fail("missing-value", f"{predicate.id} takes an entity: give `object`")
            if statement.value is not None:
                fail("unexpected-value", f"{predicate.id} takes `object`, not `value`")
            continue
        if statement.value is None:
            fail("missing-value", f"{predicate.id} ({predicate.value_type}) needs a `value`")
            continue
        if predicate.value_type == "category" and statement.value not in predicate.categories:
            fail("invalid-enum", f"value {statement.value!r} not in {predicate.categories}")
        if (
            predicate.value_type in VALUE_IN_QUOTE_TYPES
            and statement.value.casefold() not in statement.quote.casefold()
        ):
            fail("value-not-in-quote", f"value {statement.value!r} is not inside the quote")
        try:
            normalize(predicate.value_type, statement.value, predicate.unit, published)
        except UnparsableValue as error:
            fail("unparsable-value", str(error))

    waived: list[tuple[int, int]] = []
    for index, waiver in enumerate(coded.waivers):
        try:
            position = anchor(text, waiver)
        except (QuoteNotFound, AmbiguousQuote) as error:
            findings.append(Finding(name, f"waiver {index + 1}", "waiver-not-found", str(error)))
            continue
        waived.append((position.start, position.end))

    report = article_coverage(coded.source, str(article_path), text, evidence, waived)
    kinds = (
        ("uncovered-sentence", report.uncovered_sentences),
        ("uncovered-number", report.uncovered_numbers),
        ("uncovered-quotation", report.uncovered_quotations),
    )
    for kind, spans in kinds:
        for span in spans:
            excerpt = span.text if len(span.text) <= 80 else span.text[:77] + "..."
            findings.append(Finding(name, f"chars {span.start}-{span.end}", kind, repr(excerpt)))
    summary.update(
        sentences=len(report.sentences),
        sentences_waived=len(report.waived),
        sentences_uncovered=len(report.uncovered_sentences),
        numbers_uncovered=len(report.uncovered_numbers),
        quotations_uncovered=len(report.uncovered_quotations),
        predicates=dict(sorted(Counter(s.predicate for s in coded.statements).items())),
    )
    return findings, summary


def check_folder(folder: Path, seeds: Path) -> tuple[list[Finding], list[dict[str, Any]]]:
    findings: list[Finding] = []
    registry = load_registry(seeds, folder, findings)
    summaries = []
    files = sorted(p for p in folder.glob("*.yaml") if p.name != NEW_ENTITIES)
    if not files:
        findings.append(Finding(str(folder), "", "no-files", "no coding files in the folder"))
    for path in files:
        file_findings, summary = check_file(path, seeds, registry)
        findings.extend(file_findings)
        summaries.append(summary)
    return findings, summaries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=REPO / "bench" / "second_coding")
    parser.add_argument("--seeds", type=Path, default=REPO / "seeds")
    parser.add_argument("--json", action="store_true", help="print findings and counts as JSON")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"not a folder: {args.folder}", file=sys.stderr)
        return 2
    findings, summaries = check_folder(args.folder, args.seeds)
    if args.json:
        payload = {
            "clean": not findings,
            "files": summaries,
            "findings": [asdict(f) for f in findings],
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        for summary in summaries:
            print(
                f"{summary['file']}: {summary['statements']} statements, {summary['waivers']} "
                f"waivers, {summary.get('sentences', '?')} sentences "
                f"({summary.get('sentences_waived', '?')} waived only)"
            )
        for finding in findings:
            print(finding)
        print("clean" if not findings else f"{len(findings)} problem(s)")
    return 0 if not findings else 1


if __name__ == "__main__":
    sys.exit(main())
