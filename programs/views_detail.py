"""One program in depth (facts, verdict, history, notes), side-by-side comparison, manual programs."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models.functions import Lower
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.access import get_workspace_for_user

from .access import tracked_program_for_user, tracked_programs_for_user
from .choices import ACTIVE_STAGES
from .eligibility import RULES, evaluate, training_year
from .facts import GROUPS, keys_in_group
from .forms import ComparePickForm, ManualFactForm, ManualProgramForm, MoveForm, TrackedProgramForm
from .models import Program, ProgramFact, TrackedProgram
from .notes import render_notes
from .panels import detail_panels
from .pipeline import fact_groups, judge_rows, set_tags
from .resolve import EMPTY, fact_histories, resolve_facts

COMPARE_MAX = 4


def _detail_context(request: HttpRequest, workspace, tracked, **forms) -> dict:
    program = tracked.program
    facts = resolve_facts(workspace, [program]).get(program.pk, EMPTY)
    histories = fact_histories(workspace, program)
    return {
        "workspace": workspace,
        "tracked": tracked,
        "program": program,
        "facts": facts,
        "groups": fact_groups(facts),
        "histories": histories,
        "verdict": evaluate(workspace.profile, facts, program=program, season=workspace.season),
        "training_year": training_year(workspace.season),
        "website": facts.value("website"),
        "freida_url": facts.value("freida_url") or program.freida_url,
        "stage_changes": tracked.stage_changes.select_related("changed_by")[:50],
        "tags": tracked.tags.all(),
        "notes_html": render_notes(tracked.notes),
        "move_form": forms.get("move_form") or MoveForm(initial={"stage": tracked.stage}),
        "edit_form": forms.get("edit_form") or TrackedProgramForm(instance=tracked),
        "fact_form": forms.get("fact_form") or ManualFactForm(season=workspace.season),
        "panels": detail_panels(request, workspace, tracked),
    }


@login_required
@require_GET
def detail(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    workspace, tracked = tracked_program_for_user(request, workspace_id, pk)
    return render(request, "programs/detail.html", _detail_context(request, workspace, tracked))


@login_required
@require_POST
def update(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    """Interest, notes and tags."""
    workspace, tracked = tracked_program_for_user(request, workspace_id, pk, write=True)
    form = TrackedProgramForm(request.POST, instance=tracked)
    if not form.is_valid():
        context = _detail_context(request, workspace, tracked, edit_form=form)
        return render(request, "programs/detail.html", context, status=400)
    with transaction.atomic():
        form.save()
        set_tags(workspace, tracked, form.cleaned_data["tag_names"])
    messages.success(request, "Notes, interest and tags saved.")
    return redirect("programs:detail", workspace_id=workspace_id, pk=pk)


@login_required
@require_POST
def add_fact(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    """A fact learnt by hand; it belongs to this workspace and competes with the others by date."""
    workspace, tracked = tracked_program_for_user(request, workspace_id, pk, write=True)
    form = ManualFactForm(request.POST, season=workspace.season)
    if not form.is_valid():
        context = _detail_context(request, workspace, tracked, fact_form=form)
        return render(request, "programs/detail.html", context, status=400)
    data = form.cleaned_data
    ProgramFact(
        program=tracked.program,
        workspace=workspace,
        values={data["key"]: data["parsed"]},
        source_kind=data["source_kind"],
        source_detail=data["source_detail"],
        source_url=data["source_url"],
        observed_on=data["observed_on"],
        created_by=request.user,
    ).save()
    messages.success(request, "Fact added.")
    return redirect("programs:detail", workspace_id=workspace_id, pk=pk)


def _compare_ids(request: HttpRequest) -> list[int]:
    ids = []
    for raw in request.GET.getlist("ids"):
        if raw.isdigit() and int(raw) not in ids:
            ids.append(int(raw))
    return ids[:COMPARE_MAX]


def _compare_table(rows) -> list[dict]:
    """One entry per registry group: the keys any compared program reports, a cell per program."""
    table = []
    for group in GROUPS:
        keys = [k for k in keys_in_group(group) if any(k.key in row.facts for row in rows)]
        if keys:
            table.append({"name": group, "rows": [(k, [row.facts.get(k.key) for row in rows]) for k in keys]})
    return table


@login_required
@require_GET
def compare(request: HttpRequest, workspace_id) -> HttpResponse:
    """2–4 programs side by side; with fewer chosen, a picker."""
    workspace, tracked = tracked_programs_for_user(request, workspace_id)
    chosen = {t.pk: t for t in tracked.filter(pk__in=_compare_ids(request))}
    ordered = [chosen[pk] for pk in _compare_ids(request) if pk in chosen]
    if len(ordered) < 2:
        choices = (
            tracked.filter(stage__in=ACTIVE_STAGES).with_program().order_by(Lower("program__name"), "pk")
        )
        form = ComparePickForm({"ids": [str(pk) for pk in chosen]} if chosen else None, choices=choices)
        if request.GET.getlist("ids"):
            messages.info(request, f"Choose two to {COMPARE_MAX} of your programs.")
        return render(request, "programs/compare_pick.html", {"workspace": workspace, "form": form})
    rows = judge_rows(workspace, ordered, keys=None)  # every fact, side by side
    return render(
        request,
        "programs/compare.html",
        {
            "workspace": workspace,
            "rows": rows,
            "table": _compare_table(rows),
            "notes": [render_notes(row.tracked.notes) for row in rows],
        },
    )


@login_required
def add_manual(request: HttpRequest, workspace_id) -> HttpResponse:
    """Add a program that no import has: no number, private to this workspace, tracked at once."""
    workspace = get_workspace_for_user(request, workspace_id, write=True)
    form = ManualProgramForm(request.POST or None, instance=Program(workspace=workspace))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            program = form.save()
            tracked = TrackedProgram(workspace=workspace, program=program)
            tracked.save()
        messages.success(request, f"{program.name} added to your long list.")
        return redirect("programs:detail", workspace_id=workspace_id, pk=tracked.pk)
    return render(request, "programs/add_manual.html", {"workspace": workspace, "form": form})


@login_required
@require_GET
def rules(request: HttpRequest, workspace_id) -> HttpResponse:
    """The eligibility rules in plain words, with their sources and the applicant's answers."""
    workspace = get_workspace_for_user(request, workspace_id)
    context = {
        "workspace": workspace,
        "profile": workspace.profile,
        "rules": RULES.values(),
        "training_year": training_year(workspace.season),
        "stale_days": f"{settings.FACT_STALE_DAYS} days",
    }
    return render(request, "programs/rules.html", context)
