"""Entities an article names: registry aliases found exactly, and unknown names as candidates.

A registry alias matches as written (accents optional, so "Michoacan" finds "Michoacán"), the
longest alias first, so "Jalisco New Generation Cartel" is one mention and not "Jalisco". Any
other capitalized name is a candidate with no entity id; when it looks like an alias, the
closest one is shown with its rapidfuzz score, as a suggestion for the coder and never as a
merge: "Talpa de Allende" is another town than "Tapalpa". A one-word place right after a
capitalized given name is a surname ("Eduardo Guerrero" is a person, not the state). Capitals
opening a line up to a colon or a bar are a label ("FACT CHECK:", "HOW WE CHECKED:"), no name,
unless they end a name the article gives in full: a transcript's speaker ("OKAFOR:"). A
social-media handle ("@tapatia_en_bici") is an unknown name, "@" and all; a hashtag is none.
"""

from __future__ import annotations

import bisect
import functools
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from claimpack.articles import date_line
from claimpack.drafting.finding import Finding, finding
from claimpack.models import EntityIn
from claimpack.stages.read_seeds import read_entities

SUGGEST_SCORE = 80.0
ACCENTS = {
    "a": "aáàä", "e": "eéèë", "i": "iíìï", "o": "oóòö", "u": "uúùü", "n": "nñ",
    "A": "AÁÀÄ", "E": "EÉÈË", "I": "IÍÌÏ", "O": "OÓÒÖ", "U": "UÚÙÜ", "N": "NÑ",
}  # fmt: skip
FOLD = {accented: plain for plain, forms in ACCENTS.items() for accented in forms}
UPPER = "A-ZÁÉÍÓÚÑÜ"
# A capitalized word, or an abbreviation ("Gov.", "U.S."); a full stop after a longer word ends
# the sentence, so "Zamudio Ortega. Añadió" is two runs.
NAME_WORD = rf"(?:(?:[{UPPER}][a-záéíóúñ]{{0,3}}\.)+|[{UPPER}][\w'\u2019-]*\w|[{UPPER}])"
# An epithet "el" joins to a name: part of it ("Zapotlán el Grande", "Alfonso el Sabio"), where
# "el" before any other capitalized word may open another name ("En Tapalpa el Ejército").
EPITHETS = "Grande|Chico|Alto|Bajo|Viejo|Nuevo|Sabio|Magno|Bautista|Mayor|Menor|Mozo"
CONNECTOR = (
    r"(?:de|del|de la|de los|de las|la|los|las|of|the|for|and|y|van|von|da|di|bin|al|&|"
    rf"para|para el|para la|para los|para las|el(?= (?:{EPITHETS})\b))"
)
NAME = re.compile(rf"(?<![\w'\u2019]){NAME_WORD}(?: (?:{CONNECTOR} )?{NAME_WORD})*")
# Forms of address written before a name, no part of it ("Mr. Grant Pelletier" is Grant
# Pelletier): a name is coded without them.
COURTESY = frozenset("mr. mrs. ms. sr. sra. srta.".split())
TITLES = frozenset(
    """president presidenta presidente secretary secretaria secretario gov. governor gobernador
    gobernadora gen. general minister ministro ministra deputy press spokesman spokeswoman
    spokesperson vocero vocera sen. senator rep. mr. mrs. ms. dr. attorney fiscal mayor alcalde
    alcaldesa commander comandante chief director directora ambassador embajador embajadora
    lt. col. capt. sgt. gral. lic. ing. former then homeland security state defense public
    u.s. us mexican mexico's american white house federal national interior
    mexicans americans spanish english canadian canadians european latin colombian venezuelan
    guatemalan salvadoran honduran chinese indian british analyst analista expert experto
    experta researcher investigador investigadora professor profesor profesora reporter
    periodista don doña señor señora sr. sra. father padre foreign senior vice acting
    finance justice canciller subsecretario subsecretaria republican republicans democrat
    democrats democratic assistant associate adjunto adjunta dra. srta. prof. mtro. mtra.
    adm. consul cónsul rev. reverend superintendent superintendente fr. pbro. mons. hon. supt.
    col. maj. cmdr. colonel coronel agent agente""".split()
)
COMMON = frozenset(
    """the a an in on at for but and or of to as by with from after before during while when
    this that these those it its he she they we i his her their our there here if since until
    i've i'm i'd i'll
    then however meanwhile also still yet so some many most several other others both each all
    no not one two three four five six seven eight nine ten what who where why how which
    el la los las un una unos unas en de del y o pero con por para al como que se su sus este
    esta estos estas ese esa eso según tras durante mientras cuando donde también ya sin sobre
    hasta desde entre además luego así aunque qué quién quiénes cuál cuáles cuánto cuánta
    cuántos cuántas cómo dónde cuándo
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december lunes martes miércoles jueves viernes
    sábado domingo enero febrero marzo abril mayo junio julio agosto septiembre octubre
    noviembre diciembre jan feb mar apr jun jul aug sep sept oct nov dec ene abr ago dic""".split()
)

# Initials that name things, not anyone or anywhere ("DNA tests", "el PIB"), and their plurals
# ("CEOs", "SUVs"): no candidate.
_INITIALS = "DNA ADN GDP PIB CEO GPS SUV ATM PDF ID HIV VIH AIDS SIDA URL USB SMS IQ TV".split()
COMMON_INITIALS = frozenset([*_INITIALS, *(f"{initials}s" for initials in _INITIALS)])

# A maker's model or a code: capitals, a hyphen and digits ("AK-47", "AR-15", "F-16", "D-1"),
# the name of a kind of rifle or aircraft, no one's and nowhere's.
MODEL_CODE = re.compile(rf"[{UPPER}]{{1,4}}-\d+[A-Z]?")

# Where in a state or a country, by a point of the compass or its highlands ("la región Sur",
# "Región Norte", "los Altos", "the South"): a part of a place no one's name holds, no name.
REGION_WORDS = frozenset(
    """región region regiones zona sur norte oriente poniente centro sureste suroeste noreste
    noroeste altos north south east west northeast northwest southeast southwest midwest""".split()
)
ARTICLES = frozenset("el la los las the".split())


@dataclass(frozen=True)
class Registry:
    """The entity registry as drafting uses it: each alias and misspelling with its entity,
    and the patterns of the forms by the characters they can start with."""

    aliases: tuple[tuple[str, str], ...]  # (form, entity id), registry order
    types: dict[str, str]
    patterns: dict[str, re.Pattern[str]]  # a first character: the forms it can start
    starts: re.Pattern[str] | None  # where a form can start: a word's first character
    places: dict[str, str] = field(default_factory=dict)  # a fold a place lists: that place

    def matches(self, text: str, start: int = 0) -> Iterator[re.Match[str]]:
        """The forms in text[start:], as one alternation of all of them, longest first, would
        find them (non-overlapping, left to right), without trying hundreds of forms at every
        position: only where a word starts with a character some form starts with, and only
        the forms that start with it."""
        if self.starts is None:
            return
        position = start
        while (candidate := self.starts.search(text, position)) is not None:
            found = self.patterns[candidate[0]].match(text, candidate.start())
            if found is None:
                position = candidate.start() + 1
                continue
            yield found
            position = found.end()

    def entity_of(self, form: str) -> str | None:
        """The entity of the first alias (in registry order) that folds to the form's fold."""
        return self._by_fold.get(_fold(form))

    @functools.cached_property
    def _by_fold(self) -> dict[str, str]:  # made once, not an alias scan per mention
        owners: dict[str, str] = {}
        for alias, entity in self.aliases:
            owners.setdefault(_fold(alias), entity)
        return owners


def registry_from(entities: list[EntityIn]) -> Registry:
    """A registry from entity models: the first entity to list a form owns it."""
    owned: dict[str, str] = {}
    for entity in entities:
        for form in [*entity.aliases, *entity.misspellings]:
            owned.setdefault(form, entity.id)
    for form, entity_id in list(owned.items()):  # datelines: "MEXICO CITY (AP) —"
        if len(form) > 3:
            owned.setdefault(form.upper(), entity_id)
    forms = sorted(owned, key=lambda form: (-len(form), form))
    by_first: dict[str, list[str]] = defaultdict(list)  # in the order of forms
    for form in forms:
        first, rest = _alias_regex(form)
        for character in first:
            by_first[character].append(rest)
    patterns = {
        character: re.compile(
            re.escape(character) + "(?:" + "|".join(f"{rest}(?![\\w])" for rest in rests) + ")"
        )
        for character, rests in by_first.items()
    }
    starts = (
        re.compile(f"(?<![\\w])[{''.join(re.escape(c) for c in sorted(by_first))}]")
        if by_first
        else None
    )
    types = {entity.id: entity.type for entity in entities}
    places: dict[str, str] = {}
    for entity in (entity for entity in entities if entity.type == "place"):
        for form in entity.aliases:
            places.setdefault(_fold(form), entity.id)
    return Registry(tuple(owned.items()), types, patterns, starts, places)


def load_registry(root: Path) -> Registry:
    """seeds/entities.yaml under root; an empty registry when the project has none."""
    return registry_from(read_entities(root))


def _alias_regex(form: str) -> tuple[str, str]:
    """The characters the alias may start with (with or without an accent; a capital too
    for a lower-case alias: "the army" at the start of a sentence), and the pattern of the
    rest of it, accents optional."""
    parts = []
    for char in form[1:]:
        options = ACCENTS.get(FOLD.get(char, char), "")
        parts.append(f"[{''.join(sorted(set(options + char)))}]" if options else re.escape(char))
    plain = FOLD.get(form[0], form[0])
    first = ACCENTS.get(plain, "") + form[0]
    if form[0].islower():
        first += ACCENTS.get(plain.upper(), plain.upper())
    return "".join(sorted(set(first))), "".join(parts)


def _fold(text: str) -> str:
    return "".join(FOLD.get(char, char) for char in text).casefold()


def find_mentions(text: str, registry: Registry, start: int = 0) -> list[Finding]:
    """Registry mentions and candidate names in text[start:], in text order."""
    tags = [match.span() for match in TAG.finditer(text, start)]
    handles = [
        finding("entity", text, *span, entity_id=None, candidate=True)
        for span in tags
        if text[span[0]] == "@"
    ]
    known = [mention for mention in _known(text, registry, start) if not _inside(mention, tags)]
    known = [
        mention
        for mention in known
        if not _named_after_place(text, mention, known)
        and not LAW_AFTER.match(text, mention.char_end)
    ]
    known_starts = {mention.char_start for mention in known}
    known = [_with_second_surname(text, mention, known_starts) for mention in known]
    nicknamed = list(_nicknamed(text, registry, start, known))
    spans = [(f.char_start, f.char_end) for f in nicknamed]
    known = sorted(
        [*(m for m in known if not _overlaps(m, spans)), *(m for m in nicknamed if m.entity_id)],
        key=lambda f: f.char_start,
    )
    taken = sorted({(f.char_start, f.char_end) for f in known} | set(spans))
    labels = _labels(text, start)
    candidates = [m for m in nicknamed if m.entity_id is None] + [
        candidate
        for candidate in _candidates(text, registry, start, taken)
        if not _inside(candidate, labels) and not _inside(candidate, tags)
    ]
    candidates = _with_last_part(text, sorted(candidates, key=lambda f: f.char_start))
    candidates = _without_back_references(text, candidates)
    speakers = list(_speaker_labels(text, labels, candidates))
    return sorted(
        [*known, *handles, *candidates, *speakers], key=lambda f: (f.char_start, f.char_end)
    )


# A nickname in quotation marks between a given name and a surname ('Ignacio "Nacho" Coronel',
# "Joaquín «El Chapo» Guzmán"): one name, the person's, where the quoted words are no quotation.
NICKNAMED = re.compile(
    rf"(?<![\w'\u2019])(?P<given>{NAME_WORD}(?: {NAME_WORD})?) "
    rf"[\"\u201c\u00ab](?P<nickname>{NAME_WORD}(?: {NAME_WORD}){{0,2}})[\"\u201d\u00bb] "
    rf"(?P<surname>{NAME_WORD}(?: (?:(?:de|del|de la|de los|de las|van|von|da|di) )?{NAME_WORD})*)"
)


def _nicknamed(
    text: str, registry: Registry, start: int, known: list[Finding]
) -> Iterator[Finding]:
    """Each name with a quoted nickname inside it (NICKNAMED), as one mention: of the registry
    person whose alias is the given name or the nickname before the surname ("Nacho Coronel"),
    or the person the nickname alone names, else a candidate. Not where a registry form holds
    the marks already ('Ismael "El Mayo"
    Zambada' written so in its aliases), nor where the words before the marks are a title or a
    common word ('the president "Pepe" Ruiz')."""
    marks = [(f.char_start, f.char_end) for f in known]
    for match in NICKNAMED.finditer(text, start):
        opening, closing = match.start("nickname") - 1, match.end("nickname")
        if any(a <= opening < b or a <= closing < b for a, b in marks):
            continue
        given, first = match["given"], match.start()
        if any(word.lower() in COMMON | TITLES for word in given.split()):
            continue
        forms = [f"{given} {match['surname']}", f"{match['nickname']} {match['surname']}"]
        entity_id = next(filter(None, map(registry.entity_of, forms)), None)
        nickname_of = registry.entity_of(match["nickname"])
        if entity_id is None and registry.types.get(nickname_of or "") == "person":
            entity_id = nickname_of  # 'Joaquín "El Chapo" Guzmán': the person "El Chapo" is
        if _sentence_initial(text, first) and given.split()[0] not in _named_mid_sentence(text):
            # a word only a sentence capitalizes ('Dijo "Basta" Ruiz', "Cayó Joaquín «El Chapo»
            # Guzmán"): no part of the name, nor a name alone but a known person's
            given = given.partition(" ")[2] or (match["given"] if entity_id else "")
            first = match.start("given") + len(match["given"]) - len(given)
        if not given:
            continue
        yield finding(
            "entity", text, first, match.end(), entity_id=entity_id,
            type=registry.types.get(entity_id or ""), candidate=None if entity_id else True,
        )  # fmt: skip


def _overlaps(mention: Finding, spans: list[tuple[int, int]]) -> bool:
    return any(mention.char_start < end and start < mention.char_end for start, end in spans)


# The last part of a body's long name, joined by "y la", "and the" ("Mesa para la
# Reconstrucción y la Paz", "Institute for Peace and the Arts"): one word that ends the run.
LAST_PART_JOIN = re.compile(r" (?:y|and) (?:la|el|los|las|the) ")
INNER_CONNECTOR = re.compile(r" (?:de|del|para|por|of|for|on) ")
NAME_WORD_AFTER = re.compile(rf" {NAME_WORD}")


def _with_last_part(text: str, candidates: list[Finding]) -> list[Finding]:
    """The candidates, each long name that connectors join (INNER_CONNECTOR) taking the one
    word after "y la"/"and the" that ends it as its last part (LAST_PART_JOIN); two names
    are left apart ("la Fiscalía del Estado y la Guardia Nacional": a name of two words)."""
    joined: list[Finding] = []
    for candidate in candidates:
        if joined and _last_part_of(text, joined[-1], candidate):
            joined[-1] = finding(
                "entity", text, joined[-1].char_start, candidate.char_end, entity_id=None,
                candidate=True,
            )  # fmt: skip
            continue
        joined.append(candidate)
    return joined


def _last_part_of(text: str, body: Finding, part: Finding) -> bool:
    return (
        LAST_PART_JOIN.fullmatch(text, body.char_end, part.char_start) is not None
        and INNER_CONNECTOR.search(body.text) is not None
        and " " not in part.text
        and NAME_WORD_AFTER.match(text, part.char_end) is None
    )


# A demonstrative before a long name's head word ("esta Mesa" after "la Mesa Estatal para la
# Reconstrucción", "this Commission" after "the Commission for Border Affairs"): the word points
# back at that name, capitalized as the name's head is, and names nothing of its own.
DEMONSTRATIVE_BEFORE = re.compile(r"(?<!\w)(?i:este|esta|estos|estas|this|these)[ \t]$")


def _without_back_references(text: str, candidates: list[Finding]) -> list[Finding]:
    """The candidates but each lone head word of a longer one after a demonstrative."""
    heads = {f.text.split()[0] for f in candidates if " " in f.text}
    return [
        f
        for f in candidates
        if " " in f.text
        or f.text not in heads
        or DEMONSTRATIVE_BEFORE.search(text, max(0, f.char_start - 8), f.char_start) is None
    ]


# A social-media handle ("@tapatia_en_bici") names the account that posts, as written with its
# "@"; a hashtag ("#NarcobloqueosGDL") names a topic, no one. Not inside an e-mail address.
TAG = re.compile(r"(?<![\w@#.])[@#]\w+")


# Capitals opening a line up to a colon or a bar: a section's or a headline's label ("FACT
# CHECK:", "MARKETS BRIEF:", "HOW WE CHECKED:"), no name.
LABEL = re.compile(rf"[{UPPER}][{UPPER}'\u2019&. -]*(?<! )(?=[ \t]*[:|])")


# A transcript's turn labelled with a name and a role ("MARGARET HALE, ANCHOR:"): the role after
# the name is no name. A post before the name ("SECRETARIO DE SEGURIDAD, OMAR GARCÍA HARFUCH:")
# is read as any words are: its title is dropped, the body it serves is a name.
ROLE_LABEL = re.compile(
    rf"(?P<first>[{UPPER}][{UPPER}'\u2019. -]*), (?P<second>[{UPPER}][{UPPER}'\u2019. -]*)"
    rf"(?<! )(?=:)"
)


def _labels(text: str, start: int) -> list[tuple[int, int]]:
    """The spans of the labels opening the lines of text[start:] (the first line after its
    date line)."""
    openings = [date_line(text)[1], *(m.end() for m in re.finditer(r"\n", text))]
    spans = []
    for at in (at for at in openings if at >= start):
        label = LABEL.match(text, at)
        role = ROLE_LABEL.match(text, at)
        if label is not None:
            spans.append(label.span())
        elif role is not None and role["first"].split()[0].casefold() not in TITLES:
            spans.append(role.span("second"))
    return spans


def _speaker_labels(
    text: str, labels: list[tuple[int, int]], names: list[Finding]
) -> Iterator[Finding]:
    """A transcript's turn labelled with the end of a name the article gives in full
    ("OKAFOR:" where it names Daniel Okafor) mentions that person, as an unknown name; a title
    before it ("MS. OKAFOR:", "SRA. NÚÑEZ:") is no part of the name. After an abbreviated
    title ("SEN. ALVARADO:", "DR. RUIZ-MEJÍA:") the label is a surname though the article
    never gives the name in full; after a post ("MR. PRESIDENT:") it is none."""
    surnames: set[str] = set()
    for name in names:
        words = name.text.casefold().split()
        surnames.update(" ".join(words[cut:]) for cut in range(1, len(words)))
    for label_start, label_end in labels:
        titled = re.match(r"(\S+) +", text[label_start:label_end])
        courtesy = False
        if titled is not None and titled[1].casefold() in TITLES:
            courtesy = titled[1].endswith(".")
            label_start += titled.end()
        rest = text[label_start:label_end].casefold()
        surname = courtesy and len(rest.split()) == 1 and rest not in TITLES | POST_HEADS
        if rest in surnames or surname:
            yield finding("entity", text, label_start, label_end, entity_id=None, candidate=True)


def _inside(mention: Finding, spans: list[tuple[int, int]]) -> bool:
    """Whether the mention lies within one of the spans (in text order)."""
    index = bisect.bisect_right(spans, (mention.char_start, sys.maxsize)) - 1
    return index >= 0 and mention.char_end <= spans[index][1]


SURNAME_AFTER = re.compile(rf" ({NAME_WORD})(?![\w'\u2019])")


def _with_second_surname(text: str, mention: Finding, known_starts: set[int]) -> Finding:
    """A registry person's full name with a second surname after it ("Claudia Sheinbaum
    Pardo", "CLAUDIA SHEINBAUM PARDO") is one mention of that person, not the alias and a
    stray word; a common word or another known name after it is neither."""
    surname = SURNAME_AFTER.match(text, mention.char_end)
    if (
        mention.get("type") != "person"
        or len(mention.text.split()) < 2
        or surname is None
        or surname.start(1) in known_starts
        or surname[1].lower() in COMMON | TITLES
    ):
        return mention
    return finding(
        "entity", text, mention.char_start, surname.end(), entity_id=mention.entity_id,
        type=mention.get("type"),
    )  # fmt: skip


# A preposition that puts what follows as a place ("into the United States", "en Estados
# Unidos"): a form a body and a place both list is the place there.
PLACED_IN = re.compile(
    r"(?<!\w)(?:in|into|inside|within|across|throughout|en|dentro\s+de|hacia)\s+"
    r"(?:(?:the|el|la|los|las)\s+)?$",
    re.IGNORECASE,
)


def _known(text: str, registry: Registry, start: int) -> Iterator[Finding]:
    for match in registry.matches(text, start):
        entity_id = registry.entity_of(match[0])
        place = registry.places.get(_fold(match[0]))
        if place is not None and PLACED_IN.search(text, max(0, match.start() - 16), match.start()):
            entity_id = place  # "sold in the United States": the country, not its government
        if (
            _currency_prefix(text, match.end())
            or _title_before_name(text, match, registry)
            or _surname_after_given_name(text, match, registry)
        ):
            continue
        yield finding(
            "entity", text, match.start(), match.end(), entity_id=entity_id,
            type=registry.types.get(entity_id or ""),
        )  # fmt: skip


# A body's capitalized word, then "de"/"del"/"of" before a place: the place ends the body's name
# ("Universidad de Guadalajara", "Cámara de Comercio de Guadalajara", "El Colegio de Jalisco").
BODY_OF_PLACE = re.compile(rf"({NAME_WORD}) (?:de|del|de la|de los|of|of the) $")


# A building's head noun right before a place it is named after ("Casa Jalisco", "Estadio
# Jalisco", "Hotel Guadalajara", "Arena Monterrey"): the building is one name.
BUILDING_BEFORE = re.compile(
    r"(?<![\w'\u2019])(?:Casa|Palacio|Estadio|Hotel|Hospital|Teatro|Auditorio|Arena|Torre|Museo)"
    r" $"
)


# Capitalized words after a registry name that end on a law's head ("Fentanyl Analogue
# Penalty Act", "the CJNG Asset Seizure Bill"): the law is one name, an unknown one.
LAW_AFTER = re.compile(rf"(?: {NAME_WORD}){{0,5}} (?:Act|Bill|Law)\b")


def _named_after_place(text: str, mention: Finding, known: list[Finding]) -> bool:
    """Whether a registry place ends a body's name that a capitalized word before "de"/"of"
    opens: the body is one name, an unknown one, not that place. Not after a title ("el
    Gobernador de Jalisco"), a place's opening word ("Estado de Jalisco") or a known name.
    So too a building named after the place (BUILDING_BEFORE)."""
    if mention.get("type") != "place":
        return False
    if BUILDING_BEFORE.search(text, max(0, mention.char_start - 10), mention.char_start):
        return True
    body = BODY_OF_PLACE.search(text, max(0, mention.char_start - 40), mention.char_start)
    if body is None:
        return False
    word = body[1].lower()
    opener = word in PLACE_OPENERS and not BODY_OF_PLACE.search(
        text, max(0, body.start(1) - 40), body.start(1)
    )  # "Estado de Jalisco" is the state, "Fiscalía del Estado de Jalisco" a body
    return not (
        word in TITLES
        or word in COMMON
        or opener
        or (
            _sentence_initial(text, body.start(1)) and body[1] not in _named_mid_sentence(text)
        )  # "Habitantes de Tapalpa": a common word a sentence capitalizes
        or any(other.char_end == body.end(1) for other in known)
    )


@functools.lru_cache(maxsize=4)
def _named_mid_sentence(text: str) -> set[str]:
    return _capitalized_mid_sentence(text, 0)


def _currency_prefix(text: str, end: int) -> bool:
    """A name written against a dollar sign ("US$15 million", "C$20") names a currency."""
    return text.startswith("$", end)


TITLE_THEN_NAME = re.compile(rf" {NAME_WORD}")


def _title_before_name(text: str, match: re.Match[str], registry: Registry) -> bool:
    """An office's title before a person's name ("President Claudia Sheinbaum", "el
    Presidente Pedro Ruiz") titles that person, whose office it may not be; alone ("the
    President said") it is the office. ("US" before "Deputy Secretary" is no office.)"""
    return (
        match[0].lower() in TITLES
        and registry.types.get(registry.entity_of(match[0]) or "") == "office"
        and TITLE_THEN_NAME.match(text, match.end()) is not None
    )


# Capitalized words that start a place's name or place it, not given names ("Ciudad Guzmán",
# "Southern Guerrero", "Estado Jalisco").
PLACE_OPENERS = frozenset(
    """ciudad san santa santo puerto nuevo nueva villa valle lago río sierra costa baja bahía
    isla cerro tierra alto bajo estado municipio colonia state city new mount lake port greater
    upper lower north south east west northern southern eastern western central norte sur
    oriente poniente centro""".split()
)
GIVEN_NAME_BEFORE = re.compile(rf"(?:^|(?<=[^\w'\u2019]))(\w+ )?([{UPPER}][a-záéíóúñü]+) $")


def _surname_after_given_name(text: str, match: re.Match[str], registry: Registry) -> bool:
    """A one-word place right after a capitalized given name is a surname ("el investigador
    Eduardo Guerrero", "Ana Jalisco"), so the pair is read as one unknown name; not after a
    place's own opening word ("Nuevo León" aside, "Ciudad Guerrero"), a known name, a title or
    a common word, nor after "de"/"in"/"en", where the place is placed ("Río de Guerrero"), nor
    after a word capitalized only as a sentence opens it and written in lower case elsewhere
    ("Is Jalisco safer?", "Hoy Jalisco amaneció")."""
    entity_id = registry.entity_of(match[0])
    if registry.types.get(entity_id or "") != "place" or " " in match[0]:
        return False
    before = GIVEN_NAME_BEFORE.search(text, max(0, match.start() - 60), match.start())
    if before is None:
        return False
    given = before[2]
    return not (
        given.lower() in PLACE_OPENERS
        or given.lower() in TITLES
        or given.lower() in COMMON
        or registry.entity_of(given) is not None
        or (before[1] or "").strip().lower() in {"de", "del", "in", "en", "of", "from", "desde"}
        or (_sentence_initial(text, before.start(2)) and given.lower() in _lowered_words(text))
    )


@functools.lru_cache(maxsize=4)
def _lowered_words(text: str) -> frozenset[str]:
    """The words the text writes in lower case: found once a text, not once a name."""
    return frozenset(re.findall(r"(?<![\w])[a-záéíóúñü]+", text))


def _candidates(
    text: str, registry: Registry, start: int, taken: list[tuple[int, int]]
) -> Iterator[Finding]:
    lowered_words = set(re.findall(r"(?<![\w])[a-záéíóúñü]+", text[start:]))
    named_mid_sentence = _capitalized_mid_sentence(text, start)
    ends = [taken_end for _, taken_end in taken]  # in order, as the mentions do not overlap
    alias_forms = [alias for alias, _ in registry.aliases]
    for match in NAME.finditer(text, start):
        for span_start, span_end in _split_names(text, match.start(), match.end(), taken, ends):
            trimmed = _trim(text, span_start, span_end, lowered_words, named_mid_sentence)
            if trimmed is None:
                continue
            name = text[trimmed[0] : trimmed[1]]
            suggestion = None
            if alias_forms:
                best = process.extractOne(
                    name, alias_forms, scorer=fuzz.ratio, processor=utils.default_process,
                    score_cutoff=SUGGEST_SCORE,
                )  # fmt: skip
                if best is not None:
                    alias = str(best[0])
                    suggestion = {
                        "entity_id": registry.entity_of(alias),
                        "alias": alias,
                        "score": round(float(best[1]), 1),
                    }
            yield finding(
                "entity", text, trimmed[0], trimmed[1], entity_id=None, candidate=True,
                suggestion=suggestion,
            )  # fmt: skip


def _capitalized_mid_sentence(text: str, start: int) -> set[str]:
    """The words the article capitalizes where a sentence does not make it (outside titles):
    names, so that one starting a sentence ("Aeroméxico canceled...") is still a name."""
    return {
        match[0]
        for match in re.finditer(rf"(?<![\w'\u2019]){NAME_WORD}", text[start:])
        if not _sentence_initial(text, start + match.start())
        and not _title_case_line(text, start + match.start())
    }


def _split_names(
    text: str, start: int, end: int, taken: list[tuple[int, int]], ends: list[int]
) -> Iterator[tuple[int, int]]:
    """Name runs split where "and"/"y" joins two names of capitalized words only ("Omar García
    and Ana Ruiz", "Tepic y Morelia"), but not inside one name whose words a connector joins
    ("Instituto de Estadística y Geografía", "Department of Justice and Security"); and where
    "of" places a person at a body ("Ana Ruiz of Halvorsen Capital")."""
    for part_start, part_end in _name_parts(start, end, taken, ends):
        position = part_start
        for join in re.finditer(r" (?:and|y|of) ", text[part_start:part_end]):
            left = text[position : part_start + join.start()].split()
            right = text[part_start + join.end() : part_end].split()
            if not (left and right and all(w[0].isupper() or w == "&" for w in left + right)):
                continue
            if join[0] != " of " or _person_of(left):
                yield position, part_start + join.start()
                position = part_start + join.end()
        yield position, part_end


# The head nouns a body's or a place's name puts before "of" ("Bank of Mexico", "Northern
# District of California", "Museum of Modern Art"): not a person's surname.
BODY_HEADS = frozenset(
    """bank district department ministry secretariat university college school institute
    court office bureau board council commission committee agency administration service
    center centre academy foundation museum republic states state union federation
    association chamber society church house city county port gulf sea islands island
    consulate embassy army navy government party league corporation company group fund
    kingdom province tribunal""".split()
)


def _person_of(words: list[str]) -> bool:
    """Whether capitalized words before "of" read as a person's name and the body after it
    is where that person serves ("Ana Ruiz of Halvorsen Capital"): two words or more, none a
    title, the last no body's head ("University of Texas", "Secretary of State" are one name)."""
    lowered = [word.lower().rstrip(".,") for word in words]
    return (
        len(words) >= 2
        and lowered[-1] not in BODY_HEADS
        and not any(word in TITLES or word.endswith(("'s", "\u2019s")) for word in lowered)
    )


def _name_parts(
    start: int, end: int, taken: list[tuple[int, int]], ends: list[int]
) -> Iterator[tuple[int, int]]:
    """The stretches of a capitalized run that no registry mention covers (the mentions in
    text order, `ends` theirs: those ending after the run starts found by bisection)."""
    position = start
    for taken_start, taken_end in taken[bisect.bisect_right(ends, start) :]:
        if taken_start >= end:
            break
        if taken_end <= position:
            continue
        if taken_start > position:
            yield position, taken_start
        position = max(position, taken_end)
    if position < end:
        yield position, end


# A dateline: a place in capitals and a comma ("WAUKEGAN, Ill. —", "MORELIA, Michoacán"), a
# name though it opens the line; the abbreviation of its state after it ("Ill.", "Jal.") is
# part of where, no name of its own, as a Mexican or U.S. state's abbreviation is after any
# place that a line, a dateline's dash, slash or parenthesis ends ("Tapalpa, Jal." signing a
# letter, "Guadalajara, Jal.— El ..."; "Thank you, Lucia." is a name).
STATE_ABBREVIATIONS = (
    "Ags Camp Chis Chih Coah Col Dgo Gto Gro Hgo Jal Mich Mor Nay Oax Pue Qro Sin Son Tab Tamps "
    "Tlax Ver Yuc Zac Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Ky La Md Mass Minn "
    "Miss Mo Mont Neb Nev Okla Ore Pa Tenn Tex Va Vt Wash Wis Wyo"
).split()
DATELINE_PLACE = re.compile(rf"[{UPPER}]{{3,}},")
DATELINE_STATE = re.compile(
    rf"(?:(?<=[{UPPER}]{{2}}, )[{UPPER}][a-z]{{1,4}}\.|"
    rf"(?<=\w, )(?:{'|'.join(STATE_ABBREVIATIONS)})\.(?=[ \t]*(?:$|[\u2014\u2013/(])))",
    re.MULTILINE,
)


def _trim(
    text: str, start: int, end: int, lowered_words: set[str], named_mid_sentence: set[str]
) -> tuple[int, int] | None:
    """Drop titles, demonyms, connectors and sentence-initial common words from the edges;
    None when nothing name-like is left, or one word a sentence capitalizes and the article
    capitalizes nowhere else."""
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
    if len(words) > 2 and _sentence_initial(text, words[0][0]) and text[words[1][0]].islower():
        words = words[2:]  # "Residents of Talpa de Allende": a common word starts the sentence
    road = _road(text, words, end)
    if road is not None:
        return road
    titled = False
    while words and _droppable(text, words[0], lowered_words, first=True):
        if len(words) > 1 and _article_of_name(text, words[0]):
            break
        titled = titled or _title(text, words[0])
        words.pop(0)
    if titled and _area_of_post(text, words):
        words = words[1:]  # "Ministra de Turismo Ana Gil": the post's area is no name
    words = _past_post(text, words, titled)
    while words and _droppable(text, words[-1], lowered_words, first=False):
        words.pop()
    if not words:
        return None
    span_start, span_end = words[0][0], words[-1][1]
    while span_end > span_start and text[span_end - 1] in ".,;:\u2019'":
        if text[span_end - 1] == "." and re.search(
            r"(?:\b[A-Z]\.){2,}$", text[span_start:span_end]
        ):
            break
        span_end -= 1
    if text[span_end - 2 : span_end] in {"'s", "\u2019s"}:
        span_end -= 2
    name = text[span_start:span_end]
    if (
        len(name) < 2
        or name in COMMON_INITIALS
        or MODEL_CODE.fullmatch(name) is not None
        or _region_only(name)
        or (
            len(words) == 1
            and _sentence_initial(text, span_start)
            and not _after_courtesy(text, span_start)
            and name not in named_mid_sentence
            and not DATELINE_PLACE.match(text, span_start)
            and not _joined_to_name(text, span_end, named_mid_sentence)
        )
        or DATELINE_STATE.match(text, span_start)
        or (len(words) == 1 and _credit_label(text, span_start, span_end))
        or (len(words) == 1 and _numbered_step(text, span_start, span_end))
        or (len(words) == 1 and _stage_direction(text, span_start, span_end))
        or TIME_ZONE.match(text, span_start) is not None
    ):
        return None
    if _title_case_line(text, span_start) and not _nameplate(text, span_start, span_end):
        return None
    return (span_start, span_end) if span_end > span_start else None


def _region_only(name: str) -> bool:
    """Whether the name is only words of a region (REGION_WORDS), an article aside."""
    words = [word.lower() for word in name.split() if word.lower() not in ARTICLES]
    return bool(words) and all(word in REGION_WORDS for word in words)


def _nameplate(text: str, start: int, end: int) -> bool:
    """A line holding a name of two words or more, a comma and the post held, as a transcript
    or a statement heads its speaker ("Ana Ruiz, Deputy Spokesperson", "Luis Mora, Vocero de
    la Fiscalía"): capitals that say a name, though the line reads as a title."""
    line_end = text.find("\n", end)
    post = text[end : len(text) if line_end < 0 else line_end]
    if (start > 0 and text[start - 1] != "\n") or len(text[start:end].split()) < 2:
        return False
    words = post[1:].lower().split() if post.startswith(", ") else []
    return 0 < len(words) <= 6 and any(word in TITLES or word in POST_HEADS for word in words)


# A road named by its number ("Federal Highway 80", "State Highway 401", "Carretera Federal
# 54", "Interstate 35"), or a bill of a legislature ("H.R. 1187", "H. Res. 45", "SB 4"): the
# words and the number are one name, "Federal" no title there.
ROADS = frozenset(
    "highway route interstate freeway carretera autopista h.r. res. s.b. h.b. sb hb".split()
)
ROAD_NUMBER = re.compile(r" \d+[A-Z]?(?![\w.,]\d)\b")


def _road(text: str, words: list[tuple[int, int]], end: int) -> tuple[int, int] | None:
    number = ROAD_NUMBER.match(text, end)
    if number is None or not any(text[a:b].lower() in ROADS for a, b in words):
        return None
    while words and text[words[0][0] : words[0][1]].lower() in COMMON:
        words = words[1:]  # "On Federal Highway 80": "On" opens the sentence
    return (words[0][0], number.end()) if words else None


# The word a post's title ends on after a title opened it ("Chief Executive Officer", "Directora
# Ejecutiva", "Deputy Managing Director"): the words up to it are the title, not the name.
POST_HEADS = frozenset(
    """officer director directora manager chair chairman chairwoman ejecutivo ejecutiva
    gerente minister secretary""".split()
)


AREA_OF = re.compile(r"(?<!\w)(?:de|del|of)\s+$")


def _area_of_post(text: str, words: list[tuple[int, int]]) -> bool:
    """Whether the first word is the area "de"/"of" gives a post's title before a name of two
    capitalized words ("Ministra de Turismo Ana Gil", "Secretary of Labor Tom Lee")."""
    if len(words) < 3:
        return False
    after_of = AREA_OF.search(text, max(0, words[0][0] - 5), words[0][0])
    return after_of is not None and all(text[start].isupper() for start, _ in words[1:])


def _courtesy(text: str, word: tuple[int, int]) -> bool:
    """Whether the word is a form of address with its full stop ("Mr.", "Sra.")."""
    return text[word[0] : word[1]].lower() in COURTESY


def _after_courtesy(text: str, start: int) -> bool:
    """Whether a form of address stands just before start ("Mr. Pelletier"): its full stop
    ends no sentence."""
    before = re.search(r"(\S+)\s+$", text[max(0, start - 8) : start])
    return before is not None and before[1].lower() in COURTESY


def _title(text: str, word: tuple[int, int]) -> bool:
    return text[word[0] : word[1]].rstrip(",;:.").lower() in TITLES


def _past_post(text: str, words: list[tuple[int, int]], titled: bool) -> list[tuple[int, int]]:
    """The words after the head of a post's title within its first two words, once a title
    opened it ("[Chief] Financial Officer Ana Ruiz"), or where a name of two capitalized words
    or more follows ("Executive Director Tom Haskins"); else the words as they are."""
    for index, word in enumerate(words[:2]):
        if text[word[0] : word[1]].lower() in POST_HEADS:
            rest = words[index + 1 :]
            named = len(rest) >= 2 and all(text[start].isupper() for start, _ in rest)
            return rest if titled or named else words
    return words


JOINED_NAME = re.compile(rf" (?:and|y) ({NAME_WORD})")


def _joined_to_name(text: str, end: int, named_mid_sentence: set[str]) -> bool:
    """Whether "and"/"y" joins the word to a name the article capitalizes mid-sentence
    ("Aeroméxico y Volaris cancelaron"): a name too, though it opens the sentence."""
    joined = JOINED_NAME.match(text, end)
    return joined is not None and joined[1] in named_mid_sentence


# A step of a scale or one of a series, capitalized before the digits that number it ("Level
# 4", "Nivel 3", "Phase 2", "Fase 1"): no name, where "Federal Highway 80" is one.
STEPS = frozenset("level levels nivel niveles phase fase stage etapa tier".split())
DIGITS_AFTER = re.compile(r" \d")


# A time zone said before "time" ("noon Eastern time", "6 p.m. Pacific Time";
# Spanish writes "hora del Pacífico" in lower case): no name.
TIME_ZONE = re.compile(
    r"(?:Eastern|Central|Pacific|Mountain|Atlantic)(?: (?:Standard|Daylight))? [Tt]ime\b"
)


def _stage_direction(text: str, start: int, end: int) -> bool:
    """A word alone in parentheses with its full stop, as a transcript notes what it cannot
    write down ("Q: (Off-mike.)", "PREGUNTA: (Inaudible.)"): no name, where "(Reuters)" is one."""
    return text[start - 1 : start] == "(" and text.startswith(".)", end)


def _numbered_step(text: str, start: int, end: int) -> bool:
    return text[start:end].lower() in STEPS and DIGITS_AFTER.match(text, end) is not None


def _credit_label(text: str, start: int, end: int) -> bool:
    """A word opening a parenthesis before a colon labels what follows ("(Photo: Ana Ruiz /
    AP)", "(Fuente: INEGI)"): a credit or a source, no name."""
    return text.startswith(":", end) and text[max(0, start - 2) : start].rstrip().endswith("(")


QUOTE_OPENERS = frozenset("\"\u201c\u00ab'\u2018")


def _article_of_name(text: str, word: tuple[int, int]) -> bool:
    """An article capitalized where no sentence opens is part of the name it opens ("un rancho
    llamado El Tepehuaje", "Los Zetas", "seen by The Ledger"), in quotation marks too
    ("conocido como "El Güero"": the marks open no sentence there)."""
    opening = word[0] - 1 if text[word[0] - 1 : word[0]] in QUOTE_OPENERS else word[0]
    written = text[word[0] : word[1]]
    return written in {"El", "La", "Los", "Las", "The"} and not _sentence_initial(text, opening)


def _droppable(text: str, word: tuple[int, int], lowered_words: set[str], first: bool) -> bool:
    written = text[word[0] : word[1]].rstrip(",;:.")
    lowered = (
        written.lower().rstrip("\u2019's")
        if written.endswith(("'s", "\u2019s"))
        else written.lower()
    )
    if lowered in TITLES or not written[:1].isupper() or _currency_prefix(text, word[1]):
        return True
    if _courtesy(text, word):  # "Mr. Grant Pelletier"
        return True
    if lowered.replace("\u2019", "'") in COMMON:  # "I\u2019ve" as "I've"
        return True
    return first and _sentence_initial(text, word[0]) and lowered in lowered_words


# A capital letter alone with its full stop after a space: a name's initial ("Ana T. Ruiz").
MIDDLE_INITIAL = re.compile(rf"(?:^|(?<=[ \t]))[{UPPER}]\.$")


def _sentence_initial(text: str, position: int) -> bool:
    """At the start of a sentence, of a quotation or of a headline's part after a bar
    ("ÚLTIMA HORA | Muere ..."), where any word is capitalized (the article's first word
    among them, after its date line); not after a quotation that ends
    in a comma ("We will win," Trevilla said), where the sentence goes on. Looks back from
    the position only as far as it must (an article may be one long line)."""
    if position == date_line(text)[1]:
        return True
    at = position
    while at > 0 and text[at - 1] in " \t":
        at -= 1
    if at > 0 and text[at - 1] in "\"'\u201d\u2019":  # a quotation mark, opening or closing
        return at < 2 or text[at - 2] not in ",;"
    if at > 0 and text[at - 1] in "\u201c\u00ab\u2018\u00bf\u00a1":  # and "¿", "¡"
        return True
    while at > 0 and text[at - 1] == "(":
        at -= 1
        while at > 0 and text[at - 1] in " \t":
            at -= 1  # "... at noon. (See the chart.)": a sentence in parentheses opens
    if MIDDLE_INITIAL.search(text, max(0, at - 3), at):
        return False  # "Ana T. Oyelaran": the full stop of an initial ends no sentence
    return at == 0 or text[at - 1] in ".!?:|\n\u2014\u2013-" or text.endswith("date", 0, at)


# A byline: "By"/"Por" and the author's name alone on its line, or with the outlet after a
# bar or a slash ("By Ana Ruiz | The Ledger").
BYLINE = re.compile(
    rf"(?:By|Por) (?P<name>{NAME_WORD}(?: (?:{CONNECTOR} )?{NAME_WORD})*)(?:\s*[|/][^\n]+)?\s*"
)


def _title_case_line(text: str, position: int) -> bool:
    """A headline or section title: most of its words capitalized, so capitals say nothing;
    a byline is none (its capitals are a name's)."""
    starts, verdicts = _title_case_lines(text)
    return verdicts[bisect.bisect_right(starts, position) - 1]


def is_byline(line: str) -> bool:
    """The author's name alone on its line after "By"/"Por" ("Por Ana Ruiz Téllez"), or
    before the outlet ("By Ana Ruiz | The Ledger"), no common word capitalized among its words
    as a headline's are ("By Land And Sea")."""
    byline = BYLINE.fullmatch(line)
    if byline is None:
        return False
    names = re.split(r" (?:and|y|e) ", byline["name"])  # "Por Ana Ruiz y Luis Mora": two
    return not any(word.lower() in COMMON for name in names for word in name.split())


@functools.lru_cache(maxsize=4)
def _title_case_lines(text: str) -> tuple[list[int], list[bool]]:
    """Where each line of the text starts, and whether it is a title: judged once a line,
    not once a name found on it (an article of one long line took minutes)."""
    starts, verdicts, start = [], [], 0
    for line in text.split("\n"):
        words = re.findall(r"[^\W\d_][\w'\u2019-]*", line)
        capitals = sum(word[0].isupper() for word in words)
        shouted = all(word.isupper() for word in words)
        headline = len(words) >= 4 and capitals >= 0.7 * len(words) and len(words) <= 20
        headline = headline and not is_byline(line)
        starts.append(start)
        verdicts.append(bool(words) and (shouted or (headline and not line.rstrip().endswith("."))))
        start += len(line) + 1
    return starts, verdicts
