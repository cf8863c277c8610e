"""Unanswered outgoing emails: a follow-up after the workspace's N days, once more later, never after a reply."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail

from outreach.models import OutreachSettings, Reminder, ReminderStatus
from tests.outreach.factories import OutgoingFactory, ReplyFactory

from .helpers import LABEL, create, keys, notifications, run, subjects

pytestmark = pytest.mark.django_db
SENT = datetime(2026, 10, 1, 14, 0, tzinfo=UTC)


@pytest.fixture
def email(tracked):
    return OutgoingFactory(tracked=tracked, sent_at=SENT, subject="Visa sponsorship")


def test_nothing_is_due_before_the_no_reply_days(email):
    assert create(SENT + timedelta(days=6, hours=23)) == 0


def test_the_follow_up_is_created_after_seven_days_by_default(email, alice):
    assert create(SENT + timedelta(days=7)) == 1
    (reminder,) = Reminder.objects.all()
    assert (reminder.kind, reminder.occurrence, reminder.user) == ("follow_up", "first", alice)
    assert reminder.due_at == SENT + timedelta(days=7)
    assert reminder.title == f"No reply from Boston Children's Hospital Program · {LABEL} after 7 days"
    assert reminder.url.endswith(f"/emails/{email.pk}/")


def test_creating_twice_creates_nothing_new(email):
    now = SENT + timedelta(days=8)
    assert create(now) == 1
    assert create(now) == 0
    assert create(now + timedelta(hours=3)) == 0
    assert Reminder.objects.count() == 1


def test_the_workspace_setting_decides_the_days(email, workspace, alice):
    OutreachSettings.objects.create(workspace=workspace, no_reply_days=10, follow_up_again_days=5)
    assert create(SENT + timedelta(days=9)) == 0
    assert create(SENT + timedelta(days=10)) == 1
    assert create(SENT + timedelta(days=14)) == 0
    assert create(SENT + timedelta(days=15)) == 1
    assert keys() == [("follow_up", "first", alice.pk), ("follow_up", "again", alice.pk)]


def test_it_reminds_once_more_and_then_never_again(email, alice):
    run(SENT + timedelta(days=7, minutes=5))
    run(SENT + timedelta(days=14, minutes=5))
    for days in (20, 40, 100):
        run(SENT + timedelta(days=days))
    assert keys() == [("follow_up", "first", alice.pk), ("follow_up", "again", alice.pk)]
    assert subjects() == [
        f"[Shortlist] No reply from Boston Children's Hospital Program · {LABEL} after 7 days",
        f"[Shortlist] Still no reply from Boston Children's Hospital Program · {LABEL} after 14 days",
    ]


def test_an_email_logged_late_gets_only_the_latest_reminder(email, alice):
    assert create(SENT + timedelta(days=16)) == 1
    assert keys() == [("follow_up", "again", alice.pk)]


def test_a_reply_before_the_due_time_means_no_follow_up(email):
    ReplyFactory(parent=email, received_at=SENT + timedelta(days=3))
    email.refresh_reply_dates()
    assert run(SENT + timedelta(days=8))["created"] == 0
    assert not mail.outbox


def test_a_reply_logged_after_the_reminder_was_created_cancels_it(email, alice):
    with time_machine.travel(SENT + timedelta(days=7), tick=False):
        create(SENT + timedelta(days=7))
        ReplyFactory(parent=email, received_at=SENT + timedelta(days=6))
        email.refresh_reply_dates()  # what pasting or uploading the reply does
    reminder = Reminder.objects.get()
    assert (reminder.status, reminder.last_error) == (ReminderStatus.CANCELLED, "A reply was logged.")
    run(SENT + timedelta(days=7, minutes=5))
    assert not mail.outbox and not notifications(alice)


def test_a_reply_that_arrives_between_claim_and_send_still_stops_it(email, alice):
    create(SENT + timedelta(days=7))
    # The reply is written without the usual refresh (e.g. another process): delivery re-checks.
    ReplyFactory(parent=email, received_at=SENT + timedelta(days=6))
    type(email).objects.filter(pk=email.pk).update(replied_at=SENT + timedelta(days=6))
    run(SENT + timedelta(days=7, minutes=5))
    assert Reminder.objects.get().status == ReminderStatus.CANCELLED
    assert not mail.outbox


def test_bounced_drafts_and_unassigned_emails_are_not_followed_up(tracked):
    OutgoingFactory(tracked=tracked, sent_at=SENT, bounced_at=SENT + timedelta(hours=1))
    OutgoingFactory(tracked=tracked, status="draft", sent_at=None)
    OutgoingFactory(tracked=tracked, sent_at=SENT - timedelta(days=200))  # history, e.g. an mbox import
    assert create(SENT + timedelta(days=8)) == 0


def test_owners_and_editors_are_reminded_but_not_viewers(email, alice, bob, workspace):
    from accounts.models import Membership
    from tests.base import UserFactory

    dana = UserFactory(email="dana@example.com")
    workspace.add_member(dana, Membership.Role.EDITOR)
    create(SENT + timedelta(days=7))
    assert sorted(r.user.email for r in Reminder.objects.all()) == ["alice@example.com", "dana@example.com"]


def test_the_follow_up_arrives_in_the_app_and_by_email(email, alice):
    run(SENT + timedelta(days=7, minutes=2))
    assert notifications(alice) == [
        f"No reply from Boston Children's Hospital Program · {LABEL} after 7 days"
    ]
    (sent,) = mail.outbox
    assert sent.to == ["alice@example.com"]
    assert "“Visa sponsorship”" in sent.body and f"/emails/{email.pk}/" in sent.body
    assert "on Thursday, October 1, and no reply has been logged in 7 days" in sent.body  # alice's zone
    assert Reminder.objects.get().status == ReminderStatus.SENT
