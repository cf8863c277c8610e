"""Which season deadlines concern a workspace: its Match season and the application cycles of the
specialties it tracks (a workspace with no programs yet follows the residency (Main Match) cycle).

Cycles are matched in Python rather than with a JSON ``contains`` lookup, which SQLite (the local
default) does not support; a season has a dozen deadlines, so this costs nothing.
"""

from collections.abc import Iterable

from programs.choices import ApplicationCycle
from programs.models import TrackedProgram

from .models import Deadline

DEFAULT_CYCLES = frozenset({ApplicationCycle.RESIDENCY.value})


def workspace_cycles(workspace_ids: Iterable) -> dict[object, frozenset[str]]:
    """Application cycles per workspace id, from its active tracked programs, in one query."""
    found: dict[object, set[str]] = {ws_id: set() for ws_id in workspace_ids}
    rows = (
        TrackedProgram.objects.filter(workspace_id__in=list(found), program__specialty__isnull=False)
        .active()
        .order_by()
        .values_list("workspace_id", "program__specialty__application_cycle")
        .distinct()
    )
    for ws_id, cycle in rows:
        found[ws_id].add(cycle)
    return {ws_id: frozenset(cycles) or DEFAULT_CYCLES for ws_id, cycles in found.items()}


def deadlines_for(workspace, season: int | None = None) -> list[Deadline]:
    """The deadlines of the workspace's season (or of ``season``) that concern it, soonest first."""
    cycles = workspace_cycles([workspace.pk])[workspace.pk]
    return [d for d in Deadline.objects.for_season(season or workspace.season) if d.applies_to_any(cycles)]


def latest_published_season(before: int) -> int | None:
    """The newest season before ``before`` that has dates, to show for reference."""
    return (
        Deadline.objects.filter(season__lt=before)
        .order_by("-season")
        .values_list("season", flat=True)
        .first()
    )
