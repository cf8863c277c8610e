"""Outreach jobs: sending an outgoing email through the app's SMTP, and the reminders beat.

Outgoing email (off by default; a per-workspace switch): the task takes the message id, re-fetches
it and claims it with a conditional UPDATE (queued → sending, with the claim time), so a retry or a
second worker never sends the same email twice. SMTP trouble puts it back in the queue and retries
with backoff; after the last attempt it is marked failed and the page says so. An email a killed
worker left in "sending" is queued again by the reminders beat after the claim timeout (the same
at-least-once window as reminders: see ``outreach.reminders.delivery``).
"""

import logging
from datetime import datetime, timedelta
from email.headerregistry import Address
from smtplib import SMTPException

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.utils import timezone

from .choices import Delivery, Direction, OutStatus
from .models import Message
from .reminders import run_pass

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


def _recipient(message: Message) -> str:
    try:
        return str(Address(display_name=message.to_name, addr_spec=message.to_address))
    except (ValueError, IndexError):
        return message.to_address


def deliver(message_id: int) -> bool:
    """Send one queued email; False when it is gone or not queued (already sent, or being sent)."""
    claimed = Message.objects.filter(pk=message_id, direction=Direction.OUT, delivery=Delivery.QUEUED).update(
        delivery=Delivery.SENDING, delivery_claimed_at=timezone.now()
    )
    if not claimed:
        return False
    message = Message.objects.get(pk=message_id)
    email = EmailMessage(
        subject=message.display_subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[_recipient(message)],
        reply_to=[message.from_address] if message.from_address else None,
        headers={"Message-ID": message.message_id} if message.message_id else None,
    )
    try:
        email.send()
    except (SMTPException, OSError) as error:
        Message.objects.filter(pk=message_id, delivery=Delivery.SENDING).update(
            delivery=Delivery.QUEUED, delivery_error=str(error)[:500]
        )
        raise
    Message.objects.filter(pk=message_id).update(
        delivery=Delivery.SENT, status=OutStatus.SENT, sent_at=timezone.now(), delivery_error=""
    )
    return True


def mark_failed(message_id: int, error: Exception) -> None:
    Message.objects.filter(pk=message_id, delivery=Delivery.QUEUED).update(
        delivery=Delivery.FAILED, delivery_error=str(error)[:500]
    )


@shared_task(bind=True, ignore_result=True, max_retries=MAX_ATTEMPTS - 1)
def send_outgoing_email(self, message_id: int) -> None:
    try:
        deliver(message_id)
    except (SMTPException, OSError) as error:
        if self.request.retries >= self.max_retries:
            logger.warning("Giving up sending outreach email %s: %s", message_id, error)
            mark_failed(message_id, error)
            return
        raise self.retry(exc=error, countdown=min(3600, 30 * 2**self.request.retries)) from error


def requeue_stuck_outgoing_emails(now: datetime | None = None) -> int:
    """Queue again the emails a dead worker left in "sending" longer than the claim timeout."""
    cutoff = (now or timezone.now()) - timedelta(seconds=settings.REMINDERS_CLAIM_TIMEOUT_SECONDS)
    stuck = Message.objects.filter(direction=Direction.OUT, delivery=Delivery.SENDING).filter(
        Q(delivery_claimed_at__lt=cutoff) | Q(delivery_claimed_at__isnull=True)
    )
    requeued = 0
    for pk in stuck.values_list("pk", flat=True):
        # Conditional, like the claim: a worker that is still sending it keeps it.
        if Message.objects.filter(pk=pk, delivery=Delivery.SENDING).update(
            delivery=Delivery.QUEUED, delivery_error="The worker stopped while sending; trying again."
        ):
            send_outgoing_email.delay_on_commit(pk)
            requeued += 1
    return requeued


@shared_task(ignore_result=True)
def send_due_reminders() -> dict:
    """Beat: create due reminders, reclaim abandoned ones, deliver each once. Safe to run twice."""
    result = run_pass()
    result["emails_requeued"] = requeue_stuck_outgoing_emails()
    if any(result.values()):
        logger.info("Reminders pass: %s", result)
    return result


@worker_ready.connect
def run_reminders_when_a_worker_starts(sender=None, **kwargs) -> None:
    """Beat's first tick comes one interval after it starts; a starting worker runs one pass at once
    (so ``make run`` shows the demo's reminders right away). Idempotent, so harmless on every replica."""
    send_due_reminders.apply_async(expires=settings.REMINDERS_INTERVAL_SECONDS * 0.9)
