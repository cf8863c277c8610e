"""The daily digest: one email at the person's chosen hour (their time zone) with what became due."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from outreach.models import Notification, NotificationPreferences, Reminder, ReminderStatus
from outreach.reminders.delivery import next_digest_at
from tests.factories import TrackedProgramFactory
from tests.outreach.factories import EventFactory, OutgoingFactory

from .helpers import LABEL, notifications, run

pytestmark = pytest.mark.django_db
PACIFIC = ZoneInfo("America/Los_Angeles")


@pytest.fixture
def digest(pacific):
    return NotificationPreferences.objects.create(user=pacific, digest=True, digest_hour=7)


def test_reminders_wait_for_one_digest_grouped_by_kind(digest, pacific, workspace):
    sent = datetime(2026, 10, 13, 10, 0, tzinfo=PACIFIC)
    for name in ("Iowa Program", "Utah Program"):
        OutgoingFactory(tracked=TrackedProgramFactory(workspace=workspace, program__name=name), sent_at=sent)
    EventFactory(
        workspace=workspace, title="Open house", starts_at=datetime(2026, 10, 21, 12, 0, tzinfo=PACIFIC)
    )
    run(datetime(2026, 10, 20, 10, 5, tzinfo=PACIFIC))  # two follow-ups and "tomorrow: open house"
    run(datetime(2026, 10, 20, 18, 0, tzinfo=PACIFIC))
    run(datetime(2026, 10, 21, 6, 59, tzinfo=PACIFIC))
    assert not mail.outbox
    assert len(notifications(pacific)) == 3  # the bell does not wait for the digest
    run(datetime(2026, 10, 21, 7, 0, tzinfo=PACIFIC))
    run(datetime(2026, 10, 21, 7, 2, tzinfo=PACIFIC))
    (sent,) = mail.outbox
    assert sent.subject == "[Shortlist] Your reminders for “Alice's search”: 3 items"
    body = sent.body
    assert (
        body.index("Unanswered emails") < body.index("No reply from Iowa Program") < body.index("Events and")
    )
    assert f"No reply from Utah Program · {LABEL} after 7 days" in body and "Tomorrow: Open house" in body
    assert Reminder.objects.filter(status=ReminderStatus.SENT).count() == 3


def test_the_digest_lists_each_kind_with_its_own_unsubscribe_link(digest, pacific, workspace):
    OutgoingFactory(
        tracked=TrackedProgramFactory(workspace=workspace), sent_at=datetime(2026, 10, 1, tzinfo=UTC)
    )
    EventFactory(workspace=workspace, starts_at=datetime(2026, 10, 9, 12, 0, tzinfo=PACIFIC))
    run(datetime(2026, 10, 8, 9, 30, tzinfo=PACIFIC))
    run(datetime(2026, 10, 9, 7, 0, tzinfo=PACIFIC))
    (sent,) = mail.outbox
    assert sent.body.index("Unanswered emails") < sent.body.index("Events and interviews")
    assert sent.body.count("/unsubscribe/") == 3  # one per kind, one for everything
    assert "Stop all reminder emails" in sent.alternatives[0][0]


def test_the_digest_hour_follows_daylight_saving_time():
    before = datetime(2026, 3, 7, 12, 0, tzinfo=UTC)  # PST
    assert next_digest_at(7, PACIFIC, before) == datetime(2026, 3, 7, 15, 0, tzinfo=UTC)
    after = datetime(2026, 3, 8, 12, 0, tzinfo=UTC)  # clocks went forward at 2 a.m.: PDT
    assert next_digest_at(7, PACIFIC, after) == datetime(2026, 3, 8, 14, 0, tzinfo=UTC)
    assert next_digest_at(7, PACIFIC, datetime(2026, 3, 8, 14, 0, tzinfo=UTC)) == datetime(
        2026, 3, 9, 14, 0, tzinfo=UTC
    )


def test_what_cannot_wait_for_the_digest_is_sent_at_once(digest, pacific, workspace):
    start = datetime(2026, 10, 21, 17, 0, tzinfo=PACIFIC)
    EventFactory(workspace=workspace, title="Webinar", starts_at=start)
    run(start - timedelta(minutes=50))
    assert [m.subject for m in mail.outbox] == ["[Shortlist] In one hour: Webinar"]


def test_a_dismissed_notification_drops_out_of_the_digest(digest, pacific, workspace):
    OutgoingFactory(
        tracked=TrackedProgramFactory(workspace=workspace), sent_at=datetime(2026, 10, 1, tzinfo=UTC)
    )
    run(datetime(2026, 10, 8, 10, 0, tzinfo=PACIFIC))
    Notification.objects.get().dismiss()
    run(datetime(2026, 10, 9, 7, 0, tzinfo=PACIFIC))
    assert not mail.outbox
    assert Reminder.objects.get().status == ReminderStatus.DISMISSED
