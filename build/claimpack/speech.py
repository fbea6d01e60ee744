"""Speech in an article's text: the verbs that attribute words, and Spanish dash dialogue.

Kept once because coverage and drafting must agree on what a direct quotation is.

Dash dialogue quotes without quotation marks: a paragraph opens with a dash on the spoken words
and an aside set off by dashes names the speaker (—No lo vamos a permitir —dijo el gobernador—.
Habrá justicia.). After an aside closed by its dash the words are spoken again; an aside left
open runs to the end of the paragraph. An aside with no speech verb (—el mayor del año—) is part
of what is said, and a paragraph with no attributing aside is not read as dialogue: a credit line
("—Con información de EFE") opens with a dash too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SPEECH_VERBS_EN = (
    "said says say told tells tell added adds wrote writes stated stating noted notes "
    "explained explains confirmed confirms announced announces declared declares argued "
    "argues insisted insists stressed stresses warned warns urged urges asked asks replied "
    "replies responded responds posted tweeted read reads continued claimed claims called "
    "calling described describing describes acknowledged admitted recalled reported reports "
    "commented remarked emphasized emphasised saying adding writing noting warning telling "
    "posting declaring asserted asserts"
).split()
SPEECH_VERBS_ES = (
    "dijo dice dijeron afirmó afirma afirmaron señaló señala señalaron informó informa "
    "informaron declaró declara declararon aseguró asegura aseguraron explicó explica "
    "explicaron indicó indica agregó agrega añadió añade sostuvo sostiene expresó expresa "
    "comentó comenta advirtió advierte destacó destaca subrayó subraya precisó detalló "
    "manifestó apuntó escribió escribe publicó publica respondió responde reconoció insistió "
    "anunció anuncia confirmó confirma denunció acusó admitió mencionó puntualizó refirió "
    "relató reiteró enfatizó recalcó expuso instó pidió calificó llamó aseveró "
    "recuerda recordó relata narra narró preguntó contestó "
    "aseverando afirmando señalando diciendo asegurando"
).split()
ACCORDING_TO = ("according to", "según", "de acuerdo con")
SPEECH_VERB = re.compile(
    r"(?<![\w])(?:"
    + "|".join(sorted([*ACCORDING_TO, *SPEECH_VERBS_EN, *SPEECH_VERBS_ES], key=len, reverse=True))
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


@dataclass(frozen=True)
class SpokenPart:
    """Words of dash dialogue (trimmed), the dash before them, and the aside after them that
    names their speaker (None for the words that end the paragraph)."""

    start: int
    end: int
    dash: int
    aside: tuple[int, int] | None


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
    return parts if any(part.aside for part in parts) else []


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
