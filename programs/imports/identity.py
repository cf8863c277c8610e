"""A program's identity in a spreadsheet: its ACGME number, state and specialty, checked together.

The 10-digit number is 3 digits of specialty code, 2 of state code and 5 of sequence
(``data-formats.md`` §1.5). Excel drops leading zeros, so short numbers are left-padded; the
specialty and state digits let the preview warn when a row's columns disagree with its number.
"""

import re

from accounts.choices import STATE_NAMES

from ..models import Specialty
from .headers import normalise

# Confirmed empirically (689 FREIDA programs; data-formats.md §1.5). Unlisted codes are not checked.
ACGME_STATE_CODES = {
    "01": "AL", "02": "AK", "03": "AZ", "04": "AR", "05": "CA", "07": "CO", "08": "CT", "09": "DE",
    "10": "DC", "11": "FL", "12": "GA", "14": "HI", "15": "ID", "16": "IL", "17": "IN", "18": "IA",
    "19": "KS", "20": "KY", "21": "LA", "22": "ME", "23": "MD", "24": "MA", "25": "MI", "26": "MN",
    "27": "MS", "28": "MO", "29": "MT", "30": "NE", "31": "NV", "32": "NH", "33": "NJ", "34": "NM",
    "35": "NY", "36": "NC", "37": "ND", "38": "OH", "39": "OK", "40": "OR", "41": "PA", "42": "PR",
    "43": "RI", "45": "SC", "46": "SD", "47": "TN", "48": "TX", "49": "UT", "50": "VT", "51": "VA",
    "54": "WA", "55": "WV", "56": "WI",
}  # fmt: skip

_STATE_BY_NAME = {normalise(name): code for code, name in STATE_NAMES.items()}
_NUMBER_NOISE = re.compile(r"[\s\-\[\]]")


def clean_number(raw) -> tuple[str, bool]:
    """(10-digit number, whether leading zeros were restored); ValueError when it is not one."""
    if isinstance(raw, bool):
        raise ValueError(f"“{raw}” is not an ACGME program number")
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = _NUMBER_NOISE.sub("", str(raw).strip())
    if text.endswith(".0"):
        text = text[:-2]
    if not text.isdigit() or not 8 <= len(text) <= 10:
        raise ValueError(f"“{str(raw).strip()}” is not a 10-digit ACGME program number")
    return text.zfill(10), len(text) < 10


def state_from_number(number: str) -> str:
    return ACGME_STATE_CODES.get(number[3:5], "")


def parse_state(raw) -> str:
    text = str(raw).strip()
    if text.upper() in STATE_NAMES:
        return text.upper()
    code = _STATE_BY_NAME.get(normalise(text))
    if code is None:
        raise ValueError(f"“{text}” is not a US state or territory (use the two-letter code, e.g. NY)")
    return code


def split_city_state(raw) -> tuple[str, str]:
    """``"Boston, MA"`` → ("Boston", "MA"); the state must be the part after the last comma."""
    text = str(raw).strip()
    if "," not in text:
        raise ValueError(f"“{text}” is not “City, ST”")
    city, state = text.rsplit(",", 1)
    return city.strip(), parse_state(state.split()[0] if state.strip() else state)


class SpecialtyLookup:
    """Specialty codes by code, name and every alias (one query per import)."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.names: dict[str, str] = {}
        self._by_text: dict[str, str] = {}
        self._seen: dict = {}  # cell -> code: a file names the same few specialties again and again
        for pk, code, name, aliases in Specialty.objects.values_list("pk", "code", "name", "aliases"):
            self.ids[code] = pk
            self.names[code] = name
            for text in (code, name, *aliases):
                self._by_text.setdefault(normalise(text), code)

    def code_for(self, raw) -> str | None:
        """The code a cell names (``765``, ``Pediatrics/Medical Genetics``, ``… (130)``), or None."""
        try:
            return self._seen[raw]
        except KeyError:
            code = self._seen[raw] = self._code_for(raw)
            return code

    def _code_for(self, raw) -> str | None:
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            raw = f"{int(raw):03d}"
        text = str(raw).strip()
        match = re.search(r"\((\d{3})\)\s*$", text)
        if match and match[1] in self.ids:
            return match[1]
        return self._by_text.get(normalise(text))

    def label(self, code: str) -> str:
        return f"{self.names[code]} ({code})" if code in self.names else code
