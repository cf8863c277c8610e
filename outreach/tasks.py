"""Sending an outgoing email through the app's SMTP (off by default; a per-workspace switch).

The task takes the message id, re-fetches it and claims it with a conditional UPDATE
(queued → sending), so a retry or a second worker never sends the same email twice. SMTP trouble
puts it back in the queue and retries with backoff; after the last attempt it is marked failed and
the page says so.
"""

import logging
from email.headerregistry import Address
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone

from .choices import Delivery, Direction, OutStatus
from .models import Message

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
        delivery=Delivery.SENDING
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
