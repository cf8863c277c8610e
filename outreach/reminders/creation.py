"""Step 1 of the beat task: create the reminders that became due, from every registered source.

Idempotent (the dedupe key is unique: running it twice creates nothing new) and batched: each
source finds its due reminders in a constant number of queries, recipients are loaded once per set
of workspaces, existing keys are checked in one query and new rows inserted in one statement.
"""

import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership
from programs.imports.writing import insert

from ..models import NotificationPreferences, Reminder
from .registry import Due, ReminderSource, sources

# Day-granular reminders ("tomorrow", "in 3 days") arrive at this hour of the recipient's own day.
LOCAL_HOUR = 9


@dataclass(frozen=True)
class Recipient:
    user_id: int
    zone: zoneinfo.ZoneInfo


def zone_named(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.SHORTLIST_DEFAULT_USER_TIMEZONE)


class Recipients:
    """Who is reminded in each workspace: its owners and editors (viewers only read), with time zones.

    Loads what it has not seen yet in one query per call, so a pass stays constant in queries.
    """

    ROLES = (Membership.Role.OWNER, Membership.Role.EDITOR)

    def __init__(self) -> None:
        self._by_workspace: dict[object, list[Recipient]] = {}

    def of(self, workspace_ids: Iterable) -> dict[object, list[Recipient]]:
        wanted = set(workspace_ids)
        missing = wanted - self._by_workspace.keys()
        if missing:
            for ws_id in missing:
                self._by_workspace[ws_id] = []
            rows = Membership.objects.filter(
                workspace_id__in=missing, role__in=self.ROLES, user__is_active=True
            ).values_list("workspace_id", "user_id", "user__timezone")
            for ws_id, user_id, zone in rows.order_by("workspace_id", "user_id"):
                self._by_workspace[ws_id].append(Recipient(user_id, zone_named(zone)))
        return {ws_id: self._by_workspace[ws_id] for ws_id in wanted}


def local_morning(day: date, zone: zoneinfo.ZoneInfo) -> datetime:
    """``LOCAL_HOUR`` o'clock on ``day`` in ``zone`` (daylight saving handled by zoneinfo)."""
    return datetime.combine(day, time(LOCAL_HOUR), zone)


def days_before(moment: datetime, days: int, zone: zoneinfo.ZoneInfo) -> datetime:
    """The morning ``days`` calendar days before ``moment``'s day, in the recipient's zone."""
    return local_morning(moment.astimezone(zone).date() - timedelta(days=days), zone)


def dedupe_key(kind: str, due: Due, user_id: int) -> str:
    stamp = due.due_at.astimezone(zoneinfo.ZoneInfo("UTC")).strftime("%Y%m%dT%H%M")
    return f"{kind}:{due.target_type}:{due.target_id}:{due.occurrence}:{stamp}:u{user_id}"[:200]


def _rows(source: ReminderSource, dues: list[Due], recipients: Recipients) -> list[dict]:
    """The reminders' column values (dicts: ``insert`` writes them with COPY on PostgreSQL)."""
    people = recipients.of({d.workspace_id for d in dues if d.user_id is None})
    rows = []
    for due in dues:
        user_ids = [due.user_id] if due.user_id is not None else [p.user_id for p in people[due.workspace_id]]
        for user_id in user_ids:
            rows.append(
                {
                    "workspace_id": due.workspace_id, "user_id": user_id, "kind": source.kind,
                    "occurrence": due.occurrence, "target_type": due.target_type, "target_id": due.target_id,
                    "title": due.title[:300], "detail": due.detail[:500], "url": due.url[:500],
                    "context": due.context, "due_at": due.due_at, "subject_at": due.subject_at,
                    "expires_at": due.expires_at, "next_attempt_at": due.due_at,
                    "dedupe_key": dedupe_key(source.kind, due, user_id),
                }
            )  # fmt: skip
    return rows


def _wanted(rows: list[dict]) -> list[dict]:
    """Drop rows already created and rows of people who switched the kind off on both channels."""
    if not rows:
        return []
    existing = set(
        Reminder.objects.filter(dedupe_key__in=[r["dedupe_key"] for r in rows]).values_list(
            "dedupe_key", flat=True
        )
    )
    prefs = NotificationPreferences.for_users({r["user_id"] for r in rows})
    unique = {r["dedupe_key"]: r for r in rows if r["dedupe_key"] not in existing}
    return [
        r
        for r in unique.values()
        if prefs[r["user_id"]].wants_email(r["kind"]) or prefs[r["user_id"]].wants_in_app(r["kind"])
    ]


def create_due_reminders(now: datetime | None = None) -> int:
    """Create what became due from every source; returns how many rows were created."""
    now = now or timezone.now()
    recipients = Recipients()
    created = 0
    for source in sources():
        dues = [d for d in source.find_due(now, recipients) if d.due_at <= now]
        new = _wanted(_rows(source, dues, recipients))
        if new:
            # ignore_conflicts: a concurrent pass may have inserted the same keys a moment ago.
            # (COPY on PostgreSQL: bulk_create spent most of a 1,000-workspace pass preparing fields.)
            with transaction.atomic():
                insert(Reminder, new, ignore_conflicts=True)
            created += len(new)
    return created
