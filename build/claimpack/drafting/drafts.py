"""suggest: everything drafting finds in one article, and the draft coding file for it.

The draft file is a seeds/statements YAML file whose statements all say `draft: true`; the build
refuses it until a coder has checked each statement, completed it and removed the mark.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from claimpack.articles import date_line, sentence_around
from claimpack.drafting.dates import find_dates
from claimpack.drafting.finding import Finding, Spans
from claimpack.drafting.language import detect_language
from claimpack.drafting.mentions import Registry, find_mentions
from claimpack.drafting.numbers import ADJECTIVES, find_numbers
from claimpack.drafting.quotations import find_quotations
from claimpack.models import StatementIn
from claimpack.schema import FORMULA_STARTS
from claimpack.stages.statements import new_statement_id

KIND_ORDER = {"quotation": 0, "number": 1, "date": 2, "entity": 3}


@dataclass(frozen=True)
class Suggestion:
    language: str
    date: dt.date | None
    findings: list[Finding]

    def to_json(self) -> str:
        drafts = [item.to_dict() for item in self.findings]
        return json.dumps(
            {"language": self.language, "date": self.date.isoformat() if self.date else None,
             "drafts": drafts},
            indent=2, ensure_ascii=False,
        )  # fmt: skip


def suggest(text: str, registry: Registry, date: dt.date | None = None) -> Suggestion:
    """All findings in the article body, in text order; `date` when the text has no date line."""
    written_date, body = date_line(text)
    base = written_date or date
    language = detect_language(text[body:])
    mentions = find_mentions(text, registry, body)
    quotations = find_quotations(text, mentions, body)
    dates = find_dates(text, base, body)
    names = Spans([m for m in mentions if m.entity_id is not None or m.get("candidate")])
    date_spans = Spans(dates)
    numbers = [
        n for n in find_numbers(text, language, body)
        if not date_spans.overlaps(n.char_start, n.char_end)
        and not names.holds(n.char_start, n.char_end)
    ]  # fmt: skip
    mentions = [
        m for m in mentions
        if m.entity_id is not None or not date_spans.overlaps(m.char_start, m.char_end)
    ]  # fmt: skip
    findings = sorted(
        [*quotations, *numbers, *dates, *mentions],
        key=lambda f: (f.char_start, KIND_ORDER[f.kind], f.char_end),
    )
    return Suggestion(language, base, findings)


# What a number counts, to the predicate a coder most likely wants; "statistic" otherwise.
PREDICATE_CUES = [
    ("reward_amount", r"reward|bounty|recompensa"),
    (
        "killed_count",
        r"killed|dead|died|deaths|slain|muert|mur(?:ió|ieron)|mat(?:ó|aron)|"
        r"asesinad|abatid|falleci(?:d|ó|eron)|ultimad|ejecutad|sin vida|perdi(?:ó|eron) la vida",
    ),
    ("wounded_count", r"wounded|injured|herid|lesionad"),
    ("arrested_count", r"arrested|detained|captured|detenid|arrestad|capturad"),
    ("affected_states_count", r"\bstates\b|\bestados\b|entidades"),
]
# Words the number drafter may take for what a number counts that name nothing counted ("three
# later died", "otros dos"): the number's sentence says what it counts.
NOT_COUNTED = frozenset(
    "later more others also then afterwards subsequently más otros otras después luego también "
    "posteriormente".split()
)
# The part of a count of the killed its own words name (docs/codebook.md, Counts, scope and
# bounds): who died where it happened, and who died of their wounds later.
_DIED_ES = r"(?:murió|murieron|falleció|fallecieron|perdió la vida|perdieron la vida)"
KILLED_SCOPES = [
    (
        "died_later",
        r"\b(?:later|subsequently|afterwards)\s+died|\bdied\s+(?:later|afterwards|in (?:a |the )?"
        r"hospital|of (?:their|his|her) (?:wounds|injuries))|\bsuccumbed\b|"
        + _DIED_ES
        + r"\s+(?:después|más tarde|posteriormente|en (?:el|un) hospital|a causa de (?:sus|las) "
        r"heridas)|(?:después|más tarde|posteriormente)\s+" + _DIED_ES,
    ),
    ("at_scene", r"\bat the scene\b|\bon the spot\b|\ben el (?:lugar|sitio|acto)\b"),
]


def draft_file(source_id: str, text: str, suggestion: Suggestion) -> str:
    """The draft coding file: a statement per quotation, number and date, every one marked
    draft and given its id; entity mentions and candidates listed as comments for the registry."""
    taken: set[str] = set()
    statements = []
    starts = [item.char_start for item in suggestion.findings]  # in text order
    found = [_statement(text, item, suggestion.findings, starts) for item in suggestion.findings]
    drafts = [_no_formula_start(*each) for each in found if each is not None]
    places = _Places(text, [(start, len(drafted["quote"])) for drafted, start in drafts])
    for drafted, start in drafts:
        drafted = _with_context(text, drafted, start, places)
        coded = StatementIn.model_construct(**drafted)
        statements.append({"id": new_statement_id(source_id, coded, start, taken), **drafted})
    body = yaml.dump(
        {"source": source_id, "statements": statements},
        Dumper=_PlainDumper, allow_unicode=True, sort_keys=False, width=100,
    )  # fmt: skip
    header = [
        f"# Draft coding of {source_id}, written by `claimpack suggest` "
        f"(language: {suggestion.language}, date: {suggestion.date or 'none'}).",
        "# Check every statement against the article and docs/codebook.md: fix subject and",
        "# predicate, delete what is not a claim, then remove `draft: true`. The build refuses",
        "# a statement still marked draft.",
    ]
    return "\n".join([*header, *_entity_comments(suggestion.findings), body.rstrip(), ""])


def _no_formula_start(drafted: dict[str, Any], start: int) -> tuple[dict[str, Any], int]:
    """The draft with its quote (and a value the quote is) begun after any sign a spreadsheet
    runs as a formula ("- 25 soldiers died" in a list, "@SSPCMexico reported"): the build
    refuses a quote that starts with one."""
    quote = drafted["quote"]
    kept = quote.lstrip("".join(FORMULA_STARTS) + " ")
    if kept == quote or not kept:
        return drafted, start
    trimmed = {**drafted, "quote": kept}
    if drafted.get("value") == quote:
        trimmed["value"] = kept
    return trimmed, start + len(quote) - len(kept)


def _with_context(
    text: str, drafted: dict[str, Any], start: int, places: _Places
) -> dict[str, Any]:
    """The draft with a prefix (else a suffix) of whole words when its quote occurs more than
    once in the article (a headline repeating the lead, a quote said twice): the build finds
    a quote only where the evidence picks one place. The shortest that no other place of the
    quote shares, from the words nearest it."""
    quote = drafted["quote"]
    end = start + len(quote)
    others = places.others(text, start, len(quote))
    if not others:
        return drafted
    context: dict[str, str] = {}
    shared = max(_shared_before(text, start, other) for other in others)
    boundary = next((b for b in _word_starts_before(text, start) if start - b > shared), None)
    if boundary is not None:
        context = {"prefix": text[boundary:start]}
    else:
        shared = max(_shared_after(text, end, other + len(quote)) for other in others)
        boundary = next((b for b in _word_ends_after(text, end) if b - end > shared), None)
        if boundary is not None:
            context = {"suffix": text[end:boundary]}
    at = list(drafted).index("quote") + 1
    items = list(drafted.items())
    return dict([*items[:at], *context.items(), *items[at:]])


CONTEXT_REACH = 200  # characters a prefix or suffix reaches before or after its quote
GRAM = 16  # characters of a quote's start its other places are first looked for by
PLACES_LIMIT = 64  # places of a quote's start compared at most; past them it gets no context


class _Places:
    """Where each drafted quote's first GRAM characters (all of a shorter quote) occur in the
    article, found in one pass over it per length of those: a quote's other places are looked
    for only there, not by searching the whole article again for every statement. A start
    found more than PLACES_LIMIT times (a line repeated throughout) is not compared: no few
    words around its quote would pick one place, and the build says where it is ambiguous."""

    def __init__(self, text: str, quotes: list[tuple[int, int]]) -> None:
        wanted: dict[int, set[str]] = {}
        for start, length in quotes:
            size = min(length, GRAM)
            wanted.setdefault(size, set()).add(text[start : start + size])
        self.places: dict[str, list[int]] = {}
        for size, grams in sorted(wanted.items()):
            for at in range(len(text) - size + 1):
                gram = text[at : at + size]
                if gram in grams:
                    found = self.places.setdefault(gram, [])
                    if len(found) <= PLACES_LIMIT:
                        found.append(at)

    def others(self, text: str, start: int, length: int) -> list[int]:
        """The other places text[start:start + length] occurs, none when too many to compare."""
        quote = text[start : start + length]
        found = self.places[quote[:GRAM]]
        if len(found) > PLACES_LIMIT:
            return []
        return [at for at in found if at != start and text.startswith(quote, at)]


def _shared_before(text: str, start: int, other: int) -> int:
    """How many characters before `start` equal those before `other`, up to CONTEXT_REACH."""
    reach = min(CONTEXT_REACH, start, other)
    return _agreeing(text[start - reach : start][::-1], text[other - reach : other][::-1])


def _shared_after(text: str, end: int, other: int) -> int:
    """How many characters from `end` equal those from `other`, up to CONTEXT_REACH."""
    return _agreeing(text[end : end + CONTEXT_REACH], text[other : other + CONTEXT_REACH])


def _agreeing(mine: str, theirs: str) -> int:
    """How many first characters two strings share, by bisection over slices compared whole."""
    low, high = 0, min(len(mine), len(theirs))
    while low < high:
        middle = (low + high + 1) // 2
        if mine[:middle] == theirs[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _word_starts_before(text: str, start: int, reach: int = CONTEXT_REACH) -> Iterator[int]:
    """Where words start before `start`, nearest first, within `reach` characters."""
    for match in reversed(list(WORD_START.finditer(text[max(0, start - reach) : start]))):
        yield max(0, start - reach) + match.start()


def _word_ends_after(text: str, end: int, reach: int = CONTEXT_REACH) -> Iterator[int]:
    """Where words end after `end`, nearest first, within `reach` characters."""
    for match in WORD_END.finditer(text[end : end + reach]):
        yield end + match.end()


class _PlainDumper(yaml.SafeDumper):
    """Writes a value two statements share out twice, never as an anchor and an alias: the
    build refuses aliases in seeds."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _statement(
    text: str, item: Finding, findings: list[Finding], starts: list[int]
) -> tuple[dict[str, Any], int] | None:
    """The draft statement of one finding, and where its quote starts (`starts`: where each
    of the findings, in text order, starts)."""
    sentence = _window(text, sentence_around(text, item.char_start, item.char_end), item)
    subject = _subject(findings, starts, sentence)
    if item.kind == "quotation":
        speaker = _slug(item.speaker) if item.speaker else "unknown-speaker"
        return {
            "draft": True, "subject": speaker, "predicate": "said", "value": item.text,
            "attributed_to": speaker, "quote": item.text,
            **_note(f"speaker as written: {item.speaker}" if item.speaker else "no speaker found"),
        }, item.char_start  # fmt: skip
    if item.kind == "number":
        age = item.get("counts") == "age"
        predicate = "age" if age else _counted_predicate(text, item, sentence)
        if item.unit in {"USD", "MXN", "EUR"} and predicate != "reward_amount":
            predicate = "statistic"
        if age:
            subject = _age_subject(text, item, findings, starts)
        scope = (
            _killed_scope(text, item, findings, starts, sentence[1])
            if predicate == "killed_count"
            else _counted(item)
            if predicate == "statistic"
            else None
        )
        return {
            "draft": True, "subject": subject, "predicate": predicate, "value": item.text,
            **({"scope": scope} if scope else {}), "quote": text[sentence[0] : sentence[1]],
            **_note(_describe(item)),
        }, sentence[0]  # fmt: skip
    if item.kind == "date":
        return {
            "draft": True, "subject": subject, "predicate": "date", "value": item.text,
            "quote": text[sentence[0] : sentence[1]],
            **_note(_resolution(item)),
        }, sentence[0]  # fmt: skip
    return None


# Characters a drafted quote holds at most (with its finding): a sentence no longer is quoted
# whole. The longest sentence of the fixture articles and seeds is 516 characters, the longest
# curated quote 424; a line with no full stop (word soup, a pasted table) is no sentence.
QUOTE_LIMIT = 600
WORD_START = re.compile(r"(?<!\S)\S")
WORD_END = re.compile(r"\S(?!\S)")


def _window(text: str, sentence: tuple[int, int], item: Finding) -> tuple[int, int]:
    """The sentence around a finding, cut to the whole words within QUOTE_LIMIT characters
    of it, as evenly either side as the sentence allows: what its quote holds and where its
    subject and what it counts are looked for."""
    start, end = sentence
    room = max(0, QUOTE_LIMIT - (item.char_end - item.char_start))
    before, after = item.char_start - start, end - item.char_end
    if before + after <= room:
        return sentence
    before = min(before, max(room // 2, room - after))
    limit = item.char_end + min(after, room - before)
    first = WORD_START.search(text, item.char_start - before, item.char_start)
    ends = [m.end() for m in WORD_END.finditer(text, item.char_end, limit + 1) if m.end() <= limit]
    return first.start() if first else item.char_start, ends[-1] if ends else item.char_end


def _counted_predicate(text: str, item: Finding, sentence: tuple[int, int]) -> str:
    """The predicate of a number by what it counts ("41 muertos", "20 estados"); a number of
    people, or of nothing named, by the words of its sentence ("25 soldiers were killed"); a
    number of anything else ("24 horas", "252 bloqueos") is a statistic, whatever else the
    sentence counts."""
    counts, unit = item.get("counts"), item.unit
    if isinstance(counts, str) and counts.split()[0].lower() not in NOT_COUNTED:
        named = next((name for name, cue in PREDICATE_CUES if re.search(cue, counts.lower())), None)
        if named is not None:
            return named
        if unit != "people":
            return "statistic"
    around = text[sentence[0] : sentence[1]].lower()
    return next((name for name, cue in PREDICATE_CUES if re.search(cue, around)), "statistic")


def _killed_scope(
    text: str, item: Finding, findings: list[Finding], starts: list[int], sentence_end: int
) -> str | None:
    """at_scene or died_later where the words after a count of the killed say it, up to the
    next number of its sentence ("Four died at the scene and three later died in hospital")."""
    stop = sentence_end
    for later in itertools.islice(findings, bisect.bisect_right(starts, item.char_start), None):
        if later.char_start >= sentence_end:
            break
        if later.kind == "number" and later.char_start >= item.char_end:
            stop = later.char_start
            break
    words = text[item.char_end : stop]
    return next(
        (scope for scope, cue in KILLED_SCOPES if re.search(cue, words, re.IGNORECASE)), None
    )


def _counted(item: Finding) -> str | None:
    """What a statistic counts, as its scope (the predicate's: statistics are compared only
    within one scope, so "4 días" and "20 familias" of one subject are not set against each
    other): the first word of the phrase the number drafter took for the thing counted that
    is no adjective or participle ("burned buses": buses)."""
    counts = item.get("counts")
    words = [w.lower().strip(".,;:") for w in counts.split()] if isinstance(counts, str) else []
    if not words or words[0] in NOT_COUNTED:
        return None
    noun = next((w for w in words if w not in ADJECTIVES and not w.endswith(("ed", "ing"))), None)
    return noun if noun is not None and noun.isalpha() else None


def _resolution(date: Finding) -> str:
    """What the build reads the date as, its bound too: it widens the date's range."""
    if date.value is None:
        return "unresolved: no date line"
    bound = date.get("bound")
    return f"resolves to {date.value}" + (f", bound {bound}" if bound else "")


def _note(note: str) -> dict[str, str]:
    return {"note": note}


def _describe(item: Finding) -> str:
    shown = item.to_dict()
    value = f"{shown['low']}-{shown['high']}" if item.low is not None else shown["value"]
    parts = [f"value {value}" if value is not None else "vague"]
    if item.unit:
        parts.append(f"unit {item.unit}")
    for key in ("bound", "counts", "whole"):
        if item.get(key):
            parts.append(f"{key} {item.get(key)}")
    return ", ".join(str(part) for part in parts)


def _subject(findings: list[Finding], starts: list[int], sentence: tuple[int, int]) -> str:
    """The first registry entity the sentence names, as a guess for the coder to check (the
    findings starting in it found by bisection)."""
    first, stop = (bisect.bisect_left(starts, bound) for bound in sentence)
    for item in findings[first:stop]:
        if item.kind == "entity" and item.entity_id:
            return item.entity_id
    return "unknown-subject"


# What lies between an age and the name it comes before ("the 59-year-old Oseguera"), and
# between a name and the age that follows it in apposition ("Oseguera, 59", "Oseguera, de 59
# años", "Oseguera, aged 59", "El Mencho, the 59-year-old leader").
AGE_THEN_NAME = re.compile(r"(?i:-year-old)[ \t]+")
NAME_THEN_AGE = re.compile(r",[ \t]+(?:(?i:de|aged|the|a|an|el|la|un|una)[ \t]+)?")
NAME_REACH = 100  # characters a name before an age is looked back for (a name is shorter)


def _age_subject(text: str, item: Finding, findings: list[Finding], starts: list[int]) -> str:
    """The person whose age the number is: the one named right next to it, else unknown. Not
    the sentence's first entity, which is as often a place or a speaker ("In Tapalpa,
    Oseguera, 59, was killed"; "Sheinbaum said the 59-year-old leader")."""
    at = bisect.bisect_left(starts, item.char_start)
    last = bisect.bisect_right(starts, item.char_end + len("-year-old") + 2)
    first = bisect.bisect_left(starts, item.char_start - NAME_REACH)
    for person in (f for f in findings[at:last] if _is_person(f)):
        if AGE_THEN_NAME.fullmatch(text, item.char_end, person.char_start):
            return str(person.entity_id)
    for person in (f for f in findings[first:at] if _is_person(f)):
        if NAME_THEN_AGE.fullmatch(text, person.char_end, item.char_start):
            return str(person.entity_id)
    return "unknown-subject"


def _is_person(item: Finding) -> bool:
    return item.kind == "entity" and item.get("type") == "person"


def _slug(name: str) -> str:
    folded = name.lower()
    for plain, accented in {"a": "áàä", "e": "éèë", "i": "íìï", "o": "óòö", "u": "úùü",
                            "n": "ñ"}.items():  # fmt: skip
        for char in accented:
            folded = folded.replace(char, plain)
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "unknown-speaker"


def _entity_comments(findings: list[Finding]) -> list[str]:
    known: dict[str, list[str]] = {}
    candidates: dict[str, Finding] = {}
    for item in findings:
        if item.kind != "entity":
            continue
        if item.entity_id:
            forms = known.setdefault(item.entity_id, [])
            if item.text not in forms:
                forms.append(item.text)
        else:
            candidates.setdefault(item.text, item)
    lines = ["#", "# Registry entities mentioned:"]
    lines += [f"#   {entity_id}: {', '.join(forms)}" for entity_id, forms in sorted(known.items())]
    lines.append("# Names not in seeds/entities.yaml (add them, or an alias, before coding):")
    for name, item in sorted(candidates.items()):
        hint = item.get("suggestion")
        looks_like = (
            f" (looks like {hint['alias']!r} of {hint['entity_id']}, score {hint['score']})"
            if hint
            else ""
        )
        lines.append(f"#   {name}{looks_like}")
    return lines
