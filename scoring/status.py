"""What the reminders need to know about a workspace's rank lists — read-only, constant queries.

Contract for the reminder source the lead connects (``outreach.reminders.register_reminder_source``):

* ``rank_list_status(workspace)`` → :class:`RankListStatus` for one workspace, in about ten
  queries whatever the length of its lists, and without writing anything (no list is created, no
  criterion seeded, no snapshot taken):

  - ``has_unreviewed_changes``: some list changed (entries added, removed or reordered) after its
    last **review point** — a snapshot taken by hand, or "I certified this list in R3". The
    automatic snapshot taken before each day's first change is history, not a review.
  - ``open_warnings``: the pre-certification warnings still open on any list, as
    (list, :class:`~scoring.checks.ListWarning`) pairs — visa infeasible, ineligible, visa fact
    stale or unconfirmed, not interviewed, withdrawn/excluded, duplicate program codes, more than
    ``ROL_MAX_RANKS`` ranks. The extra-fee notice (over 20 programs) is information, not a warning,
    and is left out.
  - ``countdown``: the season's certification deadline from the calendar (None when the calendar has
    no sourced date for the season; ``countdown.reference`` is then last season's, never to be used
    as this season's).

* ``unreviewed_since(workspace_ids)`` → ``{workspace_id: changed_at}`` of the workspaces whose lists
  have unreviewed changes, in **one** query for any number of workspaces (for a beat that scans all
  workspaces, before computing warnings for the few near their deadline).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, Max, Q

from .checks import Countdown, ListWarning, certification_countdown
from .models import RankList
from .ranking import ListView, list_views

OPEN_SEVERITIES = ("danger", "warning")


@dataclass(frozen=True)
class RankListStatus:
    lists: tuple[ListView, ...]
    countdown: Countdown

    @property
    def has_unreviewed_changes(self) -> bool:
        return any(view.rank_list.has_unreviewed_changes for view in self.lists)

    @property
    def changed_at(self) -> datetime | None:
        return max((v.rank_list.changed_at for v in self.lists if v.rank_list.changed_at), default=None)

    @property
    def open_warnings(self) -> list[tuple[RankList, ListWarning]]:
        return [
            (view.rank_list, warning)
            for view in self.lists
            for warning in view.checks.warnings
            if warning.severity in OPEN_SEVERITIES
        ]

    @property
    def entry_count(self) -> int:
        return sum(len(view.rows) for view in self.lists)


def rank_list_status(workspace, *, now: datetime | None = None) -> RankListStatus:
    """The workspace's lists, their unreviewed changes and open warnings, and the deadline."""
    lists = RankList.all_for(workspace)
    views = list_views(workspace, lists, criteria=[], supplemental=None) if lists else []
    return RankListStatus(tuple(views), certification_countdown(workspace, now=now))


def unreviewed_since(workspace_ids: Iterable) -> dict:
    """``{workspace_id: latest change}`` for the workspaces with unreviewed rank-list changes."""
    rows = (
        RankList.objects.filter(workspace_id__in=list(workspace_ids), changed_at__isnull=False)
        .filter(Q(reviewed_at__isnull=True) | Q(changed_at__gt=F("reviewed_at")))
        .values("workspace_id")
        .annotate(latest=Max("changed_at"))
    )
    return {row["workspace_id"]: row["latest"] for row in rows}
