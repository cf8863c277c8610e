"""What the rank list adds to the workspace home: a panel (countdown, size, warnings, unreviewed
changes) and next steps, from one ``rank_list_status`` per request."""

from django.urls import reverse

from accounts.next_steps import HomePanel, NextStep

from .status import RankListStatus, rank_list_status

_CACHE_ATTRIBUTE = "_scoring_home_status"


def _status(request, workspace) -> RankListStatus:
    cached = getattr(request, _CACHE_ATTRIBUTE, None)
    if cached is None or cached[0] != workspace.pk:
        cached = (workspace.pk, rank_list_status(workspace))
        setattr(request, _CACHE_ATTRIBUTE, cached)
    return cached[1]


def panel_context(request, workspace) -> dict:
    status = _status(request, workspace)
    return {"workspace": workspace, "status": status, "countdown": status.countdown}


RANK_LIST_PANEL = HomePanel(order=30, template="scoring/home_panel.html", context=panel_context)


def rank_list_steps(request, workspace) -> list[NextStep]:
    status = _status(request, workspace)
    url = reverse("scoring:index", kwargs={"workspace_id": workspace.pk})
    steps = []
    warnings = status.open_warnings
    if warnings:
        count = sum(max(1, warning.count) for _list, warning in warnings)
        titles = ", ".join(dict.fromkeys(warning.title.lower() for _list, warning in warnings))
        steps.append(
            NextStep(
                f"Check {count} warning{'s' if count != 1 else ''} on your rank list",
                f"Before you certify: {titles}.",
                url,
            )
        )
    if status.has_unreviewed_changes:
        steps.append(
            NextStep(
                "Review the changes to your rank list",
                "The NRMP keeps only the list you last certified: take a snapshot, or record that you "
                "certified the new order in R3.",
                url,
            )
        )
    return steps
