"""Speech in an article's text: the verbs that attribute words, and Spanish dash dialogue.

Kept once because coverage and drafting must agree on what a direct quotation is.

Dash dialogue quotes without quotation marks: a paragraph opens with a dash on the spoken words
and an aside set off by dashes names the speaker (—No lo vamos a permitir —dijo el gobernador—.
Habrá justicia.). After an aside closed by its dash the words are spoken again; an aside left
open runs to the end of the paragraph. An aside with no speech verb (—el mayor del año—) is part
of what is said.

A paragraph with no attributing aside is dialogue, all of it spoken, as a turn of an interview
("—¿Qué cambió?" then "—Todo."): a dash paragraph among dash paragraphs next to one another
(blank lines between), a question among them within EXCHANGE_REACH, its words ending as a
sentence does; or as words a paragraph ending in a colon introduces ("... y dijo lo que todos
pensaban:", then "—Nadie se va de aquí."): a lone dash paragraph ending as a sentence does. A
credit line ("—Con información de EFE"), a list of dashed items, or a lone dashed question
between paragraphs of prose is none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SPEECH_VERBS_EN = (
    "acknowledged acknowledges added adding adds admits admitted announced announces answered "
    "answers argued argues asked asks asserted asserts called calling calls cautioned claimed "
    "claims commented complained conceded concedes concluded confirmed confirms continued "
    "countered declared declares declaring denied described describes describing emphasised "
    "emphasized explained explains insist insisted insists noted notes noting posted posting "
    "predicted promised promises read reads recalled recalls recounted recounts remarked replied "
    "replies reported reports responded responds said say saying says stated stating stressed "
    "stresses summarised summarized tell telling tells told tweeted urged urges vowed vows warned "
    "warning warns writes writing wrote"
).split()
SPEECH_VERBS_ES = (
    "aclaró acusó admite admitió advierte advirtió afirma afirmando afirmaron afirmó agrega "
    "agregaron agregó anuncia anunció apuntó asegura asegurando aseguraron aseguró aseverando "
    "aseveró añade añadieron añadió calificó comenta comentó concluyó confirma confirmó considera "
    "consideró contaron contesta contestan contestaron contestó contó criticó cuenta cuentan "
    "cuestionó declara declararon declaró decía decían denunció desmiente desmintieron desmintió "
    "destaca destacó detalló dice diciendo dijeron dijo enfatizó escribe escribió exigió explica "
    "explicaron explicó expresa expresó expuso indica indicó informa informaron informó insiste "
    "insistió instó lamenta lamentó llamó manifestó mencionó narra narró negaron negó niega pidió "
    "precisó pregunta preguntan preguntó prometió publica publicó puntualizó recalcó reclamó "
    "reconoce reconoció recordó recuerda refirió reiteró relata relataron relató remató repitió "
    "responde respondió resume resumió sentenció señala señalando señalaron señaló sostiene "
    "sostuvo subraya subrayó"
).split()
ACCORDING_TO = ("according to", "según", "de acuerdo con")
# Verbs that are nouns too, and no verb after an article or a possessive ("la pregunta", "su
# cuenta", "the answers").
NOUNS_TOO = frozenset("answers cuenta pregunta".split())
NOT_AFTER_DETERMINER = "".join(
    rf"(?<!\b{word} )" for word in "la una su esa esta the an their his her".split()
)
SPEECH_VERB = re.compile(
    r"(?<![\w])(?:"
    + "|".join(
        NOT_AFTER_DETERMINER + verb if verb in NOUNS_TOO else verb
        for verb in sorted(
            [*ACCORDING_TO, *SPEECH_VERBS_EN, *SPEECH_VERBS_ES], key=len, reverse=True
        )
    )
    + r")(?![\w])",
    re.IGNORECASE,
)

DIALOGUE_OPENING = re.compile(r"[ \t]*[\u2014\u2013](?=[^\s\u2014\u2013])")
# An aside opens with a dash after a space, on its first word (" —dijo"), and closes with a
# dash before anything but a word (Lemus—. / Lemus—, / Lemus— y): a dash between two words
# or numbers (a range of years) does neither.
ASIDE_OPENING = re.compile(r"(?<=\s)[\u2014\u2013](?=[^\s\u2014\u2013])")
ASIDE_CLOSING = re.compile(r"[\u2014\u2013](?![\w\u2014\u2013])")
SPEECH_VERB_REACH = 60  # characters into an aside its speech verb may stand ("—explicó ayer")
EXCHANGE_REACH = 8  # dash paragraphs either side of a turn among which a question is asked
QUESTION_END = re.compile(r"\?[\s\"'\u201d\u00bb]*$")
ENDS_AS_SENTENCE = re.compile(r"[.?!\u2026][\s\"'\u201d\u00bb]*$")


@dataclass(frozen=True)
class SpokenPart:
    """Words of dash dialogue (trimmed), the dash before them, and the aside after them that
    names their speaker (None for the words that end the paragraph)."""

    start: int
    end: int
    dash: int
    aside: tuple[int, int] | None
    turn: bool = False  # a whole paragraph of an interview, its speaker named by no aside


def spoken_parts(text: str, start: int, end: int) -> list[SpokenPart]:
    """The spoken words of the paragraph text[start:end] if it is dash dialogue, else none."""
    opening = DIALOGUE_OPENING.match(text, start, end)
    if opening is None:
        return []
    parts: list[SpokenPart] = []
    dash, words_from = opening.end() - 1, opening.end()
    position = words_from
    while True:
        aside = ASIDE_OPENING.search(text, position, end)
        if aside is None:
            parts.extend(_part(text, words_from, end, dash, None))
            break
        closing = ASIDE_CLOSING.search(text, aside.end(), end)
        aside_end = closing.start() if closing else end
        reach = min(aside_end, aside.end() + SPEECH_VERB_REACH)
        if SPEECH_VERB.search(text, aside.end(), reach) is None:  # said, not an attribution
            position = closing.end() if closing else end
            continue
        parts.extend(_part(text, words_from, aside.start(), dash, (aside.end(), aside_end)))
        if closing is None:
            break
        dash, words_from = closing.start(), closing.end()
        position = words_from
    if any(part.aside for part in parts):
        return parts
    if _in_exchange(text, start, end):
        words = _part(text, opening.end(), end, opening.end() - 1, None)
        return [SpokenPart(part.start, part.end, part.dash, None, turn=True) for part in words]
    if _introduced(text, start, end):
        return _part(text, opening.end(), end, opening.end() - 1, None)
    return []


def _in_exchange(text: str, start: int, end: int) -> bool:
    """Whether the dash paragraph text[start:end] is a turn of an interview: words ending as
    a sentence does (a credit line, "—Con información de EFE", does not), other dash
    paragraphs next to it, and a question among them within EXCHANGE_REACH."""
    if ENDS_AS_SENTENCE.search(text, start, end) is None:
        return False
    before = _dash_paragraphs(text, start, -1)
    after = _dash_paragraphs(text, end, 1)
    exchange = [*before, (start, end), *after]
    return len(exchange) > 1 and any(QUESTION_END.search(text, *edges) for edges in exchange)


def _introduced(text: str, start: int, end: int) -> bool:
    """Whether the dash paragraph text[start:end] is words the paragraph before introduces: that
    one ends in a colon, this one ends as a sentence does and stands alone (a dashed item of a
    list has others next to it)."""
    before = start
    while before > 0 and text[before - 1].isspace():
        before -= 1
    if before == 0 or text[before - 1] != ":" or ENDS_AS_SENTENCE.search(text, start, end) is None:
        return False
    return not _dash_paragraphs(text, start, -1) and not _dash_paragraphs(text, end, 1)


def _dash_paragraphs(text: str, position: int, step: int) -> list[tuple[int, int]]:
    """Up to EXCHANGE_REACH dash paragraphs in a row before (step -1) or after (step 1) the
    paragraph edge at position, blank lines between them skipped."""
    found: list[tuple[int, int]] = []
    while len(found) < EXCHANGE_REACH:
        if step < 0:
            end = position
            while end > 0 and text[end - 1].isspace():
                end -= 1
            start = text.rfind("\n", 0, end) + 1
        else:
            start = position
            while start < len(text) and text[start].isspace():
                start += 1
            line_end = text.find("\n", start)
            end = len(text) if line_end < 0 else line_end
        if start == end or DIALOGUE_OPENING.match(text, start, end) is None:
            break
        found.append((start, end))
        position = start if step < 0 else end
    return found


def _part(
    text: str, start: int, end: int, dash: int, aside: tuple[int, int] | None
) -> list[SpokenPart]:
    """The words between start and end, without the stop that closes an aside before them
    ("—. Habrá justicia"); none if nothing is left."""
    while start < end and (text[start].isspace() or text[start] in ".,;:"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return [SpokenPart(start, end, dash, aside)] if end > start else []
