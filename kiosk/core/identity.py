"""Who the patient is: names as typed, and the key that matches them to an appointment."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

# Letters that Unicode does not decompose into a base letter and a mark.
_FOLD = str.maketrans(
    {"ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)


def name_key(first: str, last: str) -> str:
    """A match key that ignores case, accents, spaces and punctuation: 'José  O'Neil' ~ 'jose oneil'.

    A name part with no letter or digit keys by its symbols (emoji, signs) instead.
    """

    def fold(text: str) -> str:
        # Unicode's compatibility caseless match (D146): NFKD(casefold(NFKD(casefold(NFD(x))))),
        # so a key folds to itself ("㎒" is "MHz" after NFKD, and then "mhz").
        folded = unicodedata.normalize("NFD", text)
        for _ in range(2):
            folded = unicodedata.normalize("NFKD", folded.casefold())
        decomposed = unicodedata.normalize("NFKD", folded.translate(_FOLD))
        letters = "".join(ch for ch in decomposed if ch.isalnum())
        if letters:
            return letters
        # A name with no letter or digit at all (emoji, symbols): key it by its symbols, so two
        # such names do not share the empty key and match each other's appointment.
        return "".join(ch for ch in folded if unicodedata.category(ch)[0] == "S" and ch != "|")

    return f"{fold(first)}|{fold(last)}"


@dataclass(frozen=True)
class Identity:
    """What the patient typed on the identify screen."""

    first_name: str
    last_name: str
    birth_date: date

    @property
    def key(self) -> str:
        """The matching key of the name."""
        return name_key(self.first_name, self.last_name)

    @property
    def full_name(self) -> str:
        """First and last name as typed."""
        return f"{self.first_name} {self.last_name}"
