"""The outreach log: settings, contacts, templates, emails and replies, events, answers, interviews."""

from .base import Contact, EmailTemplate, OutreachSettings
from .deadlines import Confidence, Deadline, DeadlineKind
from .events import Answer, Confirmation, Event, Question
from .interviews import Interview
from .messages import Message

__all__ = [
    "Answer",
    "Confidence",
    "Confirmation",
    "Contact",
    "Deadline",
    "DeadlineKind",
    "EmailTemplate",
    "Event",
    "Interview",
    "Message",
    "OutreachSettings",
    "Question",
]
