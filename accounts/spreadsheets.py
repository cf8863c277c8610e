"""Safe downloads: CSV and XLSX whose text cells can never run as spreadsheet formulas.

ASVS 1.2.10 / CWE-1236: a text cell that starts with ``= + - @``, tab, CR or NUL is prefixed with
a single quote in CSV, and every text cell is written as a string (never a formula) in XLSX.
Numbers stay numbers, so a negative score is still a number. Filenames come from our data only.
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r", "\0")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralise(value):
    """The value to write in a CSV cell: numbers unchanged, risky text prefixed with a quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(DANGEROUS_FIRST) else text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """RFC 4180 CSV in UTF-8 with a BOM, so Excel opens accents correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_cell(sheet, value):
    if value is None:
        return None
    if isinstance(value, bool):
        value = "Yes" if value else "No"
    if isinstance(value, int | float | Decimal | datetime | date):
        return value
    cell = WriteOnlyCell(sheet, value=_ILLEGAL_XML.sub("", str(value)))
    cell.data_type = "s"  # a string, even when it starts with "=": Excel will not evaluate it
    return cell


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence], *, title: str = "Sheet1") -> bytes:
    """An XLSX workbook built in write-only mode (fast, low memory) with every text cell a string."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([_xlsx_cell(sheet, h) for h in header])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def safe_filename(*parts: str, extension: str) -> str:
    """A download name from our own data: letters, digits and dashes only."""
    stem = "-".join(re.sub(r"[^A-Za-z0-9]+", "-", p).strip("-") for p in parts if p).lower() or "download"
    return f"{stem[:80]}.{extension}"


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def csv_response(header, rows, filename: str) -> HttpResponse:
    return download(csv_bytes(header, rows), filename, "text/csv; charset=utf-8")


def xlsx_response(header, rows, filename: str, *, title: str = "Sheet1") -> HttpResponse:
    return download(xlsx_bytes(header, rows, title=title), filename, XLSX_TYPE)
