"""Reminder sources of the outreach log: unanswered emails, and events, interviews and second looks.

Each ``*_due(now, recipients)`` finds what became due in a constant number of queries; each
``*_still_due(reminders)`` re-checks claimed reminders just before delivery (one query).
"""

from datetime import date, datetime, time, timedelta

from django.db.models import Exists, F, IntegerField, OuterRef, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from programs.models import program_label

from ..choices import InterviewStatus, ReminderKind, SecondLook
from ..models import Event, Interview, Message, OutreachSettings, Reminder
from .creation import Recipients, local_morning
from .registry import Due

MESSAGE = "outreach.message"
EVENT = "outreach.event"
INTERVIEW = "outreach.interview"
SECOND_LOOK = "outreach.second_look"  # an interview's second look (target id: the interview)
# Emails older than this are history (e.g. a mailbox import), not something to follow up now.
FOLLOW_UP_MAX_AGE = timedelta(days=120)
DEFAULT_DAYS = OutreachSettings._meta.get_field("no_reply_days").default
DEFAULT_AGAIN_DAYS = OutreachSettings._meta.get_field("follow_up_again_days").default


def _setting(name: str, default: int):
    """The workspace's outreach setting (a LEFT JOIN), or its default when it has none yet."""
    return Coalesce(F(f"workspace__outreach_settings__{name}"), Value(default), output_field=IntegerField())


class _Paths:
    """``reverse()`` once per workspace, not once per row: thousands of rows per pass."""

    PLACEHOLDER = 987654321

    def __init__(self, name: str):
        self.name, self._cache = name, {}

    def __call__(self, workspace_id, pk: int) -> str:
        if workspace_id not in self._cache:
            kwargs = {"workspace_id": workspace_id, "pk": self.PLACEHOLDER}
            self._cache[workspace_id] = reverse(self.name, kwargs=kwargs).replace(
                str(self.PLACEHOLDER), "{pk}"
            )
        return self._cache[workspace_id].format(pk=pk)


def _sent_reminder(occurrence: str):
    return Exists(
        Reminder.objects.filter(
            kind=ReminderKind.FOLLOW_UP, target_type=MESSAGE, target_id=OuterRef("pk"), occurrence=occurrence
        )
    )


def follow_up_due(now: datetime, recipients: Recipients) -> list[Due]:
    """A sent email with no reply after the workspace's N days; once more M days later; then never."""
    rows = (
        Message.objects.awaiting_reply()
        .filter(bounced_at__isnull=True, sent_at__lte=now - timedelta(days=1), sent_at__gte=now - FOLLOW_UP_MAX_AGE)
        .annotate(
            days=_setting("no_reply_days", DEFAULT_DAYS),
            again_days=_setting("follow_up_again_days", DEFAULT_AGAIN_DAYS),
            has_first=_sent_reminder("first"),
            program=program_label("tracked__program"),
        )
        .exclude(_sent_reminder("again"))
        .order_by()
        .values_list("pk", "workspace_id", "sent_at", "subject", "to_name", "to_address", "days",
                     "again_days", "has_first", "program")
    )  # fmt: skip
    found, path = [], _Paths("outreach:message_detail")
    for pk, ws_id, sent_at, subject, to_name, to_address, days, again_days, has_first, program in rows:
        first = sent_at + timedelta(days=days)
        again = first + timedelta(days=again_days)
        if now >= again:
            occurrence, due_at, waited = "again", again, days + again_days
        elif now >= first and not has_first:
            occurrence, due_at, waited = "first", first, days
        else:
            continue
        found.append(
            Due(
                workspace_id=ws_id, target_type=MESSAGE, target_id=pk, occurrence=occurrence, due_at=due_at,
                title=f"No reply from {program} after {waited} days",
                detail=f"“{subject}” to {to_name or to_address} — a short, polite follow-up often gets the answer.",
                url=path(ws_id, pk), context={"days": waited, "again": occurrence == "again"},
            )
        )  # fmt: skip
    return found


def follow_up_still_due(reminders: list, now: datetime) -> set[int]:
    """Still unanswered; the email's details go into the context here (creation stays lean)."""
    waiting = {
        row[0]: row
        for row in Message.objects.awaiting_reply()
        .filter(bounced_at__isnull=True, pk__in={r.target_id for r in reminders})
        .annotate(program=program_label("tracked__program"))
        .values_list("pk", "subject", "tag", "to_name", "to_address", "sent_at", "program")
    }
    for r in reminders:
        if r.target_id in waiting:
            _pk, subject, tag, to_name, to_address, sent_at, program = waiting[r.target_id]
            r.context.update(
                subject=subject, tag=tag, to=to_name or to_address, sent_at=sent_at, program=program
            )
    return {r.pk for r in reminders if r.target_id in waiting}


# -- events, interviews and second looks -------------------------------------------------------------


def _timed(
    now, recipients, ws_id, target_type: str, pk: int, start: datetime, url: str, context: dict
) -> list[Due]:
    """ "Tomorrow" (the recipient's morning of the day before, in their zone) and "in one hour"."""
    found = []
    for person in recipients.of([ws_id])[ws_id]:
        local_start = start.astimezone(person.zone)
        day_before = local_morning(local_start.date() - timedelta(days=1), person.zone)
        still_day_before = now.astimezone(person.zone).date() < local_start.date()
        common = {"workspace_id": ws_id, "target_type": target_type, "target_id": pk, "url": url,
                  "subject_at": start, "expires_at": start, "user_id": person.user_id, "detail": context["when"]}  # fmt: skip
        if day_before <= now < start and still_day_before:
            found.append(Due(occurrence="day_before", due_at=day_before, title=f"Tomorrow: {context['name']}",
                             context={**context, "soon": False}, **common))  # fmt: skip
        if start - timedelta(hours=1) <= now < start:
            found.append(Due(occurrence="hour_before", due_at=start - timedelta(hours=1),
                             title=f"In one hour: {context['name']}", context={**context, "soon": True}, **common))  # fmt: skip
    return found


def _all_day(
    now, recipients, ws_id, target_type: str, pk: int, day: date, url: str, context: dict
) -> list[Due]:
    """A date without a time (an interview day, a second look): only "tomorrow"."""
    found = []
    for person in recipients.of([ws_id])[ws_id]:
        due_at = local_morning(day - timedelta(days=1), person.zone)
        starts = datetime.combine(day, time(0), person.zone)
        if due_at <= now < starts:
            found.append(
                Due(workspace_id=ws_id, target_type=target_type, target_id=pk, occurrence="day_before",
                    due_at=due_at, title=f"Tomorrow: {context['name']}", detail=context["when"], url=url,
                    subject_at=starts, expires_at=starts, user_id=person.user_id,
                    context={**context, "soon": False, "day": day.isoformat()})
            )  # fmt: skip
    return found


def _existing(target_type: str, now: datetime) -> set[tuple[int, str, int]]:
    return set(
        Reminder.objects.filter(kind=ReminderKind.EVENT, target_type=target_type, due_at__gte=now - timedelta(days=3))
        .values_list("target_id", "occurrence", "user_id")
    )  # fmt: skip


def _new(dues: list[Due], existing: set) -> list[Due]:
    return [d for d in dues if (d.target_id, d.occurrence, d.user_id) not in existing]


def _interview_url(interview: Interview) -> str:
    kwargs = {"workspace_id": interview.workspace_id, "tracked_pk": interview.tracked_id}
    return reverse("outreach:interview_edit", kwargs=kwargs)


def _event_dues(now: datetime, recipients: Recipients, horizon: datetime) -> list[Due]:
    events = list(Event.objects.filter(starts_at__gt=now, starts_at__lte=horizon).order_by())
    recipients.of({e.workspace_id for e in events})  # one query for all of them
    found = []
    for event in events:
        url = reverse("outreach:event_detail", kwargs={"workspace_id": event.workspace_id, "pk": event.pk})
        what = event.get_kind_display()
        context = {"name": event.title, "what": what, "link": event.link,
                   "when": f"{what} at {event.local_start:%-I:%M %p} {event.timezone}"}  # fmt: skip
        found += _timed(now, recipients, event.workspace_id, EVENT, event.pk, event.starts_at, url, context)
    return _new(found, _existing(EVENT, now))


def _interview_dues(now: datetime, recipients: Recipients, horizon: datetime) -> list[Due]:
    interviews = list(
        Interview.objects.filter(status__in=(InterviewStatus.INVITED, InterviewStatus.SCHEDULED))
        .filter(interview_date__gte=now.date() - timedelta(days=1), interview_date__lte=horizon.date() + timedelta(days=1))
        .select_related("tracked__program__specialty")
        .order_by()
    )  # fmt: skip
    recipients.of({i.workspace_id for i in interviews})
    found = []
    for interview in interviews:
        name = f"Interview with {interview.tracked.program.label}"
        args = (now, recipients, interview.workspace_id, INTERVIEW, interview.pk)
        context = {"name": name, "what": "Interview", "link": "", "when": name}
        if interview.starts_at:
            context["when"] = f"{name} at {interview.interview_time:%-I:%M %p} {interview.timezone}"
            found += _timed(*args, interview.starts_at, _interview_url(interview), context)
        else:
            found += _all_day(*args, interview.interview_date, _interview_url(interview), context)
    return _new(found, _existing(INTERVIEW, now))


def _second_look_dues(now: datetime, recipients: Recipients, horizon: datetime) -> list[Due]:
    looks = list(
        Interview.objects.filter(second_look=SecondLook.PLANNED)
        .filter(second_look_on__gte=now.date(), second_look_on__lte=horizon.date() + timedelta(days=1))
        .select_related("tracked__program__specialty")
        .order_by()
    )
    recipients.of({i.workspace_id for i in looks})
    found = []
    for interview in looks:
        name = f"Second look at {interview.tracked.program.label}"
        context = {"name": name, "what": "Second look", "link": "", "when": name}
        args = (now, recipients, interview.workspace_id, SECOND_LOOK, interview.pk, interview.second_look_on)
        found += _all_day(*args, _interview_url(interview), context)
    return _new(found, _existing(SECOND_LOOK, now))


def event_due(now: datetime, recipients: Recipients) -> list[Due]:
    """Events and timed interviews (tomorrow and in one hour); interview days and second looks
    (tomorrow). Nine queries at most, whatever the number of workspaces."""
    horizon = now + timedelta(days=2)
    return [
        *_event_dues(now, recipients, horizon),
        *_interview_dues(now, recipients, horizon),
        *_second_look_dues(now, recipients, horizon),
    ]


def _current_moments(reminders: list) -> dict[tuple[str, int], object]:
    """(target type, id) -> its start now: a datetime, or an ISO date for the day-only ones."""
    ids: dict[str, set[int]] = {EVENT: set(), INTERVIEW: set(), SECOND_LOOK: set()}
    for r in reminders:
        ids.setdefault(r.target_type, set()).add(r.target_id)
    current: dict[tuple[str, int], object] = {
        (EVENT, pk): at for pk, at in Event.objects.filter(pk__in=ids[EVENT]).values_list("pk", "starts_at")
    }
    for pk, starts_at, day, status, look, look_on in Interview.objects.filter(
        pk__in=ids[INTERVIEW] | ids[SECOND_LOOK]
    ).values_list("pk", "starts_at", "interview_date", "status", "second_look", "second_look_on"):
        if status in (InterviewStatus.INVITED, InterviewStatus.SCHEDULED) and day:
            current[(INTERVIEW, pk)] = starts_at or day.isoformat()
        if look == SecondLook.PLANNED and look_on:
            current[(SECOND_LOOK, pk)] = look_on.isoformat()
    return current


def event_still_due(reminders: list, now: datetime) -> set[int]:
    """The event or interview is still on, at the same moment (a moved one is reminded anew)."""
    current = _current_moments(reminders)
    return {
        r.pk
        for r in reminders
        if (r.target_type, r.target_id) in current
        and current[(r.target_type, r.target_id)] == (r.context.get("day") or r.subject_at)
    }
