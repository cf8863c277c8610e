"""The creation-and-claim pass issues the same number of queries for 2 or 6 busy workspaces."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Workspace
from outreach.choices import InterviewStatus, SecondLook
from outreach.models import Interview, Reminder
from outreach.reminders import claim_due, create_due_reminders
from programs.choices import SourceKind, Stage
from tests.base import UserFactory
from tests.factories import ProgramFactFactory, TrackedProgramFactory
from tests.outreach.factories import EventFactory, OutgoingFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 2, 12, 15, 0, tzinfo=UTC)  # 13 days before the seeded certification deadline


def busy_workspace(n: int) -> None:
    workspace = Workspace.create_for(UserFactory(email=f"owner{n}@example.com"), f"Busy {n}", 2026)
    tracked = TrackedProgramFactory(workspace=workspace, stage=Stage.SHORT_LIST)
    ProgramFactFactory(program=tracked.program, values={"visa_j1": True}, source_kind=SourceKind.FREIDA,
                       observed_on=date(2024, 1, 1))  # fmt: skip
    OutgoingFactory(tracked=tracked, sent_at=NOW - timedelta(days=8))
    OutgoingFactory(tracked=tracked, sent_at=NOW - timedelta(days=15))
    EventFactory(workspace=workspace, starts_at=NOW + timedelta(minutes=30))
    Interview.objects.create(
        workspace=workspace, tracked=tracked, status=InterviewStatus.SCHEDULED, interview_date=date(2026, 2, 13),
        interview_time=time(15, 0), second_look=SecondLook.PLANNED, second_look_on=date(2026, 2, 13),
    )  # fmt: skip


def pass_queries() -> int:
    Reminder.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        create_due_reminders(NOW)
        claim_due(NOW)
    return len(queries)


def test_the_pass_is_batched_whatever_the_number_of_workspaces():
    for n in range(2):
        busy_workspace(n)
    few = pass_queries()
    kinds = set(Reminder.objects.values_list("kind", "occurrence"))
    assert kinds == {
        ("follow_up", "first"), ("follow_up", "again"), ("event", "hour_before"), ("event", "day_before"),
        ("deadline", "14d"), ("fact_check", "certification"),
    }  # fmt: skip
    for n in range(2, 6):
        busy_workspace(n)
    many = pass_queries()
    assert (
        Reminder.objects.count()
        == 6 * Reminder.objects.filter(user__email="owner0@example.com").count()
        == 42
    )
    assert many == few
