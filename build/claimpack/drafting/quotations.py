"""Direct quotations and who said them, by rule, as Stanford CoreNLP's QuoteAnnotator does:
first the quoted spans, then the speaker from an attribution verb next to them.

Spans: curly and straight double quotation marks and guillemets; single curly marks inside
them are a quotation within the quotation; a quotation left open at the end of a paragraph
goes on in the next one when that opens with a quotation mark. Names in quotation marks
(known as "El Mencho") and scare quotes around a word or two ("kingpin" strategy) are not
quotations. A paragraph of Spanish dash dialogue is quoted as its spoken words, its speaker
named in the aside after them (speech.spoken_parts); words in marks after a colon inside it are
someone else's it repeats, a quotation of their own ("—Una vecina me dijo: «No salgas»").
The turns of an interview (dash paragraphs with no aside) are the interviewer's when they ask,
the byline's author, else the interviewee's: the person named after a verb of conversation
("conversamos con X", "we spoke with X"), else the first the introduction names.

Speakers: the name next to an attribution verb after the quotation (", she said", ", said David
Mora", ", dijo el gobernador", ", dijo por teléfono un vecino", past how, when or to whom),
"according to X" / "según X", or the subject of a verb before it ("Landau said: “..."), or of an
inverted verb in an aside just before it ("Su muerte, escribió X, «...»"); a post named by its title
is the person after its comma ("dijo el vocero de Seguridad de Jalisco, Juan Pérez"); a name in a
relative clause after the speaker ("dijo el mando, quien indicó que la Guardia Nacional ...") is
not. A pronoun, a post or statement ("the post read"), or a verb with no subject ("dijo") is the
last named speaker. Someone unnamed, a noun phrase as subject ("a Pentagon spokesman said", "Otro
vecino, que ..., aseguró", "When a senator says", "Una fuente de la Defensa dijo"), is the phrase as
written, not the name inside it; a later definite one ("the official said") is the one an earlier
indefinite phrase with its head introduced ("A senior U.S. official"). The speaker is an entity id
when the registry knows the name, else the name as written (a form of address kept before a lone
given name: "doña Chayo", "tía Lupe", "Father Mike"). With no speech verb, a quotation after a colon
in a sentence opening "Para X," / "For X," is X's, and else its subject's before a "was"/"fue" or
"put it"/"lo resumió" ("Un alto mando, que ..., fue más franco: «...»"), rather than the last
speaker's; after a person's name standing alone and a colon (a headline's "Ana Ruiz: «...»") it is
hers. Words quoted in a sentence that opens on a document ("A State Department cable estimates", "Un
informe de la Fiscalía señala", "The cable cautions") are its writer's. A paragraph ending in a
colon introduces a quotation opening the next one, or a lone paragraph of dash dialogue (said, when
no one is named saying it, by whom that paragraph is about). Where it says a statement follows
("issued the following statement:") the words are the issuer's, its first actor. A post's caption
("con el texto «...»", "with the caption "..."") is its poster's.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from claimpack.articles import closes_abbreviation, date_line
from claimpack.drafting.finding import Finding, finding
from claimpack.drafting.mentions import TITLES, is_byline
from claimpack.speech import (
    ACCORDING_TO,
    QUESTION_END,
    SPEECH_VERB,
    SPEECH_VERBS_ES,
    spoken_parts,
)

OPENERS = {"\u201c": "\u201d", "«": "»", '"': '"', "\u2018": "\u2019"}
# Verbs that may come before their speaker after a quotation (", said David Mora"); the rest
# ("calling", "described") take an object there, not a speaker.
INVERTED = frozenset(
    "said says added adds wrote writes asked asks replied continued explained noted stated told "
    "insisted argued warned declared acknowledged admitted answered answers cautioned complained "
    "conceded concluded countered recalled recounted urged vowed promised summarized "
    "summarised".split()
    + [verb for verb in SPEECH_VERBS_ES if not verb.endswith("ndo")]
    + list(ACCORDING_TO)
)
SOURCE_WORDS = (
    r"(?:post|posts|statement|message|tweet|letter|release|comunicado|mensaje|publicación|texto|"
    r"carta|tuit|escrito)"
)
SOURCE_NOUN = re.compile(
    rf"(?:the|her|his|their|its|el|la|su|sus)\s+{SOURCE_WORDS}$", re.IGNORECASE
)
# A writing named in a sentence ("La Defensa difundió un comunicado"): who wrote it is the
# sentence's first actor, whom a later "el texto" / "the statement" resumes.
SOURCE_WORD = re.compile(rf"(?<!\w){SOURCE_WORDS}(?!\w)", re.IGNORECASE)
PRONOUN = re.compile(r"(?:he|she|they|él|ella|ellos|ellas|who|quien)$", re.IGNORECASE)
# A singular pronoun as the subject of a speech verb next to a quotation ("—dijo él—", ", she
# said"), and the gender it gives the speaker.
GENDERED_PRONOUN = re.compile(r"(?<!\w)(?P<pronoun>he|she|él|ella)(?!\w)", re.IGNORECASE)
PRONOUN_GENDER = {"he": "m", "él": "m", "she": "f", "ella": "f"}
# Words that show a speaker's gender as written: a Spanish phrase's first word ("una señora",
# "el vecino", "doña Lupe"), or an English noun or title in it ("a woman", "Mr. Ruiz"); a bare
# name shows none.
GENDER_FIRST = {
    "m": frozenset("un uno el otro don tío abuelo padre fray señor".split()),
    "f": frozenset("una la otra doña tía abuela madre sor señora seño".split()),
}
GENDER_NOUNS = {
    "m": frozenset(
        "man father grandfather brother son husband uncle dad mr. mr hombre padre abuelo hermano "
        "hijo esposo viudo tío señor papá".split()
    ),
    "f": frozenset(
        "woman mother grandmother sister daughter wife widow aunt mom mum mrs. mrs ms. ms mujer "
        "madre abuela hermana hija esposa viuda tía señora mamá".split()
    ),
}
NAME_INTRO = re.compile(
    r"(?:known as|also known as|alias|a\.k\.a\.|dubbed|nicknamed|conocido como|apodado|"
    r"apodada|llamado|llamada|el|la|los|las)\s*$",
    re.IGNORECASE,
)
# An article or a possessive before a few quoted words and a noun after them make them a term
# that modifies the noun (its "red code" alert, a "zero tolerance" policy, su «código rojo»
# estatal), no words anyone is quoted as saying; a preposition, a conjunction or a verb after
# them leaves them a quotation (a "safe walking corridor" for kids).
TERM_BEFORE = re.compile(
    r"(?<!\w)(?:the|a|an|its|their|his|her|our|your|su|sus|del|al)\s*$", re.IGNORECASE
)
NOUN_AFTER = re.compile(
    r"[ \u00a0]+(?!(?:for|of|in|on|at|to|and|or|but|nor|that|which|who|whom|whose|is|was|were|"
    r"are|be|been|has|had|have|will|would|can|could|should|may|might|as|from|with|by|than|then|"
    r"when|where|while|if|so|because|after|before|since|until|into|over|under|about|against|"
    r"between|through|during|without|within|de|del|en|y|e|o|u|que|para|con|por|es|fue|son|era|"
    r"a|al|la|el|los|las|se|sin|sobre|como|desde|hasta|entre|ante|tras)(?!\w))[a-záéíóúñ]+\b"
)
DETERMINER = re.compile(r"\b(?:the|a|an|el|la|los|las|un|una)\s+[^,.;:]*$", re.IGNORECASE)
# An aside between commas after the subject: what it is ("a Republican"), or the party or
# body it belongs to ("del PT", "of the GOP"), whose name is no speaker when the person's is;
# or a relative clause about the subject, which may run longer ("A nurse, who asked that her
# name not be used because she still works at the clinic, said").
APPOSITIVE = re.compile(
    r",\s+(?:(?:a|an|the|el|la|los|las|un|una|de|del|of|from)\s[^,]{1,60}|"
    r"(?:who|quien|que)\s[^,]{1,160}),\s*$",
    re.IGNORECASE,
)
# What a named subject is, with no article, between commas ("@DonChuy, dueño de un puesto en
# Tlaquepaque, publicó"): the names in it are no speaker. A title there opens the name itself
# ("El director, comandante Efraín Lucio Mares, informó").
BARE_APPOSITIVE = re.compile(r",\s+(?P<word>[a-záéíóúñ]+)\s[^,]{0,60},\s*$")
# A document a sentence may open on, as its subject: its words are its writer's.
DOCUMENTS = (
    "memo memos memorandum cable cables summary report document indictment filing assessment "
    "briefing informe documento oficio reporte memorándum resumen expediente acusación"
).split()
DOCUMENT_SUBJECT = re.compile(
    r"\s*(?:an?|the|one|un|una|el|la|otro|otra)\s+(?:[\w.'\u2019-]+\s+){0,4}?"
    rf"(?P<head>{'|'.join(DOCUMENTS)})(?!\w)",
    re.IGNORECASE,
)
DEFINITE_DOCUMENT = re.compile(r"\s*(?:the|el|la)\s", re.IGNORECASE)
WRITTEN_BY = re.compile(r"\s+(?:de|del|of|from|by)\s+(?:(?:the|la|el|los|las)\s+)?", re.IGNORECASE)
# What opens an aside of an inverted speech verb: a comma, or "como"/"as" ("Como decía Juárez,").
ASIDE_BEFORE_VERB = re.compile(r"(?:,|(?<!\w)(?:como|as))\s*$", re.IGNORECASE)
# What describes someone unnamed after the head noun, up to a comma ("A person familiar with
# the talks,", "un vecino de la colonia,"): part of who they are.
POSTMODIFIER = re.compile(
    r"\s+(?:familiar\s+with|close\s+to|cercan[oa]s?\s+a|of|from|de|del)\s+[^,.;:\n]{1,40}(?=,)",
    re.IGNORECASE,
)
# The words a post carries ("compartió un video con el texto «...»", "posted a photo with the
# caption "...""): the poster's, the sentence's first actor.
CAPTION = re.compile(
    r"\b(?:con\s+(?:el|la)\s+(?:texto|leyenda|mensaje)|with\s+the\s+(?:caption|text|message))\s*$",
    re.IGNORECASE,
)
# A preposition between a person and the body that places her ("at the", "de la").
PLACED_AT = re.compile(
    r"\s+(?:at|of|from|with|for|de|del|en)\s+(?:(?:the|la|el|los|las)\s+)?$", re.IGNORECASE
)
# A subject that is one of a group named before ("One of them, a former analyst, said"): the
# aside after it says who speaks.
ONE_OF_THEM = re.compile(
    r"(?:one|uno|una)\s+(?:of|de)\s+(?:them|those|ellos|ellas|estos|estas)$", re.IGNORECASE
)
# A post named by a common noun, then a comma and who holds it ("el vocero de Seguridad de
# Jalisco, Juan Pérez", "the state's security spokesman, Ana Ruiz"): the names inside the post
# are what it serves, the holder is the one after the comma.
POST_THEN_HOLDER = re.compile(
    r"\s*(?:the|a|an|el|la|un|una)\s+[a-záéíóúñ][^,.;:\n]{0,80},[ \u00a0]", re.IGNORECASE
)
APPOSITION_END = re.compile(r"\s*(?:[,.;)\u2014\u2013]|$)")
DEFINITE = re.compile(r"(?:the|el|la)\s+(?:\w+\s+){0,2}\w+$", re.IGNORECASE)
# Someone unnamed, described by a determiner, up to three words and a common noun as its head
# ("a Pentagon spokesman", "Otro vecino", "the official"), as the article writes it.
UNNAMED = re.compile(
    r"(?:the|a|an|another|one|el|la|un|una|otro|otra)\s+(?:[\w.'\u2019-]+\s+){0,3}"
    r"(?P<head>[a-záéíóúñü]+)",
    re.IGNORECASE,
)
# Heads that are writings, not people: "the report said" is no unnamed speaker.
WRITINGS = frozenset(
    "post posts statement message tweet letter release report study survey document data "
    "comunicado mensaje publicación texto carta tuit escrito informe reporte estudio documento "
    "encuesta".split()
)
# Conjunctions, which end a clause joined to the next verb ("saludó a una vecina y dijo"), no
# noun phrase's head: the one who speaks is that clause's subject, not "una vecina y".
CONJUNCTIONS = frozenset("y e o u ni pero sino and or nor but".split())
INDEFINITE = r"(?:a|an|another|one|un|una|otro|otra)"
INDEFINITE_WORD = re.compile(rf"(?<!\w){INDEFINITE}(?=\s)", re.IGNORECASE)
# A relative pronoun, the clause it opens no part of an unnamed speaker before it.
RELATIVE = r"(?:que|quien|quienes|who|that)"
RELATIVE_WORD = re.compile(rf"(?<!\w){RELATIVE}(?!\w)", re.IGNORECASE)
ARTICLE_BEFORE = re.compile(r"(?<!\w)(?:el|la|los|las|lo)\s+$", re.IGNORECASE)
VIEW_OF = re.compile(
    r"(Para|For)\s+(?:(?P<honorific>don|doña|señor|señora|Mr\.|Mrs\.|Ms\.|Dr\.)\s+)?"
)
# An indefinite determiner and up to three modifiers before a head noun ("A senior U.S. "),
# no other determiner or conjunction among them ("a dog and an official" is "an official").
INTRODUCED = re.compile(
    rf"(?<![\w]){INDEFINITE}\s+(?:(?!(?:{INDEFINITE}|the|el|la|and|y|or|o)\s)"
    rf"[\w.'\u2019-]+\s+){{0,3}}$",
    re.IGNORECASE,
)
# What may stand between a subject and its verb: an adverb or auxiliary, and in Spanish the
# object pronouns before the verb ("Sheinbaum lo dijo", "se lo explicó"), no part of the subject.
SUBJECT_GAP = re.compile(
    r",?(?:\s+(?:also|further|later|has|had|have|then|publicly|también|ya|"
    r"lo|la|los|las|le|les|se|me|nos))*\s*$"
)
# Someone unnamed, then a clause about them before their verb, opening on a preposition and
# a relative pronoun or, in English, on its own subject ("A nurse I have known for years told
# me", "Un diputado al que conozco hace años me dijo"): the someone is the verb's subject. (A
# clause on a bare "who" or "que" may say who they are: "A woman who runs a café told me".)
DESCRIBED_BEFORE_CLAUSE = re.compile(
    rf"(?P<phrase>{INDEFINITE}\s+(?:[\w.'\u2019-]+\s+){{0,3}}?[\w'\u2019-]+)\s+"
    r"(?:(?:a|al|con|de|del|en|por|para)\s+(?:(?:el|la|los|las)\s+)?(?:que|quien|quienes)|"
    r"whom|(?-i:I|we|you|he|she|they))\s",
    re.IGNORECASE,
)
# A conjunction just before a verb: the verb shares its subject with the clause's first one.
COORDINATED = re.compile(r"\s(?:and|y|e)\s*$", re.IGNORECASE)
# Whom words were said to, before a Spanish verb with no subject ("—Ya pasó —me dijo—", «...»,
# nos contó): no speaker.
OBJECT_PRONOUN = re.compile(r"(?:me|te|le|nos|les|se\s+lo|me\s+lo|nos\s+lo)", re.IGNORECASE)
# A relative clause opening after the speaker ("dijo el mando, quien indicó que la Guardia
# Nacional ..."): the names in it are what the speaker talks about, not who speaks.
RELATIVE_CLAUSE = re.compile(
    r",\s*(?:quien|quienes|que|cual|cuyo|cuya|donde|who|which|whom|whose|where)\b", re.IGNORECASE
)
# A relative pronoun after an unnamed speaker opens a clause about them ("Un vecino que pidió
# el anonimato", "a nurse who asked not to be named"): no part of who speaks.
RELATIVE_AFTER = re.compile(rf"\s+{RELATIVE}(?:\s|$)", re.IGNORECASE)
# What a noun phrase's head is of or for ("a spokesman for the army", "una vocera de Morena").
OF_OR_FOR = re.compile(r"\s+(?:of|for|from|de|del|para)\s", re.IGNORECASE)
RELATIVE_BEFORE_VERB = re.compile(rf"\s+{RELATIVE}$", re.IGNORECASE)
# One of a group, as Spanish writes it after a verb ("relató uno de los pasajeros").
ONE_OF = re.compile(r"uno\s+de(?:l|\s+(?:los|las|sus|estos|esos))?\s", re.IGNORECASE)
# "that"/"que" between a quotation and a verb opens a clause the sentence reports ('provided
# "support" and that the president had called her'): its subject spoke no quoted words.
REPORTED_CLAUSE = re.compile(r"\b(?:that|que)\b", re.IGNORECASE)
# Forms of address a lone given name keeps, as the article calls that person: an honorific
# ("doña Chayo"), a relative's title ("tía Lupe", "el abuelo Beto") or a priest's or a nun's
# ("padre Memo", "sor Juana", "Father Mike"; in English a lowercase "father" is kin, no title).
HONORIFIC_BEFORE = re.compile(
    r"(?<!\w)(?:(?i:don|doña|tía|tío|abuela|abuelo|padre|madre|fray|sor)|Father)\s+$"
)
HONORIFIC_REACH = 8  # characters the longest of them and its space take
# A relative named by whose relative they are ("la madre de Ana Ruiz", "the brother of Ana
# Ruiz"): someone unnamed, who speaks for themselves.
KIN = (
    r"(?:mother|father|brother|sister|son|daughter|wife|husband|widow|grandmother|grandfather|"
    r"aunt|uncle|cousin|parents|mom|mum|dad|madre|padre|mamá|papá|hermana|hermano|hija|hijo|"
    r"esposa|esposo|viuda|abuela|abuelo|tía|tío|prima|primo|padres)"
)
KIN_BEFORE = re.compile(
    rf"(?<!\w)(?:the|el|la|los|las|su|sus|his|her|their)\s+{KIN}\s+(?:of|de|del)\s+$",
    re.IGNORECASE,
)
# A relative named by a possessive and no name ("mi mamá", "my mother", "su hermana"): someone
# unnamed, as written, like "una vecina".
POSSESSIVE = r"(?:my|his|her|their|our|mi|mis|tu|su|sus|nuestra|nuestro)"
POSSESSIVE_WORD = re.compile(rf"(?<!\w){POSSESSIVE}(?=\s)", re.IGNORECASE)
POSSESSED_KIN = re.compile(rf"(?<!\w){POSSESSIVE}\s+{KIN}(?!\w)", re.IGNORECASE)
# A sentence's subject (after what opens the sentence, up to a comma: "En un comunicado,"; an
# aside between commas after it), a "was"/"fue" and what it says of the manner of speaking,
# then a colon before a quotation.
# Or a verb of putting words a certain way ("put it this way", "lo resumió así"), whose
# subject can only be someone.
COLON_SUBJECT = re.compile(
    r"(?:(?:in|on|at|after|with|en|tras|con|durante|desde)\s[^,:;]{1,40},\s*)?"
    r"(?P<subject>[^,:;]+?)(?:,[^:;]*?,)?\s+(?:(?P<verb>was|were|is|are|fue|fueron|era|eran|es|"
    r"son|estuvo|estaba|se\s+mostró)|(?P<phrasing>puts?\s+it|(?:summed|sums)\s+(?:it\s+)?up|lo\s+resumió|"
    r"lo\s+resume|lo\s+puso|lo\s+pone|lo\s+planteó|lo\s+plantea))(?:\s[^:;]*)?:\s*$",
    re.IGNORECASE,
)
OF = re.compile(r"\b(?:of|in|on|at|de|del|en)\b", re.IGNORECASE)
# A conjunction opening the clause of a speech verb ("When a senator says ...", "Cuando un
# vecino dice ..."): no part of the unnamed subject after it.
CLAUSE_OPENER = re.compile(
    r"(?:when|whenever|if|as|after|before|while|because|although|though|once|since|until|and|"
    r"but|cuando|si|mientras|aunque|porque|pero|y|apenas|pues)\s+",
    re.IGNORECASE,
)
LABEL_SEPARATORS = "|:\u2014\u2013\u2022"  # what sets a headline's parts apart
# Where the speaker was when speaking, after an unnamed one ("dijo un guía de turistas en el
# malecón", "said a nurse at the clinic"), or to whom ("dijo la alcaldesa a este medio",
# "pregunta una vecina a doña Lupe", "said a nurse to Ana Ruiz"): no part of who speaks.
PLACE_AFTER = re.compile(
    r"\s+(?:(?:en|in|at|on|near|outside|inside|frente\s+a|afuera\s+de|"
    r"a\s+(?:la|las|los|el|este|esta|estos|estas|ese|esa|su|sus|un|una))\s|"
    r"(?:a|to)\s+(?=(?:don|doña)\s|(?-i:[A-ZÁÉÍÓÚÑ])))",
    re.IGNORECASE,
)
# A longer phrase that is still one noun phrase: a head and what it is of or for, each with
# no determiner but after its preposition ("la directora de una escuela del centro", "the
# owner of a shop for the tourists"); a second determiner of its own opens a second phrase
# ("la mañana de este lunes el vocero").
_WORD = r"(?!(?:the|a|an|el|la|los|las|un|una)\s)[\w'\u2019-]+"
POSSESSED_CHAIN = re.compile(
    rf"(?:the|a|an|el|la|un|una)\s+{_WORD}(?:\s+{_WORD}){{0,2}}(?:\s+(?:of|for|from|de|del|"
    rf"para)\s+(?:(?:the|a|an|el|la|los|las|un|una)\s+)?{_WORD}(?:\s+{_WORD}){{0,2}}){{1,3}}",
    re.IGNORECASE,
)
# An age after an unnamed speaker ("una mujer de unos 50 años", "a woman of about 60", "a man
# aged 70"): a claim of its own, no part of who speaks.
AGE_AFTER = re.compile(
    r",?\s+(?:de|of|aged)\s+(?:(?:unos|unas|casi|más\s+de|about|around|some|nearly|almost|"
    r"over)\s+)?(?:\d+|[a-záéíóúñ]+(?=\s+(?:años|years)))(?:\s+(?:años|years))?"
    r"(?:\s+(?:de\s+edad|old))?(?!\s*\w)",
    re.IGNORECASE,
)
# How, when or to whom the words were said, between an inverted verb and its subject ("dijo
# por teléfono un sacerdote", "contó ayer una vecina", "dijo a la prensa un vocero"): a
# preposition and a bare noun, an adverb of time, or "a" and whom the words were told.
MANNER_BEFORE_SUBJECT = re.compile(
    r"(?:(?:por|en|vía|via|sin|con)\s+[a-záéíóúñ]+(?:\s+|$)|(?:ayer|hoy|anoche|luego|después|"
    r"entonces|también|además|finalmente|later|then|also|finally)(?:\s+|$)|"
    r"a\s+(?:la|las|los|el|este|esta|estos|estas|ese|esa|su|sus)\s+[a-záéíóúñ]+(?:\s+|$))+",
    re.IGNORECASE,
)
# Where words were posted or said, between an inverted verb and its subject ("escribió en un
# grupo de Facebook una vecina", "dijo en su cuenta de X el alcalde", "wrote on its Facebook page
# the fire department"): a place with a determiner, and the name of what holds it; a
# determiner after it opens the subject.
MEDIUM_BEFORE_SUBJECT = re.compile(
    r"\s+(?:en|in|on)\s+(?:un|una|el|la|su|sus|a|an|the|his|her|its|their)\s+"
    r"(?:(?-i:[A-ZÁÉÍÓÚÑ])[\w.-]*\s+)?[a-záéíóúñ]+"
    r"(?:\s+(?:de|del|of|on|en)\s+(?:(?:el|la|the)\s+)?(?-i:[A-ZÁÉÍÓÚÑ@])[\w.@-]*"
    r"(?:\s+(?-i:[A-ZÁÉÍÓÚÑ])[\w.-]*)*)?"
    r"(?=\s+(?:un|una|el|la|los|las|a|an|the|otro|otra)\s)",
    re.IGNORECASE,
)
# A statement a sentence says follows, before the colon that introduces it ("issued the
# following statement:", "emitió el siguiente comunicado:"): the words after it are the
# issuer's, the sentence's first actor.
STATEMENT_FOLLOWS = re.compile(
    r"\b(?:the\s+following|el\s+siguiente|la\s+siguiente)\s+(?:statement|message|remarks|"
    r"comunicado|mensaje|declaración|posicionamiento|pronunciamiento)\b",
    re.IGNORECASE,
)
AFTER_COLON = re.compile(r":\s*$")
DASHES = " \t\n\u2014\u2013"  # and spaces: what opens a paragraph of dash dialogue
# A verb of conversation and its preposition, before whom an interview talks with.
CONVERSATION = re.compile(
    r"\b(?:convers\w*|habl\w*|platic\w*|entrevist\w*|spoke|speaks?|talked|talks?|"
    r"interviewed)\s+(?:con|with|to|a)\s+",
    re.IGNORECASE,
)
# A preposition before a name places what the sentence speaks of ("El párroco de San Juan", "At
# St. Mary's Parish, where the Rev. Ana Ruiz ..."): a place or a body, not who the paragraph
# is about.
PREPOSITION_BEFORE = re.compile(r"\b(?:de|del|en|of|in|at|from|desde)\s+$", re.IGNORECASE)
# A possessive after a name: what follows is someone else's ("Ana's brother", "the mayor's
# aide"), as a preposition before it places the name ("el hermano de Ana").
POSSESSIVE_AFTER = re.compile(r"['\u2019]s(?!\w)")
# An article before a name makes it a place or a body ("cuando el Mercado de Abastos abre",
# "the Pentagon"), unless a title opens the name ("the Rev. Ana Ruiz").
DEFINITE_BEFORE = re.compile(r"(?<!\w)(?:el|la|los|las|the)\s+$", re.IGNORECASE)
DESCRIPTION_REACH = 50_000  # characters looked back for the phrase a "the official" resumes
# Words that present the voice heard in a recording, before whose it is ("Habla un hombre
# joven", "Lo grabó una enfermera", "Es una voz de mujer", "Speaking is a young man", "Recorded
# by a nurse"): the one introduced speaks the quoted words after.
VOICE_FRAME = re.compile(
    r"(?:habla|hablan|se\s+oye|se\s+escucha|(?:lo|la)\s+grab[óa]|grabad[oa]\s+por|"
    r"speaking\s+is|(?:it\s+was\s+)?recorded\s+by|"
    rf"(?:es|it\s+is)(?=\s+{INDEFINITE}\s+(?:[\w'\u2019]+\s+)?(?:voz|voice)\b))\s+"
    rf"(?P<phrase>{INDEFINITE}\s[^,.;:\n\"“«]+)",
    re.IGNORECASE,
)
# A sentence with no verb that describes someone, then a colon ("Una mujer, muy alterada, con
# niños de fondo:", "A woman, clearly frightened:"): the one described speaks what follows.
DESCRIBED_LABEL = re.compile(
    rf"(?P<phrase>{INDEFINITE}\s[^,.;:\n\"“«]+),[^.;:\n]*:\s*$", re.IGNORECASE
)


class Mentions:
    """The mentions in text order, those starting in a stretch found by bisection rather than
    by a scan of all of them (an article of a megabyte names tens of thousands)."""

    def __init__(self, found: list[Finding]) -> None:
        self.found = found
        self.starts = [m.char_start for m in found]
        self.longest = max((m.char_end - m.char_start for m in found), default=0)

    def between(self, start: int, end: int) -> list[Finding]:
        """The mentions starting in [start, end), in order."""
        return self.found[
            bisect.bisect_left(self.starts, start) : bisect.bisect_left(self.starts, end)
        ]

    def ending_by(self, start: int, end: int) -> list[Finding]:
        """The mentions inside [start, end], in order."""
        return [m for m in self.between(start, end) if m.char_end <= end]


@dataclass(frozen=True)
class Quote:
    """The words inside one pair of marks (without the marks), and whether it runs on."""

    start: int
    end: int
    open_at: int
    close_at: int  # position of the closing mark, or the paragraph end when left open
    runs_on: bool
    continues: bool  # this piece continues a quotation left open in the paragraph before
    dialogue: bool = False  # spoken words of dash dialogue, not words in quotation marks
    aside: tuple[int, int] | None = None  # the dialogue's aside naming the speaker
    turn: bool = False  # a turn of an interview (speech.spoken_parts), spoken by no aside
    within: bool = False  # quoted inside dash dialogue, whose aside attributes the dialogue


def find_quotations(text: str, found: list[Finding], start: int = 0) -> list[Finding]:
    """Every direct quotation in text[start:], with its speaker where one is found; `found`
    are the mentions in text order."""
    mentions = Mentions(found)
    quotes = [q for q in _quotes(text, start) if _is_quotation(text, q, mentions)]
    named = sorted(_speech_subjects(text, mentions, start))
    opens = [quote.start for quote in quotes]
    speakers: list[str | None] = []
    cues: list[str | None] = []
    outer = -1  # the last quotation not within dialogue: what a next piece continues
    for index, quote in enumerate(quotes):
        gender = _pronoun_gender(text, quote)
        last_speaker = _last_speaker(text, quote, named, mentions, quotes, opens, gender)
        speaker, cue = _attribute(text, quote, mentions, last_speaker)
        joined = outer >= 0 and (
            quote.continues or "\n" not in text[quotes[outer].close_at : quote.open_at]
        )
        if speaker is None and joined:
            speaker, cue = speakers[outer], "continues"
        if speaker is not None:
            bisect.insort(named, (quote.open_at, speaker))
        speakers.append(speaker)
        cues.append(cue)
        outer = outer if quote.within else index
    for index in range(len(quotes) - 2, -1, -1):  # a paragraph that runs on: its speaker
        if speakers[index] is None and quotes[index + 1].continues:  # is named in the next one
            speakers[index], cues[index] = speakers[index + 1], "continues"
    _interview_speakers(text, quotes, mentions, start, speakers, cues)
    _heading_speakers(text, quotes, speakers, cues)
    return [
        finding("quotation", text, q.start, q.end, speaker=speaker, cue=cue)
        for q, speaker, cue in zip(quotes, speakers, cues, strict=True)
    ]


def _last_speaker(
    text: str, quote: Quote, named: list[tuple[int, str]], mentions: Mentions,
    quotes: list[Quote], opens: list[int], gender: str | None = None,
) -> str | None:  # fmt: skip
    """Whom "she" or a verb without subject means here: the last speaker named in this
    paragraph, else the person it is about (the first it names, not one a preposition places
    nor one a possessive passes over: "Ana Ruiz's lawyer, Raúl Ibarra," is about Raúl Ibarra);
    then the same in the paragraph before. A "he" or "she" passes over whom the words that
    name them show of the other gender ("una señora" is no "él")."""
    paragraph = text.rfind("\n", 0, quote.open_at) + 1
    before = paragraph - 1
    while before > 0 and text[before - 1] == "\n":
        before -= 1
    previous = text.rfind("\n", 0, before) + 1 if before > 0 else paragraph
    for start, end in ((paragraph, quote.open_at), (previous, paragraph)):
        last = bisect.bisect_left(named, (end,)) - 1
        while (
            last >= 0
            and named[last][0] >= start
            and (  # one a quotation names speaking is the quoted speaker's, not this one
                not _agrees(named[last][1], gender) or _in_quote(named[last][0], quotes, opens)
            )
        ):
            last -= 1
        if last >= 0 and named[last][0] >= start:
            return named[last][1]
        people = [
            m for m in mentions.ending_by(start, end)
            if _actor(m) and (m.get("type") == "person" or m.entity_id is None)
            and not _in_quote(m.char_start, quotes, opens) and not _turn_label(text, m)
            and not _dateline(text, m) and _agrees(_speaker_name(text, m), gender)
        ]  # fmt: skip
        unplaced = [
            m for m in people
            if not PREPOSITION_BEFORE.search(text, max(0, m.char_start - 8), m.char_start)
            and not POSSESSIVE_AFTER.match(text, m.char_end)
            and not _body_after_article(text, m)
        ]  # fmt: skip
        if unplaced:
            return _speaker_name(text, unplaced[0])
        someone = None if gender is None else _gendered_someone(text, start, end, gender)
        if someone is not None:
            return someone
        if people:
            return _speaker_name(text, people[0])
    return None


def _gendered_someone(text: str, start: int, end: int, gender: str) -> str | None:
    """The first someone unnamed in text[start:end] whom a noun shows of this gender ("a mother
    in Tlaquepaque, who came to ask", "una viuda que vende flores"), up to a comma: whom a "she"
    or "él" means when no one there is named but a place. The noun comes within three words of
    the determiner; ten words at most, an age cut off."""
    for kin in POSSESSED_KIN.finditer(text, start, end):
        if kin[0].split()[-1].lower() in GENDER_NOUNS[gender]:
            return kin[0]
    for opening in INDEFINITE_WORD.finditer(text, start, end):
        phrase = re.match(r"[^,.;:\n\"“”«»]+", text[opening.start() : end])
        if phrase is None or INDEFINITE_WORD.match(phrase[0], len(opening[0]) + 1):
            continue  # "a una viuda": the Spanish "a" is whom the verb reaches
        words = AGE_AFTER.split(phrase[0], maxsplit=1)[0].rstrip()
        head = words.lower().split()[1:5]
        if len(words.split()) <= SOMEONE_WORDS and not GENDER_NOUNS[gender].isdisjoint(head):
            return words
    return None


PRONOUN_REACH = 40  # characters after a quotation its speaker's pronoun may stand in


def _pronoun_gender(text: str, quote: Quote) -> str | None:
    """The gender of a "he"/"she"/"él"/"ella" standing as the speaker next to the quotation: in
    the aside of dash dialogue, else in the words up to its sentence's end after the marks."""
    if quote.dialogue:
        edges = quote.aside
    else:
        after = quote.close_at + 1
        edges = (after, min(_sentence_end(text, after), after + PRONOUN_REACH))
    if edges is None:
        return None
    words = text[edges[0] : min(edges[1], edges[0] + PRONOUN_REACH)]
    verb = SPEECH_VERB.search(words)
    pronoun = GENDERED_PRONOUN.search(words)
    if verb is None or pronoun is None:
        return None
    first, second = sorted((verb.span(), pronoun.span()))
    if words[first[1] : second[0]].strip():  # "dijo ella", "she said": side by side
        return None
    return PRONOUN_GENDER[pronoun["pronoun"].lower()]


# A dateline's place in capitals, a comma, what places it, and the parenthesis before an agency.
DATELINE_BEFORE_AGENCY = re.compile(r"[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ .'-]+,[^\n()]{0,40}\(")


def _dateline(text: str, mention: Finding) -> bool:
    """Whether a mention is part of the dateline that opens its line ("SAYULA, Jal.—",
    "MAZATLAN, Mexico (AP) —"): the place in capitals or the agency in parentheses after it,
    where the news comes from, no one who speaks."""
    line = text[text.rfind("\n", 0, mention.char_start) + 1 : mention.char_start]
    after = text[mention.char_end : mention.char_end + 1]
    if not line:
        return mention.text.isupper() and after == ","
    return after == ")" and DATELINE_BEFORE_AGENCY.fullmatch(line) is not None


def _agrees(speaker: str, gender: str | None) -> bool:
    """Whether a speaker, as written, may be whom a pronoun of this gender means: no word of
    it shows the other gender."""
    if gender is None:
        return True
    words = speaker.lower().split()
    other = "f" if gender == "m" else "m"
    return not words or (
        words[0] not in GENDER_FIRST[other] and GENDER_NOUNS[other].isdisjoint(words)
    )


SOMEONE_WORDS = 10  # words at most in a description a pronoun resumes
HEADING_WORDS = 14  # words at most in a heading line
SECTION_REACH = 5_000  # characters after a heading its section's speaker is looked for in
NEWLINE = re.compile(r"\n")


def _heading_speakers(
    text: str, quotes: list[Quote], speakers: list[str | None], cues: list[str | None]
) -> None:
    """A quotation in a section's heading with no speaker ("Audio 2: "No salgan"", "Clip 1:
    “Stay home”") quotes the first words its section quotes with a speaker: the heading
    repeats them or sums them up. A heading is a line of its own, short, ending on no full
    stop; the section ends at the next such line."""
    for index, quote in enumerate(quotes):
        if speakers[index] is not None or not _heading(text, quote.open_at):
            continue
        line_end = text.find("\n", quote.open_at)
        for later in range(index + 1, len(quotes)):
            if line_end < 0 or quotes[later].open_at <= line_end:
                continue
            if quotes[later].open_at - line_end > SECTION_REACH:
                break
            stop = len(text[: text.rfind("\n", 0, quotes[later].open_at)].rstrip("\n"))
            if any(_heading(text, at.end()) for at in NEWLINE.finditer(text, line_end, stop)):
                break
            if speakers[later] is not None:
                speakers[index], cues[index] = speakers[later], "heading"
                break


def _heading(text: str, position: int) -> bool:
    """Whether the line holding position is a heading: short, holding words, ending on no
    full stop, question or exclamation mark (after any closing quotation mark)."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    line = text[start : len(text) if end < 0 else end].strip()
    words = line.split()
    return 0 < len(words) <= HEADING_WORDS and not re.search(r"[.!?:;,][\"'\u201d\u2019»]*$", line)


def _turn_label(text: str, mention: Finding) -> bool:
    """A transcript's turn label ("HALLORAN:", "MS. HALLORAN:"): who speaks the turn, not whom
    a "she" in it means."""
    line_start = text.rfind("\n", 0, mention.char_start) + 1
    before = text[line_start : mention.char_start].strip()
    return text.startswith(":", mention.char_end) and (not before or before.lower() in TITLES)


def _interview_speakers(
    text: str, quotes: list[Quote], mentions: Mentions, start: int,
    speakers: list[str | None], cues: list[str | None],
) -> None:  # fmt: skip
    """The turns of an interview: a question is the interviewer's, the byline's author (else
    no one named); the turn after it the interviewee's; the turn after an answer that asks
    nothing the interviewer's again; a turn opening an exchange that asks nothing the
    interviewee's."""
    turns = [index for index, quote in enumerate(quotes) if quote.turn]
    if not turns:
        return
    intro_end = quotes[turns[0]].open_at
    interviewer = _byline_author(text, start, intro_end, mentions)
    interviewee = _interviewee(text, start, intro_end, mentions, interviewer)
    asking, previous = False, None
    for index in turns:
        quote = quotes[index]
        adjacent = previous is not None and not text[previous.close_at : quote.open_at].strip()
        if QUESTION_END.search(text, quote.start, quote.end):
            asking = True
        else:
            asking = adjacent and not asking
        speakers[index] = interviewer if asking else interviewee
        cues[index] = "interview"
        previous = quote


def _byline_author(text: str, start: int, end: int, mentions: Mentions) -> str | None:
    """The person named on a byline ("Por Ana Ruiz") in text[start:end]."""
    for line in re.finditer(r"[^\n]+", text[start:end]):
        if is_byline(line[0]):
            name_at = start + line.start() + line[0].index(" ") + 1
            for mention in mentions.between(name_at, name_at + 1):
                return _speaker_name(text, mention)
    return None


def _interviewee(
    text: str, start: int, end: int, mentions: Mentions, interviewer: str | None
) -> str | None:
    """Who answers an interview, from its introduction text[start:end]: the person named after
    a verb of conversation ("conversamos con Ana Ruiz", "we spoke with Ana Ruiz"), else the
    first person the paragraph before the first turn names, the interviewer excepted."""
    for talk in CONVERSATION.finditer(text, start, end):
        for mention in mentions.between(talk.end(), talk.end() + 1):
            if _person(mention) and _speaker_name(text, mention) != interviewer:
                return _speaker_name(text, mention)
    intro_end = len(text[:end].rstrip())
    intro_start = text.rfind("\n", start, intro_end) + 1
    for mention in mentions.ending_by(max(start, intro_start), intro_end):
        if _person(mention) and _speaker_name(text, mention) != interviewer:
            return _speaker_name(text, mention)
    return None


def _body_after_article(text: str, mention: Finding) -> bool:
    """Whether an article before the name makes it a place or a body, no person: "el Mercado
    de Abastos", "the Pentagon"; not "the Rev. Ana Ruiz", whose title opens the name."""
    first = mention.text.split(maxsplit=1)[0].lower()
    before = DEFINITE_BEFORE.search(text, max(0, mention.char_start - 5), mention.char_start)
    return before is not None and first not in TITLES


def _person(mention: Finding) -> bool:
    """A person, or an unknown name (which may be one)."""
    return _actor(mention) and (mention.get("type") == "person" or mention.entity_id is None)


def _in_quote(position: int, quotes: list[Quote], opens: list[int]) -> bool:
    """Whether a position lies inside one of the quotes (in text order, their starts `opens`)."""
    index = bisect.bisect_right(opens, position) - 1
    return index >= 0 and position < quotes[index].end


def _quotes(text: str, start: int) -> Iterator[Quote]:
    """Quoted spans, paragraph by paragraph (a paragraph is a line)."""
    open_left = False
    for line in re.finditer(r"[^\n]+", text[start:]):
        line_start, line_end = line.start() + start, line.end() + start
        pieces = list(_line_quotes(text, line_start, line_end, open_left))
        open_left = bool(pieces) and pieces[-1].runs_on
        yield from pieces


def _line_quotes(text: str, start: int, end: int, open_left: bool) -> Iterator[Quote]:
    """The paragraph's quotations. In dash dialogue, words in marks are quoted within the
    spoken words, and are a quotation of their own only after a colon, someone else's words
    the speaker repeats ("una vecina me escribió: «...»")."""
    parts = spoken_parts(text, start, end)
    if not parts:
        yield from _marked_quotes(text, start, end, start, open_left)
        return
    for part in parts:
        close_at = end if part.aside is None else part.aside[0] - 1
        yield Quote(
            part.start, part.end, part.dash, close_at, False, False, True, part.aside, part.turn
        )
        for quote in _marked_quotes(text, part.start, part.end, start, False):
            if AFTER_COLON.search(text, part.start, quote.open_at):
                yield replace(quote, within=True)


def _marked_quotes(
    text: str, start: int, end: int, line_start: int, open_left: bool
) -> Iterator[Quote]:
    """The quotations in quotation marks in text[start:end], on the line from line_start. A
    paragraph that goes on with a quotation the paragraph before left open may open on "»",
    as Spanish marks it (the quotation runs on to the next "»")."""
    position = start
    while position < end:
        char = text[position]
        goes_on = open_left and position == line_start and char == "»"
        if goes_on or (char in OPENERS and _opens(text, position, line_start, end)):
            close = _closing(text, position, end)
            runs_on = close is None
            close_at = end if close is None else close
            inner = _stripped(text, position + 1, close_at)
            continues = open_left and position == line_start
            if inner is not None:
                yield Quote(inner[0], inner[1], position, close_at, runs_on, continues)
            position = close_at + 1
            continue
        position += 1


def _opens(text: str, position: int, line_start: int, line_end: int) -> bool:
    """A mark opens a quotation at the start of a word; a single mark only where no letter
    precedes it (else it is an apostrophe)."""
    char = text[position]
    after = text[position + 1] if position + 1 < line_end else " "
    before = text[position - 1] if position > line_start else " "
    if char in "\u2018'" and (before.isalnum() or char == "'"):
        return False
    return not after.isspace() or (char == '"' and before.isspace() and after == " ")


def _closing(text: str, position: int, end: int) -> int | None:
    """The closing mark of the quotation opened at position, skipping a quotation inside it."""
    closer = OPENERS.get(text[position], text[position])  # "»" goes on to the next "»"
    index = position + 1
    while index < end:
        char = text[index]
        if char == closer and (closer != "\u2019" or not text[index + 1 : index + 2].isalpha()):
            return index
        if char == "\u2018" and closer != "\u2019":
            inner = _closing(text, index, end)
            index = (inner if inner is not None else index) + 1
            continue
        index += 1
    return None


def _stripped(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def _is_quotation(text: str, quote: Quote, mentions: Mentions) -> bool:
    """Not a name in quotation marks, nor scare quotes around a word or two; two words, or
    three that read as a term, are a quotation only in a sentence with a speech verb."""
    words = re.findall(r"[^\W_][\w'\u2019.-]*", text[quote.start : quote.end])
    if quote.continues or quote.runs_on or quote.dialogue:
        return bool(words)
    if len(words) <= 1:
        return False
    around = mentions.between(quote.start - mentions.longest, quote.start + 1)
    if any(quote.end <= m.char_end for m in around):
        return False
    if len(words) <= 4 and all(word[0].isupper() or word[0].isdigit() for word in words):
        return False
    if NAME_INTRO.search(text, max(0, quote.open_at - 25), quote.open_at) and len(words) <= 4:
        return False
    if (
        len(words) <= 3
        and TERM_BEFORE.search(text, max(0, quote.open_at - 8), quote.open_at)
        and NOUN_AFTER.match(text, quote.close_at + 1)
    ):
        return False
    if len(words) == 2 or (len(words) == 3 and _term(text[quote.start : quote.end])):
        sentence = text[_sentence_start(text, quote.open_at) : _sentence_end(text, quote.end)]
        return SPEECH_VERB.search(sentence) is not None
    return True


def _term(words: str) -> bool:
    """Quoted words that read as a term ("«toques de queda» en 17 municipios"), not as a
    sentence ("Nadie nos ayudó", "severe but contained.") nor a figure ("at least 40%")."""
    return words[:1].islower() and words[-1:].isalnum() and not any(c.isdigit() for c in words)


SENTENCE_GAP = re.compile(r"[.!?][\"'”\u2019»]?\s+(?=[\"“«\u2018A-ZÁÉÍÓÚÑ¿¡])|\n")


GAP_CHARACTERS = frozenset(".!?\"'\u201d\u2019»")
SENTENCE_REACH = 2048  # characters looked back for a sentence's start at first
SENTENCE_LIMIT = 4 * SENTENCE_REACH  # and at most
SUBJECT_REACH = 400  # characters before a speech verb its subject is looked for in


def _sentence_start(text: str, position: int, limit: int = SENTENCE_LIMIT) -> int:
    """Where the sentence holding position starts: after the last SENTENCE_GAP in the text up
    to it, looked for in the stretch just before it (widened until one is found, up to
    `limit` characters: a longer "sentence" is cut there, so that a line of a megabyte is not
    scanned again for every speech verb in it), from a character no gap can hold, so that
    the gaps found there are those of the whole text."""
    end, reach = position + 1, min(SENTENCE_REACH, limit)
    while True:
        low = max(0, end - reach)
        while low > 0 and (text[low].isspace() or text[low] in GAP_CHARACTERS):
            low -= 1
        gaps = list(SENTENCE_GAP.finditer(text, low, end))
        if gaps:
            return min(gaps[-1].end(), position)
        if low == 0 or reach >= limit:
            return low
        reach = min(2 * reach, limit)


SENTENCE_STOP = re.compile(r"[.!?](?=[\"'”\u2019»]?(?:\s|$))|\n")


def _sentence_end(text: str, position: int) -> int:
    """Where the sentence holding position ends: at a line's end, or after ., ! or ? but not
    an abbreviation's full stop ("said Dr. Ana Ruiz", "U.S. Attorney"), as coverage splits."""
    for match in SENTENCE_STOP.finditer(text, position):
        stop = match.end()
        if match[0] == "\n" or not closes_abbreviation(text, stop, position):
            return stop
    return len(text)


def _attribute(
    text: str, quote: Quote, mentions: Mentions, last_speaker: str | None
) -> tuple[str | None, str | None]:
    """(speaker, the attribution words), looking after the quotation, then before it; for
    dash dialogue only in the aside after its words (what comes before them is said too),
    and for words quoted within it only before them (the aside is the dialogue's); dialogue with
    no aside is an interview's turn (its speakers found apart) or what a colon introduces."""
    if quote.dialogue:
        if quote.aside is not None:
            return _attributed_after(text, quote.aside[0], quote.aside[1], mentions, last_speaker)
        if quote.turn or _introducing_colon(text, quote.open_at) is None:
            return None, None
    after_start = quote.close_at + 1
    line_end = text.find("\n", after_start)
    after_end = min(
        _sentence_end(text, after_start),
        _next_open(text, after_start),
        len(text) if line_end < 0 else line_end,
    )
    after = text[after_start:after_end]
    leading = re.match(r"[\s,.;:—\u2013-]*", after)
    offset = after_start + (leading.end() if leading else 0)
    ended = re.search(r"[.!?]$", text[quote.start : quote.end]) and after[len(after.lstrip()) :][:1]
    new_sentence = bool(ended) and after.lstrip()[:1].isupper()
    if not new_sentence and not quote.within and not quote.dialogue:
        speaker, cue = _attributed_after(text, offset, after_end, mentions, last_speaker)
        if speaker is not None:
            return speaker, cue
    colon = _introducing_colon(text, quote.open_at)
    lead_end = quote.open_at if colon is None else colon + 1
    sentence_start = _sentence_start(text, quote.open_at if colon is None else colon)
    writer = _document_writer(text, sentence_start, lead_end, mentions)
    if writer is not None:
        return writer, "document"
    caption = CAPTION.search(text, max(sentence_start, lead_end - 40), lead_end)
    poster = (
        None if caption is None else _first_actor(text, sentence_start, caption.start(), mentions)
    )
    if caption is not None and poster is not None:
        return poster, caption[0].strip()
    verbs = list(SPEECH_VERB.finditer(text, sentence_start, lead_end))
    for verb in reversed(verbs):
        inverted = _inverted_aside(text, verb, lead_end, mentions, last_speaker)
        if inverted is not None:
            return inverted, verb[0]
        subject = _subject_before(text, sentence_start, verb.start(), mentions, last_speaker)
        if subject is not None:
            return subject, verb[0]
        if verb[0].lower() in ACCORDING_TO:
            named = _named_after(text, verb.end(), lead_end, mentions)
            if named is not None:
                return named, verb[0]
            phrase = re.match(r"\s*([^,.;:—\u2013()]+)", text[verb.end() : lead_end])
            if phrase is not None:
                start = verb.end() + phrase.start(1)
                unnamed = _unnamed_after(text, start, phrase[1], last_speaker)
                if unnamed is not None:
                    return unnamed, verb[0]
    if verbs:
        first = _first_actor(text, sentence_start, verbs[-1].start(), mentions)
        if first is not None:
            return first, verbs[-1][0]
    issued = None if colon is None else _statement_issuer(text, colon, mentions)
    if issued is not None:
        return issued
    holder = _view_holder(text, sentence_start, lead_end, mentions)
    if holder[0] is not None:
        return holder
    labelled = _name_before_colon(text, sentence_start, lead_end, mentions)
    if labelled is not None:
        return labelled, ":"
    said_by = _colon_subject(text, sentence_start, lead_end, mentions, last_speaker)
    if said_by[0] is None and quote.dialogue:
        # spoken words a colon introduces: said by the one whose name opens that sentence,
        # else by whom that paragraph is about
        opener = _sentence_opener(text, sentence_start, lead_end, mentions)
        return (last_speaker if opener is None else opener), ":"
    if said_by[0] is None:
        return _voice_heard(text, quote.open_at)
    return said_by


def _statement_issuer(text: str, colon: int, mentions: Mentions) -> tuple[str, str] | None:
    """Who issues a statement the paragraph ending on this colon says follows ("Rep. Ana Ruiz
    (D-Texas) today issued the following statement:"): the paragraph's first actor before those
    words, a person before a body; with the words."""
    paragraph = text.rfind("\n", 0, colon) + 1
    follows = STATEMENT_FOLLOWS.search(text, paragraph, colon)
    issuer = None if follows is None else _first_actor(text, paragraph, follows.start(), mentions)
    return None if follows is None or issuer is None else (issuer, follows[0])


def _voice_heard(text: str, open_at: int) -> tuple[str | None, str | None]:
    """A recording's words with no speech verb: said by the someone unnamed that the sentence
    before them presents as the voice heard ("Habla un hombre joven; no dice su nombre.", then
    the quoted paragraph; "Es una voz de mujer que se presenta como «...»"), or that a sentence
    with no verb describes before a colon. A quotation opening its own paragraph looks in the
    paragraph before; a relative clause holding the quotation is no part of who speaks."""
    paragraph = text.rfind("\n", 0, open_at) + 1
    if text[paragraph:open_at].strip():
        start, end = _sentence_start(text, open_at), open_at
    else:
        end = len(text[:paragraph].rstrip())
        start = text.rfind("\n", 0, end) + 1
    found: tuple[str | None, str | None] = None, None
    starts = [start, *(gap.end() for gap in SENTENCE_GAP.finditer(text, start, end))]
    for opening in starts:
        framed = VOICE_FRAME.match(text, opening, end)
        label = None if framed else DESCRIBED_LABEL.match(text, opening, end)
        match = framed or label
        if match is None:
            continue
        phrase = match["phrase"].rstrip()
        if text[match.end("phrase") : match.end("phrase") + 1] in OPENERS:
            phrase = RELATIVE_AFTER.split(phrase, maxsplit=1)[0]
        if _described(phrase):
            found = phrase, ":" if label else match[0][: match.start("phrase") - opening].strip()
    return found


def _document_writer(text: str, sentence_start: int, end: int, mentions: Mentions) -> str | None:
    """Who wrote the document a sentence opens on ("A State Department cable estimates that
    ...", "Un informe de la Fiscalía señala ..."): the words it quotes are that body's. "The
    cable" is the one an earlier "a State Department cable" introduced; "A second document, a
    DEA memo," is the memo its aside names."""
    subject = DOCUMENT_SUBJECT.match(text, sentence_start, end)
    if subject is None:
        return None
    writer = _writer_of(text, subject, mentions)
    aside = re.compile(r",\s+").match(text, subject.end())
    named = None if aside is None else DOCUMENT_SUBJECT.match(text, aside.end(), end)
    if writer is None and named is not None:
        writer = _writer_of(text, named, mentions)
    if writer is not None or not DEFINITE_DOCUMENT.match(subject[0]):
        return writer
    head = subject["head"].lower()
    earlier = DOCUMENT_SUBJECT.finditer(
        text, max(0, sentence_start - DESCRIPTION_REACH), sentence_start
    )
    for introduced in reversed([m for m in earlier if m["head"].lower() == head]):
        writer = _writer_of(text, introduced, mentions)
        if writer is not None:
            return writer
    return None


def _writer_before(text: str, position: int, mentions: Mentions) -> str | None:
    """Who wrote the last writing named before position in its paragraph ("La Defensa difundió
    su segundo comunicado. ... «...», señala el texto"): the first actor of the sentence naming
    it, before the writing; None where the paragraph names none."""
    paragraph = text.rfind("\n", max(0, position - SENTENCE_REACH), position) + 1
    paragraph = max(paragraph, position - SENTENCE_REACH)  # an article may be one long line
    writings = list(SOURCE_WORD.finditer(text, paragraph, position))
    if not writings:
        return None
    named = writings[-1]
    return _first_actor(text, _sentence_start(text, named.start()), named.start(), mentions)


def _writer_of(text: str, document: re.Match[str], mentions: Mentions) -> str | None:
    """The body named in a document's noun phrase: before its head ("a DEA memo"), or after it
    by "de"/"of"/"from" ("un informe de la Fiscalía")."""
    inside = mentions.ending_by(document.start(), document.start("head"))
    bodies = [m for m in inside if _actor(m)]
    if bodies:
        return _speaker_name(text, bodies[-1])
    by = WRITTEN_BY.match(text, document.end())
    after = [] if by is None else mentions.between(by.end(), by.end() + 1)
    return _speaker_name(text, after[0]) if after and _actor(after[0]) else None


def _introducing_colon(text: str, open_at: int) -> int | None:
    """The colon ending the paragraph before a quotation that opens its own: those words
    introduce it ("One of them described it this way:", then the quoted paragraph)."""
    paragraph = text.rfind("\n", 0, open_at) + 1
    if text[paragraph:open_at].strip():
        return None
    colon = len(text[:paragraph].rstrip()) - 1
    return colon if colon > 0 and text[colon] == ":" else None


def _inverted_aside(
    text: str, verb: re.Match[str], open_at: int, mentions: Mentions, last_speaker: str | None
) -> str | None:
    """ "Su muerte, escribió Ana Ruiz, «...»", "The plan, said a senator, "..."", "Como decía
    Juárez, «...»", "Como dice mi abuela: «...»": an aside between commas or after "como"/"as",
    an inverted verb and its subject, just before the quotation (after a comma or a colon)
    names who speaks, not the sentence's subject before it."""
    opening = ASIDE_BEFORE_VERB.search(text, max(0, verb.start() - 8), verb.start())
    if verb[0].lower() not in INVERTED or opening is None:
        return None
    aside = re.match(r"\s+([^,.;:]+?)[,:]\s*$", text[verb.end() : open_at])
    if aside is None:
        return None
    return _speaker_around(
        text, verb.start(), verb, verb.end() + aside.end(1), mentions, last_speaker
    )


def _colon_subject(
    text: str, sentence_start: int, open_at: int, mentions: Mentions, last_speaker: str | None
) -> tuple[str | None, str | None]:
    """ "Un alto mando, que pidió el anonimato, fue más directo: «...»", "A local priest was
    blunter: "..."", "A former colleague of mine put it this way: "..."": in a sentence with
    no speech verb, a quotation after a colon is said by the sentence's own subject before its
    "was"/"fue" or "put it", when that is someone, named or not (before "was" a phrase with
    "of"/"de" in it is a thing: "A sense of fear was everywhere")."""
    match = COLON_SUBJECT.match(text, sentence_start, open_at)
    if match is None:
        return None, None
    start, end = match.span("subject")
    cue = match["verb"] or match["phrasing"]
    for mention in mentions.between(end - mentions.longest, end):
        if mention.char_end == end and _actor(mention):
            return _speaker_name(text, mention), cue
    thing = match["verb"] is not None and OF.search(match["subject"]) is not None
    if not thing and _unnamed(text, start, end, mentions):
        return _noun_phrase(text, start, match["subject"], last_speaker), cue
    return None, None


def _name_before_colon(
    text: str, sentence_start: int, open_at: int, mentions: Mentions
) -> str | None:
    """ "Ana Ruiz: «...»", "ENTREVISTA | Ana Ruiz: “...”": a quotation after a person's name
    and a colon, the name standing alone where the sentence, the article or a headline's part
    after a separator starts, is that person's (a headline or a transcript's line)."""
    colon = AFTER_COLON.search(text, sentence_start, open_at)
    if colon is None:
        return None
    for mention in mentions.between(colon.start() - mentions.longest, colon.start()):
        if mention.char_end == colon.start() and _person(mention):
            opening = max(sentence_start, date_line(text)[1])
            before = text[opening : mention.char_start].rstrip()
            if not before or before[-1] in LABEL_SEPARATORS:
                return _speaker_name(text, mention)
    return None


def _view_holder(
    text: str, sentence_start: int, open_at: int, mentions: Mentions
) -> tuple[str | None, str | None]:
    """ "Para doña Ana, ... : “...”", "For Maria Lopez, the answer is simple: "..."": in a
    sentence with no speech verb, a quotation after a colon is the view of the person the
    sentence opens on with "Para"/"For" and a comma (a place or an organization is no one's
    view); an honorific before an unknown name is kept, as the article calls that person."""
    if not re.search(r":\s*$", text[sentence_start:open_at]):
        return None, None
    opening = VIEW_OF.match(text, sentence_start, open_at)
    if opening is None:
        return None, None
    for mention in mentions.between(opening.end(), opening.end() + 1):
        person = mention.get("type") == "person" or mention.entity_id is None
        if person and text.startswith(",", mention.char_end):
            if opening["honorific"] and mention.entity_id is None:
                return text[opening.start("honorific") : mention.char_end], opening[1]
            return _speaker_name(text, mention), opening[1]
    return None, None


def _attributed_after(
    text: str, start: int, end: int, mentions: Mentions, last_speaker: str | None
) -> tuple[str | None, str | None]:
    """The speaker of an attribution verb soon after the quotation, in text[start:end]."""
    for verb in SPEECH_VERB.finditer(text, start, end):
        if verb.start() - start > 60:
            break
        speaker = _speaker_around(text, start, verb, end, mentions, last_speaker)
        if speaker is not None:
            return speaker, verb[0]
    return None, None


def _next_open(text: str, position: int) -> int:
    match = re.compile(r"[“«\"]").search(text, position)
    return match.start() if match else len(text)


def _speaker_around(
    text: str, offset: int, verb: re.Match[str], stop: int,
    mentions: Mentions, last_speaker: str | None,
) -> str | None:  # fmt: skip
    """After a quotation: "she said", "the post read", "Lemus said" (subject before the verb),
    "said David Mora", "dijo el gobernador Pablo Lemus", "according to X" (after it)."""
    before = text[offset : verb.start()].strip(" ,")
    if OBJECT_PRONOUN.fullmatch(before):  # "me dijo": to whom, the verb has no subject
        before = ""
    inverted = verb[0].lower() in INVERTED
    if REPORTED_CLAUSE.search(before):
        return None
    if before and verb[0].lower() not in ACCORDING_TO:
        if SOURCE_NOUN.fullmatch(before):
            return _writer_before(text, offset, mentions) or last_speaker
        if PRONOUN.fullmatch(before):
            return last_speaker
        subject_end = offset + len(text[offset : verb.start()].rstrip(" ,"))
        subject_start = subject_end - len(before)
        if _unnamed(text, subject_start, subject_end, mentions):
            return _noun_phrase(text, subject_start, before, last_speaker)
        described = (  # "el lunes y dijo": a clause joined to the verb is no description
            DETERMINER.fullmatch(before) is not None
            and before.split()[-1].lower() not in CONJUNCTIONS
        )
        # a name that places someone described ("a nurse in Tijuana") does not name them
        who = PLACE_AFTER.split(before, maxsplit=1)[0] if described else before
        named = _named_in(text, offset, subject_start + len(who), mentions)
        if named is not None:
            return named
        if described and _short_description(before, 5):
            return _noun_phrase(text, subject_start, before, last_speaker)
        return None
    if not inverted:
        return None
    medium = MEDIUM_BEFORE_SUBJECT.match(text, verb.end(), stop)
    after = verb.end() if medium is None else medium.end()
    named = _named_after(text, after, stop, mentions)
    if named is not None:
        return named
    phrase = re.match(r"\s*([^,.;:—\u2013()]+)", text[after:stop])
    if phrase is None or not phrase[1].strip():
        return last_speaker  # "dijo." with no subject: the last named speaker
    if SOURCE_NOUN.fullmatch(phrase[1].strip()):  # "señala el texto"
        return _writer_before(text, offset, mentions) or last_speaker
    unnamed = _unnamed_after(text, after + phrase.start(1), phrase[1], last_speaker)
    return last_speaker if unnamed is None else unnamed


def _short_description(words: str, most: int) -> bool:
    """Whether words are short enough to describe a speaker: `most` words at most, or one noun
    phrase of what the speaker is of or for; then up to four more that place them ("a senior
    official in Mexico City", "una enfermera en el hospital de Zapopan")."""
    who, *where = PLACE_AFTER.split(words, maxsplit=1)
    short = len(who.split()) <= most or POSSESSED_CHAIN.fullmatch(who) is not None
    return short and all(len(place.split()) <= 4 for place in where)


def _unnamed_after(text: str, position: int, phrase: str, last_speaker: str | None) -> str | None:
    """The unnamed speaker a phrase after a verb or "según" opens with ("un guía de turistas
    en el malecón", "la alcaldesa a este medio", "un vecino que pidió el anonimato"): where,
    to whom or a relative clause after it are no part of who speaks; None for a pronoun or
    what is no noun phrase."""
    words = phrase.rstrip()
    manner = MANNER_BEFORE_SUBJECT.match(words)
    skipped = manner.end() if manner is not None else 0
    words = _who_speaks(words[skipped:])
    kin = POSSESSED_KIN.fullmatch(words)
    if kin is not None:
        return kin[0]
    determined = (
        DETERMINER.match(words) or INDEFINITE_WORD.match(words) or ONE_OF.match(words)
    )  # "one rancher", "uno de los choferes"
    if PRONOUN.fullmatch(words) or not determined:
        return None
    if not _short_description(words, 6):
        return None
    return _noun_phrase(text, position + skipped, words, last_speaker)


def _who_speaks(phrase: str) -> str:
    """A phrase after a verb up to where it stops saying who speaks: before where or to whom
    the words were said, a relative clause, or an age ("un vecino de unos 60 años")."""
    for after in (PLACE_AFTER, RELATIVE_AFTER, AGE_AFTER):
        phrase = after.split(phrase, maxsplit=1)[0]
    return phrase


def _described(phrase: str) -> bool:
    """Whether a phrase after a verb opens with someone unnamed, an indefinite determiner and a
    common noun as its head ("one Texas rancher", "a Pentagon spokesman", "una vocera de
    Morena que ..."), whatever names modify it or follow it; no writing ("un informe de la
    Fiscalía" is the Fiscalía's)."""
    manner = MANNER_BEFORE_SUBJECT.match(phrase)
    words = _who_speaks(phrase[manner.end() if manner else 0 :])
    words = OF_OR_FOR.split(words, maxsplit=1)[0].rstrip()
    match = UNNAMED.fullmatch(words)
    return (
        match is not None
        and INDEFINITE_WORD.match(words) is not None
        and match["head"].islower()
        and match["head"] not in WRITINGS
    )


def _noun_phrase(text: str, position: int, words: str, last_speaker: str | None) -> str:
    """ "a senior official", "un vocero": a new, unnamed speaker, as written. "the official",
    "el funcionario": the one an earlier "a senior official" / "un funcionario" introduced,
    else the last named speaker, else as written."""
    if not DEFINITE.fullmatch(words):
        return words
    earlier = _earlier_description(text, position, words.split()[-1])
    if earlier is not None:
        return earlier
    return last_speaker if last_speaker is not None else words


def _earlier_description(text: str, position: int, head: str) -> str | None:
    """The last indefinite noun phrase before position with this head ("A senior U.S.
    official" for a later "the official"), as written, with what describes it up to a comma ("A
    person familiar with the talks,"); found from the head word backwards."""
    end, reach = position, max(0, position - DESCRIPTION_REACH)
    while (at := text.rfind(head, reach, end)) >= 0:
        end = at
        if text[at - 1 : at].isalnum() or text[at + len(head) : at + len(head) + 1].isalnum():
            continue
        match = INTRODUCED.search(text, max(0, at - 80), at)
        if match is not None:
            described = POSTMODIFIER.match(text, at + len(head))
            return text[match.start() : described.end() if described else at + len(head)]
    return None


def _unnamed(text: str, start: int, end: int, mentions: Mentions) -> bool:
    """Whether text[start:end] describes an unnamed speaker ("a Pentagon spokesman"): a noun
    phrase whose head is a common noun, no writing, and no name ("the Pentagon", "the army"
    as a registry alias, are the speaker named)."""
    if POSSESSED_KIN.fullmatch(text, start, end):
        return True  # "mi mamá", "my father"
    match = UNNAMED.fullmatch(text, start, end)
    if match is None or not match["head"].islower() or match["head"] in WRITINGS | CONJUNCTIONS:
        return False
    near = mentions.between(end - mentions.longest, end)
    return not any(m.char_end == end and _actor(m) for m in near)


def _named_in(text: str, start: int, end: int, mentions: Mentions) -> str | None:
    """The last actor named within [start, end)."""
    inside = [m for m in mentions.ending_by(start, end) if _actor(m)]
    return _speaker_name(text, inside[-1]) if inside else None


def _named_after(text: str, start: int, stop: int, mentions: Mentions) -> str | None:
    """The first actor named soon after a verb ("said David Mora, analyst"), or the holder
    of the post named there ("dijo el vocero de Seguridad, Juan Pérez")."""
    following = mentions.ending_by(start, stop)
    holder = _post_holder(text, start, stop, following)
    if holder is not None:
        return _speaker_name(text, holder)
    phrase = re.match(r"\s*([^,.;:—\u2013()]+)", text[start:stop])
    if phrase is not None and _described(phrase[1]):
        return None  # "said one Texas rancher": the name tells what the speaker is
    for index, mention in enumerate(following):
        if not _actor(mention) or mention.text.lower().rstrip(".") + "." in TITLES:
            continue  # "said Gov. Pablo Lemus": the title is no speaker
        gap = text[start : mention.char_start]
        if len(gap.split()) > 6 or _stops_in(gap) or RELATIVE_CLAUSE.search(gap):
            return None
        for after in following[index + 1 :]:  # "the US Drug Enforcement Agency": the last
            if text[mention.char_end : after.char_start] != " " or not _actor(after):
                break
            mention = after
        return _speaker_name(text, mention)
    return None


def _stops_in(gap: str) -> bool:
    """Whether a ".", ";" or ":" in the gap ends a phrase: an abbreviation's full stop does not
    ("said Assistant U.S. Attorney Kevin Marsh")."""
    for stop in re.finditer(r"[.;:]", gap):
        if stop[0] != "." or not closes_abbreviation(gap, _word_end(gap, stop.end())):
            return True
    return False


def _word_end(text: str, position: int) -> int:
    space = re.compile(r"\s").search(text, position)
    return len(text) if space is None else space.start()


def _post_holder(text: str, start: int, stop: int, following: list[Finding]) -> Finding | None:
    """The person named right after a post and its comma, the apposition closing there (not a
    new clause: "said the army, El Universal reported")."""
    post = POST_THEN_HOLDER.match(text, start, stop)
    if post is None:
        return None
    for mention in following:
        if mention.char_start == post.end():
            person = _actor(mention) and (
                mention.get("type") == "person" or mention.entity_id is None
            )
            closed = APPOSITION_END.match(text, mention.char_end, stop) is not None
            return mention if person and closed else None
    return None


def _subject_before(
    text: str, sentence_start: int, verb_start: int,
    mentions: Mentions, last_speaker: str | None,
) -> str | None:  # fmt: skip
    """The name or pronoun just before a verb ("Leavitt confirmed", "She added", "he also
    said"), allowing an adverb or auxiliary between (looked for in SUBJECT_REACH)."""
    sentence_start = max(sentence_start, verb_start - SUBJECT_REACH)
    window = text[sentence_start:verb_start]
    aside = APPOSITIVE.search(window) or _bare_appositive(window, sentence_start, mentions)
    if aside is not None:
        window = window[: aside.start()]
        if ONE_OF_THEM.search(window):
            described = sentence_start + aside.start() + len(aside[0]) - len(aside[0].lstrip(", "))
            return _unnamed_after(text, described, aside[0].strip(", "), last_speaker)
    gap = SUBJECT_GAP.search(window)
    end = sentence_start + (gap.start() if gap else len(window))
    # after the last clause break, and past the dash that opens dash dialogue
    clause = re.search(r"[^,;:]*$", text[sentence_start:end])
    start = end if clause is None else _clause_start(text, sentence_start + clause.start(), end)
    for mention in mentions.between(end - mentions.longest, end):
        if mention.char_end == end and _actor(mention):
            someone = _someone_of(text, start, mention, mentions)
            if someone is not None:
                return someone
            return _speaker_name(text, _person_placed_at(text, mention, mentions) or mention)
    if clause is not None:
        relative = RELATIVE_BEFORE_VERB.search(text, start, end)  # "Un vecino que pidió"
        phrase_end = relative.start() if relative else end
        if _unnamed(text, start, phrase_end, mentions):
            return _noun_phrase(text, start, text[start:phrase_end], last_speaker)
        introduced = _indefinite_before(text, start, phrase_end, mentions)
        if introduced is not None:
            return introduced
        before_clause = DESCRIBED_BEFORE_CLAUSE.match(text, start, end)
        if (
            before_clause is not None
            and _unnamed(text, start, before_clause.end("phrase"), mentions)
            and SPEECH_VERB.search(before_clause["phrase"]) is None  # "A witness said he"
        ):
            return before_clause["phrase"]
    word = re.search(r"(\w+)$", text[sentence_start:end])
    if word and PRONOUN.fullmatch(word[1]):
        return last_speaker
    if clause is not None and COORDINATED.search(text, sentence_start, end):
        return _clause_subject(text, sentence_start + clause.start(), end, mentions, last_speaker)
    return None


def _clause_start(text: str, start: int, end: int) -> int:
    """Where a clause's subject may start: past the dash that opens dash dialogue and a word
    that opens the clause ("when", "cuando")."""
    start += len(text[start:end]) - len(text[start:end].lstrip(DASHES))
    opener = CLAUSE_OPENER.match(text, start, end)
    return opener.end() if opener else start


def _someone_of(text: str, start: int, body: Finding, mentions: Mentions) -> str | None:
    """Someone unnamed whom a body placed after a preposition ends, in the clause opening at
    start ("Una fuente de la Defensa dijo", "An official at the Pentagon said"): the phrase as
    written, as after the verb ("dijo una vocera de Morena"); the body only says whom the
    someone serves."""
    placed = PLACED_AT.search(text, max(start, body.char_start - 20), body.char_start)
    if placed is None:
        return None
    if _described(text[start : body.char_end]):
        return text[start : body.char_end]
    someone = _indefinite_before(text, start, placed.start(), mentions)
    return None if someone is None else text[placed.start() - len(someone) : body.char_end]


def _clause_subject(
    text: str, start: int, end: int, mentions: Mentions, last_speaker: str | None
) -> str | None:
    """Who a verb joined to the clause's first verb speaks for ("She took my hands and told
    me", "Rosa Ibarra se levantó y dijo"): the pronoun or the name the clause opens with."""
    start += len(text[start:end]) - len(text[start:end].lstrip(DASHES))
    first = re.match(r"\w+", text[start:end])
    if first is not None and PRONOUN.fullmatch(first[0]):
        return last_speaker
    opening = [m for m in mentions.between(start, start + 1) if m.char_start == start]
    return _speaker_name(text, opening[0]) if opening and _actor(opening[0]) else None


def _indefinite_before(text: str, start: int, end: int, mentions: Mentions) -> str | None:
    """The someone a clause introduces just before its verb, after what sets the scene ("En
    redes circula un video donde un comandante del cártel dice"): the shortest unnamed phrase
    opening on an indefinite determiner that ends there. Not past a relative pronoun ("Un
    vecino que pidió el anonimato por temor a represalias contó"): the subject stands before.
    A relative after a preposition and its article ("un audio en el que un chofer advierte")
    is the scene's, its clause's subject the someone after it."""
    openings = [m.start() for m in INDEFINITE_WORD.finditer(text, start, end)]
    for index in range(len(openings) - 1, -1, -1):
        opening = openings[index]
        relatives = RELATIVE_WORD.finditer(text, start, opening)
        if any(not ARTICLE_BEFORE.search(text, start, r.start()) for r in relatives):
            return None
        if opening > start and _unnamed(text, opening, end, mentions):
            return text[_placing_phrase(text, openings[:index], opening, mentions) : end]
    return None


def _placing_phrase(text: str, earlier: list[int], opening: int, mentions: Mentions) -> int:
    """Where the someone starts whom a preposition places at an indefinite phrase ("An
    analyst at a Dallas bank", "un vecino de una colonia cercana"): the someone before the
    preposition, opening on an indefinite determiner too; else the phrase itself."""
    placed = PREPOSITION_BEFORE.search(text, max(0, opening - 8), opening)
    if placed is None or not earlier:
        return opening
    someone_end = len(text[: placed.start()].rstrip())
    return earlier[-1] if _unnamed(text, earlier[-1], someone_end, mentions) else opening


def _person_placed_at(text: str, body: Finding, mentions: Mentions) -> Finding | None:
    """The person a body places ("Karoline Leavitt at the White House said", "Ana Gil en la
    Cruz Roja dijo"): the person speaks, the body only says where she serves."""
    placed = PLACED_AT.search(text, max(0, body.char_start - 20), body.char_start)
    if placed is None:
        return None
    for mention in mentions.between(placed.start() - mentions.longest, placed.start()):
        if mention.char_end == placed.start() and _person(mention):
            return mention
    return None


def _bare_appositive(window: str, window_start: int, mentions: Mentions) -> re.Match[str] | None:
    """An aside with no article after a named subject (BARE_APPOSITIVE), not opening on a title."""
    aside = BARE_APPOSITIVE.search(window)
    if aside is None or aside["word"] in TITLES:
        return None
    comma = window_start + aside.start()
    named = mentions.between(comma - mentions.longest, comma)
    return aside if any(m.char_end == comma and _actor(m) for m in named) else None


def _sentence_opener(text: str, sentence_start: int, end: int, mentions: Mentions) -> str | None:
    """The person whose name opens the sentence text[sentence_start:end], a form of address
    before it ("Doña Lupe se ríe:", "Tom Reyes shrugs:"), else None."""
    opening = (
        sentence_start + len(text[sentence_start:end]) - len(text[sentence_start:end].lstrip())
    )
    for mention in mentions.between(opening, end):
        gap = text[opening : mention.char_start]
        if _person(mention) and (not gap or HONORIFIC_BEFORE.fullmatch(gap)):
            return _speaker_name(text, mention)
        break
    return None


def _first_actor(text: str, sentence_start: int, verb_start: int, mentions: Mentions) -> str | None:
    """The sentence's first person named before its verb; else its first organization."""
    before = [m for m in mentions.ending_by(sentence_start, verb_start) if _actor(m)]
    people = [m for m in before if m.get("type") == "person" or m.entity_id is None]
    chosen = people or before
    return _speaker_name(text, chosen[0]) if chosen else None


def _actor(mention: Finding) -> bool:
    """Someone who can speak: not a place, an event, a substance or a law."""
    return mention.get("type") not in {"place", "event", "substance", "law"}


def _speaker_name(text: str, mention: Finding) -> str:
    """The entity id, else the name as written; a relative of the one named is the relative
    ("the mother of Ana Ruiz", "la hermana de Ana Ruiz"); a lone given name keeps the form of
    address before it ("doña Chayo", "tía Lupe": how the article calls that person), a full name
    needs none ("Doña Remedios Villaseñor" is Remedios Villaseñor)."""
    kin = KIN_BEFORE.search(text, max(0, mention.char_start - 40), mention.char_start)
    if kin is not None:  # "la madre de Ana Ruiz" speaks, not Ana Ruiz
        return text[kin.start() : mention.char_end]
    if mention.entity_id:
        return mention.entity_id
    words = mention.text.split()
    if len(words) > 1:  # "Dr. Ana Ruiz" is Ana Ruiz; "Dr. Ruiz" keeps the title it is called by
        while len(words) > 2 and words[0].lower() in TITLES:
            words = words[1:]
        return " ".join(words)
    honorific = HONORIFIC_BEFORE.search(
        text, max(0, mention.char_start - HONORIFIC_REACH), mention.char_start
    )
    return text[honorific.start() : mention.char_end] if honorific else mention.text


def _speech_subjects(text: str, mentions: Mentions, start: int) -> Iterator[tuple[int, str]]:
    """Every actor named as the source of words ("Leavitt said", "according to Leavitt"):
    whom a later "she" may mean. A pronoun here names no one new."""
    for verb in SPEECH_VERB.finditer(text, start):
        if verb[0].lower() in ACCORDING_TO:
            stop = _sentence_end(text, verb.end())
            subject = _named_after(text, verb.end(), stop, mentions)
        else:
            sentence_start = _sentence_start(text, verb.start(), SUBJECT_REACH)
            subject = _subject_before(text, sentence_start, verb.start(), mentions, None)
        if subject is not None:
            yield verb.start(), subject
