"""The outreach log (settings, contacts, templates, emails and replies, events, answers, interviews),
the season calendar, and reminders with their notifications."""

from .base import Contact, EmailTemplate, OutreachSettings
from .deadlines import Confidence, Deadline, DeadlineKind
from .events import Answer, Confirmation, Event, Question
from .interviews import Interview
from .messages import Message
from .reminders import (
    CalendarFeed,
    Notification,
    NotificationPreferences,
    NotificationState,
    Reminder,
    ReminderStatus,
)

__all__ = [
    "Answer",
    "CalendarFeed",
    "Confidence",
    "Confirmation",
    "Contact",
    "Deadline",
    "DeadlineKind",
    "EmailTemplate",
    "Event",
    "Interview",
    "Message",
    "Notification",
    "NotificationPreferences",
    "NotificationState",
    "OutreachSettings",
    "Question",
    "Reminder",
    "ReminderStatus",
]
