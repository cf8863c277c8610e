"""Builders for import tests: FREIDA-style rows, files in every format, and write counters."""

import csv
import io

from django.db import connection
from openpyxl import Workbook

from programs.imports import pipeline
from programs.models import ImportBatch, Program, ProgramFact, SpecialtyStat, TrackedProgram
from tests.base import require

HEADER = [
    "Program ID", "Program Name", "City", "State", "Specialty", "Visa status", "% IMG",
    "Number of 1st Yr Positions", "Program best described as", "Web Address",
]  # fmt: skip


def number(i: int) -> str:
    """Internal Medicine (140) in New York (35): the digits agree with the row's specialty and state."""
    return f"14035{i:05d}"


def row(i: int, **changes) -> list[str]:
    values = {
        "Program ID": number(i),
        "Program Name": f"Hospital {i} Internal Medicine Program",
        "City": "New York",
        "State": "NY",
        "Specialty": "Internal Medicine",
        "Visa status": ["['J-1 through ECFMG']", "['J-1 through ECFMG', 'H-1B']", "[]"][i % 3],
        "% IMG": f"{(i * 7) % 90}.5",
        "Number of 1st Yr Positions": str(5 + i % 20),
        "Program best described as": "University-based",
        "Web Address": f"https://hospital{i}.example.org/im",
    }
    values.update(changes)
    return [values[h] for h in HEADER]


def rows(n: int, start: int = 0) -> list[list[str]]:
    return [row(i) for i in range(start, start + n)]


def csv_text(header: list, body: list[list], delimiter: str = ",", newline: str = "\r\n") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(body)
    return buffer.getvalue()


def csv_file(
    header: list = HEADER, body: list[list] | None = None, *, encoding: str = "utf-8", **kwargs
) -> bytes:
    return csv_text(header, rows(3) if body is None else body, **kwargs).encode(encoding)


def xlsx_file(header: list, body: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for cells in body:
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def written() -> dict:
    """Row counts of every table an import may write."""
    return {
        "programs": Program.objects.count(),
        "facts": ProgramFact.objects.count(),
        "tracked": TrackedProgram.objects.count(),
        "stats": SpecialtyStat.objects.count(),
    }


NOTHING = {"programs": 0, "facts": 0, "tracked": 0, "stats": 0}


def preview(workspace, data: bytes, name: str = "programs.csv", user=None, **kwargs) -> ImportBatch:
    return pipeline.create_batch(data=data, file_name=name, workspace=workspace, user=user, **kwargs)


def import_file(workspace, data: bytes, name: str = "programs.csv", user=None, skip_invalid=False, **kw):
    batch = preview(workspace, data, name, user, **kw)
    assert batch.status == ImportBatch.Status.PREVIEWED, batch.message
    assert pipeline.confirm_batch(batch, skip_invalid=skip_invalid, inline=True), (
        batch.message,
        batch.errors,
    )
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE, batch.message
    return batch


def require_postgres() -> None:
    require(connection.vendor == "postgresql", "needs PostgreSQL", "REQUIRE_SERVICES")
