"""Reminder sources driven by the season calendar (``Deadline`` rows, never constants in code):
deadlines 14, 3 and 1 days ahead, and facts to re-verify before applications and before the
rank-list certification deadline.
"""

from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef
from django.urls import reverse

from accounts.models import Workspace
from programs.models import TrackedProgram

from ..choices import ReminderKind
from ..models import Deadline, DeadlineKind, Reminder
from ..reverify import PURSUED_STAGES, facts_to_reverify
from ..season import workspace_cycles
from .creation import Recipients, days_before, zone_named
from .registry import Due

DEADLINE = "outreach.deadline"
DEADLINE_DAYS = (1, 3, 14)  # nearest first: only the latest reminder that is due is created
FACT_CHECK_LEAD_DAYS = 14
FACT_CHECK_PHASES = {
    DeadlineKind.ERAS_SUBMIT: ("applications", "before you submit applications"),
    DeadlineKind.ROL_CERTIFICATION: ("certification", "before the rank order list certification deadline"),
}
MAX_PROGRAMS_IN_EMAIL = 25


def _upcoming(now: datetime, days: int, **filters) -> list[Deadline]:
    return list(
        Deadline.objects.filter(moment__gt=now, moment__lte=now + timedelta(days=days + 1), **filters)
    )


def _existing(kind: str, deadlines: list[Deadline]) -> set[tuple]:
    rows = Reminder.objects.filter(kind=kind, target_type=DEADLINE, target_id__in=[d.pk for d in deadlines])
    return set(rows.values_list("workspace_id", "target_id", "occurrence", "user_id"))


def _context(deadline: Deadline) -> dict:
    return {
        "name": deadline.name,
        "moment": deadline.moment.isoformat(),
        "all_day": deadline.all_day,
        "timezone": deadline.timezone,
        "confidence": deadline.get_confidence_display(),
        "confirmed": deadline.is_confirmed,
        "source_url": deadline.source_url,
        "source_note": deadline.source_note,
        "verified_on": deadline.verified_on.isoformat(),
    }


def _deadline_title(deadline: Deadline) -> str:
    when = deadline.local_moment.strftime("%b %-d, %Y" if deadline.all_day else "%b %-d, %Y, %-I:%M %p %Z")
    return f"{deadline.name}: {when}"


def deadline_due(now: datetime, recipients: Recipients) -> list[Due]:
    deadlines = _upcoming(now, max(DEADLINE_DAYS))
    if not deadlines:
        return []
    seasons = {d.season for d in deadlines}
    workspace_ids = list(Workspace.objects.filter(season__in=seasons).values_list("pk", "season"))
    cycles = workspace_cycles([pk for pk, _season in workspace_ids])
    people = recipients.of(cycles)
    existing = _existing(ReminderKind.DEADLINE, deadlines)
    found = []
    for deadline in deadlines:
        for ws_id, season in workspace_ids:
            if season != deadline.season or not deadline.applies_to_any(cycles[ws_id]):
                continue
            url = reverse("outreach:deadlines", kwargs={"workspace_id": ws_id})
            for person in people[ws_id]:
                due = next(
                    ((days, at) for days in DEADLINE_DAYS if (at := days_before(deadline.moment, days, person.zone)) <= now),
                    None,
                )  # fmt: skip
                if due is None or (ws_id, deadline.pk, f"{due[0]}d", person.user_id) in existing:
                    continue
                found.append(
                    Due(workspace_id=ws_id, target_type=DEADLINE, target_id=deadline.pk, occurrence=f"{due[0]}d",
                        due_at=due[1], title=_deadline_title(deadline), url=url, subject_at=deadline.moment,
                        expires_at=deadline.moment, user_id=person.user_id, context=_context(deadline),
                        detail=f"{deadline.get_confidence_display()} · source checked {deadline.verified_on:%b %-d, %Y}")
                )  # fmt: skip
    return found


def deadline_still_due(reminders: list, now: datetime) -> set[int]:
    """Still in the calendar at the same moment (staff may have corrected it); adds the days left."""
    moments = dict(
        Deadline.objects.filter(pk__in={r.target_id for r in reminders}).values_list("pk", "moment")
    )
    kept = set()
    for r in reminders:
        if moments.get(r.target_id) == r.subject_at:
            # Calendar days: the deadline's date where it is set, today where the person is.
            day = r.subject_at.astimezone(zone_named(r.context.get("timezone", ""))).date()
            r.context["days_left"] = max(0, (day - now.astimezone(zone_named(r.user.timezone)).date()).days)
            kept.add(r.pk)
    return kept


def fact_check_due(now: datetime, recipients: Recipients) -> list[Due]:
    """Per workspace pursuing programs: one reminder 14 days before each phase's deadline."""
    deadlines = _upcoming(now, FACT_CHECK_LEAD_DAYS, kind__in=list(FACT_CHECK_PHASES))
    if not deadlines:
        return []
    pursued = TrackedProgram.objects.filter(workspace_id=OuterRef("pk"), stage__in=PURSUED_STAGES)
    workspace_ids = list(
        Workspace.objects.filter(season__in={d.season for d in deadlines})
        .filter(Exists(pursued))
        .values_list("pk", "season")
    )
    cycles = workspace_cycles([pk for pk, _season in workspace_ids])
    people = recipients.of(cycles)
    existing = _existing(ReminderKind.FACT_CHECK, deadlines)
    found = []
    for deadline in deadlines:
        phase, before = FACT_CHECK_PHASES[deadline.kind]
        for ws_id, season in workspace_ids:
            if season != deadline.season or not deadline.applies_to_any(cycles[ws_id]):
                continue
            url = reverse("outreach:reverify", kwargs={"workspace_id": ws_id})
            for person in people[ws_id]:
                due_at = days_before(deadline.moment, FACT_CHECK_LEAD_DAYS, person.zone)
                if due_at > now or (ws_id, deadline.pk, phase, person.user_id) in existing:
                    continue
                found.append(
                    Due(workspace_id=ws_id, target_type=DEADLINE, target_id=deadline.pk, occurrence=phase,
                        due_at=due_at, title=f"Re-verify visa and cut-off facts {before}", url=url,
                        detail=f"{deadline.name}: {deadline.local_moment:%b %-d, %Y}",
                        subject_at=deadline.moment, expires_at=deadline.moment, user_id=person.user_id,
                        context={**_context(deadline), "phase": phase, "before": before})
                )  # fmt: skip
    return found


def fact_check_still_due(reminders: list, now: datetime) -> set[int]:
    """Only when something needs checking; the list goes into the email (one resolve per workspace)."""
    by_workspace: dict[object, list] = {}
    for r in reminders:
        by_workspace.setdefault(r.workspace_id, []).append(r)
    workspaces = Workspace.objects.in_bulk(list(by_workspace))
    kept = set()
    for ws_id, rows in by_workspace.items():
        checks = facts_to_reverify(workspaces[ws_id], today=now.date()) if ws_id in workspaces else []
        if not checks:
            continue
        programs = [
            {"name": c.tracked.program.name, "facts": [f.as_dict() for f in c.facts]}
            for c in checks[:MAX_PROGRAMS_IN_EMAIL]
        ]
        for r in rows:
            r.context.update(programs=programs, more=max(0, len(checks) - MAX_PROGRAMS_IN_EMAIL))
            kept.add(r.pk)
    return kept
