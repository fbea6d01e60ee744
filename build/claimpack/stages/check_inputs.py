"""Stage: check inputs. The rules between seed files that no single model can check.

References resolve, identifiers are unique, articles are unchanged since they were coded, and
values fit their predicate. Enumerations come from the Table Schemas, not from a second list.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Container, Iterable, Iterator
from pathlib import Path

from claimpack.articles import date_line
from claimpack.layout import ENTITIES_FILE, PREDICATES_FILE, SOURCES_FILE
from claimpack.models import BOUND_MEANINGS, RELATION_RULES, PredicateIn, StatementIn
from claimpack.problems import InvalidSeeds, Problem
from claimpack.schema import FORMULA_STARTS, Field, TableSchema, list_item_problem
from claimpack.stages.read_seeds import (
    CONTROL_CHARACTER,
    Loc,
    Located,
    Seeds,
    StatementSet,
    control_character,
    field_name,
)

# The longest text a seed field takes, in code points: a quote of a long paragraph is under
# 3,000; a text longer than this is no coding, and would be published as a cell.
MAX_TEXT_LENGTH = 10_000
NUMERIC_TYPES = frozenset({"money", "count", "quantity", "proportion"})
VALUE_IN_QUOTE_TYPES = NUMERIC_TYPES | {"date", "quotation"}


def check_inputs(seeds: Seeds, schemas: dict[str, TableSchema]) -> None:
    """Raise InvalidSeeds listing every broken rule; return quietly when all hold."""
    problems = [
        *registry_problems(seeds, schemas),
        *_check_statements(seeds, schemas["statements"]),
    ]
    if problems:
        raise InvalidSeeds(problems)


def registry_problems(seeds: Seeds, schemas: dict[str, TableSchema]) -> list[Problem]:
    """The rules of sources.yaml, entities.yaml and predicates.yaml (the coding files are
    checked one at a time: coding_file_problems, statement_set_problems)."""
    return [
        *_duplicate_ids("source", SOURCES_FILE, seeds, [s.id for s in seeds.sources]),
        *_duplicate_ids("entity", ENTITIES_FILE, seeds, [e.id for e in seeds.entities]),
        *_duplicate_ids("predicate", PREDICATES_FILE, seeds, [p.id for p in seeds.predicates]),
        *_check_sources(seeds),
        *_check_entities(seeds, schemas["entities"]),
        *_check_predicates(seeds, schemas["predicates"], schemas["statements"]),
        *_check_list_items(seeds, schemas),
        *_formula_texts(seeds),
        *(problem for located in seeds.lines.values() for problem in unpublishable_texts(located)),
    ]


def unpublishable_texts(located: Located) -> Iterator[Problem]:
    """Every text of a YAML seed (a value, or a key of a mapping a field holds) that no table
    publishes, at its line and field: one holding a character CONTROL_CHARACTER finds, or
    longer than MAX_TEXT_LENGTH. A file with neither such a character nor an escape (a
    backslash) holds none of the first kind, and the second is looked for first without
    locating anything (a coding file holds a text for every field of every statement)."""
    whole = located.text
    if (
        whole
        and "\\" not in whole
        and not CONTROL_CHARACTER.search(whole)
        and (len(whole) <= MAX_TEXT_LENGTH or _longest_text(located.data) <= MAX_TEXT_LENGTH)
    ):
        return
    for loc, text in _texts_within(located.data, ()):
        if len(text) > MAX_TEXT_LENGTH:
            message = (
                f"{field_name(loc)}: is {len(text):,} characters long; a field takes at most "
                f"{MAX_TEXT_LENGTH:,}"
            )
            yield Problem("text-too-long", located.path, str(located.line(loc)), message)
            continue
        found = CONTROL_CHARACTER.search(text)
        if found:
            message = f"{field_name(loc)}: holds {control_character(found[0])}"
            yield Problem("control-character", located.path, str(located.line(loc)), message)


def _longest_text(data: object) -> int:
    """The length of the longest text in parsed YAML data (values, and keys that are text)."""
    stack, longest = [data], 0
    while stack:
        node = stack.pop()
        if type(node) is dict:
            for key, value in node.items():
                if type(value) is str:
                    if len(value) > longest:
                        longest = len(value)
                else:
                    stack.append(value)
                if type(key) is str and len(key) > longest:
                    longest = len(key)
        elif type(node) is list:
            stack.extend(node)
        elif type(node) is str and len(node) > longest:
            longest = len(node)
    return longest


def _formula_texts(seeds: Seeds) -> Iterator[Problem]:
    """Every registry text that a spreadsheet would run as a formula, at its line: each one
    becomes a cell (an alias, a name, a label) or a part of one, and the package publishes no
    such cell. Only values are looked at, and the keys of a mapping a field holds."""
    for kind, path in (("source", SOURCES_FILE), ("entity", ENTITIES_FILE),
                       ("predicate", PREDICATES_FILE)):  # fmt: skip
        located = seeds.lines.get(path)
        if located is None or not isinstance(located.data, list):
            continue
        for index, entry in enumerate(located.data):
            if not isinstance(entry, dict):
                continue
            named = f"{kind} {entry.get('id')!r}: " if isinstance(entry.get("id"), str) else ""
            for key, value in entry.items():
                for loc, text in _texts_within(value, (index, key)):
                    if text.startswith(FORMULA_STARTS):
                        message = (
                            f"{named}{key} {text!r} starts with {text[:1]!r}, which a "
                            "spreadsheet runs as a formula, and the package publishes no such "
                            "cell: write it without that sign"
                        )
                        yield Problem("formula-cell", path, str(located.line(loc)), message)


def _texts_within(value: object, loc: Loc) -> Iterator[tuple[Loc, str]]:
    """The texts of a parsed YAML value, each with its location (a mapping's keys at the
    location of their values)."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _texts_within(item, (*loc, n))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts_within(key, (*loc, key))
            yield from _texts_within(item, (*loc, key))


def headline_problems(seeds: Seeds, headlines: dict[str, str]) -> list[Problem]:
    """An article whose headline (its first sentence, published in sources.headline) a
    spreadsheet would run as a formula, at the headline's line."""
    problems = []
    for source_id, line in headlines.items():
        if line.startswith(FORMULA_STARTS):
            article = seeds.articles[source_id]
            at = article.text.find(line)
            message = (
                f"the headline (the first sentence, published in sources.headline) starts "
                f"with {line[:1]!r}, which a spreadsheet runs as a formula: {line[:60]!r}"
            )
            number = article.text.count("\n", 0, max(at, 0)) + 1
            problems.append(Problem("formula-cell", article.path, str(number), message))
    return problems


def _check_list_items(seeds: Seeds, schemas: dict[str, TableSchema]) -> Iterator[Problem]:
    """Every registry text that becomes an item of a list field (or a part of one) can be told
    apart when the list is written as text with the field's delimiter (a statement's
    qualifiers: statement_set_problems)."""
    entities, predicates = schemas["entities"], schemas["predicates"]
    located = seeds.lines[ENTITIES_FILE]
    for index, entity in enumerate(seeds.entities):
        items: list[tuple[Loc, str]] = [
            ((index, "aliases", n), alias) for n, alias in enumerate(entity.aliases)
        ]
        items += [((index, "misspellings", wrong), wrong) for wrong in entity.misspellings]
        yield from _list_items(ENTITIES_FILE, located, entities.field("aliases"), items)
    located = seeds.lines[PREDICATES_FILE]
    for index, p in enumerate(seeds.predicates):
        fields: dict[str, list[tuple[Loc, str]]] = {
            "categories": [((index, "categories", n), c) for n, c in enumerate(p.categories)],
            "broader": [((index, "broader", k), part) for k, v in p.broader.items()
                        for part in (k, v)],
            "bound_meaning": [((index, "bound_meaning", k), part)
                              for k, v in p.bound_meaning.items() for part in (k, v)],
            "parts": [((index, "parts", k), part) for k, v in p.parts.items()
                      for part in (k, *v)],
            "related": [((index, "related", n), part) for n, r in enumerate(p.related)
                        for part in (r.rule, r.predicate, r.scope) if part is not None],
        }  # fmt: skip
        for name, parts in fields.items():
            yield from _list_items(PREDICATES_FILE, located, predicates.field(name), parts)


def _list_items(
    path: str, located: Located, field: Field, items: Iterable[tuple[Loc, str]]
) -> Iterator[Problem]:
    if field.delimiter is None:
        return
    for loc, item in items:
        problem = list_item_problem(item, field.delimiter)
        if problem:
            message = (
                f"{'.'.join(str(part) for part in loc[-2:])}: {item!r} {problem}; "
                f"{field.name} is a list, written in CSV as its items joined by "
                f"{field.delimiter!r}"
            )
            yield Problem("list-item", path, str(located.line(loc)), message)


def _duplicate_ids(kind: str, path: str, seeds: Seeds, ids: list[str]) -> Iterator[Problem]:
    """Every entry after the first that reuses an id, at its own line."""
    seen: set[str] = set()
    for index, identifier in enumerate(ids):
        if identifier in seen:
            line = str(seeds.lines[path].line((index,)))
            yield Problem("duplicate-id", path, line, f"{kind} {identifier!r} defined twice")
        seen.add(identifier)


def _check_sources(seeds: Seeds) -> Iterator[Problem]:
    path = SOURCES_FILE
    located = seeds.lines[path]
    for index, source in enumerate(seeds.sources):
        article = seeds.articles.get(source.id)
        if article is None:
            message = f"source {source.id!r} has no article seeds/{source.id}.txt"
            yield Problem("unknown-source", path, _entry_line(located, index), message)
        elif article.sha256 != source.sha256:
            message = (
                f"{article.path} changed since it was coded: sha256 is {article.sha256}, "
                f"coded against {source.sha256} (re-check its statements, then update sha256)"
            )
            yield Problem("article-changed", path, _entry_line(located, index), message)
        if (source.publisher is None) != (source.publisher_quote is None):
            message = "publisher and publisher_quote go together"
            yield Problem("invalid-field", path, _entry_line(located, index), message)
        written = date_line(article.text)[0] if article and source.date else None
        if article is not None and written is not None and written != source.date:
            message = (
                f"date {source.date} differs from the date line of {article.path} ({written}): "
                "keep one (the date line is the article's own)"
            )
            yield Problem("date-mismatch", path, str(located.line((index, "date"))), message)
    yield from _same_texts(seeds, located)
    coded = {source.id for source in seeds.sources}
    for source_id, article in seeds.articles.items():
        if source_id not in coded:
            message = f"article has no entry in {path} (add its id and sha256 {article.sha256})"
            yield Problem("uncoded-article", article.path, "", message)


def _same_texts(seeds: Seeds, located: Located) -> Iterator[Problem]:
    """Every source whose article has the bytes of an earlier source's: the same text twice
    would count one publication's claims twice, and agree with itself on every value."""
    first: dict[str, str] = {}
    for index, source in enumerate(seeds.sources):
        article = seeds.articles.get(source.id)
        if article is None or article.sha256 != source.sha256:
            continue
        if article.sha256 in first:
            message = (
                f"{article.path} has the same text as source {first[article.sha256]!r}: "
                "remove one of them (and its coding)"
            )
            yield Problem("duplicate-article", SOURCES_FILE, _entry_line(located, index), message)
        else:
            first[article.sha256] = source.id


def _check_entities(seeds: Seeds, schema: TableSchema) -> Iterator[Problem]:
    path = ENTITIES_FILE
    located = seeds.lines[path]
    types = schema.field("type").enum or []
    for index, entity in enumerate(seeds.entities):
        if entity.type not in types:
            message = f"entity {entity.id!r}: type {entity.type!r} is not one of {types}"
            yield Problem("invalid-enum", path, str(located.line((index, "type"))), message)
        repeated = [alias for alias, n in Counter(entity.aliases).items() if n > 1]
        if repeated:
            message = f"entity {entity.id!r}: alias listed twice: {repeated}"
            yield Problem("duplicate-alias", path, _entry_line(located, index), message)
        for wrong, right in entity.misspellings.items():
            if right not in entity.aliases:
                message = (
                    f"entity {entity.id!r}: misspelling {wrong!r} names correct form "
                    f"{right!r}, which is not among its aliases"
                )
                yield Problem(
                    "unknown-alias", path, str(located.line((index, "misspellings"))), message
                )
            if wrong in entity.aliases:
                message = f"entity {entity.id!r}: {wrong!r} is both an alias and a misspelling"
                yield Problem("duplicate-alias", path, _entry_line(located, index), message)


def _entry_line(located: Located, index: int) -> str:
    """The line of entry `index` of a registry, looked up only for a problem: a registry read
    on the fast path finds its lines by parsing again."""
    return str(located.line((index,)))


def _check_predicates(
    seeds: Seeds, schema: TableSchema, statements_schema: TableSchema
) -> Iterator[Problem]:
    path = PREDICATES_FILE
    located = seeds.lines[path]
    value_types = schema.field("value_type").enum or []
    bounds = statements_schema.field("bound").enum or []
    by_id = {predicate.id: predicate for predicate in seeds.predicates}
    for index, predicate in enumerate(seeds.predicates):
        line = str(located.line((index,)))
        if predicate.value_type not in value_types:
            message = (
                f"predicate {predicate.id!r}: value_type {predicate.value_type!r} "
                f"is not one of {value_types}"
            )
            yield Problem("invalid-enum", path, str(located.line((index, "value_type"))), message)
        if (predicate.value_type == "category") != bool(predicate.categories):
            message = f"predicate {predicate.id!r}: categories go with value_type category only"
            yield Problem("invalid-field", path, line, message)
        for key, message in _predicate_errors(predicate, by_id, bounds):
            yield Problem("invalid-field", path, str(located.line((index, key))), message)


def _predicate_errors(
    predicate: PredicateIn, by_id: dict[str, PredicateIn], bounds: list[str]
) -> Iterator[tuple[str, str]]:
    """(key, message) for each rule the comparison fields of one predicate break."""
    name = f"predicate {predicate.id!r}"
    for narrow, broad in predicate.broader.items():
        unknown = sorted({narrow, broad} - set(predicate.categories))
        if unknown:
            yield "broader", f"{name}: broader names {unknown}, not among its categories"
    for category in predicate.broader:
        seen = {category}
        while category in predicate.broader:
            category = predicate.broader[category]
            if category in seen:
                yield "broader", f"{name}: broader goes round in a circle at {category!r}"
                break
            seen.add(category)
    for bound, meaning in predicate.bound_meaning.items():
        if bound not in bounds or meaning not in BOUND_MEANINGS:
            message = (
                f"{name}: bound_meaning {bound}: {meaning} must map one of {bounds} "
                f"to one of {list(BOUND_MEANINGS)}"
            )
            yield "bound_meaning", message
    if predicate.parts and predicate.value_type not in NUMERIC_TYPES:
        yield "parts", f"{name}: parts add up numbers only, not {predicate.value_type}"
    if predicate.cumulative and predicate.value_type != "count":
        yield "cumulative", f"{name}: cumulative is for counts, not {predicate.value_type}"
    for relation in predicate.related:
        other = by_id.get(relation.predicate)
        if other is None:
            yield "related", f"{name}: related predicate {relation.predicate!r} is not defined"
            continue
        if relation.rule not in RELATION_RULES:
            yield "related", f"{name}: rule {relation.rule!r} is not one of {list(RELATION_RULES)}"
            continue
        wanted = RELATION_RULES[relation.rule]
        if {predicate.value_type, other.value_type} != {wanted}:
            message = (
                f"{name}: rule {relation.rule} relates two {wanted} predicates, not "
                f"{predicate.value_type} and {other.value_type}"
            )
            yield "related", message


def _check_statements(seeds: Seeds, schema: TableSchema) -> Iterator[Problem]:
    entities = {entity.id for entity in seeds.entities}
    predicates = {predicate.id: predicate for predicate in seeds.predicates}
    seen_sources: dict[str, str] = {}
    for statement_set in seeds.statement_sets:
        yield from coding_file_problems(statement_set, seeds.articles)
        coded = statement_set.file.source
        if coded in seen_sources:
            yield duplicate_coding(statement_set.path, coded, seen_sources[coded])
        seen_sources[coded] = statement_set.path
        yield from statement_set_problems(statement_set, entities, predicates, schema)


def coding_file_problems(
    statement_set: StatementSet, articles: Container[str]
) -> Iterator[Problem]:
    """The coding file names the article it is named after, that article exists, and no text
    of the file holds a character no table publishes."""
    path, located, coded = statement_set.path, statement_set.lines, statement_set.file
    yield from unpublishable_texts(located)
    stem = Path(path).stem
    if coded.source != stem:
        message = f"source {coded.source!r} does not match the file name {stem!r}"
        yield Problem("source-mismatch", path, str(located.line(("source",))), message)
    if coded.source not in articles:
        message = f"source {coded.source!r} has no article in seeds/"
        yield Problem("unknown-source", path, str(located.line(("source",))), message)


def duplicate_coding(path: str, source: str, first: str) -> Problem:
    """A second coding file for a source (at the file that comes second)."""
    return Problem("duplicate-id", path, "1", f"source {source!r} is also coded in {first}")


def statement_set_problems(
    statement_set: StatementSet,
    entities: Container[str],
    predicates: dict[str, PredicateIn],
    schema: TableSchema,
) -> Iterator[Problem]:
    """Every rule a coding file's statements break, each at its line (`schema`: the
    statements table's, which gives modalities, the form of an id and the list fields)."""
    modalities = schema.field("modality").enum or []
    id_pattern = statement_id_pattern(schema)
    qualifiers = schema.field("qualifiers")
    for index, statement in enumerate(statement_set.file.statements):
        for kind, key, message in _statement_errors(statement, entities, predicates, modalities):
            yield statement_set.problem(index, key, kind, message)
        for kind, key, message in _id_errors(statement, id_pattern):
            yield statement_set.problem(index, key, kind, message)
        if statement.qualifiers:  # most statements have none: no generator made for them
            items = [(("statements", index, "qualifiers", n), q)
                     for n, q in enumerate(statement.qualifiers)]  # fmt: skip
            yield from _list_items(statement_set.path, statement_set.lines, qualifiers, items)


def statement_id_pattern(schema: TableSchema) -> re.Pattern[str]:
    """The form of a statement id, as the statements schema gives it."""
    return re.compile(schema.field("statement_id").constraints["pattern"])


def _id_errors(
    statement: StatementIn, pattern: re.Pattern[str]
) -> Iterator[tuple[str, str | None, str]]:
    """A statement has the id it was given when first coded, in the form the schema gives."""
    if statement.id is None:
        message = "has no id: run `claimpack fill-ids` to give it one (it changes nothing else)"
        yield "missing-statement-id", None, message
    elif not pattern.fullmatch(statement.id):
        message = (
            f"id {statement.id!r} is not a statement id (st_ and 16 hex digits, 0-9 a-f); "
            "delete the `id` line and run `claimpack fill-ids` to give it one"
        )
        yield "bad-statement-id", "id", message


SCOPE_FILLERS = frozenset({"the", "a", "an", "la", "el", "los", "las"})


def _keyword_written_otherwise(scope: str, predicate: PredicateIn) -> str | None:
    """The scope keyword of the predicate's parts (total, at_scene, died_later) that the scope
    spells another way ("at the scene", "died-later"), or None."""
    keywords = {part for whole, parts in predicate.parts.items() for part in (whole, *parts)}
    words = re.split(r"[\s_-]+", scope.strip().casefold())
    canonical = "_".join(word for word in words if word and word not in SCOPE_FILLERS)
    written = " ".join(scope.casefold().split())  # as the derivation compares scopes
    return canonical if canonical in keywords and written != canonical else None


def _statement_errors(
    statement: StatementIn,
    entities: Container[str],
    predicates: dict[str, PredicateIn],
    modalities: list[str],
) -> Iterator[tuple[str, str | None, str]]:
    """(error type, key, message) for each rule one statement breaks. (Run for every
    statement of every article: the fields are gone through as tuples, not dicts of lists.)"""
    if statement.draft:
        message = "is a draft from `claimpack suggest`: check it, then remove `draft: true`"
        yield "draft-statement", "draft", message
    references = (
        ("subject", statement.subject), ("object", statement.object),
        ("attributed_to", statement.attributed_to), ("reported_via", statement.reported_via),
        *(("excluding", entity_id) for entity_id in statement.excluding),
    )  # fmt: skip
    for key, entity_id in references:
        if entity_id is not None and entity_id not in entities:
            message = f"{key} {entity_id!r} is not an entity in {ENTITIES_FILE}"
            yield "unknown-entity", key, message
    predicate = predicates.get(statement.predicate)
    # A sign of a numeric value is read as a number, and a negative one refused there.
    numeric = predicate is not None and predicate.value_type in NUMERIC_TYPES
    texts = (
        ("quote", statement.quote), ("value", None if numeric else statement.value),
        ("note", statement.note), ("scope", statement.scope), ("time", statement.time),
        ("qualifiers", " ".join(statement.qualifiers) or None),
    )  # fmt: skip
    for key, text in texts:
        if text is not None and text.startswith(FORMULA_STARTS):
            message = (
                f"{key} starts with {text[:1]!r}, which a spreadsheet runs as a formula; "
                "extend the quote by a word, or reword the value"
            )
            yield "formula-cell", key, message
    if statement.modality not in modalities:
        message = f"modality {statement.modality!r} is not one of {modalities}"
        yield "invalid-enum", "modality", message
    if predicate is None:
        message = f"predicate {statement.predicate!r} is not in {PREDICATES_FILE}"
        yield "unknown-predicate", "predicate", message
        return
    if statement.scope is not None and predicate.parts:
        keyword = _keyword_written_otherwise(statement.scope, predicate)
        if keyword is not None:
            message = (
                f"scope {statement.scope!r} is written like {keyword}, a scope of "
                f"{predicate.id!r} statements are compared by: write {keyword} (in another "
                "wording it is compared apart, as a place or a time would be)"
            )
            yield "invalid-scope", "scope", message
    if predicate.value_type == "entity":
        if statement.object is None:
            message = f"predicate {predicate.id!r} takes an entity: give `object`"
            yield "missing-value", None, message
        if statement.value is not None:
            message = f"predicate {predicate.id!r} takes an entity in `object`, not `value`"
            yield "unexpected-value", "value", message
        return
    if statement.value is None:
        message = f"predicate {predicate.id!r} ({predicate.value_type}) needs a `value`"
        yield "missing-value", None, message
        return
    if predicate.value_type == "category" and statement.value not in predicate.categories:
        message = f"value {statement.value!r} is not one of {predicate.categories}"
        yield "invalid-enum", "value", message
    if (
        predicate.value_type in VALUE_IN_QUOTE_TYPES
        and statement.value.casefold() not in statement.quote.casefold()
    ):
        message = (
            f"value {statement.value!r} must appear in the quote, so that the evidence carries it"
        )
        yield "value-not-in-quote", "value", message
