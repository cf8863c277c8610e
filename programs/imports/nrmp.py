"""NRMP tables (positions offered and filled, applicants and matches by type) → ``SpecialtyStat``.

These figures are shared by everyone, so only staff confirm them (the admin, the management
command with ``--catalog``, or a staff member's upload). A later table for the same specialty and
year replaces the figures it gives and keeps the ones it does not (an MD-seniors table leaves the
DO seniors' figures alone).
"""

from dataclasses import dataclass, field

from ..facts import is_blank, parse_count, parse_int
from ..models import ImportBatch, SpecialtyStat
from .cleaning import Cleaned
from .headers import NRMP_FIELDS, ColumnMap
from .identity import SpecialtyLookup
from .planning import NEW, UNCHANGED, UPDATED
from .reading import Table

COUNT_FIELDS = tuple(k for k in NRMP_FIELDS if k not in {"year", "nrmp_label", "source"})


@dataclass(slots=True)
class StatRow:
    row: int
    year: int
    nrmp_label: str
    specialty_code: str
    figures: dict = field(default_factory=dict)
    status: str = NEW


def clean_stats(
    table: Table, columns: ColumnMap, specialties: SpecialtyLookup
) -> tuple[list[StatRow], Cleaned]:
    indexes = {c.target[5:]: c.index for c in columns.used}
    cleaned, rows, seen = Cleaned(), [], set()
    if "year" not in indexes or "nrmp_label" not in indexes:
        return rows, cleaned
    for number, cells in zip(table.row_numbers, table.rows, strict=True):
        try:
            row = _clean_stat(number, cells, indexes, specialties)
        except ValueError as exc:
            cleaned.invalid_rows += 1
            cleaned.error(number, str(exc))
            continue
        if (row.nrmp_label, row.year) in seen:
            cleaned.invalid_rows += 1
            cleaned.error(number, f"{row.nrmp_label} {row.year} appears twice in the file")
            continue
        seen.add((row.nrmp_label, row.year))
        rows.append(row)
    return rows, cleaned


def _cell(cells, index):
    return cells[index] if index is not None and index < len(cells) else None


def _clean_stat(number: int, cells: list, indexes: dict, specialties: SpecialtyLookup) -> StatRow:
    year = parse_int(_cell(cells, indexes["year"]) or "")
    if not 1950 <= year <= 2100:
        raise ValueError(f"{year} is not a Match year")
    label = str(_cell(cells, indexes["nrmp_label"]) or "").strip()
    if not label:
        raise ValueError("no NRMP specialty")
    figures = {}
    for name in COUNT_FIELDS:
        if name in indexes:
            raw = _cell(cells, indexes[name])
            try:
                figures[name] = None if is_blank(raw) else parse_count(raw)
            except ValueError as exc:
                raise ValueError(f"{NRMP_FIELDS[name][0]}: {exc}") from None
    if "source" in indexes:
        figures["source"] = str(_cell(cells, indexes["source"]) or "").strip()[:300]
    return StatRow(number, year, label[:200], specialties.code_for(label) or "", figures)


def plan_stats(rows: list[StatRow]) -> None:
    """Mark each row new / updated / unchanged against the stored figures (one query)."""
    years = {r.year for r in rows}
    labels = {r.nrmp_label for r in rows}
    stored = {
        (s.nrmp_label, s.year): s for s in SpecialtyStat.objects.filter(year__in=years, nrmp_label__in=labels)
    }
    for row in rows:
        current = stored.get((row.nrmp_label, row.year))
        if current is None:
            row.status = NEW
        elif all(getattr(current, k) == v for k, v in row.figures.items()):
            row.status = UNCHANGED
        else:
            row.status = UPDATED


def apply_stats(rows: list[StatRow], batch: ImportBatch, specialty_ids: dict[str, int]) -> dict:
    changed = [r for r in rows if r.status != UNCHANGED]
    if not changed:
        return {"stats_written": 0}
    update_fields = sorted({k for r in changed for k in r.figures} | {"specialty", "batch"})
    SpecialtyStat.objects.bulk_create(
        [
            SpecialtyStat(
                nrmp_label=r.nrmp_label,
                year=r.year,
                specialty_id=specialty_ids.get(r.specialty_code),
                batch=batch,
                **r.figures,
            )
            for r in changed
        ],
        update_conflicts=True,
        unique_fields=["nrmp_label", "year"],
        update_fields=update_fields,
    )
    return {"stats_written": len(changed)}
