"""Scores: the scored table, one program's ratings and explanation, the criteria and their weights,
and the page that explains how scores and tiers are computed."""

from typing import NamedTuple
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.access import get_workspace_for_user
from accounts.spreadsheets import csv_bytes, xlsx_bytes
from programs.access import tracked_program_for_user, tracked_programs_for_user
from programs.choices import ACTIVE_STAGES

from .access import get_criterion_for_user, get_rating_for_user
from .choices import Tier
from .exports import FORMATS, respond, score_header, score_rows, scores_filename, scores_pdf
from .forms import CriterionForm, RatingsForm, WeightsForm
from .models import Criterion
from .ratings import save_ratings
from .scores import score_programs
from .standings import SORT_LABELS, SORTS, shown, standings
from .tiers import TIER_RULE_TABLE

PAGE_SIZE = 50
SECTIONS = (
    ("scores", "Scored programs", "scoring:scores"),
    ("criteria", "Criteria and weights", "scoring:criteria"),
    ("rules", "How scores and tiers work", "scoring:rules"),
)


def _scored(request: HttpRequest, workspace_id):
    """Standings of the workspace's active programs: a page completes the scores it shows."""
    workspace, tracked = tracked_programs_for_user(request, workspace_id)
    return workspace, standings(workspace, tracked.filter(stage__in=ACTIVE_STAGES))


class _Shown(NamedTuple):
    sort: str
    tier: str
    scores: list  # the board's scores of that tier (all when none), in that order


def _shown(request: HttpRequest, board) -> _Shown:
    """The scores the page shows for its ``tier`` and ``sort`` (the downloads take the same)."""
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "composite"
    tier = request.GET.get("tier") if request.GET.get("tier") in Tier.values else ""
    return _Shown(sort, tier, shown(board, sort, tier))


@login_required
@require_GET
def scores(request: HttpRequest, workspace_id) -> HttpResponse:
    """Every active program with its tier, composite, coverage and each criterion's rating."""
    workspace, board = _scored(request, workspace_id)
    sort, tier, listed = _shown(request, board)
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = {t: 0 for t in Tier.values}
    for score in board.scores.values():
        counts[score.tier_code] += 1
    query = urlencode({k: v for k, v in (("tier", tier), ("sort", sort)) if v and v != "composite"})
    rows = board.complete(page.object_list)  # the page's programs with their explanations
    context = {
        "workspace": workspace, "board": board, "page": page, "rows": rows, "sort": sort,
        "tier": tier, "tiers": [(value, label, counts[value]) for value, label in Tier.choices],
        "total": len(board.scores), "formats": FORMATS, "section": "scores", "score_sections": SECTIONS,
        "board_tier_table": TIER_RULE_TABLE, "download_query": query,
    }  # fmt: skip
    return render(request, "scoring/scores.html", context)


@login_required
@require_GET
def scores_download(request: HttpRequest, workspace_id, fmt: str) -> HttpResponse:
    """The scored table as the page shows it: the same tier filter and order, every page of it."""
    if fmt not in FORMATS:
        raise Http404("Unknown format.")
    workspace, board = _scored(request, workspace_id)
    sort, tier, listed = _shown(request, board)
    completed = board.complete(listed)
    if fmt == "pdf":
        content = scores_pdf(workspace, board, completed, SORT_LABELS[sort], Tier(tier).label if tier else "")
    else:
        header, rows = score_header(board), score_rows(completed)
        content = csv_bytes(header, rows) if fmt == "csv" else xlsx_bytes(header, rows, title="Scores")
    return respond(content, scores_filename(workspace, fmt), fmt)


def _program_context(workspace, tracked, form: RatingsForm | None = None) -> dict:
    board = score_programs(workspace, [tracked])
    score = board.get(tracked.pk)
    entries = tracked.rank_entries.select_related("rank_list").order_by("rank_list__kind", "rank_list_id")
    return {
        "workspace": workspace, "tracked": tracked, "program": tracked.program, "score": score,
        "form": form or RatingsForm(score=score), "entries": list(entries), "section": "scores",
        "score_sections": SECTIONS,
    }  # fmt: skip


@login_required
@require_GET
def program(request: HttpRequest, workspace_id, tracked_pk: int) -> HttpResponse:
    workspace, tracked = tracked_program_for_user(request, workspace_id, tracked_pk)
    return render(request, "scoring/program.html", _program_context(workspace, tracked))


@login_required
@require_POST
def program_rate(request: HttpRequest, workspace_id, tracked_pk: int) -> HttpResponse:
    """Save the ratings: a new value is kept with the derived rating of the moment; "—" removes one."""
    workspace, tracked = tracked_program_for_user(request, workspace_id, tracked_pk, write=True)
    score = score_programs(workspace, [tracked]).get(tracked.pk)
    form = RatingsForm(request.POST, score=score)
    if not form.is_valid():
        context = _program_context(workspace, tracked, form)
        return render(request, "scoring/program.html", context, status=400)
    changed = save_ratings(workspace, tracked, form.choices(), by=request.user)
    messages.success(request, f"Ratings saved ({changed} changed).")
    return redirect("scoring:program", workspace_id=workspace_id, tracked_pk=tracked_pk)


@login_required
@require_POST
def rating_keep(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    """Keep an override although the facts changed: the current derived rating becomes its baseline."""
    rating = get_rating_for_user(request, workspace_id, pk, write=True)
    workspace = rating.tracked.workspace
    tracked = rating.tracked
    score = score_programs(workspace, [tracked], criteria=[rating.criterion]).get(tracked.pk)
    rating.acknowledge(score.items[0].derived_value)
    messages.success(request, f"Your {rating.value} for {rating.criterion.name.lower()} stays.")
    return redirect("scoring:program", workspace_id=workspace_id, tracked_pk=tracked.pk)


# --- Criteria -----------------------------------------------------------------------------------


def _criteria_context(workspace, **forms) -> dict:
    every = Criterion.all_for(workspace)
    active = [c for c in every if not c.retired]
    return {
        "workspace": workspace, "active": active, "retired": [c for c in every if c.retired],
        "weights_form": forms.get("weights_form") or WeightsForm(criteria=active),
        "add_form": forms.get("add_form") or CriterionForm(), "total_weight": sum(c.weight for c in active),
        "section": "criteria", "score_sections": SECTIONS,
    }  # fmt: skip


@login_required
@require_GET
def criteria(request: HttpRequest, workspace_id) -> HttpResponse:
    workspace = get_workspace_for_user(request, workspace_id)
    return render(request, "scoring/criteria.html", _criteria_context(workspace))


@login_required
@require_POST
def criteria_weights(request: HttpRequest, workspace_id) -> HttpResponse:
    workspace = get_workspace_for_user(request, workspace_id, write=True)
    form = WeightsForm(request.POST, criteria=Criterion.active_for(workspace))
    if not form.is_valid():
        return render(
            request, "scoring/criteria.html", _criteria_context(workspace, weights_form=form), status=400
        )
    changed = form.changed_weights()
    Criterion.set_weights(changed)
    messages.success(request, f"Weights saved ({len(changed)} changed). Scores and sensitivity follow them.")
    return redirect("scoring:criteria", workspace_id=workspace_id)


@login_required
@require_POST
def criterion_add(request: HttpRequest, workspace_id) -> HttpResponse:
    workspace = get_workspace_for_user(request, workspace_id, write=True)
    Criterion.all_for(workspace)  # the standard criteria come first
    form = CriterionForm(
        request.POST, instance=Criterion(workspace=workspace, position=Criterion.next_position(workspace))
    )
    if not form.is_valid():
        return render(
            request, "scoring/criteria.html", _criteria_context(workspace, add_form=form), status=400
        )
    created = form.save()
    messages.success(request, f"Criterion “{created.name}” added with weight {created.weight}.")
    return redirect("scoring:criteria", workspace_id=workspace_id)


@login_required
def criterion_edit(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    """Rename, reweight or re-describe one criterion."""
    criterion = get_criterion_for_user(request, workspace_id, pk, write=request.method == "POST")
    form = CriterionForm(request.POST or None, instance=criterion)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Criterion “{criterion.name}” saved.")
        return redirect("scoring:criteria", workspace_id=workspace_id)
    context = {"workspace": criterion.workspace, "criterion": criterion, "form": form, "section": "criteria",
               "score_sections": SECTIONS}  # fmt: skip
    return render(request, "scoring/criterion_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def criterion_retire(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    criterion = get_criterion_for_user(request, workspace_id, pk, write=True)
    criterion.retire()
    messages.success(request, f"“{criterion.name}” retired: it no longer counts. Its ratings are kept.")
    return redirect("scoring:criteria", workspace_id=workspace_id)


@login_required
@require_POST
def criterion_restore(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    criterion = get_criterion_for_user(request, workspace_id, pk, write=True)
    criterion.restore()
    messages.success(request, f"“{criterion.name}” counts again.")
    return redirect("scoring:criteria", workspace_id=workspace_id)


@login_required
@require_GET
def rules(request: HttpRequest, workspace_id) -> HttpResponse:
    """How composite scores, derived ratings, tiers, sensitivity and the list checks work."""
    workspace = get_workspace_for_user(request, workspace_id)
    context = {
        "workspace": workspace, "tier_table": TIER_RULE_TABLE, "included": settings.ROL_INCLUDED_PROGRAMS,
        "max_ranks": settings.ROL_MAX_RANKS, "fee": settings.ROL_EXTRA_PROGRAM_FEE_USD,
        "fee_note": settings.ROL_EXTRA_PROGRAM_FEE_NOTE, "fee_source": settings.ROL_EXTRA_PROGRAM_FEE_SOURCE,
        "section": "rules", "score_sections": SECTIONS,
    }  # fmt: skip
    return render(request, "scoring/rules.html", context)
