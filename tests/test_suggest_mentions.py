"""Entity mentions: registry aliases found exactly, unknown names only ever as candidates."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimpack.drafting.mentions import (
    Registry,
    _alias_regex,
    _title_case_line,
    find_mentions,
    is_byline,
    load_registry,
    registry_from,
)
from claimpack.models import EntityIn

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry(REPO)


def mentions(text: str, registry: Registry) -> list[tuple[str, str | None]]:
    return [(m.text, m.entity_id) for m in find_mentions(text, registry)]


def test_the_longest_alias_wins(registry: Registry) -> None:
    assert mentions("He led the Jalisco New Generation Cartel for years.", registry) == [
        ("Jalisco New Generation Cartel", "cjng")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("El Cártel Jalisco Nueva Generación atacó.", ("Cártel Jalisco Nueva Generación", "cjng")),
        ("La Secretaría de la Defensa Nacional informó.",
         ("Secretaría de la Defensa Nacional", "mexico-defense-department")),
        ("Llegó la Guardia Nacional.", ("Guardia Nacional", "mexico-national-guard")),
        ("Viajó a Michoacán.", ("Michoacán", "michoacan")),
    ],
)  # fmt: skip
def test_spanish_forms_of_registry_entities_are_found(
    text: str, expected: tuple[str, str], registry: Registry
) -> None:
    assert expected in mentions(text, registry)


def test_a_look_alike_place_is_a_candidate_and_never_merged(registry: Registry) -> None:
    found = find_mentions("Residents of Talpa de Allende fled to Tapalpa.", registry)
    assert [(m.text, m.entity_id) for m in found] == [
        ("Talpa de Allende", None),
        ("Tapalpa", "tapalpa"),
    ]
    assert found[0].get("candidate") is True


def test_a_close_spelling_is_suggested_with_its_score_but_not_merged(registry: Registry) -> None:
    (found,) = find_mentions("The mayor of Tapalpah spoke.", registry)
    assert found.entity_id is None
    suggestion = found.get("suggestion")
    assert suggestion["entity_id"] == "tapalpa"
    assert 80 <= suggestion["score"] < 100


def test_titles_and_sentence_initial_words_are_not_names(registry: Registry) -> None:
    text = "Cars burned. Security Secretary Omar García Harfuch and Analyst Falko Ernst spoke."
    assert mentions(text, registry) == [("Omar García Harfuch", None), ("Falko Ernst", None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Assistant U.S. Attorney Rachel Dunmore filed the motion.",
         [("U.S.", "united-states"), ("Rachel Dunmore", None)]),
        ("Habló la Fiscal Adjunta Marisa Olvera Paz.", [("Marisa Olvera Paz", None)]),
    ],
)  # fmt: skip
def test_an_assistants_title_is_no_part_of_the_name_after_it(
    text: str, expected: list[tuple[str, str | None]], registry: Registry
) -> None:
    assert mentions(text, registry) == expected


def test_a_dateline_in_capitals_finds_its_place(registry: Registry) -> None:
    assert mentions("MEXICO CITY (AP) — Officials spoke.", registry)[:2] == [
        ("MEXICO CITY", "mexico-city"),
        ("AP", None),
    ]


def _title_line_by_scanning(text: str, position: int) -> bool:
    """The rule for a title line, applied to the one line around the position."""
    line_start = text.rfind("\n", 0, position) + 1
    line_end = text.find("\n", position)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    words = re.findall(r"[^\W\d_][\w'\u2019-]*", line)
    capitals = sum(word[0].isupper() for word in words)
    shouted = all(word.isupper() for word in words)
    headline = len(words) >= 4 and capitals >= 0.7 * len(words) and len(words) <= 20
    headline = headline and not is_byline(line)
    return bool(words) and (shouted or (headline and not line.rstrip().endswith(".")))


@given(
    st.lists(st.sampled_from(["\n", " ", ".", "A", "b", "Él", "C-d", "7"]), max_size=40).map(
        "".join
    ),
    st.data(),
)
def test_title_lines_judged_once_a_text_as_line_by_line(text: str, data: st.DataObject) -> None:
    """Each line is judged once for the whole text (a long line was judged again for every
    name on it, minutes for an article of one line): the verdict at any position is the one
    the line around it gets on its own."""
    position = data.draw(st.integers(0, len(text)))
    assert _title_case_line(text, position) == _title_line_by_scanning(text, position)


def candidates(text: str, registry: Registry) -> list[str]:
    return [m.text for m in find_mentions(text, registry) if m.entity_id is None]


@pytest.mark.parametrize(
    ("byline", "name"),
    [("Por Adriana Méndez Torres", "Adriana Méndez Torres"),
     ("By Thomas Whitfield Crane", "Thomas Whitfield Crane"),
     ("By Carla Nguyen | Tri-County Ledger", "Carla Nguyen"),
     ("Por Rubén Ochoa Lara / Diario del Sureste", "Rubén Ochoa Lara")],
)  # fmt: skip
def test_a_bylines_author_is_a_name_though_every_word_is_capitalized(
    byline: str, name: str, registry: Registry
) -> None:
    text = (
        f" date 2026-02-25 Qué Sigue Para La Sierra\n\n{byline}\n\nLa sierra amaneció en calma.\n"
    )
    assert (name, None) in mentions(text, registry)


@pytest.mark.parametrize(
    "title", ["By Land And Sea Two Days", "Por Qué Cayó El Líder", "By Land And Sea | Two Days"]
)
def test_a_headline_opening_on_by_or_por_is_no_byline(title: str) -> None:
    assert not is_byline(title)


@pytest.mark.parametrize(
    "text",
    [
        "¿Dónde estaban los soldados? Nadie respondió.",
        "¿Por qué cerraron las escuelas? Por miedo.",
        "¿Cuántos murieron? ¿Quiénes eran? ¿Cómo ocurrió?",
        "¡Basta!, gritaban los vecinos.",
    ],
)
def test_a_word_capitalized_only_to_open_a_question_is_not_a_name(
    text: str, registry: Registry
) -> None:
    assert candidates(text, registry) == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("The mayor left early. (Ana Ruiz stayed.)", ["Ana Ruiz"]),
        ("Llovió toda la noche. (Protección Civil no reportó daños.)", ["Protección Civil"]),
        ("Talks resumed (Halvorsen had said they would).", ["Halvorsen"]),
    ],
)
def test_a_name_opening_a_sentence_in_parentheses_is_still_a_name(
    text: str, names: list[str], registry: Registry
) -> None:
    assert candidates(text, registry) == names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ana T. Oyelaran spoke first.\n\nOyelaran said the vote would pass.",
         ["Ana T. Oyelaran", "Oyelaran"]),
        ("El diputado Luis R. Quintanar habló.\n\nQuintanar dijo que votaría en contra.",
         ["Luis R. Quintanar", "Quintanar"]),
        # a full stop that does end a sentence still does
        ("Crews left at 5 p.m. Residents stayed.", []),
        ("Salieron a las 5 p.m. Vecinos cerraron el paso.", []),
    ],
)  # fmt: skip
def test_a_middle_initials_full_stop_ends_no_sentence(
    text: str, expected: list[str], registry: Registry
) -> None:
    assert candidates(text, registry) == expected


def test_a_name_inside_a_question_is_still_a_name(registry: Registry) -> None:
    text = "¿Quién es Lucía Fernández, la alcaldesa que denunció las amenazas?"
    assert candidates(text, registry) == ["Lucía Fernández"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Interjet suspendió sus vuelos. Los pasajeros de Interjet esperaron.", "Interjet"),
        ("Volaris canceled 40 flights. Passengers blamed Volaris for it.", "Volaris"),
    ],
)
def test_a_one_word_name_opening_a_sentence_is_found_when_the_article_names_it_elsewhere(
    text: str, name: str, registry: Registry
) -> None:
    assert candidates(text, registry) == [name, name]


@pytest.mark.parametrize(
    "text",
    [
        "Residents fled at dawn. Residents said the shooting lasted an hour.",
        "Silencio en las calles. Nadie salió de casa.",
        "Pasajeros esperaron horas. Los pasajeros protestaron.",
        # a sentence in parentheses after another
        "Prices rose at noon. (See the chart below.)",
        "Subió el precio del diésel. (Ver nota aclaratoria al final.)",
    ],
)
def test_a_word_capitalized_only_where_sentences_start_is_not_a_name(
    text: str, registry: Registry
) -> None:
    assert candidates(text, registry) == []


@pytest.mark.parametrize(
    "text", ["The reward rose to US$12 million.", "Ofrecían hasta US$3 millones por él."]
)
def test_the_us_of_a_dollar_amount_is_no_entity(text: str, registry: Registry) -> None:
    assert [m.text for m in find_mentions(text, registry)] == []


def test_us_before_a_noun_is_still_the_us(registry: Registry) -> None:
    assert ("US", "us-government") in mentions("US agents joined the search.", registry)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Hubo bloqueos entre Ocotlán y Atotonilco.", ["Ocotlán", "Atotonilco"]),
        ("Cerraron las salidas a Salamanca e Irapuato.", ["Salamanca", "Irapuato"]),
        ("Roads to Tepatitlán and Arandas were shut.", ["Tepatitlán", "Arandas"]),
        (
            "Habló el Instituto de Estadística y Geografía.",
            ["Instituto de Estadística y Geografía"],
        ),
        ("The Department of Parks and Recreation closed.", ["Department of Parks and Recreation"]),
    ],
)
def test_coordinated_names_are_split_but_one_name_with_a_connector_is_not(
    text: str, names: list[str], registry: Registry
) -> None:
    assert candidates(text, registry) == names


@pytest.mark.parametrize(
    "text",
    ["President Gustavo Petro spoke on Monday.", "El Presidente Lula da Silva llamó."],
)
def test_a_title_before_a_persons_name_is_not_the_office_alone(
    text: str, registry: Registry
) -> None:
    assert "us-president" not in [entity for _, entity in mentions(text, registry)]


def test_a_title_alone_is_the_office(registry: Registry) -> None:
    assert ("President", "us-president") in mentions("The President praised the raid.", registry)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lo explicó la académica Laura Jalisco en la radio.", [("Laura Jalisco", None)]),
        ("Tomás Guerrero, a farmer, saw the convoy.", [("Tomás Guerrero", None)]),
    ],
)
def test_a_place_after_a_given_name_is_a_surname(
    text: str, expected: list[tuple[str, str | None]], registry: Registry
) -> None:
    assert mentions(text, registry) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Viajó desde Ciudad Guerrero.", [("Ciudad", None), ("Guerrero", "guerrero")]),
        ("Viajaron a Michoacán y a Guerrero.",
         [("Michoacán", "michoacan"), ("Guerrero", "guerrero")]),
        ("La gente de Tapalpa Jalisco no salió.", [("Tapalpa", "tapalpa"), ("Jalisco", "jalisco")]),
        ("Smoke rose over Western Guerrero.", [("Western", None), ("Guerrero", "guerrero")]),
        ("Llegó a Nuevo León.", [("Nuevo León", "nuevo-leon")]),
        ("It is late. Is Jalisco safer now?", [("Jalisco", "jalisco")]),
        ("Llegó tarde. Hoy Jalisco amaneció en calma, como hoy Colima.",
         [("Jalisco", "jalisco"), ("Colima", "colima")]),
        ("Ana Jalisco spoke. It is late.", [("Ana Jalisco", None)]),
    ],
)  # fmt: skip
def test_a_place_after_a_place_word_or_a_preposition_stays_the_place(
    text: str, expected: list[tuple[str, str | None]], registry: Registry
) -> None:
    assert mentions(text, registry) == expected


def one_alternation(registry: Registry) -> re.Pattern[str]:
    """The registry's forms as a single alternation, longest first, each between word
    boundaries: what Registry.matches must find, without its first-character dispatch."""
    forms = sorted({form for form, _ in registry.aliases}, key=lambda form: (-len(form), form))
    pieces = []
    for form in forms:
        first, rest = _alias_regex(form)
        pieces.append(f"(?<![\\w])[{re.escape(first)}]{rest}(?![\\w])")
    return re.compile("|".join(pieces))


SEPARATORS = [" ", "", ", ", "-", ".", "\n", "'s ", "$", " de ", "(", "—"]


@functools.cache
def seed_registry() -> tuple[Registry, re.Pattern[str]]:
    registry = load_registry(REPO)
    return registry, one_alternation(registry)


@given(st.data())
def test_registry_matches_are_those_of_one_alternation_of_its_forms(data: st.DataObject) -> None:
    """The dispatch by first character (tried only where a word starts with a character some
    form starts with) finds what the plain alternation finds, at a thirtieth of its time."""
    registry, alternation = seed_registry()
    forms = [form for form, _ in registry.aliases]
    words = data.draw(st.lists(st.sampled_from([*forms, "x", "la", "US", "The", "é"]), max_size=30))
    text = "".join(w + data.draw(st.sampled_from(SEPARATORS)) for w in words)
    expected = [(m.start(), m.end()) for m in alternation.finditer(text)]
    assert [(m.start(), m.end()) for m in registry.matches(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (" date 2026-03-02 FACT CHECK: Five claims about Ana Ruiz\n\nHOW WE CHECKED: We asked "
         "Tom Baker.\n", [("Ana Ruiz", None), ("Tom Baker", None)]),
        (" date 2026-03-02 ÚLTIMA HORA | Ana Ruiz deja el cargo\n\nEN CIFRAS: Tapalpa vota hoy.\n",
         [("Ana Ruiz", None), ("Tapalpa", "tapalpa")]),
        ("The list.\nWEEKLY DIGEST: the CJNG split, the FBI: both named.\n",
         [("CJNG", "cjng"), ("FBI", None)]),
        ("The list.\nCJNG: a cartel in Tapalpa.\n", [("CJNG", "cjng"), ("Tapalpa", "tapalpa")]),
    ],
)  # fmt: skip
def test_capitals_opening_a_line_before_a_colon_or_bar_are_a_label_not_a_name(
    text: str, expected: list[tuple[str, str | None]], registry: Registry
) -> None:
    """A label the registry knows is still its entity; capitals inside a line are names."""
    assert mentions(text, registry) == expected


def test_a_transcripts_speaker_label_is_the_person_the_article_names_in_full(
    registry: Registry,
) -> None:
    """The label may come before the full name; a label ending no name is none."""
    text = (
        "A talk.\n\nMENDOZA: Hello. I am Irma Mendoza, with me is Pablo de la Garza.\n\n"
        "DE LA GARZA: Thanks.\n\nHOST: We end here.\n"
    )
    assert mentions(text, registry) == [
        ("MENDOZA", None), ("Irma Mendoza", None), ("Pablo de la Garza", None),
        ("DE LA GARZA", None),
    ]  # fmt: skip
    texto = "Una charla.\n\nNÚÑEZ: Hola, soy Marta Núñez.\n\nSHEINBAUM: Gracias.\n"
    assert mentions(texto, registry) == [
        ("NÚÑEZ", None), ("Marta Núñez", None), ("SHEINBAUM", "claudia-sheinbaum"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Prosecutors said DNA tests confirmed it, the FBI said.", [("FBI", None)]),
        ("El PIB cayó y una prueba de ADN lo confirmó, dijo la FGR.", [("FGR", None)]),
        # their plurals too ("CEOs", "SUVs"); other initials with an s still name
        ("Firms replace their CEOs, and the SUVs left, the FBI said.", [("FBI", None)]),
        ("Quemaron dos SUVs y varios ATMs, informó la FGR.", [("FGR", None)]),
        ("The NGOs and the DEA met.", [("NGOs", None), ("DEA", "dea")]),
    ],
)
def test_initials_that_name_a_thing_are_no_name(
    text: str, expected: list[tuple[str, str | None]], registry: Registry
) -> None:
    assert mentions(text, registry) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Carlos Ruiz carried two AR-15 rifles and an M-4 that day.", [("Carlos Ruiz", None)]),
        ("Un F-16 sobrevoló la base de la Fuerza Aérea.", [("Fuerza Aérea", None)]),
        ("Le hallaron un AK-47 y una pistola, informó la FGR.", [("FGR", None)]),
        # capitals and digits with no hyphen name what they name ("G20", "MP5" aside)
        ("Leaders met at the G20 in Osaka.", [("G20", None), ("Osaka", None)]),
    ],
)
def test_a_model_code_is_no_name(
    text: str, expected: list[tuple[str, str | None]], registry: Registry
) -> None:
    assert mentions(text, registry) == expected


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("PEORIA, Ill. — The vigil drew a crowd.", "PEORIA"),
        ("TEPATITLÁN, Jal.— La feria se suspendió.", "TEPATITLÁN"),
        ("Feb. 3, 9:00 a.m. — URUAPAN, Michoacán\nTrucks block the road.", "URUAPAN"),
    ],
)
def test_a_datelines_place_in_capitals_is_a_name_and_its_states_abbreviation_is_not(
    text: str, place: str, registry: Registry
) -> None:
    found = candidates(text, registry)
    assert place in found
    assert not {"Ill", "Jal"} & set(found)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Lupe Ortiz Mora, Arandas, Jal.\n\nLa siguiente carta.", "Arandas"),
        ("Escribe desde Ameca, Jal.— La feria se suspendió.", "Ameca"),
        ("Tom Reyes, Peoria, Ill.\n\nThe next letter.", "Peoria"),
        ("Desde Morelia, Mich. (Redacción).— Se cerró la autopista.", "Morelia"),
    ],
)
def test_a_states_abbreviation_ending_a_place_line_is_no_name(
    text: str, place: str, registry: Registry
) -> None:
    found = candidates(text, registry)
    assert place in found
    assert not {"Ill", "Jal", "Mich"} & set(found)


def test_a_short_name_after_a_comma_is_no_states_abbreviation(registry: Registry) -> None:
    found = candidates("She met Ana Ruiz, Col. Jones and the mayor, Sra. Ortiz.", registry)
    assert {"Col. Jones", "Ortiz"} <= set(found)
    assert "Lupe" in candidates("Me contestó enseguida: gracias, Lupe.\n\nY colgó.", registry)
    assert "Tom" in candidates("She only wrote back: thanks, Tom.\n\nThen nothing.", registry)


def test_a_word_in_capitals_opening_a_sentence_without_a_comma_is_no_dateline(
    registry: Registry,
) -> None:
    assert "ACTUALIZACIÓN" not in candidates("ACTUALIZACIÓN 18:30 h\n\nLa calma volvió.", registry)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        (" date 2026-03-01 URGENTE | Cae el puente de Zacoalco tras las lluvias\n", "Cae"),
        (" date 2026-03-01 BREAKING | Storms close the road to Zacoalco\n", "Storms"),
    ],
)
def test_a_word_opening_a_headlines_part_after_a_bar_is_no_name(
    text: str, word: str, registry: Registry
) -> None:
    found = candidates(text, registry)
    assert word not in found
    assert "Zacoalco" in found


@pytest.mark.parametrize(
    "text",
    [
        "Firefighters cool the ruins of the market. (Photo: Luis Ortega / AFP)",
        "Los bomberos enfrían las ruinas del mercado. (Foto: Luis Ortega / AFP)",
    ],
)
def test_a_credits_label_is_no_name_but_the_credited_are(text: str, registry: Registry) -> None:
    found = candidates(text, registry)
    assert not {"Photo", "Foto"} & set(found)
    assert "Luis Ortega" in found
    assert "AFP" in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("El juzgado de Zapotlán el Grande dictó sentencia.", ["Zapotlán el Grande"]),
        ("La estatua de Alfonso el Sabio sigue en la plaza.", ["Alfonso el Sabio"]),
        ("A court in Zapotlán el Grande heard the case.", ["Zapotlán el Grande"]),
        # "el" before a name that is no epithet opens another name
        ("En Sayula el Gobierno Estatal instaló un retén.", ["Sayula", "Gobierno Estatal"]),
    ],
)
def test_an_epithet_after_el_is_part_of_the_name(
    text: str, expected: list[str], registry: Registry
) -> None:
    assert candidates(text, registry) == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Interjet y Magnicharters suspendieron sus vuelos.", "Interjet"),
        ("Walmart and Costco closed their stores early.", "Walmart"),
    ],
)
def test_a_word_opening_a_sentence_joined_to_a_name_is_a_name(
    text: str, name: str, registry: Registry
) -> None:
    assert name in candidates(text, registry)


def test_a_common_word_opening_a_sentence_before_and_is_still_no_name(registry: Registry) -> None:
    found = candidates("Ayer y hoy Magnicharters canceló vuelos; ayer llovió.", registry)
    assert "Ayer" not in found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ('Un taxista, al que apodan "El Chino", cerró su sitio.', "El Chino"),
        ("Los hombres llegaron al rancho El Mirador de noche.", "El Mirador"),
        ("Los vecinos culpan a Los Rojos de la balacera.", "Los Rojos"),
    ],
)
def test_a_capitalized_article_mid_sentence_is_part_of_the_name(
    text: str, name: str, registry: Registry
) -> None:
    assert name in candidates(text, registry)


def test_an_article_opening_a_sentence_is_no_part_of_the_name(registry: Registry) -> None:
    found = candidates("El Chino cerró su sitio. La Chona abrió el suyo.", registry)
    assert "El Chino" not in found
    assert "La Chona" not in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("La cuenta @mercado_libre_gdl subió un video del incendio.",
         [("@mercado_libre_gdl", None)]),
        ("The account @NightOwlNews posted a clip from Zapopan.",
         [("@NightOwlNews", None), ("Zapopan", "zapopan")]),
        ("Miles compartieron #JaliscoEnAlerta y #FuerzaTapalpa anoche.", []),
        ("Write to desk@example.com for corrections.", []),
    ],
)  # fmt: skip
def test_handles_are_names_with_their_at_sign_and_hashtags_are_none(
    text: str, expected: list[tuple[str, str | None]], registry: Registry
) -> None:
    assert mentions(text, registry) == expected


def test_a_role_beside_the_name_in_a_transcripts_label_is_no_name(registry: Registry) -> None:
    """The name beside the role is a name, before it or after it; a comma inside a line's
    sentence is untouched."""
    text = (
        "Evening news.\n\nLUCIA FERNANDEZ, HOST: Good evening.\n\n"
        "TOMAS REYES, FIELD PRODUCER: Thank you, Lucia.\n\nLater, Reyes, Tapalpa: calm.\n"
    )
    assert mentions(text, registry) == [
        ("LUCIA FERNANDEZ", None), ("TOMAS REYES", None), ("Lucia", None), ("Reyes", None),
        ("Tapalpa", "tapalpa"),
    ]  # fmt: skip
    texto = (
        "Noticiero.\n\nANA GIL, CONDUCTORA: Buenas noches.\n\n"
        "DIRECTOR DE PROTECCIÓN CIVIL, RAÚL ESPINO: Gracias, Ana.\n"
    )
    assert mentions(texto, registry) == [
        ("ANA GIL", None), ("PROTECCIÓN CIVIL", None), ("RAÚL ESPINO", None), ("Ana", None),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    ["Residents I've met want calm.", "The officers I\u2019m told about left.",
     "Sources I'd trust agree.", "Tomorrow I\u2019ll drive."],
)  # fmt: skip
def test_a_contraction_of_i_is_no_name(text: str, registry: Registry) -> None:
    assert mentions(text, registry) == []


def test_a_capitalized_the_mid_sentence_opens_the_name(registry: Registry) -> None:
    text = "The story was first reported by The Daily Courier in Zapopan."
    assert mentions(text, registry) == [("The Daily Courier", None), ("Zapopan", "zapopan")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Habló la presidenta Claudia Sheinbaum Pardo en la mañana.",
         [("Claudia Sheinbaum Pardo", "claudia-sheinbaum")]),
        ("PALABRAS DE CLAUDIA SHEINBAUM PARDO EN LA CONFERENCIA",
         [("CLAUDIA SHEINBAUM PARDO", "claudia-sheinbaum")]),
        ("Claudia Sheinbaum Monday met Pablo Lemus.",
         [("Claudia Sheinbaum", "claudia-sheinbaum"), ("Pablo Lemus", "pablo-lemus-navarro")]),
        ("Lo dijo Sheinbaum Jalisco adentro.", [("Sheinbaum", "claudia-sheinbaum"),
                                                 ("Jalisco", "jalisco")]),
    ],
)  # fmt: skip
def test_a_known_persons_second_surname_is_part_of_the_mention(
    text: str, expected: list[tuple[str, str | None]], registry: Registry
) -> None:
    assert mentions(text, registry) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chief Operating Officer Raúl Benítez Soto spoke first.", ["Raúl Benítez Soto"]),
        ("Habló la Directora Ejecutiva Lucía Ferrer Ávila ante la prensa.",
         ["Lucía Ferrer Ávila"]),
        ("Executive Director Tom Haskins resigned on Friday.", ["Tom Haskins"]),
        ("The Chief Executive Officer declined to comment.", []),
        ("He spoke at the Managing Director Forum in Denver.",
         ["Managing Director Forum", "Denver"]),
    ],
)  # fmt: skip
def test_a_posts_title_ending_on_its_head_is_no_part_of_the_name_after_it(
    text: str, expected: list[str], registry: Registry
) -> None:
    assert candidates(text, registry) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The question came from Priya Natarajan of Coastline Securities.",
         ["Priya Natarajan", "Coastline Securities"]),
        ("The call ended with Tomás Ibarra of Banco Mercantil.",
         ["Tomás Ibarra", "Banco Mercantil"]),
        ("Ayer declaró la fiscal Ana Ruiz de la Fuente Ochoa.", ["Ana Ruiz de la Fuente Ochoa"]),
        ("He studied at the University of Texas.", ["University of Texas"]),
        ("She sued in the Northern District of Iowa.", ["Northern District of Iowa"]),
        ("They toured the Museum of Modern Art.", ["Museum of Modern Art"]),
        ("A letter from Lloyd's of London arrived.", ["Lloyd's of London"]),
    ],
)  # fmt: skip
def test_a_person_of_a_body_is_two_names(
    text: str, expected: list[str], registry: Registry
) -> None:
    assert candidates(text, registry) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Analysts at Morgan & Whitley expect a cut.", ["Morgan & Whitley"]),
        ("Las ventas de Hernández & Asociados cayeron.", ["Hernández & Asociados"]),
        ("We heard from Rosa Lind of Pryce & Dunn today.", ["Rosa Lind", "Pryce & Dunn"]),
        ("Sales rose 5% & costs fell.", []),
    ],
)  # fmt: skip
def test_an_ampersand_joins_the_names_of_one_firm(
    text: str, expected: list[str], registry: Registry
) -> None:
    assert candidates(text, registry) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Estudia en la Universidad de Guadalajara desde 2019.",
         [("Universidad de Guadalajara", None)]),
        ("A report by the Chamber of Commerce of Guadalajara came out.",
         [("Chamber of Commerce of Guadalajara", None)]),
        ("La Procuraduría del Estado de Jalisco abrió una carpeta.",
         [("Procuraduría del Estado de Jalisco", None)]),
        ("El Gobernador de Jalisco habló.", [("Jalisco", "jalisco")]),
        ("Vive en el Estado de Jalisco.", [("Estado", None), ("Jalisco", "jalisco")]),
        ("Vecinos de Tapalpa cerraron la plaza.", [("Tapalpa", "tapalpa")]),
    ],
)  # fmt: skip
def test_a_place_that_ends_a_bodys_name_is_part_of_that_name(
    text: str, expected: list[tuple[str, str | None]], registry: Registry
) -> None:
    assert mentions(text, registry) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lo revisa el Instituto para el Desarrollo Rural Sostenible.",
         ["Instituto para el Desarrollo Rural Sostenible"]),
        ("Aplica la Ley de Justicia para Menores Infractores.",
         ["Ley de Justicia para Menores Infractores"]),
        ("It was funded by the Institute for Security Studies.",
         ["Institute for Security Studies"]),
        ("Ayer llegó Marta Ibarra para ver a su hermano.", ["Marta Ibarra"]),
    ],
)  # fmt: skip
def test_para_joins_the_words_of_a_bodys_name(
    text: str, expected: list[str], registry: Registry
) -> None:
    assert candidates(text, registry) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lo detuvo un Agente del Ministerio Público de la Federación.",
         ["Ministerio Público de la Federación"]),
        ("The jury heard from Agent Dana Whitlock on Monday.", ["Dana Whitlock"]),
    ],
)  # fmt: skip
def test_an_agents_title_is_no_part_of_the_name_after_it(
    text: str, expected: list[str], registry: Registry
) -> None:
    assert candidates(text, registry) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Transcript Of The Press Call\n\nRobert Kimani, Senior Press Officer\n\n"
         "Good day.", ["Robert Kimani"]),
        ("Conferencia De Prensa Matutina\n\nLaura Benítez Ochoa, Vocera De La Fiscalía\n\n"
         "Buenos días.", ["Laura Benítez Ochoa"]),
        # a title line with a comma and no post: still a title's capitals
        ("Storm Warning Issued Today\n\nHeavy Rain, Strong Winds Expected\n\nStay home.", []),
        ("Lluvias Fuertes En La Costa\n\nCalles Cerradas, Escuelas Sin Clases\n\nNada más.",
         []),
    ],
)  # fmt: skip
def test_a_name_and_its_post_on_a_line_of_their_own_are_a_name(
    text: str, expected: list[str], registry: Registry
) -> None:
    assert candidates(text, registry) == expected


def test_a_title_before_a_transcripts_speaker_label_is_no_part_of_the_name(
    registry: Registry,
) -> None:
    """The label names the person without the title."""
    text = "A briefing.\n\nDaniel Okafor, Press Officer\n\nMR. OKAFOR: Good morning.\n"
    assert candidates(text, registry) == ["Daniel Okafor", "OKAFOR"]
    texto = "Una charla.\n\nSRA. NÚÑEZ: Hola, soy Marta Núñez.\n"
    assert candidates(texto, registry) == ["NÚÑEZ", "Marta Núñez"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A hearing.\n\nSEN. ALVARADO: We begin.\n\nDR. KEMP-ORTIZ: Thank you.\n",
         ["ALVARADO", "KEMP-ORTIZ"]),
        ("Una comparecencia.\n\nSRA. SALCEDO: Empezamos.\n\nLIC. GIL: Gracias.\n",
         ["SALCEDO", "GIL"]),
        # a post after the title, a title that is no abbreviation, or no title: no name
        ("A hearing.\n\nMR. CHAIRMAN: Thank you.\n\nFORMER ENVOY: Yes.\n\nUPDATE: None.\n",
         []),
        ("Una sesión.\n\nSR. PRESIDENTE: Gracias.\n\nACTUALIZACIÓN: Nada.\n", []),
    ],
)  # fmt: skip
def test_an_abbreviated_title_in_a_transcripts_label_marks_a_surname(
    text: str, expected: list[str], registry: Registry
) -> None:
    """Though the article never gives the name in full."""
    assert candidates(text, registry) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The agency raised Texas to Level 3 and kept Maine at Level 1.", ["Texas", "Maine"]),
        ("La alerta pasó a Fase 2 en Ameca y a Nivel 4 en Tepic.", ["Ameca", "Tepic"]),
        # a step's word inside a name, with no number after it, stays
        ("They met at Level Nine Lounge in Austin.", ["Level Nine Lounge", "Austin"]),
        ("Se reunieron en el bar Nivel Cero de Tepic.", ["Nivel Cero de Tepic"]),
    ],
)  # fmt: skip
def test_a_capitalized_step_of_a_scale_before_its_number_is_no_name(
    text: str, expected: list[str], registry: Registry
) -> None:
    assert candidates(text, registry) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The vote closes at 8 p.m. Eastern time in Ohio.", ["Ohio"]),
        ("Flights resume at noon Pacific Standard Time, Delta said.", ["Delta"]),
        ("La cita es a las 9, Central Time, en Houston, dijo Ana Gil.", ["Houston", "Ana Gil"]),
        # a region's name with no "time" after it stays
        ("Storms crossed Eastern Kentucky overnight.", ["Eastern Kentucky"]),
        ("Llovió en la Sierra Central de Oaxaca.", ["Sierra Central de Oaxaca"]),
    ],
)  # fmt: skip
def test_a_time_zone_before_time_is_no_name(
    text: str, expected: list[str], registry: Registry
) -> None:
    assert candidates(text, registry) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A briefing.\n\nQ: (Off-mike.)\n\nA: We spoke with Daniel Okafor today.",
         ["Daniel Okafor"]),
        ("Una charla.\n\nPREGUNTA: (Inaudible.)\n\nRESPUESTA: Hablamos con Marta Núñez.",
         ["Marta Núñez"]),
        # a name in parentheses, with no full stop of its own, stays
        ("The talks resumed today, a source told us (Bloomberg) in Lima.", ["Bloomberg", "Lima"]),
        ("Las pláticas siguen (Notimex) en Tepic.", ["Notimex", "Tepic"]),
    ],
)  # fmt: skip
def test_a_word_alone_in_parentheses_with_its_full_stop_is_a_stage_direction(
    text: str, expected: list[str], registry: Registry
) -> None:
    assert candidates(text, registry) == expected


@pytest.mark.parametrize(
    ("byline", "names"),
    [("Por Adriana Méndez Torres y Luis Ochoa | Diario del Sureste",
      ["Adriana Méndez Torres", "Luis Ochoa"]),
     ("By Thomas Crane and Carla Nguyen | Tri-County Ledger", ["Thomas Crane", "Carla Nguyen"])],
)  # fmt: skip
def test_each_author_a_byline_joins_is_a_name(
    byline: str, names: list[str], registry: Registry
) -> None:
    text = (
        f" date 2026-02-25 Qué Sigue Para La Sierra\n\n{byline}\n\nLa sierra amaneció en calma.\n"
    )
    found = candidates(text, registry)
    assert all(name in found for name in names)


@pytest.mark.parametrize(
    "title", ["By Land And Sea And Air", "Por Tierra Y Por Mar Llegan", "By Night And Day | Two"]
)
def test_a_headline_joining_words_after_by_or_por_is_no_byline(title: str) -> None:
    assert not is_byline(title)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Later, Tourism Minister Fernanda Ibarra spoke.", ["Fernanda Ibarra"]),
        ("Later, Secretary of Labor Tom Lee spoke.", ["Tom Lee"]),
        ("Ayer, la Ministra de Turismo Fernanda Ibarra habló.", ["Fernanda Ibarra"]),
        ("Ayer, la Secretaria de Cultura Rosa Gil habló.", ["Rosa Gil"]),
        # no title before: the words are a name
        ("Later, the Bank of Lima Board met.", ["Bank of Lima Board"]),
        ("Ayer, el Banco de Tepic Central cerró.", ["Banco de Tepic Central"]),
    ],
)  # fmt: skip
def test_a_posts_area_before_or_after_its_title_is_no_part_of_the_name(
    text: str, expected: list[str], registry: Registry
) -> None:
    assert candidates(text, registry) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Most of it is sold in the United States.", "united-states"),
        ("It moved across the United States in weeks.", "united-states"),
        ("The United States said it would help.", "us-government"),
        ("Aid came from the United States.", "us-government"),
    ],
)
def test_a_form_a_body_and_a_place_share_is_the_place_after_in(
    text: str, expected: str, registry: Registry
) -> None:
    assert [m.entity_id for m in find_mentions(text, registry)] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("La feria se hizo en Tepic este año.", "tepic"),
        ("Los turistas viajaron hacia Tepic.", "tepic"),
        ("Tepic respondió con una multa.", "tepic-council"),
    ],
)
def test_a_form_a_body_and_a_place_share_is_the_place_after_en(text: str, expected: str) -> None:
    shared = registry_from(
        [
            EntityIn(id="tepic-council", type="government_body", name="Cabildo de Tepic",
                     aliases=["Tepic"], description="x"),
            EntityIn(id="tepic", type="place", name="Tepic", aliases=["Tepic"], description="x"),
        ]
    )  # fmt: skip
    assert [m.entity_id for m in find_mentions(text, shared)] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Traffic stopped on Federal Highway 45 near Leon.", ["Federal Highway 45", "Leon"]),
        ("On State Highway 401, crews worked.", ["State Highway 401"]),
        ("Cerraron la Carretera Federal 54 cerca de Sayula.", ["Carretera Federal 54", "Sayula"]),
        ("La Autopista del Sol 95 cerró.", ["Autopista del Sol 95"]),
        # a road word with no number after it is read as any words are
        ("The Highway Patrol said 3 cars crashed.", ["Highway Patrol"]),
        ("La Carretera Vieja sigue cerrada.", ["Carretera Vieja"]),
    ],
)  # fmt: skip
def test_a_road_named_by_its_number_is_one_name(
    text: str, expected: list[str], registry: Registry
) -> None:
    assert candidates(text, registry) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- H.R. 4412, a border bill, stalled.", ["H.R. 4412"]),
        ("She filed H. Res. 88 and SB 17 last spring.", ["H. Res. 88", "SB 17"]),
        ("La Cámara aprobó la H.R. 4412 el martes.", ["Cámara", "H.R. 4412"]),
        ("El senado de Texas discute la SB 4 desde enero.", ["Texas", "SB 4"]),
        # initials with no number after them are read as any words are
        ("The SB team won.", ["SB"]),
    ],
)
def test_a_bill_named_by_its_number_is_one_name(
    text: str, expected: list[str], registry: Registry
) -> None:
    assert candidates(text, registry) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('A court tried Joaquín "El Chapo" Guzmán in Brooklyn.',
         [('Joaquín "El Chapo" Guzmán', "joaquin-guzman"), ("Brooklyn", None)]),
        ("Detuvieron a Ana «La Güera» Gil Pérez y a Luis Mora.",
         [("Ana «La Güera» Gil Pérez", None), ("Luis Mora", None)]),
        ('The band of Mark "Red" Lee played on.', [('Mark "Red" Lee', None)]),
        ("Cayó Joaquín «El Chapo» Guzmán en 2016.",
         [("Joaquín «El Chapo» Guzmán", "joaquin-guzman")]),
        # a quoted word after a title or a common word is no nickname inside a name
        ('Dijo "Basta" Ruiz Gil al salir.', [("Ruiz Gil", None)]),
        ('The word "Hope" Sunday drew a crowd.', []),
    ],
)  # fmt: skip
def test_a_quoted_nickname_inside_a_name_is_part_of_the_name(
    text: str, expected: list[tuple[str, str | None]], registry: Registry
) -> None:
    assert mentions(text, registry) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hubo bloqueos en la región Norte de Jalisco.", []),
        ("La Región Centro y los Altos siguen en alerta.", []),
        ("Storms hit the South and the Midwest on Monday.", []),
        # a region's word inside a longer name is part of that name
        ("Lo publicó Diario del Sur en su portada.", ["Diario del Sur"]),
        ("The North Carolina guard was deployed.", ["North Carolina"]),
    ],
)
def test_a_region_told_by_the_compass_is_no_name(
    text: str, expected: list[str], registry: Registry
) -> None:
    assert candidates(text, registry) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sesionó la Comisión para la Verdad y la Justicia ayer.",
         ["Comisión para la Verdad y la Justicia"]),
        ("She spoke at the Institute for Peace and the Arts in Ohio.",
         ["Institute for Peace and the Arts", "Ohio"]),
        # two names, the second of two words or the first with no connector inside
        ("Llegaron la Policía de Tlaquepaque y la Cruz Roja.",
         ["Policía de Tlaquepaque", "Cruz Roja"]),
        ("Viajaron a Mazamitla y la Sierra del Tigre.", ["Mazamitla", "Sierra del Tigre"]),
        ("Ana Ruiz and the Lakers won.", ["Ana Ruiz", "Lakers"]),
    ],
)  # fmt: skip
def test_a_last_part_after_y_la_ends_a_long_name(
    text: str, expected: list[str], registry: Registry
) -> None:
    assert candidates(text, registry) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Se instaló el Consejo Ciudadano de Vigilancia. Este Consejo sesionará cada mes.",
         ["Consejo Ciudadano de Vigilancia"]),
        ("The Commission for Border Affairs met. Members said this Commission would report.",
         ["Commission for Border Affairs"]),
        # no long name with that head, or no demonstrative: a name of its own
        ("Members said this Commission would report.", ["Commission"]),
        ("Se instaló el Consejo Ciudadano de Vigilancia. El Consejo sesionará cada mes.",
         ["Consejo Ciudadano de Vigilancia", "Consejo"]),
    ],
)  # fmt: skip
def test_a_long_names_head_after_a_demonstrative_points_back_and_is_no_name(
    text: str, expected: list[str], registry: Registry
) -> None:
    assert candidates(text, registry) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("El gobernador habló en Casa Jalisco.", [("Casa Jalisco", None)]),
        ("The match at Estadio Jalisco was called off.", [("Estadio Jalisco", None)]),
        ("Guests left the Hotel Guadalajara early.", [("Hotel Guadalajara", None)]),
        # no building's head before it: the place
        ("Una casa en Jalisco ardió.", [("Jalisco", "jalisco")]),
        ("Vive en Guadalajara desde 2019.", [("Guadalajara", "guadalajara")]),
    ],
)
def test_a_building_named_after_a_place_is_one_name(
    text: str, expected: list[tuple[str, str | None]], registry: Registry
) -> None:
    assert mentions(text, registry) == expected


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # a form of address is no part of the name, before a full name or a surname alone
        ("The panel heard Mr. Tobias Renner on Tuesday.", ["Tobias Renner"]),
        ("The panel then heard Ms. Renner.", ["Renner"]),
        ("La comisión escuchó a la Sra. Lucía Gómez Ibarra el martes.", ["Lucía Gómez Ibarra"]),
        ("Después habló el Sr. Ibarra.", ["Ibarra"]),
        # a rank or a doctor's title stays with a surname alone, as the article calls them
        ("The panel then heard Dr. Renner and Col. Jones.", ["Dr. Renner", "Col. Jones"]),
        ("Después habló la Dra. Ibarra.", ["Dra. Ibarra"]),
    ],
)  # fmt: skip
def test_a_form_of_address_is_no_part_of_a_name(
    text: str, names: list[str], registry: Registry
) -> None:
    assert candidates(text, registry) == names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She backed the Fentanyl Sentencing Act in May.", [("Fentanyl Sentencing Act", None)]),
        ("Se aprobó la Fentanyl Trafficking Bill en enero.",
         [("Fentanyl Trafficking Bill", None)]),
        # no law's head after it: the registry's name
        ("Fentanyl Seizures rose in May.", [("Fentanyl", "fentanyl"), ("Seizures", None)]),
        ("El fentanilo llega por la costa.", [("fentanilo", "fentanyl")]),
    ],
)  # fmt: skip
def test_a_law_named_after_a_registry_name_is_one_name(
    text: str, expected: list[tuple[str, str | None]], registry: Registry
) -> None:
    assert mentions(text, registry) == expected
