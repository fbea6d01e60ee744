"""Synthetic projects of any size, coded like the real seeds, with disagreements planted.

The planted disagreements are the ground truth that a faster build must still find.

`synthesize` writes a project folder that `claimpack build --root OUT` builds: the template's
schemas and vocabulary, synthetic entities, sources and articles whose text carries every quote
verbatim, one coding file per article, and `planted.json`. Predicates are drawn with the
frequencies of the template's own coding files. Single-valued predicates with comparable values
state "facts": each fact has its own subject and one true value, and a few facts are stated by most
articles (the huge comparison groups). Disagreements are planted only where they are unambiguous
under any comparison rule: exact numbers (no bounds) and distinct entities; dates and categories
always agree. One cumulative count (a toll) is planted as a revision: articles published before
REVISION_DAY give the lower count, the later ones the higher. Nothing else can disagree: no
misspellings are registered, quotations share no run of six words, and every fact but a planted one
has a single value. The same arguments give the same bytes.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import itertools
import json
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from claimpack.ids import article_id
from claimpack.layout import CSV, SCHEMA_DIR, SEEDS_DIR, TABLE_ORDER
from claimpack.models import PredicateIn, StatementIn
from claimpack.problems import Problem, UsageError
from claimpack.stages.discrepancies import KIND_BY_VALUE_TYPE
from claimpack.stages.normalize import format_number
from claimpack.stages.read_seeds import read_seeds
from claimpack.stages.statements import new_statement_id
from claimpack.vocabulary import BOUNDS, FRACTIONS, MONTHS, SCALES, SEASONS, UNITS, WEEKDAYS

PLANTED = "planted.json"
COMPARED_TYPES = frozenset(
    {"money", "count", "quantity", "proportion", "date", "entity", "category"}
)
PLANTABLE_TYPES = frozenset({"money", "count", "quantity", "entity"})
QUOTATION_RUN = 6  # quotations share no run of this many words (the quote-variant shingle)
EVENT_DAY = dt.date(2026, 2, 22)
CONSONANTS = "bdfgklmnprstvz"
VOWELS = "aeiou"
# Words an article may not use outside a quote: numbers, dates and bounds are claims.
FORBIDDEN = frozenset(
    {*UNITS, *SCALES, *FRACTIONS, *(f"{w}s" for w in SCALES), *MONTHS, *WEEKDAYS, *SEASONS}
    | {word for words in BOUNDS for word in words.split()}
    | {"decade", "decades", "last", "next", "this", "ago", "today", "yesterday", "tomorrow"}
)
HOT_FACTS = 3  # the adversarial corpus: most statements fall into this many facts
JOINERS = (", while ", "; meanwhile ", ", and ")


@dataclass(frozen=True, eq=False)  # each fact is its own: hashed by identity
class Fact:
    """A single-valued claim about its own subject: the value every source gives, and the one a
    planted disagreement gives instead."""

    subject: str
    predicate: PredicateIn
    truth: str
    deviant: str


@dataclass
class Spec:
    """One statement to write: what it says, and the clause of the article that carries it."""

    subject: str
    predicate: PredicateIn
    value: str | None
    object: str | None
    attributed_to: str | None
    note: str | None
    clause: str = ""
    fact: Fact | None = None


@dataclass
class Corpus:
    """Everything drawn once for a corpus: words, entities, facts, and the draw weights."""

    rng: random.Random
    words: list[str]
    names: dict[str, str]
    general: list[str]
    people: list[str]
    predicates: list[PredicateIn]
    weights: list[float]
    facts: dict[str, list[Fact]]
    fact_weights: list[float]
    attributed_share: float
    note_share: float
    adversarial: bool
    quotation_runs: set[int] = field(default_factory=set)
    occurrences: Counter[Fact] = field(default_factory=Counter)
    said: dict[Fact, dict[str, set[str]]] = field(default_factory=dict)
    published: dict[str, dt.date] = field(default_factory=dict)


@dataclass(frozen=True)
class Synthesized:
    """What was written: articles, statements, and disagreements planted (as planted.json
    lists them: one between sources per fact, one within each source that contradicts itself)."""

    articles: int
    statements: int
    planted: int


def synthesize(
    template: Path,
    out: Path,
    articles: int,
    per_article: int,
    seed: int,
    adversarial: bool = False,
) -> Synthesized:
    """Write a synthetic project to `out` (a new or empty folder) from the template project's
    schemas, vocabulary and coding frequencies; record the planted disagreements in
    out/planted.json."""
    if articles < 1 or per_article < 2:
        message = "give at least 1 article and 2 statements per article"
        raise UsageError([Problem("bad-synth", "synth", "", message)])
    if out.exists() and any(out.iterdir()):
        message = f"{out} is not empty; synth writes a new project"
        raise UsageError([Problem("bad-synth", str(out), "", message)])
    seeds = read_seeds(template)
    corpus = _corpus(template, seeds.statement_sets, seeds.predicates, articles, seed, adversarial)
    planted = _plant(corpus, articles)
    (out / SEEDS_DIR / "statements").mkdir(parents=True)
    (out / SCHEMA_DIR).mkdir()
    for name in TABLE_ORDER:
        source = template / SCHEMA_DIR / f"{name}.json"
        (out / SCHEMA_DIR / f"{name}.json").write_bytes(source.read_bytes())
    predicates_yaml = (template / SEEDS_DIR / "predicates.yaml").read_bytes()
    (out / SEEDS_DIR / "predicates.yaml").write_bytes(predicates_yaml)
    (out / SEEDS_DIR / "package.yaml").write_text(_package_yaml(seed), encoding="utf-8")
    (out / SEEDS_DIR / "entities.yaml").write_text(_entities_yaml(corpus), encoding="utf-8")
    sources = []
    for number in range(articles):
        text, publisher, specs, published = _article(corpus, per_article, planted)
        data = text.encode("utf-8")
        source_id = article_id(number, hashlib.sha256(data).hexdigest())
        (out / SEEDS_DIR / f"{source_id}.txt").write_bytes(data)
        sources.append(_source_yaml(source_id, hashlib.sha256(data).hexdigest(), publisher))
        coding = _coding(source_id, text, specs, publisher)
        statements_yaml = f"source: {_string(source_id)}\n{coding}"
        (out / SEEDS_DIR / "statements" / f"{source_id}.yaml").write_text(
            statements_yaml, encoding="utf-8"
        )
        _record(corpus, source_id, specs)
        corpus.published[source_id] = published
    (out / SEEDS_DIR / "sources.yaml").write_text("".join(sources), encoding="utf-8")
    truth = _ground_truth(corpus)
    summary = {
        "generator": {
            "articles": articles,
            "statements_per_article": per_article,
            "seed": seed,
            "adversarial": adversarial,
        },
        "statements": articles * per_article,
        "discrepancies": truth,
    }
    (out / PLANTED).write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    return Synthesized(articles, articles * per_article, len(truth))


# Drawing the corpus ------------------------------------------------------------------------


def _corpus(
    template: Path,
    statement_sets: list[Any],
    predicates: list[PredicateIn],
    articles: int,
    seed: int,
    adversarial: bool,
) -> Corpus:
    """Words, entities and facts, and the predicate weights of the template's coding."""
    rng = random.Random(seed)
    coded = [s for statement_set in statement_sets for s in statement_set.file.statements]
    if not coded:
        message = "the template project has no coded statements to take frequencies from"
        raise UsageError([Problem("bad-synth", str(template), "", message)])
    usage = Counter(statement.predicate for statement in coded)
    chosen = [p for p in predicates if usage[p.id]]
    words = _words(rng, 6000)
    general_count = max(40, min(articles * 4, 4000))
    names: dict[str, str] = {}
    general = [_entity(rng, words, names) for _ in range(general_count)]
    people = general[: max(10, general_count // 4)]
    per_predicate = max(3, min(articles // 10, 400))
    facts: dict[str, list[Fact]] = {}
    for predicate in chosen:
        if predicate.single_valued and predicate.value_type in COMPARED_TYPES:
            facts[predicate.id] = [
                _fact(rng, words, names, general, predicate) for _ in range(per_predicate)
            ]
    fact_weights = list(
        itertools.accumulate(1 / (rank + 1) ** 1.1 for rank in range(per_predicate))
    )
    return Corpus(
        rng=rng,
        words=words,
        names=names,
        general=general,
        people=people,
        predicates=chosen,
        weights=list(itertools.accumulate(usage[p.id] for p in chosen)),
        facts=facts,
        fact_weights=fact_weights,
        attributed_share=sum(s.attributed_to is not None for s in coded) / len(coded),
        note_share=sum(s.note is not None for s in coded) / len(coded),
        adversarial=adversarial,
    )


def _words(rng: random.Random, count: int) -> list[str]:
    """Pronounceable nonsense words, none of them a number, date or bound word."""
    syllables = [c + v for c in CONSONANTS for v in VOWELS]
    found: set[str] = set()
    while len(found) < count:
        word = "".join(rng.choice(syllables) for _ in range(rng.choice((2, 3, 3))))
        if word not in FORBIDDEN:
            found.add(word)
    ordered = sorted(found)
    rng.shuffle(ordered)
    return ordered


def _entity(rng: random.Random, words: list[str], names: dict[str, str]) -> str:
    """A new entity with a two-word name; its id is the name as a slug."""
    while True:
        first, second = rng.choice(words), rng.choice(words)
        entity_id = f"{first}-{second}"
        if entity_id not in names:
            names[entity_id] = f"{first.capitalize()} {second.capitalize()}"
            return entity_id


def _fact(
    rng: random.Random,
    words: list[str],
    names: dict[str, str],
    general: list[str],
    predicate: PredicateIn,
) -> Fact:
    """A fact of the predicate, with its own subject (so that no rule relating two predicates
    of one subject can fire) and a true value and a deviant one of its value type."""
    subject = _entity(rng, words, names)
    kind = predicate.value_type
    if kind == "count":
        truth = rng.randint(2, 4000)
        return Fact(subject, predicate, _digits(truth), _digits(truth * 2 + 7))
    if kind == "quantity":
        truth = rng.randint(2, 95)
        return Fact(subject, predicate, str(truth), str(truth + 23))
    if kind == "money":
        truth = rng.randint(2, 60)
        return Fact(subject, predicate, f"${truth} million", f"${truth + 25} million")
    if kind == "proportion":
        truth = rng.randint(10, 45)
        return Fact(subject, predicate, f"0.{truth}", f"0.{truth + 40}")
    if kind == "date":
        day = EVENT_DAY - dt.timedelta(days=rng.randint(0, 15000))
        written = f"{day.strftime('%B')} {day.day}, {day.year}"
        return Fact(subject, predicate, written, written)
    if kind == "category":
        category = rng.choice(predicate.categories)
        return Fact(subject, predicate, category, category)
    first, second = rng.sample(general, 2)
    return Fact(subject, predicate, first, second)


def _digits(number: int) -> str:
    return f"{number:,}"


def _plant(corpus: Corpus, articles: int) -> dict[Fact, int]:
    """The facts given a deviant value, drawn as statements draw them (so that they are stated
    often enough to disagree), each with how it is planted: the deviant every PERIOD-th time
    the fact is stated (between sources), or once beside the true value in one article (within
    a source); and, where a cumulative count is stated often enough, one planted as revised
    (the lower count before REVISION_DAY, the higher from it on)."""
    weights = {p.id: w for p, w in zip(corpus.predicates, _increments(corpus.weights), strict=True)}
    ranks = _increments(corpus.fact_weights)
    candidates = [
        (fact, weights[fact.predicate.id] * ranks[rank])
        for facts in corpus.facts.values()
        for rank, fact in enumerate(facts[:8])
        if fact.predicate.value_type in PLANTABLE_TYPES
    ]
    count = min(len(candidates), max(4, articles // 100))
    # the most stated fact of each value type first, so that every kind of conflict is planted
    chosen: list[Fact] = []
    for kind in sorted(PLANTABLE_TYPES):
        of_kind = [(f, w) for f, w in candidates if f.predicate.value_type == kind]
        if of_kind and len(chosen) < count:
            chosen.append(max(of_kind, key=lambda pair: pair[1])[0])
    while len(chosen) < count:
        [fact] = corpus.rng.choices([f for f, _ in candidates], [w for _, w in candidates])
        if fact not in chosen:
            chosen.append(fact)
    planted = {fact: BETWEEN for fact in chosen}
    for fact in chosen[: max(1, count // 3)]:
        planted[fact] = WITHIN
    if corpus.adversarial:
        for fact in _hot(corpus):
            planted.setdefault(fact, BETWEEN)
    tolls = [(f, w) for f, w in candidates if f.predicate.cumulative and f not in planted]
    if tolls:
        planted[max(tolls, key=lambda pair: pair[1])[0]] = REVISED
    for fact in planted:
        corpus.said[fact] = defaultdict(set)
    return planted


def _increments(cumulative: list[float]) -> list[float]:
    return [b - a for a, b in itertools.pairwise([0.0, *cumulative])]


BETWEEN, WITHIN, REVISED = 1, 2, 3
PERIOD = 1000
REVISION_DAY = 3  # days after the event from which a revised count is reported


def _hot(corpus: Corpus) -> list[Fact]:
    """The adversarial corpus's few huge groups: the top fact of the first plantable
    predicates."""
    top = [
        facts[0] for facts in corpus.facts.values() if facts[0].predicate.value_type in {"count"}
    ]
    top += [facts[0] for facts in corpus.facts.values() if facts[0] not in top]
    return top[:HOT_FACTS]


# Writing an article ------------------------------------------------------------------------


def _article(
    corpus: Corpus, per_article: int, planted: dict[Fact, int]
) -> tuple[str, tuple[str, str] | None, list[Spec], dt.date]:
    """The article's text, its credit line (publisher and the words naming it), its
    statements and its date."""
    rng = corpus.rng
    specs: list[Spec] = []
    published = EVENT_DAY + dt.timedelta(days=rng.randint(0, 6))
    revised = published >= EVENT_DAY + dt.timedelta(days=REVISION_DAY)
    while len(specs) < per_article:
        spec = _draw(corpus)
        fact = spec.fact
        if fact is not None and fact in planted:
            seen = corpus.occurrences[fact]
            corpus.occurrences[fact] += 1
            if planted[fact] == BETWEEN and seen % PERIOD == 1:
                spec = _stating(corpus, fact, fact.deviant)
            elif planted[fact] == WITHIN and seen == 0 and len(specs) + 2 <= per_article:
                specs.append(spec)
                spec = _stating(corpus, fact, fact.deviant)
            elif planted[fact] == REVISED and revised:
                spec = _stating(corpus, fact, fact.deviant)
        specs.append(spec)
    for spec in specs:
        spec.clause = _clause(corpus, spec)
    credit = None
    if rng.random() < 0.3:
        name = rng.choice(corpus.words).capitalize()
        credit = (f"{name} Wire", f"({name} Wire Inputs)")
    text = _text(corpus, published, specs, credit)
    return text, credit, specs, published


def _draw(corpus: Corpus) -> Spec:
    """One statement drawn like the template's coding: a predicate by its frequency, then a
    fact of it (popular facts far more often) or a free subject and value."""
    rng = corpus.rng
    if corpus.adversarial and rng.random() < 0.9:
        return _stating(corpus, rng.choice(_hot(corpus)), None)
    index = bisect.bisect_right(corpus.weights, rng.random() * corpus.weights[-1])
    predicate = corpus.predicates[min(index, len(corpus.predicates) - 1)]
    facts = corpus.facts.get(predicate.id)
    if facts is not None:
        rank = bisect.bisect_right(corpus.fact_weights, rng.random() * corpus.fact_weights[-1])
        return _stating(corpus, facts[min(rank, len(facts) - 1)], None)
    subject = _popular(corpus, corpus.people if predicate.value_type == "quotation" else None)
    value: str | None = None
    entity: str | None = None
    if predicate.value_type == "entity":
        entity = _popular(corpus, None)
    elif predicate.value_type == "quotation":
        value = _quotation(corpus)
    elif predicate.value_type == "category":
        value = rng.choice(predicate.categories)
    elif predicate.value_type in {"count", "quantity"}:
        value = str(rng.randint(2, 900))
    elif predicate.value_type == "money":
        value = f"${rng.randint(2, 90)} million"
    elif predicate.value_type == "proportion":
        value = f"0.{rng.randint(10, 90)}"
    elif predicate.value_type == "date":
        day = EVENT_DAY - dt.timedelta(days=rng.randint(0, 15000))
        value = f"{day.strftime('%B')} {day.day}, {day.year}"
    else:
        value = " ".join(rng.choices(corpus.words, k=rng.randint(2, 5)))
    attributed = subject if predicate.value_type == "quotation" else _voice(corpus)
    return Spec(subject, predicate, value, entity, attributed, _note(corpus))


def _stating(corpus: Corpus, fact: Fact, value: str | None) -> Spec:
    """A statement of the fact, with its true value unless another is given."""
    written = value or fact.truth
    if fact.predicate.value_type == "entity":
        return Spec(fact.subject, fact.predicate, None, written, _voice(corpus), None, fact=fact)
    return Spec(fact.subject, fact.predicate, written, None, _voice(corpus), None, fact=fact)


def _popular(corpus: Corpus, pool: list[str] | None) -> str:
    """An entity of the pool, the first ones far more often (a few entities dominate news)."""
    entities = pool or corpus.general
    position = int(len(entities) * corpus.rng.random() ** 3)
    return entities[min(position, len(entities) - 1)]


def _voice(corpus: Corpus) -> str | None:
    return (
        _popular(corpus, corpus.people) if corpus.rng.random() < corpus.attributed_share else None
    )


def _note(corpus: Corpus) -> str | None:
    if corpus.rng.random() >= corpus.note_share:
        return None
    return " ".join(corpus.rng.choices(corpus.words, k=6)).capitalize() + "."


def _quotation(corpus: Corpus) -> str:
    """Words of a direct quotation that share no run of QUOTATION_RUN words with any other."""
    while True:
        words = corpus.rng.choices(corpus.words, k=corpus.rng.randint(7, 14))
        runs = {
            hash(tuple(words[i : i + QUOTATION_RUN])) for i in range(len(words) - QUOTATION_RUN + 1)
        }
        if not runs & corpus.quotation_runs:
            corpus.quotation_runs |= runs
            return " ".join(words).capitalize()


def _clause(corpus: Corpus, spec: Spec) -> str:
    """The words of the article that carry the statement (its quote), value verbatim."""
    name = corpus.names[spec.subject]
    label = spec.predicate.label
    filler = " ".join(corpus.rng.choices(corpus.words, k=2))
    if spec.object is not None:
        return f"{name} {label} {corpus.names[spec.object]} {filler}"
    if spec.predicate.value_type == "quotation":
        return f"{name} {filler} said \u201c{spec.value}\u201d"
    unit = spec.predicate.unit if spec.predicate.value_type in {"count", "quantity"} else None
    return f"{name} {label} {spec.value}{f' {unit}' if unit else ''} {filler}"


def _text(
    corpus: Corpus, published: dt.date, specs: list[Spec], credit: tuple[str, str] | None
) -> str:
    """Sentences of one or two clauses, paragraphs of a few sentences; every quote occurs
    exactly once (a clause that repeats elsewhere is redrawn)."""
    rng = corpus.rng
    shapes: list[tuple[int, str]] = []  # clauses in the sentence, joiner
    remaining = len(specs)
    while remaining:
        size = 2 if remaining > 1 and rng.random() < 0.4 else 1
        shapes.append((size, rng.choice(JOINERS)))
        remaining -= size
    breaks = [rng.random() < 0.25 for _ in shapes]
    while True:
        text = _assemble(published, specs, shapes, breaks, credit)
        repeated = [spec for spec in specs if _occurs_twice(text, spec.clause)]
        if not repeated:
            return text
        for spec in repeated:
            spec.clause = _clause(corpus, spec)


def _assemble(
    published: dt.date,
    specs: list[Spec],
    shapes: list[tuple[int, str]],
    breaks: list[bool],
    credit: tuple[str, str] | None,
) -> str:
    parts = [f"date {published.isoformat()}\n"]
    position = 0
    for (size, joiner), paragraph_break in zip(shapes, breaks, strict=True):
        clauses = [spec.clause for spec in specs[position : position + size]]
        position += size
        parts.append(joiner.join(clauses) + (".\n\n" if paragraph_break else ". "))
    body = "".join(parts).rstrip() + "\n"
    return body + (f"\n{credit[1]}\n" if credit else "")


def _occurs_twice(text: str, quote: str) -> bool:
    first = text.find(quote)
    return text.find(quote, first + 1) >= 0


def _coding(source_id: str, text: str, specs: list[Spec], credit: tuple[str, str] | None) -> str:
    """The coding file (after `source:`) in the seeds' layout, every statement with the id
    `claimpack fill-ids` would give it; strings as JSON, which YAML reads as they are."""
    lines = ["statements:"]
    taken: set[str] = set()
    for spec in specs:
        # The list fields are given: pydantic's model_construct inspects a default_factory's
        # signature on every call, which was four fifths of the synthesis time.
        coded = StatementIn.model_construct(
            subject=spec.subject, predicate=spec.predicate.id, object=spec.object,
            value=spec.value, attributed_to=spec.attributed_to, quote=spec.clause,
            excluding=[], qualifiers=[],
        )  # fmt: skip
        start = text.index(spec.clause)  # it occurs once (see _text)
        lines.append(f"  - id: {new_statement_id(source_id, coded, start, taken)}")
        lines.append(f"    subject: {spec.subject}")
        lines.append(f"    predicate: {spec.predicate.id}")
        if spec.object is not None:
            lines.append(f"    object: {spec.object}")
        if spec.value is not None:
            lines.append(f"    value: {_string(spec.value)}")
        if spec.attributed_to is not None:
            lines.append(f"    attributed_to: {spec.attributed_to}")
        lines.append(f"    quote: {_string(spec.clause)}")
        if spec.note is not None:
            lines.append(f"    note: {_string(spec.note)}")
    if credit is not None:
        lines.append("waivers:")
        lines.append(f"  - quote: {_string(credit[1])}")
        lines.append("    reason: credit line naming the agency the article draws on")
    return "\n".join(lines) + "\n"


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _record(corpus: Corpus, source_id: str, specs: list[Spec]) -> None:
    """Note which source said what of each planted fact."""
    for spec in specs:
        if spec.fact is not None and spec.fact in corpus.said:
            corpus.said[spec.fact][source_id].add(spec.object or spec.value or "")


def _source_yaml(source_id: str, digest: str, credit: tuple[str, str] | None) -> str:
    lines = [f"- id: {_string(source_id)}", f"  sha256: {digest}"]
    if credit is not None:
        lines += [f"  publisher: {_string(credit[0])}", f"  publisher_quote: {_string(credit[1])}"]
    return "\n".join(lines) + "\n"


def _entities_yaml(corpus: Corpus) -> str:
    people = set(corpus.people)
    lines = []
    for entity_id, name in sorted(corpus.names.items()):
        kind = "person" if entity_id in people else "organization"
        lines += [
            f"- id: {entity_id}",
            f"  type: {kind}",
            f"  name: {_string(name)}",
            f"  aliases: [{_string(name)}]",
            f"  description: {_string(f'A synthetic {kind}.')}",
        ]
    return "\n".join(lines) + "\n"


def _package_yaml(seed: int) -> str:
    return (
        f"name: synthetic-{seed}\n"
        f'title: "Synthetic corpus, seed {seed}"\n'
        "description: Generated by claimpack synth for benchmarks and tests.\n"
        "version: 0.1.0\n"
        "created: 2026-01-01\n"
        "licenses:\n"
        "  - name: CC0-1.0\n"
        "    title: CC0 1.0\n"
        "    path: https://creativecommons.org/publicdomain/zero/1.0/\n"
        "    scope: Everything; the text is generated.\n"
        "contributors:\n"
        "  - title: claimpack synth\n"
        "    role: author\n"
    )


# Ground truth ------------------------------------------------------------------------------


def _ground_truth(corpus: Corpus) -> list[dict[str, Any]]:
    """What any comparison rule must find, from what the articles say: for a fact stated with
    two or more values, one disagreement between all the sources that state it (when there are
    two or more), and one within each source that states two values; each of its value
    type's kind of conflict, but a count_revision where a cumulative count's two values were
    told in order of time."""
    found = []
    for fact, by_source in sorted(corpus.said.items(), key=lambda kv: kv[0].subject):
        values = {value for said in by_source.values() for value in said}
        if len(values) < 2:
            continue
        key = {"subject_id": fact.subject, "predicate": fact.predicate.id, "object_id": None}
        conflict = KIND_BY_VALUE_TYPE[fact.predicate.value_type]
        if len(by_source) > 1:
            found.append(
                {
                    "extent": "between_sources",
                    "kind": _between_kind(corpus, fact, by_source, conflict),
                    **key,
                    "values": sorted(_comparable(fact, v) for v in values),
                    "sources": sorted(by_source),
                }
            )
        for source, said in sorted(by_source.items()):
            if len(said) > 1:
                found.append(
                    {
                        "extent": "within_source",
                        "kind": conflict,
                        **key,
                        "values": sorted(_comparable(fact, v) for v in said),
                        "sources": [source],
                    }
                )
    return sorted(found, key=_order)


def _between_kind(corpus: Corpus, fact: Fact, by_source: dict[str, set[str]], conflict: str) -> str:
    """count_revision when the fact is a cumulative count whose every source of the lower
    value was published before every source of the higher one; else the conflict."""
    if not fact.predicate.cumulative:
        return conflict
    lower = [corpus.published[s] for s, said in by_source.items() if fact.truth in said]
    higher = [corpus.published[s] for s, said in by_source.items() if fact.deviant in said]
    return "count_revision" if max(lower) < min(higher) else conflict


def _comparable(fact: Fact, written: str) -> str:
    """A value as a rule compares it: an entity id, or a number without unit or separators."""
    if fact.predicate.value_type == "entity":
        return written
    number = float(re.sub(r"[$,]|\smillion$", "", written))
    if written.endswith("million"):
        number *= 1_000_000
    return format_number(number)


def _order(record: dict[str, Any]) -> tuple[str, ...]:
    return (record["subject_id"], record["predicate"], record["extent"], *record["sources"])


def derived_disagreements(root: Path) -> list[dict[str, Any]]:
    """The discrepancies a built project publishes, in planted.json's shape: key, extent, kind,
    the values compared (numbers without unit or separators) and the sources on its sides."""
    options = (  # a description lists every source: a line of an adversarial corpus is long
        "all_varchar = true, header = true, delim = ',', quote = '\"', escape = '\"', "
        "max_line_size = 1000000000"
    )
    query = f"""
        SELECT d.extent, d.kind, d.subject_id, d.predicate, d.object_id, d.scope,
               list_sort(list_distinct(list(l.compared_value))) AS compared,
               list_sort(list_distinct(list(s.source_id))) AS sources
        FROM read_csv($discrepancies, {options}) d
        JOIN read_csv($links, {options}) l USING (discrepancy_id)
        JOIN read_csv($statements, {options}) s USING (statement_id)
        GROUP BY d.discrepancy_id, d.extent, d.kind, d.subject_id, d.predicate, d.object_id,
                 d.scope
    """
    paths = {
        "discrepancies": str(root / CSV.path("discrepancies")),
        "links": str(root / CSV.path("discrepancy_statements")),
        "statements": str(root / CSV.path("statements")),
    }
    with duckdb.connect() as connection:
        rows = connection.execute(query, paths).fetchall()
    found = [
        {
            "extent": extent,
            "kind": kind,
            "subject_id": subject,
            "predicate": predicate,
            "object_id": object_id,
            "values": sorted({_number_or_id(value) for value in compared}),
            "sources": list(sources),
            **({"scope": scope} if scope not in (None, "total") else {}),
        }
        for extent, kind, subject, predicate, object_id, scope, compared, sources in rows
    ]
    return sorted(found, key=_order)


def _number_or_id(value: str) -> str:
    plain = re.sub(r"^USD |,", "", value)
    try:
        return format_number(float(plain))
    except ValueError:
        return value


def planted_mismatches(root: Path) -> list[str]:
    """Every planted disagreement the build missed, and every one it found that was not
    planted (empty when the build found exactly the ground truth)."""
    planted = json.loads((root / PLANTED).read_text(encoding="utf-8"))["discrepancies"]
    derived = derived_disagreements(root)
    as_text = [json.dumps(record, sort_keys=True) for record in planted]
    found = [json.dumps(record, sort_keys=True) for record in derived]
    return [f"missed: {record}" for record in sorted(set(as_text) - set(found))] + [
        f"not planted: {record}" for record in sorted(set(found) - set(as_text))
    ]
