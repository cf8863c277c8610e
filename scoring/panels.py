"""The scoring section of a tracked program's page: composite, explanation, tier and rank."""

from .scores import score_programs


def detail_panel_context(request, workspace, tracked) -> dict:
    score = score_programs(workspace, [tracked]).get(tracked.pk)
    entries = list(
        tracked.rank_entries.select_related("rank_list").order_by("rank_list__kind", "rank_list_id")
    )
    return {
        "workspace": workspace,
        "tracked": tracked,
        "score": score,
        "entries": entries,
        "on_primary": any(entry.rank_list.is_primary for entry in entries),
    }
