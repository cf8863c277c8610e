"""Small helpers shared by the reminder tests."""

from django.core import mail

from outreach.models import Notification, Reminder
from outreach.reminders import create_due_reminders, run_pass

LABEL = "Pediatrics/Medical Genetics"  # the factories' specialty (765): reminders name it with the program


def reminders(**filters) -> list[Reminder]:
    return list(Reminder.objects.filter(**filters).order_by("due_at", "id"))


def keys(**filters) -> list[tuple[str, str, int]]:
    """(kind, occurrence, user id) of each reminder, in due order."""
    return [(r.kind, r.occurrence, r.user_id) for r in reminders(**filters)]


def create(now) -> int:
    return create_due_reminders(now)


def run(now) -> dict:
    return run_pass(now)


def subjects() -> list[str]:
    return [m.subject for m in mail.outbox]


def notifications(user) -> list[str]:
    return list(
        Notification.objects.filter(user=user).order_by("created_at", "id").values_list("title", flat=True)
    )
