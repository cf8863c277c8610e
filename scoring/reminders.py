"""The rank-list reminder source (issue 7), registered with ``outreach.reminders`` in ``ready()``.

Two reminders per workspace and season, timed from the season calendar's certification deadline
(``Deadline`` rows of kind ``rol_certification``; a season with no sourced date reminds nothing):

* **review** — a week before: the rank list changed since its last review point (a snapshot taken
  by hand, or "I certified this order in R3") and nobody has looked at it since;
* **warnings** — two days before: pre-certification warnings are still open (visa infeasible,
  ineligible, unconfirmed visa fact, not interviewed, duplicate codes …).

``find_due`` runs a constant number of queries whatever the number of workspaces. Whether warnings
are still open is judged at delivery (``still_due``), per claimed reminder: at most one per
workspace per season, so that work stays small and the email lists the warnings of that moment.
"""

from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef
from django.urls import reverse

from accounts.models import Workspace
from outreach.models import Deadline, DeadlineKind, Reminder
from outreach.reminders import Due, ReminderSource
from outreach.reminders.creation import Recipients, days_before
from outreach.season import workspace_cycles

from .models import RankEntry
from .status import rank_list_status, unreviewed_since

KIND = "rank_list"
DEADLINE = "outreach.deadline"
REVIEW, WARNINGS = "review", "warnings"
DAYS_BEFORE = {REVIEW: 7, WARNINGS: 2}
MAX_WARNINGS_IN_EMAIL = 15


def _candidates(now: datetime) -> tuple[list[Deadline], list[tuple]]:
    """Certification deadlines within the review lead time, and the workspaces of their seasons that
    have a ranked program."""
    deadlines = list(
        Deadline.objects.filter(
            kind=DeadlineKind.ROL_CERTIFICATION,
            moment__gt=now,
            moment__lte=now + timedelta(days=DAYS_BEFORE[REVIEW] + 1),
        )
    )
    if not deadlines:
        return [], []
    ranked = RankEntry.objects.filter(rank_list__workspace_id=OuterRef("pk"))
    workspaces = list(
        Workspace.objects.filter(season__in={d.season for d in deadlines})
        .filter(Exists(ranked))
        .values_list("pk", "season")
    )
    return deadlines, workspaces


def _existing(deadlines: list[Deadline]) -> set[tuple]:
    rows = Reminder.objects.filter(kind=KIND, target_type=DEADLINE, target_id__in=[d.pk for d in deadlines])
    return set(rows.values_list("workspace_id", "target_id", "occurrence", "user_id"))


def _due(occurrence: str, deadline: Deadline, ws_id, person, due_at: datetime) -> Due:
    local = deadline.local_moment
    when = local.strftime("%b %-d, %Y, %-I:%M %p %Z")
    title = (
        "Review the changes to your rank list before certifying"
        if occurrence == REVIEW
        else "Warnings are still open on your rank list"
    )
    return Due(
        workspace_id=ws_id,
        target_type=DEADLINE,
        target_id=deadline.pk,
        occurrence=occurrence,
        due_at=due_at,
        title=title,
        url=reverse("scoring:index", kwargs={"workspace_id": ws_id}),
        detail=f"{deadline.name}: {when} ({deadline.get_confidence_display().lower()})",
        subject_at=deadline.moment,
        expires_at=deadline.moment,
        user_id=person.user_id,
        context={
            "deadline": deadline.name,
            "timezone": deadline.timezone,
            "confirmed": deadline.is_confirmed,
            "source_url": deadline.source_url,
            "days_before": DAYS_BEFORE[occurrence],
        },
    )


def rank_list_due(now: datetime, recipients: Recipients) -> list[Due]:
    """Review reminders for workspaces with unreviewed changes; warning reminders for every workspace
    with a ranked program (checked again when sent). Five queries at most."""
    deadlines, workspaces = _candidates(now)
    if not workspaces:
        return []
    cycles = workspace_cycles([pk for pk, _season in workspaces])
    unreviewed = unreviewed_since(cycles)
    people = recipients.of(cycles)
    existing = _existing(deadlines)
    found = []
    for deadline in deadlines:
        for ws_id, season in workspaces:
            if season != deadline.season or not deadline.applies_to_any(cycles[ws_id]):
                continue
            occurrences = [WARNINGS] + ([REVIEW] if ws_id in unreviewed else [])
            for person in people[ws_id]:
                for occurrence in occurrences:
                    due_at = days_before(deadline.moment, DAYS_BEFORE[occurrence], person.zone)
                    if due_at <= now and (ws_id, deadline.pk, occurrence, person.user_id) not in existing:
                        found.append(_due(occurrence, deadline, ws_id, person, due_at))
    return found


def rank_list_still_due(reminders: list, now: datetime) -> set[int]:
    """Keep a review reminder while the changes are still unreviewed, and a warnings reminder while
    warnings are open (listing them for the email)."""
    unreviewed = unreviewed_since({r.workspace_id for r in reminders if r.occurrence == REVIEW})
    statuses = {}
    kept = set()
    for reminder in reminders:
        if reminder.occurrence == REVIEW:
            if reminder.workspace_id in unreviewed:
                kept.add(reminder.pk)
            continue
        if reminder.workspace_id not in statuses:
            statuses[reminder.workspace_id] = rank_list_status(reminder.workspace, now=now)
        warnings = statuses[reminder.workspace_id].open_warnings
        if warnings:
            reminder.context["warnings"] = [
                f"{rank_list.name}: {warning.title}. {warning.detail}"
                for rank_list, warning in warnings[:MAX_WARNINGS_IN_EMAIL]
            ]
            reminder.context["more_warnings"] = max(0, len(warnings) - MAX_WARNINGS_IN_EMAIL)
            kept.add(reminder.pk)
    return kept


RANK_LIST_SOURCE = ReminderSource(
    kind=KIND,
    label="Rank list",
    description="Unreviewed changes a week before the certification deadline; open warnings two days before.",
    find_due=rank_list_due,
    still_due=rank_list_still_due,
    order=50,
)
