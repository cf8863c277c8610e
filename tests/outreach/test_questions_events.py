"""The question bank (seeded, add, reword, reorder, retire) and events with their time zones and answers."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from outreach.models import Answer, Event, OutreachSettings
from outreach.seeds import STANDARD_QUESTIONS
from tests.factories import TrackedProgramFactory

from .factories import EventFactory


def url(name, workspace, **kwargs):
    return reverse(f"outreach:{name}", kwargs={"workspace_id": workspace.pk, **kwargs})


def texts(workspace):
    return list(workspace.outreach_questions.active().values_list("text", flat=True))


def test_every_workspace_starts_with_the_standard_questions_and_templates(workspace):
    OutreachSettings.for_workspace(workspace)
    OutreachSettings.for_workspace(workspace)  # idempotent
    assert texts(workspace) == [text for _slug, text in STANDARD_QUESTIONS]
    assert workspace.outreach_templates.count() == 3


def test_add_reword_reorder_retire_and_restore(alice_client, workspace):
    alice_client.get(url("question_list", workspace))
    alice_client.post(url("question_add", workspace), {"text": "Is there a genetics journal club?"})
    assert texts(workspace)[-1] == "Is there a genetics journal club?"
    added = workspace.outreach_questions.get(text__startswith="Is there a genetics")
    alice_client.post(url("question_move", workspace, pk=added.pk), {"position": 1})
    assert texts(workspace)[0] == "Is there a genetics journal club?"
    alice_client.post(url("question_edit", workspace, pk=added.pk), {"text": "Is there a journal club?"})
    assert texts(workspace)[0] == "Is there a journal club?"
    alice_client.post(url("question_retire", workspace, pk=added.pk))
    assert "Is there a journal club?" not in texts(workspace)
    alice_client.post(url("question_restore", workspace, pk=added.pk))
    assert texts(workspace)[-1] == "Is there a journal club?"


def test_moving_past_the_end_puts_the_question_last(workspace):
    OutreachSettings.for_workspace(workspace)
    first = workspace.outreach_questions.active().first()
    first.move_to(500)
    assert texts(workspace)[-1] == first.text
    assert sorted(workspace.outreach_questions.active().values_list("position", flat=True)) == list(
        range(1, 11)
    )


def test_an_event_is_stored_in_utc_with_its_own_time_zone(alice_client, workspace):
    tracked = TrackedProgramFactory(workspace=workspace)
    data = {"kind": "open_house", "title": "Fall open house", "date": "2026-11-03", "time": "18:00",
            "timezone": "America/Los_Angeles", "duration_minutes": 90, "programs": [tracked.pk]}  # fmt: skip
    response = alice_client.post(url("event_new", workspace), data)
    event = Event.objects.get()
    assert response["Location"] == url("event_detail", workspace, pk=event.pk)
    assert event.starts_at == datetime(2026, 11, 4, 2, 0, tzinfo=UTC)  # 6 pm PST
    assert event.local_start.hour == 18 and list(event.programs.all()) == [tracked]
    page = alice_client.get(url("event_detail", workspace, pk=event.pk)).content.decode()
    assert "9:00 PM EST" in page and "6:00 PM in America/Los_Angeles" in page  # alice's zone: New York


def test_editing_an_event_shows_its_own_local_time(alice_client, workspace):
    event = EventFactory(
        workspace=workspace, starts_at=datetime(2026, 7, 1, 16, 30, tzinfo=UTC), timezone="Asia/Kolkata"
    )
    form = alice_client.get(url("event_edit", workspace, pk=event.pk)).context["form"]
    assert (str(form.initial["date"]), str(form.initial["time"])) == ("2026-07-01", "22:00:00")


def test_an_event_cannot_include_another_workspaces_program(alice_client, workspace, world):
    foreign = TrackedProgramFactory(workspace=world.charlie_workspace)
    data = {"kind": "webinar", "title": "W", "date": "2026-11-03", "time": "18:00",
            "timezone": "America/New_York", "duration_minutes": 60, "programs": [foreign.pk]}  # fmt: skip
    assert alice_client.post(url("event_new", workspace), data).status_code == 400
    assert not Event.objects.exists()


@pytest.fixture
def event_with_program(workspace):
    OutreachSettings.for_workspace(workspace)
    tracked = TrackedProgramFactory(workspace=workspace)
    event = EventFactory(workspace=workspace, starts_at=datetime(2026, 10, 21, 1, 0, tzinfo=UTC))
    event.programs.add(tracked)
    return event, tracked


def test_answers_are_stored_per_event_program_and_question(alice_client, workspace, event_with_program):
    event, tracked = event_with_program
    first, second = workspace.outreach_questions.active()[:2]
    answers_url = url("event_answers", workspace, pk=event.pk, tracked_pk=tracked.pk)
    alice_client.post(answers_url, {f"q_{first.pk}": "J-1 only", f"q_{second.pk}": "Two last year"})
    alice_client.post(answers_url, {f"q_{first.pk}": "J-1 only (ECFMG)", f"q_{second.pk}": ""})
    answer = Answer.objects.get()
    assert (answer.question, answer.tracked, answer.event, answer.text) == (
        first,
        tracked,
        event,
        "J-1 only (ECFMG)",
    )
    assert str(answer.answered_on) == "2026-10-20"  # the day it happened, in the event's zone
    assert "J-1 only (ECFMG)" in alice_client.get(answers_url).content.decode()


def test_a_program_not_at_the_event_is_404(alice_client, workspace, event_with_program):
    event, _tracked = event_with_program
    elsewhere = TrackedProgramFactory(workspace=workspace)
    assert (
        alice_client.get(url("event_answers", workspace, pk=event.pk, tracked_pk=elsewhere.pk)).status_code
        == 404
    )


def test_answers_from_a_reply(alice_client, workspace):
    from .factories import ReplyFactory

    OutreachSettings.for_workspace(workspace)
    reply = ReplyFactory(parent__tracked=TrackedProgramFactory(workspace=workspace))
    question = workspace.outreach_questions.get(slug="mentorship")
    alice_client.post(
        url("message_answers", workspace, pk=reply.pk), {f"q_{question.pk}": "Each resident has two mentors."}
    )
    answer = Answer.objects.get()
    assert (answer.message, answer.event, answer.tracked) == (reply, None, reply.tracked)


def test_deleting_an_event_removes_its_answers(alice_client, workspace, event_with_program):
    event, tracked = event_with_program
    question = workspace.outreach_questions.first()
    alice_client.post(
        url("event_answers", workspace, pk=event.pk, tracked_pk=tracked.pk), {f"q_{question.pk}": "Yes"}
    )
    alice_client.post(url("event_delete", workspace, pk=event.pk))
    assert not Event.objects.exists() and not Answer.objects.exists()
