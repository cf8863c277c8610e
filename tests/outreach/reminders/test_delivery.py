"""Claim, then deliver: exactly once per reminder, retries with backoff, abandoned rows reclaimed."""

import threading
from datetime import UTC, datetime, timedelta
from smtplib import SMTPException, SMTPServerDisconnected
from unittest import mock

import pytest
from django.core import mail
from django.db import connection

from outreach.models import Notification, NotificationPreferences, Reminder, ReminderStatus
from outreach.reminders import claim_due, create_due_reminders, deliver_claimed, deliver_due, reclaim_stuck
from outreach.reminders.delivery import backoff
from outreach.reminders.emails import reminder_email
from tests.factories import TrackedProgramFactory
from tests.outreach.factories import OutgoingFactory

from .helpers import notifications, run

pytestmark = pytest.mark.django_db
SENT = datetime(2026, 10, 1, 14, 0, tzinfo=UTC)
DUE = SENT + timedelta(days=7, minutes=1)
FAILING = mock.patch("django.core.mail.EmailMessage.send", side_effect=SMTPException("451 try again later"))


@pytest.fixture
def due(tracked):
    OutgoingFactory(tracked=tracked, sent_at=SENT)
    create_due_reminders(DUE)
    return Reminder.objects.get()


def test_delivering_twice_sends_once(due, alice):
    deliver_due(DUE)
    deliver_due(DUE)
    run(DUE + timedelta(minutes=2))
    assert len(mail.outbox) == 1
    assert notifications(alice) == [due.title]


def test_a_claimed_row_cannot_be_claimed_again(due):
    first = claim_due(DUE)
    assert first.ids == (due.pk,)
    assert len(claim_due(DUE)) == 0  # a second beat or worker finds nothing
    deliver_claimed(first, DUE)
    deliver_claimed(first, DUE)  # a retry of the same batch: the claim token is spent
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_once(workspace):
    # Flushed afterwards like every transactional test, so no seeded specialty is relied on.
    OutgoingFactory(tracked=TrackedProgramFactory(workspace=workspace, program__specialty=None), sent_at=SENT)
    create_due_reminders(DUE)
    barrier, errors = threading.Barrier(2), []

    def worker():
        try:
            barrier.wait()
            deliver_due(DUE)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors
    assert len(mail.outbox) == 1
    assert Reminder.objects.get().status == ReminderStatus.SENT


def test_smtp_errors_retry_with_backoff_then_fail_and_the_app_says_so(due, alice, alice_client, settings):
    settings.REMINDERS_MAX_ATTEMPTS = 3
    moment = DUE
    with FAILING as send:
        for attempt in (1, 2):
            deliver_due(moment)
            due.refresh_from_db()
            assert (due.status, due.attempts) == (ReminderStatus.PENDING, attempt)
            assert due.next_attempt_at == moment + backoff(attempt)
            assert deliver_due(moment + backoff(attempt) - timedelta(seconds=1)) == {}  # not yet
            moment += backoff(attempt)
        deliver_due(moment)
    due.refresh_from_db()
    assert (due.status, due.attempts, due.last_error) == (ReminderStatus.FAILED, 3, "451 try again later")
    assert send.call_count == 3
    assert notifications(alice) == [due.title]  # the in-app notification came once, at the first try
    page = alice_client.get(f"/w/{due.workspace_id}/outreach/reminders/").content.decode()
    assert "1 reminder email could not be delivered" in page and "451 try again later" in page


def test_the_backoff_doubles_and_is_capped(settings):
    settings.REMINDERS_RETRY_BASE_SECONDS = 60
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert backoff(30) == timedelta(hours=6)


def test_a_connection_error_is_retried_too(due):
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=SMTPServerDisconnected("gone")):
        deliver_due(DUE)
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=ConnectionRefusedError("refused")):
        deliver_due(DUE + timedelta(hours=1))
    due.refresh_from_db()
    assert (due.status, due.attempts) == (ReminderStatus.PENDING, 2)
    deliver_due(DUE + timedelta(hours=2))
    assert len(mail.outbox) == 1


def test_a_row_abandoned_by_a_killed_worker_is_delivered_after_the_claim_timeout(due, settings):
    settings.REMINDERS_CLAIM_TIMEOUT_SECONDS = 300
    claim_due(DUE)  # … and the worker is SIGKILLed before it sends anything
    run(DUE + timedelta(seconds=299))
    assert not mail.outbox  # still held by the (dead) claimant
    run(DUE + timedelta(seconds=301))
    run(DUE + timedelta(seconds=600))
    assert len(mail.outbox) == 1
    due.refresh_from_db()
    assert (due.status, due.attempts) == (ReminderStatus.SENT, 1)


def test_the_at_least_once_window_a_crash_after_sending_before_marking_sends_twice(due, settings):
    """Documented, not hidden: the mail server accepted it, then the worker died before the UPDATE."""
    settings.REMINDERS_CLAIM_TIMEOUT_SECONDS = 300
    (claimed,) = claim_due(DUE).rows()
    reminder_email(claimed).send()  # the send went through … and the process died here
    run(DUE + timedelta(seconds=301))
    assert len(mail.outbox) == 2
    assert Reminder.objects.get().status == ReminderStatus.SENT


def test_a_worker_slower_than_the_timeout_does_not_send_what_another_took_over(due, settings):
    settings.REMINDERS_CLAIM_TIMEOUT_SECONDS = 300
    slow = claim_due(DUE)
    reclaim_stuck(DUE + timedelta(seconds=301))
    fast = claim_due(DUE + timedelta(seconds=301))
    deliver_claimed(fast, DUE + timedelta(seconds=301))
    deliver_claimed(slow, DUE + timedelta(seconds=302))  # the slow one wakes up: its claim is gone
    assert len(mail.outbox) == 1


def test_a_reminder_that_kills_its_worker_every_time_ends_failed(due, settings):
    settings.REMINDERS_CLAIM_TIMEOUT_SECONDS = 60
    settings.REMINDERS_MAX_ATTEMPTS = 2
    claim_due(DUE)
    reclaim_stuck(DUE + timedelta(minutes=2))
    claim_due(DUE + timedelta(minutes=2))
    reclaim_stuck(DUE + timedelta(minutes=4))
    due.refresh_from_db()
    assert (due.status, due.attempts) == (ReminderStatus.FAILED, 2)


def test_kinds_switched_off_by_email_still_notify_in_the_app(due, alice):
    NotificationPreferences.objects.create(user=alice, email_off=["follow_up"])
    deliver_due(DUE)
    assert not mail.outbox and notifications(alice) == [due.title]
    assert Reminder.objects.get().status == ReminderStatus.SENT


def test_kinds_switched_off_in_the_app_still_send_the_email(due, alice):
    NotificationPreferences.objects.create(user=alice, in_app_off=["follow_up"])
    deliver_due(DUE)
    assert len(mail.outbox) == 1 and not notifications(alice)


def test_kinds_switched_off_everywhere_are_not_even_created(tracked, alice):
    NotificationPreferences.objects.create(user=alice, email_off=["follow_up"], in_app_off=["follow_up"])
    OutgoingFactory(tracked=tracked, sent_at=SENT)
    assert create_due_reminders(DUE) == 0


def test_a_member_who_left_is_no_longer_reminded(due, workspace, alice):
    workspace.memberships.filter(user=alice).delete()
    deliver_due(DUE)
    assert Reminder.objects.get().status == ReminderStatus.CANCELLED
    assert not mail.outbox and not Notification.objects.exists()


def test_the_email_has_a_one_click_unsubscribe_and_is_marked_automatic(due):
    deliver_due(DUE)
    (sent,) = mail.outbox
    link = sent.extra_headers["List-Unsubscribe"]
    assert link.startswith("<http://") and f"/w/{due.workspace_id}/outreach/unsubscribe/" in link
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert sent.extra_headers["Auto-Submitted"] == "auto-generated"
    assert link.strip("<>") in sent.body  # the same link, visible in the text
    html = sent.alternatives[0][0]
    assert "Stop these emails" in html and "&lt;script" not in html


def test_user_text_is_escaped_in_the_html_email(tracked, alice):
    OutgoingFactory(tracked=tracked, sent_at=SENT, subject="<script>alert(1)</script>")
    run(DUE)
    html = mail.outbox[0].alternatives[0][0]
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_several_reminders_due_at_once_come_in_one_email_not_a_burst(tracked, workspace, alice):
    for name in ("Iowa Program", "Utah Program", "Ohio Program"):
        OutgoingFactory(tracked=TrackedProgramFactory(workspace=workspace, program__name=name), sent_at=SENT)
    run(DUE)
    (sent,) = mail.outbox
    assert sent.subject == "[Shortlist] Your reminders for “Alice's search”: 3 items"
    assert "Your reminders for" in sent.body and "daily" not in sent.body
    # named with the specialty: an institution's tracks share a program name
    named = [
        f"No reply from {n} Program · Pediatrics/Medical Genetics after 7 days"
        for n in ("Iowa", "Utah", "Ohio")
    ]
    assert all(line in sent.body for line in named)
    assert Reminder.objects.filter(status=ReminderStatus.SENT).count() == 3
    assert len(notifications(alice)) == 3
