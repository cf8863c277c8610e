"""The rank-list reminders: unreviewed changes a week before certification, open warnings two days
before — timed from the season calendar, created once, and re-checked when sent."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Workspace
from outreach.models import Deadline, DeadlineKind, NotificationPreferences, Reminder, ReminderStatus
from outreach.reminders import create_due_reminders, run_pass
from outreach.reminders.creation import Recipients
from programs.choices import Stage
from scoring.models import RankList
from scoring.reminders import rank_list_due
from tests.base import UserFactory

from .helpers import ELIGIBLE, applicant, track

pytestmark = pytest.mark.django_db
EASTERN = ZoneInfo("America/New_York")
DEADLINE = datetime(2027, 2, 24, 21, 0, tzinfo=EASTERN)


def morning(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time().replace(hour=9, minute=5), EASTERN)


@pytest.fixture
def calendar():
    return Deadline.objects.create(
        season=2027, kind=DeadlineKind.ROL_CERTIFICATION, name="Rank order list certification deadline",
        moment=DEADLINE, applies_to=["residency"], confidence="inferred",
        source_url="https://www.nrmp.org/", verified_on=date(2026, 11, 24),
    )  # fmt: skip


@pytest.fixture(autouse=True)
def only_rank_list_emails(alice):
    """The calendar's own deadline reminders are due too; keep them out of alice's mail here."""
    NotificationPreferences.objects.create(user=alice, email_off=["deadline", "fact_check"])


@pytest.fixture
def ranked(workspace, calendar):
    """A list with a program that was not interviewed (an open warning), changed and never reviewed."""
    applicant(workspace)
    RankList.primary_for(workspace).add(track(workspace, stage=Stage.APPLIED, **ELIGIBLE))
    return workspace


def kinds() -> list[tuple[str, str]]:
    return list(
        Reminder.objects.filter(kind="rank_list").order_by("due_at").values_list("occurrence", "status")
    )


def rank_list_mail() -> list:
    """The rank-list emails (the calendar's own deadline reminders go out too)."""
    return [m for m in mail.outbox if "rank list" in m.subject]


def test_nothing_is_due_more_than_a_week_before(ranked):
    create_due_reminders(morning(date(2027, 2, 16)))
    assert kinds() == []


def test_unreviewed_changes_are_reminded_a_week_before_and_only_once(ranked, alice):
    run_pass(morning(date(2027, 2, 17)))
    run_pass(morning(date(2027, 2, 17)) + timedelta(minutes=5))
    assert kinds() == [("review", ReminderStatus.SENT)]
    (sent,) = rank_list_mail()
    assert sent.subject == "[Shortlist] Review your rank list: the certification deadline is in 7 days"
    assert "Wednesday, February 24, 2027, 9:00 PM EST" in sent.body
    assert "not confirmed by its source" in sent.body


def test_open_warnings_are_listed_two_days_before(ranked, alice):
    RankList.primary_for(ranked).take_snapshot("Looked at it")  # reviewed: no review reminder
    run_pass(morning(date(2027, 2, 22)))
    assert kinds() == [("warnings", ReminderStatus.SENT)]
    (sent,) = rank_list_mail()
    assert "Open warnings on your rank list, 2 days before certification" in sent.subject
    assert "Not interviewed" in sent.body or "not interviewed" in sent.body


def test_a_review_done_before_the_reminder_goes_out_cancels_it(ranked, alice):
    create_due_reminders(morning(date(2027, 2, 17)))
    RankList.primary_for(ranked).take_snapshot("Reviewed")
    run_pass(morning(date(2027, 2, 17)) + timedelta(minutes=1))
    assert kinds() == [("review", ReminderStatus.CANCELLED)]
    assert not rank_list_mail()


def test_no_warning_reminder_once_the_warnings_are_resolved(ranked, alice):
    RankList.primary_for(ranked).take_snapshot("Reviewed")
    create_due_reminders(morning(date(2027, 2, 22)))
    ranked.tracked_programs.update(stage=Stage.INTERVIEWED)
    run_pass(morning(date(2027, 2, 22)) + timedelta(minutes=1))
    assert kinds() == [("warnings", ReminderStatus.CANCELLED)]


def test_a_season_without_a_sourced_deadline_reminds_nothing(workspace):
    applicant(workspace)
    RankList.primary_for(workspace).add(track(workspace, stage=Stage.APPLIED, **ELIGIBLE))
    create_due_reminders(morning(date(2027, 2, 22)))
    assert kinds() == []


def test_finding_what_is_due_takes_the_same_queries_for_more_workspaces(ranked):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            rank_list_due(morning(date(2027, 2, 22)), Recipients())
        return len(queries)

    before = count()
    for n in range(3):
        other = Workspace.create_for(UserFactory(email=f"ranker{n}@example.com"), f"Search {n}", season=2027)
        RankList.primary_for(other).add(track(other, stage=Stage.APPLIED, **ELIGIBLE))
    assert count() == before
