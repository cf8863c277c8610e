"""One pass over a file without writing: read, map columns, clean rows, plan the writes.

The browser preview, the confirm step, the Celery task, the admin and the management command all
go through :func:`analyse`, so they accept and refuse exactly the same files.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from ..choices import SourceKind
from ..facts import REGISTRY
from .cleaning import Cleaned, clean_rows
from .headers import NRMP, ColumnMap, header_signature, map_columns, normalise
from .identity import SpecialtyLookup
from .limits import ImportLimits
from .nrmp import StatRow, clean_stats, plan_stats
from .planning import NEW, UNCHANGED, UPDATED, Plan, Scope, plan_rows
from .reading import Table, read_table

PREVIEW_ROWS = 12
VISA_LABELS = (("visa_j1", "J-1"), ("visa_h1b", "H-1B"), ("visa_f1", "F-1"))
_FREIDA_HEADERS = {"source url", "visa statuses accepted", "program best described as", "program name suffix"}
_ACGME_HEADERS = {
    "accreditation status",
    "accreditationid",
    "effective date",
    "total approved resident positions",
}


@dataclass
class Analysis:
    table: Table
    columns: ColumnMap
    source_kind: str
    specialties: SpecialtyLookup
    cleaned: Cleaned = field(default_factory=Cleaned)
    plan: Plan | None = None
    stats: list[StatRow] = field(default_factory=list)
    blocking: str = ""  # why it cannot be confirmed as it is ("" = it can)
    rows_total: int | None = None  # set when the rows were not read now (cache.load)

    @property
    def total(self) -> int:
        return len(self.table.rows) if self.rows_total is None else self.rows_total

    @property
    def kind(self) -> str:
        return self.columns.kind

    @property
    def errors(self) -> list[dict]:
        extra = self.plan.errors if self.plan else []
        return sorted(self.cleaned.errors + extra, key=lambda e: e["row"])

    @property
    def invalid(self) -> int:
        return self.cleaned.invalid_rows + (len(self.plan.errors) if self.plan else 0)

    @property
    def notes(self) -> list[str]:
        return self.table.notes + self.cleaned.notes + (self.plan.notes if self.plan else [])

    def count(self, status: str) -> int:
        if self.kind == NRMP:
            return sum(1 for s in self.stats if s.status == status)
        return self.plan.count(status) if self.plan else 0


def detect_source(headers: list[str]) -> str:
    names = {normalise(h) for h in headers}
    if names & _FREIDA_HEADERS:
        return SourceKind.FREIDA
    if names & _ACGME_HEADERS:
        return SourceKind.ACGME
    return SourceKind.SPREADSHEET


def analyse(
    data: bytes,
    file_name: str,
    *,
    workspace,
    source_kind: str = "",
    observed_on: date,
    manual: dict | None = None,
    mapping_for: Callable[[str], dict] | None = None,
    may_write_shared: bool = False,
    limits: ImportLimits | None = None,
) -> Analysis:
    """Everything the preview shows; raises ImportRefused for a file that cannot be read at all.

    ``manual`` is a hand-made mapping {normalised header: target}; without one, ``mapping_for``
    (signature -> mapping) supplies the one remembered for files with the same headers.
    """
    table = read_table(data, file_name, limits or ImportLimits.from_settings())
    if manual is None and mapping_for is not None:
        manual = mapping_for(header_signature(table.headers))
    columns = map_columns(table.headers, manual)
    kind_of_source = source_kind or (
        SourceKind.NRMP if columns.kind == NRMP else detect_source(table.headers)
    )
    analysis = Analysis(table, columns, kind_of_source, SpecialtyLookup())
    if columns.kind == NRMP:
        _analyse_stats(analysis, may_write_shared or workspace is None)
    else:
        _analyse_programs(analysis, Scope(workspace, kind_of_source, observed_on))
    return analysis


def _analyse_programs(analysis: Analysis, scope: Scope) -> None:
    if analysis.columns.index_of("number") is None:
        analysis.blocking = (
            "No column gives the ACGME program number. Name one of them “Program ID”, “Program Number”, "
            "“Code” or “ACGME ID”, or choose which column holds it below."
        )
        return
    analysis.cleaned = clean_rows(analysis.table, analysis.columns, analysis.specialties)
    plan_programs(analysis, scope.workspace, scope.observed_on)


def plan_programs(analysis: Analysis, workspace, observed_on: date) -> None:
    """Plan the cleaned rows against the database as it is now (the preview, and again the confirm)."""
    scope = Scope(workspace, analysis.source_kind, observed_on)
    analysis.plan = plan_rows(analysis.cleaned.rows, scope, analysis.specialties.ids)
    if not analysis.plan.rows:
        analysis.blocking = "No row can be imported: every row has a problem (see the list below)."


def _analyse_stats(analysis: Analysis, may_write_shared: bool) -> None:
    targets = {c.target for c in analysis.columns.used}
    if not {"stat:year", "stat:nrmp_label"} <= targets:
        analysis.blocking = "An NRMP table needs a “year” and an “nrmp_specialty” column."
        return
    analysis.stats, analysis.cleaned = clean_stats(analysis.table, analysis.columns, analysis.specialties)
    plan_stats(analysis.stats)
    if not may_write_shared:
        analysis.blocking = (
            "This is an NRMP table. Its figures are shared by everyone, so only staff can import them "
            "(the administration's import, or the import_programs command)."
        )
    elif not analysis.stats:
        analysis.blocking = "No row can be imported: every row has a problem (see the list below)."


def preview_rows(analysis: Analysis, limit: int = PREVIEW_ROWS) -> list[dict]:
    """The first rows exactly as they will be stored, for the preview table."""
    labels = analysis.specialties.label
    if analysis.kind == NRMP:
        return [
            {
                "row": s.row,
                "status": s.status,
                "year": s.year,
                "label": s.nrmp_label,
                "specialty": labels(s.specialty_code) if s.specialty_code else "",
                "figures": [[k.replace("_", " "), v] for k, v in s.figures.items() if v not in (None, "")],
            }
            for s in analysis.stats[:limit]
        ]
    planned = analysis.plan.rows[:limit] if analysis.plan else []
    return [
        {
            "row": p.row.row,
            "status": p.status,
            "number": p.row.number,
            "name": p.row.name,
            "institution": p.row.institution,
            "place": ", ".join(x for x in (p.row.city, p.row.state) if x),
            "specialty": labels(p.row.specialty) if p.row.specialty else "",
            "observed_on": p.row.observed_on.isoformat() if p.row.observed_on else "",
            "visas": _visas(p.row.values),
            "facts": [
                [REGISTRY[k].label, REGISTRY[k].display(v)]
                for k, v in p.row.values.items()
                if not k.startswith("visa_")
            ],
        }
        for p in planned
    ]


def _visas(values: dict) -> list[list]:
    """[label, True / False / None] per visa: None is "not reported", shown as such."""
    return [[label, values.get(key)] for key, label in VISA_LABELS]


def summary(analysis: Analysis) -> dict:
    """The batch fields an analysis fills in (counts, detection, mapping, errors, preview)."""
    table = analysis.table
    return {
        "kind": analysis.kind,
        "detected_format": table.format,
        "encoding": table.encoding,
        "delimiter": table.delimiter,
        "header_signature": analysis.columns.signature,
        "column_mapping": analysis.columns.as_json(),
        "ignored_columns": [{"header": c.header, "note": c.note} for c in analysis.columns.ignored],
        "source_kind": analysis.source_kind,
        "rows_total": analysis.total,
        "rows_new": analysis.count(NEW),
        "rows_updated": analysis.count(UPDATED),
        "rows_unchanged": analysis.count(UNCHANGED),
        "rows_invalid": analysis.invalid,
        "errors": analysis.errors,
        "warnings": analysis.cleaned.warnings[:2000],
        "message": analysis.blocking,
        "preview": {
            "rows": preview_rows(analysis),
            "notes": analysis.notes,
            "blank_rows": table.blank_rows,
            "warnings_total": len(analysis.cleaned.warnings),
        },
    }
