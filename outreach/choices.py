"""Vocabularies of the outreach log: contact roles, message states, match rules, events, interviews."""

from django.db import models

from programs.choices import SourceKind


class ContactRole(models.TextChoices):
    COORDINATOR = "coordinator", "Program coordinator"
    DIRECTOR = "director", "Program director"
    ASSOCIATE_DIRECTOR = "associate_director", "Associate program director"
    RESIDENT = "resident", "Current resident"
    ALUMNUS = "alumnus", "Alumnus or alumna"
    FACULTY = "faculty", "Faculty member"
    OTHER = "other", "Other"


class Direction(models.TextChoices):
    OUT = "out", "Sent by you"
    IN = "in", "Received"


class OutStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SENT = "sent", "Sent"


class Delivery(models.TextChoices):
    """Only for emails sent through the app's own SMTP (off unless the workspace turns it on)."""

    NONE = "", "Not sent through Shortlist"
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent through Shortlist"
    FAILED = "failed", "Sending failed"


class InKind(models.TextChoices):
    REPLY = "reply", "Reply"
    BOUNCE = "bounce", "Delivery failure (bounce)"


class MatchRule(models.TextChoices):
    NONE = "", "Not matched yet"
    THREAD = "thread", "Thread headers (In-Reply-To / References)"
    TAG = "tag", "Reference tag"
    SENDER = "sender", "Sender address"
    DOMAIN = "domain", "Sender domain"
    MANUAL = "manual", "Hand (you chose the program)"


class Origin(models.TextChoices):
    APP = "app", "Written in Shortlist"
    UPLOAD = "upload", "Uploaded mail file"
    PASTE = "paste", "Pasted text"
    DEMO = "demo", "Demo data"


class Tone(models.TextChoices):
    HELPFUL = "helpful", "Helpful"
    NEUTRAL = "neutral", "Neutral"
    DISMISSIVE = "dismissive", "Dismissive"


TONE_BADGE = {Tone.HELPFUL: "success", Tone.NEUTRAL: "secondary", Tone.DISMISSIVE: "danger"}
TONE_SORT = {Tone.HELPFUL: 1, Tone.NEUTRAL: 2, Tone.DISMISSIVE: 3}


class EventKind(models.TextChoices):
    OPEN_HOUSE = "open_house", "Virtual open house"
    WEBINAR = "webinar", "Webinar"
    RESIDENT_CONVERSATION = "resident_conversation", "Resident conversation"
    INTERVIEW = "interview", "Interview"
    SECOND_LOOK = "second_look", "Second look"


# Which fact source an answer heard at an event becomes when the applicant confirms it.
EVENT_SOURCE_KIND = {
    EventKind.OPEN_HOUSE: SourceKind.OPEN_HOUSE,
    EventKind.WEBINAR: SourceKind.OPEN_HOUSE,
    EventKind.RESIDENT_CONVERSATION: SourceKind.RESIDENT,
    EventKind.INTERVIEW: SourceKind.INTERVIEW,
    EventKind.SECOND_LOOK: SourceKind.INTERVIEW,
}


class InterviewStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    SCHEDULED = "scheduled", "Scheduled"
    COMPLETED = "completed", "Completed"
    DECLINED = "declined", "Declined"
    WAITLISTED = "waitlisted", "Waitlisted"


class InterviewFormat(models.TextChoices):
    VIRTUAL = "virtual", "Virtual"
    IN_PERSON = "in_person", "In person"


class SecondLook(models.TextChoices):
    NONE = "", "Not planned"
    PLANNED = "planned", "Planned"
    DONE = "done", "Done"
    DECLINED = "declined", "Not going"


class Reply(models.TextChoices):
    """Responsiveness categories (``outreach.responsiveness``)."""

    FAST = "fast", "Fast (≤ 3 days)"
    SLOW = "slow", "Slow"
    AWAITING = "awaiting", "Awaiting reply"
    NO_REPLY = "no_reply", "No reply"
    NOT_CONTACTED = "not_contacted", "Not contacted"


REPLY_BADGE = {
    Reply.FAST: "success",
    Reply.SLOW: "warning",
    Reply.AWAITING: "info",
    Reply.NO_REPLY: "danger",
    Reply.NOT_CONTACTED: "light",
}


class ReminderKind(models.TextChoices):
    """The reminder kinds outreach itself provides; other apps register more (``outreach.reminders``)."""

    FOLLOW_UP = "follow_up", "Unanswered emails"
    EVENT = "event", "Events and interviews"
    DEADLINE = "deadline", "Season deadlines"
    FACT_CHECK = "fact_check", "Facts to re-verify"
