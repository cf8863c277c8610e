"""Reminders: follow-ups, events, season deadlines and facts to re-verify — by email and in the app,
exactly once each.

One beat task (``outreach.tasks.send_due_reminders``, every ``REMINDERS_INTERVAL_SECONDS``) calls
:func:`run_pass`: create what became due from every registered source (``registry``), put back
what a dead worker left half-done, then claim and deliver (``delivery``). Nothing waits in the
broker: due work, retries and digests live in ``Reminder`` rows.
"""

from datetime import datetime

from django.utils import timezone

from .creation import create_due_reminders
from .delivery import claim_due, deliver_claimed, deliver_due, reclaim_stuck
from .registry import Due, ReminderSource, kinds, register_reminder_source, sources


def run_pass(now: datetime | None = None) -> dict:
    """One beat: safe to run twice, late, or on two workers at once."""
    moment = now or timezone.now()
    created = create_due_reminders(moment)
    reclaimed = reclaim_stuck(moment)
    delivered = deliver_due(now)
    return {"created": created, "reclaimed": reclaimed, **delivered}


__all__ = [
    "Due",
    "ReminderSource",
    "claim_due",
    "create_due_reminders",
    "deliver_claimed",
    "deliver_due",
    "kinds",
    "reclaim_stuck",
    "register_reminder_source",
    "run_pass",
    "sources",
]
