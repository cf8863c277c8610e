"""Bytes → a table of rows: format, encoding and delimiter detection, with the limits checked first.

Spreadsheets arrive from Excel on Windows (cp1252, ";" in Europe), Excel "Unicode text" (UTF-16,
tab-separated), Google Sheets (UTF-8) or as .xlsx. Every whole-file problem raises
:class:`ImportRefused` with a message a person can act on; nothing here touches the database.
"""

import codecs
import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass, field

from .limits import ImportLimits, ImportRefused, human_size

MAX_COLUMNS = 200
DELIMITERS = (",", "\t", ";", "|")
DELIMITER_NAMES = {",": "comma", "\t": "tab", ";": "semicolon", "|": "pipe"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"


class FormulaWithoutValue:
    """An XLSX cell holding a formula that was never calculated (written by a script, not Excel)."""

    def __repr__(self) -> str:
        return "FORMULA_WITHOUT_VALUE"


FORMULA_WITHOUT_VALUE = FormulaWithoutValue()


@dataclass
class Table:
    """The header and data rows of a file, with what was detected while reading it."""

    headers: list[str]
    rows: list[list] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)  # as a spreadsheet shows them (header = 1)
    format: str = "csv"
    encoding: str = ""
    delimiter: str = ""
    notes: list[str] = field(default_factory=list)
    blank_rows: int = 0
    numeric_cells: set[int] = field(default_factory=set)  # XLSX columns that held numbers

    @property
    def delimiter_name(self) -> str:
        return DELIMITER_NAMES.get(self.delimiter, "")


def read_table(data: bytes, file_name: str, limits: ImportLimits) -> Table:
    """Parse an upload into a :class:`Table`, or raise :class:`ImportRefused` saying why not."""
    if not data or not data.strip(b" \t\r\n\x00"):
        raise ImportRefused("The file is empty.")
    if len(data) > limits.max_bytes:
        raise ImportRefused(
            f"The file is {human_size(len(data))}, more than the {human_size(limits.max_bytes)} limit. "
            "Split it into smaller files, or keep only the columns you need."
        )
    lowered = file_name.lower()
    if data.startswith(_OLE_MAGIC) or lowered.endswith(".xls"):
        raise ImportRefused(
            "This is an old Excel (.xls) workbook. Save it as .xlsx or as CSV and upload that."
        )
    if data.startswith(_ZIP_MAGIC):
        table = read_xlsx(data, limits)
    elif lowered.endswith((".xlsx", ".xlsm")):
        raise ImportRefused("This is not an Excel file, although its name ends in .xlsx.")
    else:
        table = read_text(data, file_name, limits)
    if not table.rows:
        raise ImportRefused("The file has a header row but no data rows.")
    return table


# --- Text files (CSV / TSV) -------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name): BOMs first, then UTF-8, then Windows cp1252, then Latin-1."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    head = data[:2000]
    if len(head) >= 4 and head[1::2].count(0) > len(head) * 0.4 and head[0::2].count(0) == 0:
        return data.decode("utf-16-le", errors="replace"), "utf-16-le"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def sniff_delimiter(text: str, file_name: str = "") -> str:
    """The delimiter among , tab ; | that splits the first lines into the most, consistent columns."""
    sample = text[:65536]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    best, best_score = ",", 0.0
    preferred = ("\t", *DELIMITERS) if file_name.lower().endswith((".tsv", ".tab")) else DELIMITERS
    for delimiter in preferred:
        try:
            rows = [r for r in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter) if r][:50]
        except csv.Error:
            continue
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        consistent = sum(1 for r in rows if len(r) == width) / len(rows)
        score = width * consistent if consistent >= 0.6 else 0
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_text(data: bytes, file_name: str, limits: ImportLimits) -> Table:
    text, encoding = decode(data)
    if text.count("\x00") > max(10, len(text) // 100):
        raise ImportRefused(
            "This file does not look like a spreadsheet (it contains binary data). "
            "Upload a CSV, TSV or XLSX file."
        )
    text, removed = _CONTROL.subn("", text)
    stripped = text.lstrip()
    if stripped.startswith("{"):
        table = read_nrmp_json(stripped, encoding)
    else:
        table = parse_delimited(text, sniff_delimiter(text, file_name), limits)
        table.encoding = encoding
    if removed:
        table.notes.append(f"Removed {removed} invisible control character(s), such as NUL bytes.")
    return table


def parse_delimited(text: str, delimiter: str, limits: ImportLimits) -> Table:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    table: Table | None = None
    record = 0
    try:
        for cells in reader:
            record += 1
            if not "".join(cells).strip():
                if table is not None:
                    table.blank_rows += 1
                continue
            if table is None:
                table = Table(headers=_headers(cells), format="tsv" if delimiter == "\t" else "csv")
                table.delimiter = delimiter
                continue
            if len(table.rows) >= limits.max_rows:
                raise ImportRefused(_too_many_rows(limits))
            table.rows.append(cells)
            table.row_numbers.append(record)
    except csv.Error as exc:
        raise ImportRefused(
            f'Row {record + 1} could not be read ({exc}). A quote (") that is never closed is the '
            "usual cause: it swallows the rest of the file."
        ) from None
    if table is None:
        raise ImportRefused("The file is empty.")
    _note_multiline_rows(table, text)
    return table


def _headers(cells: list) -> list[str]:
    if len(cells) > MAX_COLUMNS:
        raise ImportRefused(f"The file has {len(cells)} columns; at most {MAX_COLUMNS} are read.")
    return [("" if c is None else str(c)).replace("\ufeff", "").strip() for c in cells]


def _too_many_rows(limits: ImportLimits) -> str:
    return (
        f"The file has more than {limits.max_rows:,} rows, the most one import takes. "
        "Split it into smaller files."
    )


def _note_multiline_rows(table: Table, text: str) -> None:
    """A cell spanning lines is legal, but also what an unmatched quote produces: say where."""
    if text.count("\n") <= len(table.rows) + table.blank_rows + 1:
        return
    spanning = [
        number
        for number, cells in zip(table.row_numbers, table.rows, strict=True)
        if any("\n" in c or "\r" in c for c in cells)
    ]
    if spanning:
        shown = ", ".join(str(n) for n in spanning[:5]) + (" …" if len(spanning) > 5 else "")
        table.notes.append(
            f"{len(spanning)} row(s) have a cell that spans several lines (rows {shown}). "
            'If that is not intended, look for an unmatched quote (") in them.'
        )


# --- XLSX -------------------------------------------------------------------------------------


def check_zip(data: bytes, limits: ImportLimits) -> None:
    """Refuse zip bombs before anything is decompressed (ASVS 5.2.3)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ImportRefused("This is not an Excel file (the .xlsx container is damaged).") from None
    with archive:
        members = archive.infolist()
        if len(members) > limits.xlsx_max_members:
            raise ImportRefused(
                f"The workbook has {len(members)} parts, more than the {limits.xlsx_max_members} allowed."
            )
        unpacked = sum(m.file_size for m in members)
        if unpacked > limits.xlsx_max_unpacked_bytes:
            raise ImportRefused(
                f"The workbook unpacks to {human_size(unpacked)}, more than the "
                f"{human_size(limits.xlsx_max_unpacked_bytes)} allowed. Save it as CSV instead."
            )
        if "xl/workbook.xml" not in {m.filename for m in members}:
            raise ImportRefused("This is not an Excel workbook (.xlsx): it is some other zip file.")


def read_xlsx(data: bytes, limits: ImportLimits) -> Table:
    check_zip(data, limits)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl and defusedxml raise many types for broken files
        raise ImportRefused(_xlsx_failure(exc)) from None
    try:
        if not workbook.worksheets:
            raise ImportRefused("The workbook has no sheets.")
        sheet = workbook.worksheets[0]
        table = _read_sheet(workbook, sheet, limits)
        if len(workbook.worksheets) > 1:
            table.notes.append(
                f"Read the first sheet “{sheet.title}”; {len(workbook.worksheets) - 1} other sheet(s) ignored."
            )
    finally:
        workbook.close()
    return table


def _xlsx_failure(exc: BaseException) -> str:
    chain, cause = [], exc
    while cause is not None and len(chain) < 5:  # openpyxl wraps defusedxml's refusal in a ValueError
        chain.append(type(cause).__name__)
        cause = cause.__cause__ or cause.__context__
    if any("Forbidden" in name or "DTD" in name or "Entit" in name for name in chain):
        return "The workbook contains XML entity declarations, which are not allowed."
    return (
        f"The workbook could not be read ({chain[0]}). Open it in Excel and save it again, or save it as CSV."
    )


def _sheet_parser(workbook, sheet):
    """openpyxl's row parser, marking formulas without a saved value instead of reading them as blank.

    It reads the rows the sheet really has, whatever its ``<dimension>`` claims.
    """
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class Parser(WorkSheetParser):
        def parse_cell(self, element):
            cell = super().parse_cell(element)
            if cell["value"] is None and element.find(FORMULA_TAG) is not None:
                cell["value"] = FORMULA_WITHOUT_VALUE
            return cell

    source = workbook._archive.open(sheet._worksheet_path)  # openpyxl 3.1 (pinned) read-only internals
    parser = Parser(
        source,
        sheet._shared_strings,
        data_only=True,
        epoch=workbook.epoch,
        date_formats=workbook._date_formats,
        timedelta_formats=workbook._timedelta_formats,
    )
    return source, parser


def _read_sheet(workbook, sheet, limits: ImportLimits) -> Table:
    source, parser = _sheet_parser(workbook, sheet)
    table: Table | None = None
    try:
        for number, cells in parser.parse():
            row = _xlsx_row(cells)
            if not any(v is not None and str(v).strip() for v in row):
                if table is not None:
                    table.blank_rows += 1
                continue
            if table is None:
                table = Table(headers=_headers(row), format="xlsx")
                continue
            if len(table.rows) >= limits.max_rows:
                raise ImportRefused(_too_many_rows(limits))
            table.numeric_cells.update(i for i, v in enumerate(row) if isinstance(v, int | float))
            table.rows.append(row)
            table.row_numbers.append(number)
    except ImportRefused:
        raise
    except Exception as exc:
        raise ImportRefused(_xlsx_failure(exc)) from None
    finally:
        source.close()
    if table is None:
        raise ImportRefused("The workbook's first sheet is empty.")
    return table


def _xlsx_row(cells: list[dict]) -> list:
    if not cells:
        return []
    width = min(cells[-1]["column"], MAX_COLUMNS + 1)
    row: list = [None] * width
    for cell in cells:
        column = cell["column"]
        if column <= width:
            value = cell["value"]
            row[column - 1] = _CONTROL.sub("", value) if isinstance(value, str) else value
    return row


# --- NRMP match summaries (JSON) --------------------------------------------------------------

NRMP_JSON_FIELDS = (
    ("No_of_Programs", "programs"),
    ("Positions_Offered", "positions_offered"),
    ("Unfilled_Programs", "unfilled_programs"),
    ("No_of_Applicants", "us_{kind}_senior_applicants"),
    ("Total_Applicants", "total_applicants"),
    ("No_of_Matches", "us_{kind}_senior_matches"),
    ("Total_Matches", "total_matches"),
)


def read_nrmp_json(text: str, encoding: str) -> Table:
    """An NRMP "positions offered and filled" summary: ``{year, MD_or_DO, seniors: {specialty: …}}``."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportRefused(f"The JSON file could not be read ({exc.msg}, line {exc.lineno}).") from None
    kind = str(document.get("MD_or_DO", "")).lower() if isinstance(document, dict) else ""
    specialties = document.get("seniors") if isinstance(document, dict) else None
    if kind not in {"md", "do"} or not isinstance(specialties, dict) or "year" not in document:
        raise ImportRefused(
            "JSON files are read only as NRMP match summaries ({year, MD_or_DO, seniors}). "
            "Save other data as CSV or XLSX."
        )
    headers = ["year", "nrmp_specialty"] + [column.format(kind=kind) for _, column in NRMP_JSON_FIELDS]
    table = Table(headers=headers, format="json", encoding=encoding)
    for number, (label, figures) in enumerate(specialties.items(), start=2):
        figures = figures if isinstance(figures, dict) else {}
        table.rows.append([document["year"], label] + [figures.get(key) for key, _ in NRMP_JSON_FIELDS])
        table.row_numbers.append(number)
    return table
