"""The pipeline: the table of tracked programs, the board, stage moves, bulk moves and saved filters."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from accounts.access import get_workspace_for_user

from .access import get_saved_filter_for_user, tracked_program_for_user, tracked_programs_for_user
from .choices import Stage
from .columns import extra_columns
from .forms import BulkExcludeForm, BulkMoveForm, ListFilters, MoveForm, SavedFilterForm
from .models import SavedFilter, Specialty
from .pipeline import attach_tags, build_rows, list_page

PAGE_SIZE = 50


def _filters_form(data: QueryDict, workspace, tracked) -> ListFilters:
    specialties = [
        (specialty.code, f"{specialty.short_name} ({specialty.code})")
        for specialty in Specialty.objects.filter(pk__in=tracked.values("program__specialty_id"))
    ]
    tags = workspace.tags.values_list("name", flat=True)
    return ListFilters(data, specialties=specialties, tags=tags, columns=extra_columns())


def _list_url(workspace_id, query: str = "") -> str:
    url = reverse("programs:list", kwargs={"workspace_id": workspace_id})
    return f"{url}?{query}" if query else url


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
@require_GET
def program_list(request: HttpRequest, workspace_id) -> HttpResponse:
    """The workspace's programs as a table: filters, sorting, pagination and bulk actions."""
    workspace, tracked = tracked_programs_for_user(request, workspace_id)
    form = _filters_form(request.GET, workspace, tracked)
    page, total = list_page(workspace, tracked, form.filters(), request.GET.get("page"), PAGE_SIZE)
    attach_tags(page.object_list)
    query = _query_without_page(request)
    return render(
        request,
        "programs/list.html",
        {
            "workspace": workspace,
            "form": form,
            "page": page,
            "rows": page.object_list,
            "total": total,
            "query": query,
            "columns": extra_columns(),
            "saved_filters": workspace.saved_filters.all(),
            "move_form": BulkMoveForm(initial={"query": query}),
            "exclude_form": BulkExcludeForm(initial={"query": query}, use_required_attribute=False),
            "save_form": SavedFilterForm(initial={"query": query}),
            "has_any": bool(total) or tracked.exists(),
        },
    )


@login_required
@require_GET
def board(request: HttpRequest, workspace_id) -> HttpResponse:
    """A column per stage; cards move by drag and drop or by their "Move to" menu."""
    workspace, tracked = tracked_programs_for_user(request, workspace_id)
    form = _filters_form(request.GET, workspace, tracked)
    del form.fields["stage"]  # the columns are the stages
    rows = build_rows(workspace, tracked, form.filters(), default_active=False)
    by_stage: dict[str, list] = {stage: [] for stage in Stage.values}
    for row in rows:
        by_stage[row.tracked.stage].append(row)
    return render(
        request,
        "programs/board.html",
        {
            "workspace": workspace,
            "form": form,
            "columns": [(stage, label, by_stage[stage]) for stage, label in Stage.choices],
            "query": _query_without_page(request),
            "total": len(rows),
            "stages": Stage.choices,
        },
    )


def _safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@login_required
@require_POST
def move(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    """Move one program to another stage (board drag and drop, menus, the detail page)."""
    _workspace, tracked = tracked_program_for_user(request, workspace_id, pk, write=True)
    form = MoveForm(request.POST)
    wants_json = "application/json" in request.headers.get("Accept", "")
    if not form.is_valid():
        if wants_json:
            return JsonResponse({"errors": form.errors}, status=400)
        messages.error(request, "Choose a stage to move the program to.")
    else:
        stage, reason = form.cleaned_data["stage"], form.cleaned_data["reason"]
        moved = tracked.move_to(stage, by=request.user, reason=reason)
        if wants_json:
            return JsonResponse(
                {"stage": tracked.stage, "label": tracked.get_stage_display(), "moved": moved}
            )
        if moved:
            messages.success(request, f"{tracked.program.name} moved to {tracked.get_stage_display()}.")
    return redirect(_safe_next(request) or reverse("programs:detail", args=[workspace_id, pk]))


def _bulk(request: HttpRequest, workspace_id, form: BulkMoveForm | BulkExcludeForm) -> HttpResponse:
    """Apply a stage move to the filtered set (or the ticked rows of it), within this workspace only."""
    workspace, tracked = tracked_programs_for_user(request, workspace_id, write=True)
    query = form.cleaned_data["query"] if form.is_valid() else form.data.get("query", "")
    back = redirect(_list_url(workspace_id, QueryDict(query).urlencode()))
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return back
    rows = build_rows(workspace, tracked, _filters_form(QueryDict(query), workspace, tracked).filters())
    chosen = [row.pk for row in rows]
    if form.cleaned_data["scope"] == "selected":
        ticked = set(form.cleaned_data["ids"])
        chosen = [pk for pk in chosen if pk in ticked]
    stage, reason = form.target()
    # ``tracked`` is this workspace's queryset: ids of anyone else's rows can never match.
    moved = tracked.filter(pk__in=chosen).move_to(stage, by=request.user, reason=reason)
    label = Stage(stage).label.lower()
    messages.success(request, f"{moved} program{'s' if moved != 1 else ''} moved to {label}.")
    return back


@login_required
@require_POST
def bulk_move(request: HttpRequest, workspace_id) -> HttpResponse:
    return _bulk(request, workspace_id, BulkMoveForm(request.POST))


@login_required
@require_POST
def bulk_exclude(request: HttpRequest, workspace_id) -> HttpResponse:
    return _bulk(request, workspace_id, BulkExcludeForm(request.POST))


@login_required
@require_POST
def filter_save(request: HttpRequest, workspace_id) -> HttpResponse:
    workspace = get_workspace_for_user(request, workspace_id, write=True)
    form = SavedFilterForm(request.POST, instance=SavedFilter(workspace=workspace, created_by=request.user))
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(_list_url(workspace_id, QueryDict(request.POST.get("query", "")).urlencode()))
    saved = form.save()
    messages.success(request, f"Filters saved as “{saved.name}”.")
    return redirect(_list_url(workspace_id, saved.query))


@login_required
@require_POST
def filter_delete(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    saved = get_saved_filter_for_user(request, workspace_id, pk, write=True)
    saved.delete()
    messages.success(request, f"Saved filters “{saved.name}” deleted.")
    return redirect("programs:list", workspace_id=workspace_id)
