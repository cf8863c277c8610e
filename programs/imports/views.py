"""Catalog pages: browse and add, specialties with NRMP figures, and the import flow.

Upload → preview (a dry run that writes nothing) → confirm (all or nothing) → result, plus the
import history and undo. Every private row is reached through the access helpers.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from accounts.access import get_workspace_for_user
from accounts.spreadsheets import csv_response, safe_filename

from ..access import get_import_batch_for_user
from ..facts import VISA_KEYS
from ..models import ImportBatch, Specialty, SpecialtyStat
from ..resolve import EMPTY, resolve_facts
from . import pipeline
from .access import catalog_programs_for_user, import_batches_for_user, tracked_program_ids
from .browse import add_to_workspace, search_catalog
from .forms import AddProgramsForm, CatalogSearchForm, ConfirmForm, MappingForm, UploadForm, source_label
from .undo import undo_batch

PAGE_SIZE = 50
ERRORS_SHOWN = 500
WARNINGS_SHOWN = 200


def _detail(batch: ImportBatch):
    return redirect("catalog:import_detail", workspace_id=batch.workspace_id, pk=batch.pk)


# --- Browse the catalog ------------------------------------------------------------------------


@login_required
@require_GET
def browse(request: HttpRequest, workspace_id) -> HttpResponse:
    workspace, programs = catalog_programs_for_user(request, workspace_id)
    form = CatalogSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    found = search_catalog(
        programs, q=filters.get("q", ""), specialty=filters.get("specialty"), state=filters.get("state", "")
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    facts = resolve_facts(workspace, rows, keys=VISA_KEYS)
    tracked = tracked_program_ids(workspace, [p.pk for p in rows])
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "workspace": workspace,
        "form": form,
        "page": page,
        "rows": [(p, facts.get(p.pk, EMPTY), p.pk in tracked) for p in rows],
        "query": query.urlencode(),
        "can_write": request.membership.can_write,
    }
    return render(request, "catalog/browse.html", context)


@login_required
@require_POST
def add(request: HttpRequest, workspace_id) -> HttpResponse:
    workspace, programs = catalog_programs_for_user(request, workspace_id, write=True)
    form = AddProgramsForm(request.POST, queryset=programs)
    if form.is_valid():
        added, already = add_to_workspace(workspace, form.cleaned_data["programs"])
        note = f" ({already} already were)" if already else ""
        messages.success(request, f"Added {added} program(s) to your long list{note}.")
    else:
        messages.error(request, " ".join(form.errors.get("programs", ["Choose programs to add."])))
    back = reverse("catalog:browse", kwargs={"workspace_id": workspace.pk})
    query = request.POST.get("query", "")
    return redirect(f"{back}?{query}" if query and "://" not in query else back)


# --- Specialties ---------------------------------------------------------------------------------


@login_required
@require_GET
def specialty_list(request: HttpRequest, workspace_id) -> HttpResponse:
    workspace, programs = catalog_programs_for_user(request, workspace_id)
    counts = dict(
        programs.order_by()
        .values("specialty__code")
        .annotate(n=Count("id"))
        .values_list("specialty__code", "n")
    )
    specialties = Specialty.objects.order_by("-is_genetics", "name")
    context = {
        "workspace": workspace,
        "specialties": [(s, counts.get(s.code, 0)) for s in specialties],
    }
    return render(request, "catalog/specialty_list.html", context)


@login_required
@require_GET
def specialty(request: HttpRequest, workspace_id, code: str) -> HttpResponse:
    workspace, programs = catalog_programs_for_user(request, workspace_id)
    chosen = get_object_or_404(Specialty, code=code)
    stats = list(SpecialtyStat.objects.filter(specialty=chosen).order_by("-year"))
    context = {
        "workspace": workspace,
        "specialty": chosen,
        "stats": stats,
        "program_count": programs.filter(specialty=chosen).count(),
        "parent": Specialty.objects.filter(code=chosen.parent_code).first() if chosen.parent_code else None,
    }
    return render(request, "catalog/specialty.html", context)


# --- Imports -------------------------------------------------------------------------------------


@login_required
@require_GET
def import_list(request: HttpRequest, workspace_id) -> HttpResponse:
    workspace, batches = import_batches_for_user(request, workspace_id)
    page = Paginator(batches.order_by("-created_at"), 25).get_page(request.GET.get("page"))
    return render(request, "catalog/import_list.html", {"workspace": workspace, "page": page})


@login_required
def import_new(request: HttpRequest, workspace_id) -> HttpResponse:
    workspace = get_workspace_for_user(request, workspace_id, write=True)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST" and form.is_valid():
        batch = pipeline.create_batch(**form.batch_arguments(), workspace=workspace, user=request.user)
        return _detail(batch)
    context = {
        "workspace": workspace,
        "form": form,
        "max_bytes": settings.IMPORT_MAX_BYTES,
        "max_rows": settings.IMPORT_MAX_ROWS,
        "inline_rows": settings.IMPORT_INLINE_MAX_ROWS,
    }
    return render(request, "catalog/import_new.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def import_detail(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    batch = get_import_batch_for_user(request, workspace_id, pk)
    can_write = request.membership.can_write
    previewing = batch.status == ImportBatch.Status.PREVIEWED
    context = {
        "workspace": batch.workspace,
        "batch": batch,
        "can_write": can_write,
        "errors": batch.errors[:ERRORS_SHOWN],
        "warnings": batch.warnings[:WARNINGS_SHOWN],
        "preview": batch.preview or {},
        "source_label": source_label(batch.source_kind),
        "mapping_form": MappingForm(batch=batch) if previewing and can_write else None,
        "confirm_form": ConfirmForm() if previewing and can_write else None,
        "can_confirm": pipeline.can_confirm(batch),
    }
    return render(request, "catalog/import_detail.html", context)


@login_required
@require_POST
def import_mapping(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    batch = get_import_batch_for_user(request, workspace_id, pk, write=True)
    if batch.status != ImportBatch.Status.PREVIEWED:
        messages.error(request, "This import is no longer waiting for confirmation.")
        return _detail(batch)
    form = MappingForm(request.POST, batch=batch)
    if form.is_valid():
        pipeline.change_mapping(batch, form.cleaned_data["manual"])
        messages.success(request, "Columns mapped. Files with the same columns will be read this way too.")
    else:
        problems = "; ".join(
            f"{form.fields[n].label}: {e[0]}" for n, e in form.errors.items() if n in form.fields
        )
        messages.error(request, f"The mapping was not changed. {problems}")
    return _detail(batch)


@login_required
@require_POST
def import_confirm(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    batch = get_import_batch_for_user(request, workspace_id, pk, write=True)
    form = ConfirmForm(request.POST)
    skip_invalid = form.is_valid() and form.cleaned_data["skip_invalid"]
    if not pipeline.confirm_batch(batch, skip_invalid=skip_invalid):
        if batch.rows_invalid and not skip_invalid and pipeline.can_confirm(batch):
            messages.error(
                request, "Some rows are invalid: fix the file, or tick “leave out the invalid rows”."
            )
        else:
            messages.error(request, "This import cannot be confirmed (it already ran, or it was refused).")
    return _detail(batch)


@login_required
@require_POST
def import_cancel(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    batch = get_import_batch_for_user(request, workspace_id, pk, write=True)
    if pipeline.cancel_batch(batch):
        messages.success(request, "Import cancelled; the uploaded file was deleted.")
    return redirect("catalog:import_new", workspace_id=batch.workspace_id)


@login_required
@require_POST
def import_undo(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    batch = get_import_batch_for_user(request, workspace_id, pk, write=True)
    report = undo_batch(batch)
    if report is None:
        messages.error(request, "Only a finished import can be undone, and only once.")
    else:
        kept = f" Kept {report['tracked_kept']} you have worked on since." if report["tracked_kept"] else ""
        messages.success(
            request,
            f"Import undone: removed {report['facts_removed']} observation(s) and "
            f"{report['tracked_removed']} program(s) from your list.{kept}",
        )
    return _detail(batch)


@login_required
@require_GET
def import_progress(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    """The htmx poll of a running import; when it ends the page reloads to show the result."""
    batch = get_import_batch_for_user(request, workspace_id, pk)
    response = render(request, "catalog/partials/progress.html", {"batch": batch})
    if not batch.is_in_progress:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_GET
def import_errors(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    """Every invalid row of an import, as a spreadsheet (formula-safe)."""
    batch = get_import_batch_for_user(request, workspace_id, pk)
    rows = ([e["row"], e.get("column", ""), e["message"]] for e in batch.errors)
    filename = safe_filename("import", str(batch.pk), "invalid-rows", extension="csv")
    return csv_response(["Row", "Column", "Problem"], rows, filename)
