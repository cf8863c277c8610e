"""iCalendar (.ics) files: the workspace's feed (season deadlines, events, interviews, second looks)
for calendar apps to subscribe to, and a one-off file per event.

Times are written in UTC (every calendar app converts them); a date without a time is an all-day
entry. UIDs are stable, so a calendar app updates an entry instead of duplicating it.
"""

from datetime import date, datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

from .choices import InterviewStatus, SecondLook
from .models import Event, Interview
from .season import deadlines_for

UID_DOMAIN = "shortlist"
PAST_WINDOW = timedelta(days=180)  # the feed keeps half a year of history


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Shortlist//Residency search//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _entry(uid: str, summary: str, start: datetime | date, *, end=None, url: str = "", description: str = ""):
    entry = VEvent()
    entry.add("uid", f"{uid}@{UID_DOMAIN}")
    entry.add("dtstamp", timezone.now())
    entry.add("summary", summary)
    entry.add("dtstart", start)
    if end is not None:
        entry.add("dtend", end)
    elif isinstance(start, date) and not isinstance(start, datetime):
        entry.add("dtend", start + timedelta(days=1))
    if url:
        entry.add("url", url)
    if description:
        entry.add("description", description)
    return entry


def event_entry(event: Event, base_url: str):
    path = reverse("outreach:event_detail", kwargs={"workspace_id": event.workspace_id, "pk": event.pk})
    description = "\n\n".join(part for part in (event.link, event.notes) if part)
    return _entry(
        f"event-{event.pk}",
        f"{event.title} ({event.get_kind_display()})",
        event.starts_at,
        end=event.ends_at,
        url=base_url + path,
        description=description,
    )


def event_calendar(event: Event, base_url: str) -> bytes:
    calendar = _calendar(event.title)
    calendar.add_component(event_entry(event, base_url))
    return calendar.to_ical()


def _interview_entries(interview: Interview, base_url: str) -> list:
    program = interview.tracked.program.name
    path = reverse(
        "outreach:interview_edit",
        kwargs={"workspace_id": interview.workspace_id, "tracked_pk": interview.tracked_id},
    )
    entries = []
    active = interview.status in (
        InterviewStatus.INVITED,
        InterviewStatus.SCHEDULED,
        InterviewStatus.COMPLETED,
    )
    if active and interview.interview_date:
        start = interview.starts_at or interview.interview_date
        end = interview.starts_at + timedelta(hours=4) if interview.starts_at else None
        entries.append(
            _entry(f"interview-{interview.pk}", f"Interview: {program}", start, end=end, url=base_url + path)
        )
    if interview.second_look in (SecondLook.PLANNED, SecondLook.DONE) and interview.second_look_on:
        entries.append(
            _entry(
                f"second-look-{interview.pk}",
                f"Second look: {program}",
                interview.second_look_on,
                url=base_url + path,
            )
        )
    return entries


def _deadline_entry(deadline, base_url: str, workspace):
    path = reverse("outreach:deadlines", kwargs={"workspace_id": workspace.pk})
    note = f"{deadline.get_confidence_display()}. Source: {deadline.source_url} (checked {deadline.verified_on:%b %-d, %Y})"
    if deadline.source_note:
        note += f"\n{deadline.source_note}"
    start = deadline.local_moment.date() if deadline.all_day else deadline.moment
    end = None if deadline.all_day else deadline.moment + timedelta(minutes=30)
    return _entry(
        f"deadline-{deadline.pk}", deadline.name, start, end=end, url=base_url + path, description=note
    )


def workspace_calendar(workspace, base_url: str) -> bytes:
    """The subscription feed of one workspace: four queries whatever its size."""
    since = timezone.now() - PAST_WINDOW
    calendar = _calendar(f"Shortlist: {workspace.name}")
    for deadline in deadlines_for(workspace):
        calendar.add_component(_deadline_entry(deadline, base_url, workspace))
    for event in workspace.outreach_events.filter(starts_at__gte=since).order_by("starts_at"):
        calendar.add_component(event_entry(event, base_url))
    interviews = workspace.outreach_interviews.select_related("tracked__program").order_by("interview_date")
    for interview in interviews:
        for entry in _interview_entries(interview, base_url):
            calendar.add_component(entry)
    return calendar.to_ical()
