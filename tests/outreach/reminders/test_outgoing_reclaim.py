"""App-sent outreach emails get the same protection: one a killed worker left in "sending" is
queued again after the claim timeout and sent once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from outreach.choices import Delivery, OutStatus
from outreach.tasks import deliver, requeue_stuck_outgoing_emails, send_due_reminders
from tests.outreach.factories import OutgoingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stuck(tracked, settings):
    settings.REMINDERS_CLAIM_TIMEOUT_SECONDS = 300
    return OutgoingFactory(
        tracked=tracked, status=OutStatus.DRAFT, sent_at=None, delivery=Delivery.SENDING,
        delivery_claimed_at=timezone.now() - timedelta(seconds=301),
    )  # fmt: skip


def test_the_claim_records_when_sending_started(tracked):
    draft = OutgoingFactory(tracked=tracked, status=OutStatus.DRAFT, sent_at=None, delivery=Delivery.QUEUED)
    deliver(draft.pk)
    draft.refresh_from_db()
    assert draft.delivery_claimed_at is not None and draft.delivery == Delivery.SENT


def test_an_abandoned_send_is_queued_again_and_sent_once(stuck, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stuck_outgoing_emails() == 1
        assert requeue_stuck_outgoing_emails() == 0
    stuck.refresh_from_db()
    assert (stuck.delivery, stuck.status) == (Delivery.SENT, OutStatus.SENT)
    assert len(mail.outbox) == 1


def test_a_send_in_progress_is_left_to_its_worker(stuck):
    stuck.delivery_claimed_at = timezone.now() - timedelta(seconds=10)
    stuck.save()
    assert requeue_stuck_outgoing_emails() == 0


def test_the_reminders_beat_does_it(stuck, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = send_due_reminders.delay().get()
    assert result["emails_requeued"] == 1 and len(mail.outbox) == 1
