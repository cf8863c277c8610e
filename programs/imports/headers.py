"""Which column means what: header normalisation, the alias table, and manual mappings.

Nobody exports FREIDA or ACGME data in a fixed layout, so a column is recognised by any of the
spellings seen in the wild (``../shared/reference/data-formats.md``): identity columns here, fact
columns from ``programs.facts.REGISTRY[*].headers``. A column can also be mapped by hand; that
choice is remembered per *header signature* (the normalised header row) for the next file.
Columns named ``id``, ``owner`` or ``workspace`` are never imported, whatever the mapping says.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from ..facts import REGISTRY

PROGRAMS, NRMP = "programs", "nrmp"

# target -> (label, aliases best first). A target is an identity field, "visa_list",
# "observed_on", "fact:<key>", "season:<YYYY-YYYY>" or, for NRMP tables, "stat:<field>".
IDENTITY: dict[str, tuple[str, tuple[str, ...]]] = {
    "number": ("Program number", (
        "Program Number", "ACGME program number", "Program ID", "program_id", "Program Code",
        "ACGME ID", "ACGME Program ID", "ACGME Program Code", "field_program_id", "accreditationID",
        "orgCode", "numCode", "Program No", "Code",
    )),
    "name": ("Program name", (
        "Program Name", "program_name", "program_name_suffix", "Program title", "title", "Program", "Name",
    )),
    "institution": ("Sponsoring institution", (
        "Sponsoring Institution", "sponsoring_institution_name", "sponsoring_institution", "Institution",
        "Organization", "Hospital", "Primary teaching site",
    )),
    "city": ("City", ("city_checked", "City", "Program City", "locality")),
    "state": ("State", ("State", "ST", "Program State", "administrative_area", "state_in_source", "State code")),
    "city_state": ("City and state together", (
        "Program City, State", "City, ST", "City, State", "City/State", "Location",
    )),
    "specialty": ("Specialty", (
        "specialty_code", "Specialty Code", "Specialty", "specialty_title", "Specialty name",
        "Program specialty",
    )),
    "observed_on": ("Date of the data", (
        "data_last_updated", "Last updated", "Date updated", "Data as of", "As of", "Survey received", "changed",
    )),
    "visa_list": ("Visas accepted (one list cell)", (
        "visa_statuses_accepted", "Visa status", "Visa statuses", "Visas accepted", "Visas sponsored",
        "Visa sponsorship", "field_visa_status", "Visas", "Visa",
    )),
}  # fmt: skip

NRMP_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "year": ("Match year", ("year", "Match year")),
    "nrmp_label": ("NRMP specialty", ("nrmp_specialty", "NRMP specialty", "Specialty")),
    "programs": ("Programs", ("programs", "No_of_Programs", "Number of programs")),
    "positions_offered": ("Positions offered", ("positions_offered", "Positions offered", "Positions")),
    "unfilled_programs": ("Unfilled programs", ("unfilled_programs", "Unfilled programs")),
    "unfilled": ("Unfilled positions", ("unfilled", "Unfilled positions")),
    "applicants_total": ("Applicants (all)", ("total_applicants", "Total applicants", "Applicants")),
    "matches_total": ("Matches (all)", ("total_matches", "Total matches", "Matches")),
    "applicants_us_md": ("US MD applicants", ("applicants_us_md", "us_md_senior_applicants", "US MD applicants")),
    "matches_us_md": ("US MD matches", ("matches_us_md", "us_md_senior_matches", "US MD matches")),
    "applicants_us_do": ("US DO applicants", ("applicants_us_do", "us_do_senior_applicants", "US DO applicants")),
    "matches_us_do": ("US DO matches", ("matches_us_do", "us_do_senior_matches", "US DO matches")),
    "applicants_us_img": ("US IMG applicants", ("applicants_us_img", "US IMG applicants")),
    "matches_us_img": ("US IMG matches", ("matches_us_img", "US IMG matches")),
    "applicants_non_us_img": ("Non-US IMG applicants", ("applicants_non_us_img", "Non-US IMG applicants")),
    "matches_non_us_img": ("Non-US IMG matches", ("matches_non_us_img", "Non-US IMG matches")),
    "source": ("Source", ("source", "Source")),
}  # fmt: skip

# Never imported: rows are owned by the importer's workspace, never by what a file claims.
PROTECTED = {"id", "pk", "owner", "owner id", "workspace", "workspace id", "user", "user id", "created by"}
_SEASON = re.compile(r"accepting applications\b.*?\b(20\d\d) (20\d\d)$")


def normalise(header: str) -> str:
    text = unicodedata.normalize("NFKC", str(header)).casefold().replace("®", "").replace("™", "")
    text = text.replace("%", " pct ").replace("#", " number ")
    text = re.sub(r"[^0-9a-z]+", " ", text).strip()
    return re.sub(r"\bpercent(age)?\b", "pct", text)


def header_signature(headers: list[str]) -> str:
    return hashlib.sha256("\x1f".join(normalise(h) for h in headers).encode()).hexdigest()


def _alias_table(groups: dict[str, tuple[str, tuple[str, ...]]], prefix: str = "") -> dict[str, tuple]:
    table: dict[str, tuple[str, int]] = {}
    for target, (_label, aliases) in groups.items():
        for rank, alias in enumerate(aliases):
            table.setdefault(normalise(alias), (prefix + target, rank))
    return table


def _program_aliases() -> dict[str, tuple[str, int]]:
    table = _alias_table(IDENTITY)
    for key in REGISTRY.values():
        for rank, alias in enumerate((*key.headers, key.key)):
            table.setdefault(normalise(alias), (f"fact:{key.key}", rank))
    return table


PROGRAM_ALIASES = _program_aliases()
NRMP_ALIASES = _alias_table(NRMP_FIELDS, "stat:")


def target_label(target: str) -> str:
    if not target:
        return "Ignored"
    if target.startswith("fact:"):
        return REGISTRY[target[5:]].label
    if target.startswith("season:"):
        return f"Accepting applications {target[7:]}"
    if target.startswith("stat:"):
        return NRMP_FIELDS[target[5:]][0]
    return IDENTITY[target][0]


def valid_target(target: str, kind: str) -> bool:
    if not target:
        return True
    if kind == NRMP:
        return target.startswith("stat:") and target[5:] in NRMP_FIELDS
    if target.startswith("fact:"):
        return target[5:] in REGISTRY
    return target in IDENTITY or bool(re.fullmatch(r"season:20\d\d-20\d\d", target))


def target_choices(kind: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped (value, label) choices for the manual mapping form."""
    if kind == NRMP:
        return [("NRMP figures", [(f"stat:{k}", label) for k, (label, _) in NRMP_FIELDS.items()])]
    groups: dict[str, list[tuple[str, str]]] = {"Program": [(k, v[0]) for k, v in IDENTITY.items()]}
    for key in REGISTRY.values():
        groups.setdefault(key.group, []).append((f"fact:{key.key}", key.label))
    return list(groups.items())


@dataclass
class Column:
    index: int
    header: str
    target: str = ""  # "" = not imported
    how: str = "unknown"  # alias | manual | unknown | protected | duplicate | empty
    note: str = ""

    @property
    def label(self) -> str:
        return target_label(self.target)


@dataclass
class ColumnMap:
    kind: str
    columns: list[Column]
    signature: str
    manual: dict[str, str] = field(default_factory=dict)

    def index_of(self, target: str) -> int | None:
        return next((c.index for c in self.columns if c.target == target), None)

    @property
    def used(self) -> list[Column]:
        return [c for c in self.columns if c.target]

    @property
    def ignored(self) -> list[Column]:
        return [c for c in self.columns if not c.target and c.how != "empty"]

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "manual": self.manual,
            "columns": [
                {"header": c.header, "target": c.target, "label": c.label, "how": c.how, "note": c.note}
                for c in self.columns
            ],
        }


def detect_kind(headers: list[str]) -> str:
    """NRMP tables have a year and a specialty per row, and no program number."""
    names = {normalise(h) for h in headers}
    has_number = any(PROGRAM_ALIASES.get(name, ("",))[0] == "number" for name in names)
    is_nrmp = "year" in names and bool(names & {"nrmp specialty", "specialty"}) and not has_number
    return NRMP if is_nrmp else PROGRAMS


def map_columns(headers: list[str], manual: dict[str, str] | None = None) -> ColumnMap:
    """Map each header to a target: a manual choice first, then the best-ranked alias."""
    kind = detect_kind(headers)
    aliases = NRMP_ALIASES if kind == NRMP else PROGRAM_ALIASES
    manual = {k: v for k, v in (manual or {}).items() if valid_target(v, kind)}
    columns, best = [], {}
    for index, header in enumerate(headers):
        column, rank = _map_one(index, header, manual, aliases, kind)
        columns.append(column)
        if column.target and not column.target.startswith("season:"):
            previous = best.get(column.target)
            if previous is None or rank < previous[1]:
                best[column.target] = (column, rank)
    for column in columns:
        winner = best.get(column.target, (column, 0))[0]
        if column.target and winner is not column:
            column.how, column.note = "duplicate", f"“{winner.header}” already gives {winner.label.lower()}"
            column.target = ""
    return ColumnMap(kind, columns, header_signature(headers), manual)


def _map_one(index, header, manual, aliases, kind) -> tuple[Column, int]:
    key = normalise(header)
    if not key:
        return Column(index, header, how="empty", note="no header"), 0
    if key in PROTECTED:
        return Column(index, header, how="protected", note="never imported: rows belong to your workspace"), 0
    if key in manual:
        return Column(index, header, manual[key], "manual"), -1
    if kind == PROGRAMS and (season := _SEASON.search(key)):
        return Column(index, header, f"season:{season[1]}-{season[2]}", "alias"), 0
    if key in aliases:
        target, rank = aliases[key]
        return Column(index, header, target, "alias"), rank
    return Column(index, header, note="not a column Shortlist knows"), 0
