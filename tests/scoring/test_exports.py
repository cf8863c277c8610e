"""Every download re-read: CSV with csv, XLSX with openpyxl (no formula cell), PDF text with pypdf — the
checklist's injection payloads (§6.4) come back as inert text; file names come from our data."""

import csv
import io
import socket

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from scoring.models import Criterion, RankList
from scoring.ranking import list_view
from scoring.scores import score_programs
from tests.factories import ProgramFactory

from .helpers import ELIGIBLE, PAYLOADS, applicant, only_criteria, rate, track, url


@pytest.fixture
def ws(workspace):
    applicant(workspace)
    workspace.name = "=cmd|' /C calc'!A0 <b>"
    workspace.save(update_fields=["name"])
    return workspace


@pytest.fixture
def ranked(ws):
    """A primary list whose program names and why-here notes are the payloads."""
    chosen = only_criteria(ws, faculty=3)
    primary = RankList.primary_for(ws)
    for index, payload in enumerate(PAYLOADS):
        tracked = track(ws, program=ProgramFactory(name=f"{payload} Program", city=payload), **ELIGIBLE,
                        nrmp_codes=[f"{index}234567C0"])  # fmt: skip
        rate(ws, tracked, chosen["faculty"], 1 + index % 5)
        primary.add(tracked).save_note(payload)
    return primary


def _squash(text: str) -> str:
    return "".join(text.split())


def _get(client, ws, ranked, fmt):
    response = client.get(url("list_download", ws, pk=ranked.pk, fmt=fmt))
    assert response.status_code == 200
    return response


def test_the_csv_neutralises_formulas_and_keeps_numbers(alice_client, ws, ranked):
    response = _get(alice_client, ws, ranked, "csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Rank", "Program", "Program number", "NRMP code", "City/State", "Visa", "Tier",
                       "Composite score", "Why here"]  # fmt: skip
    assert len(rows) == 1 + len(PAYLOADS)
    for row, payload in zip(rows[1:], PAYLOADS, strict=True):
        assert row[0].isdigit()
        assert row[8] == ("'" + payload if payload[0] in "=+-@\t\r" else payload)
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)
    assert rows[1][7] == "1.0" and rows[1][5] == "J-1"


def test_the_xlsx_has_only_string_and_number_cells(alice_client, ws, ranked):
    response = _get(alice_client, ws, ranked, "xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert cells and all(cell.data_type in ("s", "n") for cell in cells)
    notes = [sheet.cell(row=r, column=9).value for r in range(2, 2 + len(PAYLOADS))]
    assert notes[0] == PAYLOADS[0] and notes[6] == PAYLOADS[6]  # the text itself, as a string
    assert sheet.cell(row=2, column=1).data_type == "n" and sheet.cell(row=2, column=8).data_type == "n"


def test_the_pdf_prints_the_payloads_as_text_and_fetches_nothing(alice_client, ws, ranked, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the PDF tried to open a connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    response = _get(alice_client, ws, ranked, "pdf")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Primary rank order list" in text
    for payload in PAYLOADS:  # wrapped across lines in the cells: compare without whitespace
        assert _squash(payload) in _squash(text)
    assert not any("/URI" in str(page.get("/Annots", "")) for page in reader.pages)


def test_file_names_come_from_our_data_not_the_applicants(alice_client, ws, ranked):
    for fmt in ("csv", "xlsx", "pdf"):
        disposition = _get(alice_client, ws, ranked, fmt)["Content-Disposition"]
        assert disposition.startswith('attachment; filename="rank-list-primary-2027-match-')
        assert disposition.endswith(f'.{fmt}"') and "cmd" not in disposition


def test_the_scored_table_downloads_are_safe_too(alice_client, ws, ranked):
    csv_rows = list(
        csv.reader(
            io.StringIO(alice_client.get(url("scores_download", ws, fmt="csv")).content.decode("utf-8-sig"))
        )
    )
    assert csv_rows[0][:8] == ["Program", "Program number", "City/State", "Stage", "Eligibility", "Tier",
                               "Composite score", "Coverage %"]  # fmt: skip
    assert csv_rows[0][8:] == ["Faculty alignment with my interests"]
    assert all(not row[0].startswith(("=", "+", "-", "@")) for row in csv_rows[1:])
    sheet = load_workbook(io.BytesIO(alice_client.get(url("scores_download", ws, fmt="xlsx")).content)).active
    assert all(c.data_type in ("s", "n") for row in sheet.iter_rows() for c in row if c.value is not None)
    pdf = alice_client.get(url("scores_download", ws, fmt="pdf"))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Scores · 2027 Match" in text and _squash(PAYLOADS[0]) in _squash(text)
    assert pdf["Content-Disposition"].startswith('attachment; filename="scores-2027-match-')


def test_an_unknown_format_is_404(alice_client, ws, ranked):
    assert alice_client.get(url("list_download", ws, pk=ranked.pk, fmt="html")).status_code == 404
    assert alice_client.get(url("scores_download", ws, fmt="docx")).status_code == 404


def test_the_scored_table_downloads_follow_the_pages_tier_and_order(alice_client, ws):
    chosen = only_criteria(ws, faculty=3)
    for name, value in {"Alpha Program": 2, "Beta Program": 5, "Gamma Program": 4}.items():
        rate(ws, track(ws, program=ProgramFactory(name=name), **ELIGIBLE), chosen["faculty"], value)
    ineligible = track(ws, program=ProgramFactory(name="Delta Program"), **{**ELIGIBLE, "visa_j1": False})
    rate(ws, ineligible, chosen["faculty"], 5)
    tier = score_programs(ws, [ineligible]).get(ineligible.pk).tier.tier
    assert tier == "not_eligible"
    page = alice_client.get(url("scores", ws), {"tier": "not_eligible", "sort": "name"}).content.decode()
    assert "?tier=not_eligible&amp;sort=name" in page  # the download links carry the page's choice

    def programs(query):
        response = alice_client.get(url("scores_download", ws, fmt="csv"), query)
        rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
        return [row[0].split(" · ")[0] for row in rows][1:]

    assert programs({}) == ["Beta Program", "Delta Program", "Gamma Program", "Alpha Program"]
    assert programs({"sort": "name"}) == ["Alpha Program", "Beta Program", "Delta Program", "Gamma Program"]
    assert programs({"tier": "not_eligible"}) == ["Delta Program"]
    assert programs({"tier": "nonsense", "sort": "nonsense"}) == programs({})
    pdf = alice_client.get(url("scores_download", ws, fmt="pdf"), {"tier": "not_eligible", "sort": "name"})
    text = _squash("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages))
    assert _squash("1 not eligible program, by name") in text and "AlphaProgram" not in text


@pytest.mark.parametrize("count", [1, 12, 30])
def test_the_scored_table_pdf_fits_its_page_whatever_the_number_of_criteria(ws, count, monkeypatch):
    from scoring import exports
    from scoring.pdf import TABLE_WIDTH
    from scoring.scores import Scoreboard

    built = {}
    monkeypatch.setattr(
        exports, "table_pdf", lambda *args, **kwargs: built.update(header=args[2], widths=args[4])
    )
    criteria = [Criterion(pk=n, name=f"Criterion {n}", weight=3) for n in range(1, count + 1)]
    exports.scores_pdf(ws, Scoreboard(criteria), [], "best composite first")
    assert built["header"][-count:] == [str(n) for n in range(1, count + 1)]  # numbered, named in the key
    assert sum(built["widths"]) <= TABLE_WIDTH + 1e-9


@pytest.mark.parametrize(
    ("j1", "h1b", "shown"),
    [
        (True, True, "J-1, H-1B"),
        (True, None, "J-1 (H-1B not reported)"),
        (False, False, "no J-1 or H-1B"),
        (False, None, "no J-1 (H-1B not reported)"),
        (None, None, "not reported"),
    ],
)
def test_the_visa_column_says_what_the_program_sponsors(ws, j1, h1b, shown):
    facts = {key: value for key, value in (("visa_j1", j1), ("visa_h1b", h1b)) if value is not None}
    tracked = track(ws, **facts, accepting_applications={"2027-2028": True})
    primary = RankList.primary_for(ws)
    primary.add(tracked)
    (row,) = list_view(ws, primary).rows
    assert row.visa == shown
