"""What the pipeline adds to the workspace home: the funnel panel and "needs confirmation" next steps.

Both come from one computation per request (verdicts for every tracked program: a constant number
of queries), registered in ``ProgramsConfig.ready``.
"""

from django.urls import NoReverseMatch, reverse

from accounts.next_steps import HomePanel, NextStep

from .choices import ACTIVE_STAGES, Stage
from .eligibility import ELIGIBILITY_KEYS, Status
from .models import TrackedProgram
from .pipeline import Row, funnel, judge_rows

NEXT_STEP_LIMIT = 5
_CACHE_ATTRIBUTE = "_pipeline_home_rows"


def _rows(request, workspace) -> list[Row]:
    """Rows of every tracked program, computed once per request for the panel and the steps."""
    cached = getattr(request, _CACHE_ATTRIBUTE, None)
    if cached is None or cached[0] != workspace.pk:
        tracked = TrackedProgram.objects.for_workspace(workspace).with_program()
        cached = (workspace.pk, judge_rows(workspace, tracked, keys=ELIGIBILITY_KEYS))
        setattr(request, _CACHE_ATTRIBUTE, cached)
    return cached[1]


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def funnel_context(request, workspace) -> dict:
    rows = _rows(request, workspace)
    counts = funnel(rows)
    active = sum(counts["stages"][stage] for stage in ACTIVE_STAGES)
    widest = max(counts["stages"].values(), default=0)
    list_url = reverse("programs:list", kwargs={"workspace_id": workspace.pk})
    stages = [
        {"value": stage, "label": label, "count": counts["stages"][stage],
         "width": _percent(counts["stages"][stage], widest), "url": f"{list_url}?stage={stage}"}
        for stage, label in Stage.choices
    ]  # fmt: skip
    verdicts = [
        {"value": status, "label": label, "count": counts["verdicts"][status],
         "url": f"{list_url}?verdict={status}"}
        for status, label in Status.choices
    ]  # fmt: skip
    return {
        "workspace": workspace,
        "total": len(rows),
        "active": active,
        "stages": stages,
        "verdicts": verdicts,
    }


FUNNEL_PANEL = HomePanel(order=10, template="programs/home_panel.html", context=funnel_context)


def _import_url(workspace) -> str | None:
    try:
        return reverse("catalog:import_new", kwargs={"workspace_id": workspace.pk})
    except NoReverseMatch:  # the catalog pages are optional to this app
        return None


def pipeline_steps(request, workspace) -> list[NextStep]:
    """ "Import or add programs" for an empty list; otherwise the programs that need confirmation."""
    rows = _rows(request, workspace)
    if not rows:
        url = _import_url(workspace) or reverse("programs:add_manual", kwargs={"workspace_id": workspace.pk})
        detail = (
            "Import the spreadsheet you keep (or a FREIDA or ACGME copy), pick programs from the catalog, "
            "or add them by hand, to see whether you can apply."
        )
        return [NextStep("Import or add programs", detail, url)]
    waiting = [
        row
        for row in rows
        if row.tracked.stage in ACTIVE_STAGES and row.verdict.status == Status.NEEDS_CONFIRMATION
    ]
    waiting.sort(key=lambda row: (-(row.tracked.interest or 0), row.program.name.lower()))
    steps = []
    for row in waiting[:NEXT_STEP_LIMIT]:
        questions = row.verdict.questions
        ask = "Ask the coordinator about: " + ", ".join(questions) if questions else ""
        todo = ask or "; ".join(r.action for r in row.verdict.to_confirm)
        url = reverse("programs:detail", kwargs={"workspace_id": workspace.pk, "pk": row.pk})
        steps.append(NextStep(f"Confirm eligibility at {row.program.name}", todo, url))
    if len(waiting) > NEXT_STEP_LIMIT:
        more = len(waiting) - NEXT_STEP_LIMIT
        list_url = reverse("programs:list", kwargs={"workspace_id": workspace.pk})
        url = f"{list_url}?verdict={Status.NEEDS_CONFIRMATION}"
        steps.append(
            NextStep(f"{more} more programs need confirmation", "See them all in the program list.", url)
        )
    return steps
