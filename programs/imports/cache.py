"""The preview's cleaned rows, kept next to the upload so confirming does not clean the file again.

Cleaning depends only on the file, the column mapping and the source chosen, so confirming can
start from the preview's result and only *plan* again against the database of that moment. The
cache is JSON written by us, keyed by those three inputs; any mismatch means "clean again".
"""

import hashlib
import json
from datetime import date

from . import storage
from .analysis import Analysis, plan_programs
from .cleaning import Cleaned, CleanRow
from .headers import map_columns
from .identity import SpecialtyLookup
from .reading import Table

ROW_FIELDS = ("row", "number", "name", "institution", "city", "state", "specialty", "values")


def cache_key(file_sha256: str, manual: dict, source_kind: str) -> str:
    text = json.dumps([file_sha256, manual, source_kind], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def save(stored_file: str, key: str, analysis: Analysis) -> None:
    """Keep a programs preview's cleaned rows (NRMP tables are small: they are simply read again)."""
    if analysis.kind != "programs" or analysis.plan is None:
        return
    table, cleaned = analysis.table, analysis.cleaned
    document = {
        "key": key,
        "table": {
            "headers": table.headers, "format": table.format, "encoding": table.encoding,
            "delimiter": table.delimiter, "notes": table.notes, "blank_rows": table.blank_rows,
            "rows_total": len(table.rows),
        },
        "manual": analysis.columns.manual,
        "source_kind": analysis.source_kind,
        "cleaned": {
            "rows": [
                [*(getattr(r, f) for f in ROW_FIELDS), r.observed_on.isoformat() if r.observed_on else None]
                for r in cleaned.rows
            ],
            "errors": cleaned.errors, "warnings": cleaned.warnings, "notes": cleaned.notes,
            "invalid_rows": cleaned.invalid_rows,
        },
    }  # fmt: skip
    storage.save_companion(stored_file, json.dumps(document).encode())


def load(stored_file: str, key: str, *, workspace, observed_on: date) -> Analysis | None:
    """The preview's analysis, planned again now; None when there is no matching cache."""
    raw = storage.read_companion(stored_file)
    if raw is None:
        return None
    document = json.loads(raw)
    if document.get("key") != key:
        return None
    meta = document["table"]
    table = Table(headers=meta["headers"], format=meta["format"], encoding=meta["encoding"],
                  delimiter=meta["delimiter"], notes=meta["notes"], blank_rows=meta["blank_rows"])  # fmt: skip
    saved = document["cleaned"]
    cleaned = Cleaned(
        rows=[_row(cells) for cells in saved["rows"]],
        errors=saved["errors"],
        warnings=saved["warnings"],
        notes=saved["notes"],
        invalid_rows=saved["invalid_rows"],
    )
    columns = map_columns(table.headers, document["manual"])
    analysis = Analysis(table, columns, document["source_kind"], SpecialtyLookup(), cleaned=cleaned)
    analysis.rows_total = meta["rows_total"]
    plan_programs(analysis, workspace, observed_on)
    return analysis


def _row(cells: list) -> CleanRow:
    row = CleanRow(**dict(zip(ROW_FIELDS, cells[: len(ROW_FIELDS)], strict=True)))
    row.observed_on = date.fromisoformat(cells[-1]) if cells[-1] else None
    return row
