"""Rows → clean program rows, or per-row errors that name the row number and the reason.

A row with any error is left out whole (never half-imported); warnings say what was repaired or
looks suspicious (a padded number, a state that disagrees with the number) without blocking it.
Blank cells are "not reported": they never become "no".
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from ..facts import REGISTRY, is_blank, parse_bool, parse_date, parse_list
from .headers import ColumnMap
from .identity import SpecialtyLookup, clean_number, parse_state, split_city_state, state_from_number
from .reading import FORMULA_WITHOUT_VALUE, Table

MAX_LENGTHS = {"name": 300, "institution": 300, "city": 120}
_UNSEEN = object()
# What the preview says about repairs and oddities, counted over the whole file.
TALLY_NOTES = (
    (
        "padded",
        "program number(s) had lost their leading zeros (Excel does that) and were padded back to 10 digits.",
    ),
    ("state_filled", "row(s) had no state; it was taken from the program number."),
    ("state_mismatch", "row(s) give a state that disagrees with the program number."),
    ("specialty_mismatch", "row(s) give a specialty that disagrees with the program number."),
    (
        "specialty_unknown",
        "row(s) have a specialty code Shortlist does not know yet; their specialty is left blank.",
    ),
    ("repeated", "row(s) repeat an earlier row exactly and are imported once."),
)
VISA_WORDS = {"visa_j1": ("j-1", "j1"), "visa_h1b": ("h-1b", "h1b", "h-1"), "visa_f1": ("f-1", "f1")}


@dataclass(slots=True)
class CleanRow:
    row: int
    number: str
    name: str = ""
    institution: str = ""
    city: str = ""
    state: str = ""
    specialty: str = ""  # an ACGME specialty code Shortlist knows, or ""
    values: dict = field(default_factory=dict)
    observed_on: date | None = None

    def fingerprint(self) -> tuple:
        return (
            self.name,
            self.institution,
            self.city,
            self.state,
            self.specialty,
            self.observed_on,
            repr(self.values),
        )


@dataclass
class Cleaned:
    rows: list[CleanRow] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)  # {"row", "column", "message"}
    warnings: list[dict] = field(default_factory=list)  # {"row", "message"}
    notes: list[str] = field(default_factory=list)  # file-level summaries
    invalid_rows: int = 0

    def error(self, row: int, message: str, column: str = "") -> None:
        self.errors.append({"row": row, "column": column, "message": message})


class RowError(ValueError):
    def __init__(self, message: str, column: str = ""):
        super().__init__(message)
        self.column = column


def parse_visa_list(raw) -> dict[str, bool]:
    """``['J-1 through ECFMG', 'H-1B']`` → J-1 and H-1B yes, F-1 no; an empty list says nothing."""
    items = [item.lower() for item in parse_list(raw)]
    if not items:
        return {}
    return {key: any(w in item for item in items for w in words) for key, words in VISA_WORDS.items()}


class RowCleaner:
    """Cleans the rows of one table with one column map; collects errors, warnings and tallies."""

    def __init__(self, table: Table, columns: ColumnMap, specialties: SpecialtyLookup):
        self.table, self.columns, self.specialties = table, columns, specialties
        self.width = len(table.headers)
        self.strict_width = table.format in {"csv", "tsv"}
        self.tally: Counter = Counter()
        self.identity = {t: columns.index_of(t) for t in ("number", "name", "institution", "city", "state",
                                                           "city_state", "specialty", "observed_on", "visa_list")}  # fmt: skip
        # Parsed values per column and cell text: FREIDA-style files repeat the same cells thousands of times.
        self.facts = [
            (c.index, c.header, REGISTRY[c.target[5:]], {})
            for c in columns.used
            if c.target.startswith("fact:")
        ]
        self.visa_lists: dict = {}
        self.seasons = [
            (c.index, c.header, c.target[7:]) for c in columns.used if c.target.startswith("season:")
        ]

    def clean(self) -> Cleaned:
        result = Cleaned()
        seen: dict[str, CleanRow] = {}
        for number, cells in zip(self.table.row_numbers, self.table.rows, strict=True):
            warnings: list[str] = []
            try:
                row = self.clean_row(number, cells, warnings)
            except RowError as exc:
                result.invalid_rows += 1
                result.error(number, str(exc), exc.column)
                continue
            if not self._first_occurrence(row, seen, result):
                continue
            result.warnings.extend({"row": number, "message": w} for w in warnings)
            result.rows.append(row)
        result.notes.extend(self.summary())
        return result

    def _first_occurrence(self, row: CleanRow, seen: dict, result: Cleaned) -> bool:
        earlier = seen.get(row.number)
        if earlier is None:
            seen[row.number] = row
            return True
        if earlier.fingerprint() == row.fingerprint():
            result.warnings.append({"row": row.row, "message": f"repeats row {earlier.row}; imported once"})
            self.tally["repeated"] += 1
        else:
            result.invalid_rows += 1
            result.error(
                row.row,
                f"program {row.number} is already in row {earlier.row} with different values; keep one of them",
            )
        return False

    def cell(self, cells: list, target: str):
        index = self.identity[target]
        return None if index is None or index >= len(cells) else cells[index]

    def clean_row(self, number: int, cells: list, warnings: list[str]) -> CleanRow:
        self._check_width(cells)
        row = CleanRow(row=number, number=self._number(cells, warnings))
        self._texts(row, cells)
        self._place(row, cells, warnings)
        self._specialty(row, cells, warnings)
        row.values = self._values(cells)
        observed = self.cell(cells, "observed_on")
        if not is_blank(observed):
            row.observed_on = date.fromisoformat(self._parse(parse_date, observed, "observed_on"))
        return row

    def _check_width(self, cells: list) -> None:
        if not self.strict_width:
            return
        if len(cells) < self.width:
            raise RowError(f"has {len(cells)} cells but the header has {self.width} columns")
        if len(cells) > self.width and any(c.strip() for c in cells[self.width :]):
            raise RowError(f"has {len(cells)} cells but the header has {self.width} columns")

    def _parse(self, parser, raw, target: str):
        header = self._header(target)
        if raw is FORMULA_WITHOUT_VALUE:
            raise RowError("a formula without a calculated value (open and save the file in Excel)", header)
        try:
            return parser(raw)
        except ValueError as exc:
            raise RowError(str(exc), header) from None

    def _header(self, target: str) -> str:
        index = self.identity.get(target)
        return self.table.headers[index] if index is not None else ""

    def _number(self, cells: list, warnings: list[str]) -> str:
        raw = self.cell(cells, "number")
        if is_blank(raw):
            raise RowError("no program number (programs without one are added by hand on the program list)")
        number, padded = self._parse(clean_number, raw, "number")
        if padded:
            self.tally["padded"] += 1
        return number

    def _texts(self, row: CleanRow, cells: list) -> None:
        for target in ("name", "institution", "city"):
            raw = self.cell(cells, target)
            if raw is FORMULA_WITHOUT_VALUE:
                self._parse(str, raw, target)
            text = "" if is_blank(raw) else " ".join(str(raw).split())
            if len(text) > MAX_LENGTHS[target]:
                raise RowError(
                    f"is {len(text)} characters long; at most {MAX_LENGTHS[target]}", self._header(target)
                )
            setattr(row, target, text)
        if not row.name and row.institution:
            row.name = row.institution

    def _place(self, row: CleanRow, cells: list, warnings: list[str]) -> None:
        combined = self.cell(cells, "city_state")
        if not is_blank(combined):
            city, state = self._parse(split_city_state, combined, "city_state")
            row.city = row.city or city
            row.state = state
        raw_state = self.cell(cells, "state")
        if not is_blank(raw_state):
            row.state = self._parse(parse_state, raw_state, "state")
        expected = state_from_number(row.number)
        if not row.state and expected:
            row.state = expected
            self.tally["state_filled"] += 1
        elif expected and row.state != expected:
            warnings.append(
                f"state {row.state}, but the number {row.number} has the state code of {expected}"
            )
            self.tally["state_mismatch"] += 1

    def _specialty(self, row: CleanRow, cells: list, warnings: list[str]) -> None:
        from_number = row.number[:3] if row.number[:3] in self.specialties.ids else ""
        raw = self.cell(cells, "specialty")
        if is_blank(raw):
            row.specialty = from_number
            self.tally["specialty_unknown"] += not from_number
            return
        code = self.specialties.code_for(raw)
        if code is None:
            warnings.append(
                f"specialty “{str(raw).strip()}” is not one Shortlist knows; the number's is used"
            )
            row.specialty = from_number
        else:
            row.specialty = code
            if code != row.number[:3]:
                warnings.append(
                    f"specialty {self.specialties.label(code)}, but the number {row.number} starts with "
                    f"{row.number[:3]}"
                )
                self.tally["specialty_mismatch"] += 1

    def _values(self, cells: list) -> dict:
        values: dict = {}
        visas = self.cell(cells, "visa_list")
        if visas is not None:
            known = self.visa_lists.get(visas)
            if known is None:
                known = self.visa_lists[visas] = (
                    {} if is_blank(visas) else self._parse(parse_visa_list, visas, "visa_list")
                )
            values.update(known)
        size = len(cells)
        for index, header, key, parsed in self.facts:
            raw = cells[index] if index < size else None
            value = parsed.get(raw, _UNSEEN)
            if value is _UNSEEN:
                value = parsed[raw] = self._fact(key, raw, header)
            if value is not None:
                values[key.key] = value
        seasons = {}
        for index, header, season in self.seasons:
            raw = cells[index] if index < size else None
            if not is_blank(raw):
                try:
                    seasons[season] = parse_bool(raw)
                except ValueError as exc:
                    raise RowError(str(exc), header) from None
        if seasons:
            values["accepting_applications"] = seasons
        return values

    @staticmethod
    def _fact(key, raw, header: str):
        if raw is FORMULA_WITHOUT_VALUE:
            raise RowError("a formula without a calculated value (open and save the file in Excel)", header)
        try:
            return key.parse(raw)
        except ValueError as exc:
            raise RowError(str(exc), header) from None

    def summary(self) -> list[str]:
        return [f"{self.tally[name]} {text}" for name, text in TALLY_NOTES if self.tally[name]]


def clean_rows(table: Table, columns: ColumnMap, specialties: SpecialtyLookup) -> Cleaned:
    """Clean every row of ``table``; raises nothing: every problem is in the result."""
    return RowCleaner(table, columns, specialties).clean()
