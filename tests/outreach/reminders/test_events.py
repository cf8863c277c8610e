"""Events, interviews and second looks: the day before (the applicant's morning) and one hour before,
in the applicant's own time zone, across daylight-saving changes."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from outreach.choices import InterviewStatus, SecondLook
from outreach.models import Interview, Reminder, ReminderStatus
from tests.factories import TrackedProgramFactory
from tests.outreach.factories import EventFactory

from .helpers import LABEL, create, keys, notifications, run

pytestmark = pytest.mark.django_db
PACIFIC = ZoneInfo("America/Los_Angeles")
EASTERN = ZoneInfo("America/New_York")


def test_an_event_is_reminded_the_morning_before_and_an_hour_before(workspace, pacific):
    start = datetime(2026, 10, 21, 18, 0, tzinfo=EASTERN)  # 3 p.m. in Los Angeles
    EventFactory(workspace=workspace, title="Open house", starts_at=start)
    morning_before = datetime(2026, 10, 20, 9, 0, tzinfo=PACIFIC)
    assert create(morning_before - timedelta(minutes=1)) == 0
    assert create(morning_before) == 1
    assert create(start - timedelta(hours=1, minutes=1)) == 0
    assert create(start - timedelta(hours=1)) == 1
    due = [r.due_at for r in Reminder.objects.order_by("due_at")]
    assert due == [morning_before, start - timedelta(hours=1)]
    assert keys() == [("event", "day_before", pacific.pk), ("event", "hour_before", pacific.pk)]


def test_tomorrow_means_the_applicants_tomorrow_not_the_programs(workspace, pacific, bob):
    # 10 p.m. in Los Angeles on Oct 21 is 1 a.m. on Oct 22 in New York: "tomorrow" is Oct 20 for alice.
    start = datetime(2026, 10, 22, 5, 0, tzinfo=UTC)
    EventFactory(workspace=workspace, starts_at=start, timezone="America/New_York")
    assert create(datetime(2026, 10, 20, 9, 0, tzinfo=PACIFIC)) == 1
    eastern_user_morning = datetime(2026, 10, 21, 9, 0, tzinfo=EASTERN)
    assert Reminder.objects.get().due_at == datetime(2026, 10, 20, 16, 0, tzinfo=UTC) != eastern_user_morning


def test_the_morning_before_follows_daylight_saving_time(workspace, pacific):
    # Clocks in Los Angeles spring forward on Sunday, March 8, 2026 (UTC-8 → UTC-7).
    EventFactory(workspace=workspace, starts_at=datetime(2026, 3, 9, 10, 0, tzinfo=PACIFIC))
    assert create(datetime(2026, 3, 8, 15, 59, tzinfo=UTC)) == 0
    assert create(datetime(2026, 3, 8, 16, 0, tzinfo=UTC)) == 1  # 9 a.m. PDT, not 17:00 UTC (PST)
    EventFactory(workspace=workspace, starts_at=datetime(2026, 3, 8, 10, 0, tzinfo=PACIFIC))
    assert Reminder.objects.get().due_at.astimezone(PACIFIC).hour == 9
    assert create(datetime(2026, 3, 7, 17, 0, tzinfo=UTC)) == 1  # the day before the change: 9 a.m. PST
    assert sorted(r.due_at.astimezone(PACIFIC).time() for r in Reminder.objects.all()) == [time(9)] * 2


def test_an_event_added_late_the_evening_before_is_still_reminded(workspace, pacific):
    start = datetime(2026, 10, 21, 8, 0, tzinfo=PACIFIC)
    EventFactory(workspace=workspace, starts_at=start)
    assert create(datetime(2026, 10, 20, 22, 0, tzinfo=PACIFIC)) == 1
    assert create(datetime(2026, 10, 21, 0, 30, tzinfo=PACIFIC)) == 0  # already the day itself


def test_a_reminder_delivered_after_the_event_started_is_dropped(workspace, alice):
    start = datetime(2026, 10, 21, 18, 0, tzinfo=UTC)
    EventFactory(workspace=workspace, starts_at=start)
    create(start - timedelta(minutes=30))
    run(start + timedelta(minutes=1))  # the workers were down for half an hour
    assert Reminder.objects.get().status == ReminderStatus.CANCELLED
    assert not mail.outbox


def test_a_moved_event_is_reminded_at_its_new_time_only(workspace, alice):
    start = datetime(2026, 10, 21, 18, 0, tzinfo=UTC)
    event = EventFactory(workspace=workspace, starts_at=start)
    create(start - timedelta(minutes=59))
    event.starts_at = start + timedelta(days=3)
    event.save()
    run(start - timedelta(minutes=58))
    assert [r.status for r in Reminder.objects.all()] == [ReminderStatus.CANCELLED]
    assert not mail.outbox
    run(event.starts_at - timedelta(minutes=30))
    assert [m.subject for m in mail.outbox] == [f"[Shortlist] In one hour: {event.title}"]


def test_a_deleted_event_is_not_reminded(workspace, alice):
    start = datetime(2026, 10, 21, 18, 0, tzinfo=UTC)
    event = EventFactory(workspace=workspace, starts_at=start)
    create(start - timedelta(minutes=59))
    event.delete()
    run(start - timedelta(minutes=58))
    assert Reminder.objects.get().status == ReminderStatus.CANCELLED
    assert not notifications(alice)


def test_interviews_with_a_time_work_like_events(workspace, alice):
    interview = Interview.objects.create(
        workspace=workspace, tracked=TrackedProgramFactory(workspace=workspace, program__name="Yale Program"),
        status=InterviewStatus.SCHEDULED, interview_date=date(2026, 11, 5), interview_time=time(9, 30),
        timezone="America/Chicago",
    )  # fmt: skip
    run(interview.starts_at - timedelta(minutes=45))
    assert notifications(alice) == [f"In one hour: Interview with Yale Program · {LABEL}"]
    (sent,) = mail.outbox
    assert sent.subject == f"[Shortlist] In one hour: Interview with Yale Program · {LABEL}"
    assert "10:30 AM EST (your time)" in sent.body  # 9:30 in Chicago, for alice in New York


def test_an_interview_day_without_a_time_and_a_second_look_are_reminded_the_day_before(workspace, alice):
    tracked = TrackedProgramFactory(workspace=workspace, program__name="Yale Program")
    Interview.objects.create(
        workspace=workspace, tracked=tracked, status=InterviewStatus.INVITED, interview_date=date(2026, 11, 5),
        second_look=SecondLook.PLANNED, second_look_on=date(2026, 12, 1),
    )  # fmt: skip
    run(datetime(2026, 11, 4, 9, 0, tzinfo=EASTERN))
    run(datetime(2026, 11, 30, 9, 0, tzinfo=EASTERN))
    assert notifications(alice) == [
        f"Tomorrow: Interview with Yale Program · {LABEL}",
        f"Tomorrow: Second look at Yale Program · {LABEL}",
    ]
    assert "Thursday, November 5, 2026" in mail.outbox[0].body


def test_declined_interviews_are_not_reminded(workspace, alice):
    Interview.objects.create(
        workspace=workspace, tracked=TrackedProgramFactory(workspace=workspace),
        status=InterviewStatus.DECLINED, interview_date=date(2026, 11, 5), interview_time=time(9, 30),
    )  # fmt: skip
    assert create(datetime(2026, 11, 4, 15, 0, tzinfo=UTC)) == 0
