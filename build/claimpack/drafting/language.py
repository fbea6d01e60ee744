"""Which of the two languages an article is written in, from its commonest words.

Function words settle English against Spanish on any paragraph of news; a statistical detector
(lingua) adds a large model for no gain when only these two languages are possible.
"""

from __future__ import annotations

import re

ENGLISH = frozenset(
    "the of and to in is was that for on with as by at from his her he she it were "
    "have has had said which who this an be are its their after".split()
)
SPANISH = frozenset(
    "el la los las de del y en que un una por con para se su sus al lo es fue como "
    "dijo más pero sobre este esta también fueron según".split()
)
WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> str:
    """ "es" when Spanish function words outnumber English ones, else "en"."""
    english = spanish = 0
    for match in WORD.finditer(text.lower()):
        word = match[0]
        english += word in ENGLISH
        spanish += word in SPANISH
    return "es" if spanish > english else "en"
