"""Snapshots of a rank list (the NRMP keeps none): the list, taking one by hand, a diff against the
current list or another snapshot, and restoring one; plus the downloads of a list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from programs.access import tracked_programs_for_user

from .access import get_other_snapshot, get_rank_list_for_user, get_snapshot_for_user
from .diffs import diff_rows
from .exports import FORMATS, rank_filename, rank_list_csv, rank_list_pdf, rank_list_xlsx, respond
from .forms import SnapshotForm
from .ranking import list_view
from .views import _list_url

WRITERS = {"csv": rank_list_csv, "xlsx": rank_list_xlsx, "pdf": rank_list_pdf}


@login_required
@require_GET
def snapshot_list(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    rank_list = get_rank_list_for_user(request, workspace_id, pk)
    snapshots = list(rank_list.snapshots.select_related("created_by"))
    current = rank_list.snapshot_rows()
    rows = [(snapshot, diff_rows(snapshot.entries, current)) for snapshot in snapshots]
    context = {"workspace": rank_list.workspace, "rank_list": rank_list, "rows": rows, "form": SnapshotForm(),
               "list_url": _list_url(rank_list), "current_count": len(current)}  # fmt: skip
    return render(request, "scoring/snapshots.html", context)


@login_required
@require_POST
def snapshot_take(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    rank_list = get_rank_list_for_user(request, workspace_id, pk, write=True)
    form = SnapshotForm(request.POST)
    if not form.is_valid():
        messages.error(request, "A label has at most 120 characters.")
        return redirect("scoring:snapshot_list", workspace_id=workspace_id, pk=pk)
    snapshot = rank_list.take_snapshot(form.cleaned_data["label"].strip(), by=request.user)
    messages.success(request, f"Snapshot “{snapshot.label}” taken ({snapshot.size} programs).")
    return redirect("scoring:snapshot_list", workspace_id=workspace_id, pk=pk)


@login_required
@require_GET
def snapshot_detail(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    """The snapshot against the current list (default) or against another snapshot (``?against=<id>``)."""
    snapshot = get_snapshot_for_user(request, workspace_id, pk)
    rank_list = snapshot.rank_list
    against = request.GET.get("against", "")
    other = None
    if against.isdigit():
        other = get_other_snapshot(snapshot, int(against))
    elif against:
        raise Http404("No such snapshot.")
    if other is None:
        diff, newer_label = diff_rows(snapshot.entries, rank_list.snapshot_rows()), "the current list"
    elif other.created_at >= snapshot.created_at:
        diff, newer_label = diff_rows(snapshot.entries, other.entries), f"“{other}”"
    else:
        diff, newer_label = diff_rows(other.entries, snapshot.entries), f"“{snapshot}”"
    context = {
        "workspace": rank_list.workspace, "rank_list": rank_list, "snapshot": snapshot, "other": other,
        "diff": diff, "newer_label": newer_label, "list_url": _list_url(rank_list),
        "others": [s for s in rank_list.snapshots.all() if s.pk != snapshot.pk],
    }  # fmt: skip
    return render(request, "scoring/snapshot_detail.html", context)


@login_required
@require_POST
def snapshot_restore(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    snapshot = get_snapshot_for_user(request, workspace_id, pk, write=True)
    _workspace, tracked = tracked_programs_for_user(request, workspace_id, write=True)
    by_program = dict(tracked.values_list("program_id", "pk"))
    restored = snapshot.rank_list.restore(snapshot, by_program, by=request.user)
    text = f"Restored “{snapshot.label}”: {restored.count} programs. The list before it is in the snapshots."
    if restored.skipped:
        text += " Not restored (no longer in your programs): " + ", ".join(restored.skipped) + "."
    messages.success(request, text)
    return redirect(_list_url(snapshot.rank_list))


@login_required
@require_GET
def list_download(request: HttpRequest, workspace_id, pk: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("Unknown format.")
    rank_list = get_rank_list_for_user(request, workspace_id, pk)
    workspace = rank_list.workspace
    view = list_view(workspace, rank_list, criteria=None)
    return respond(WRITERS[fmt](workspace, view), rank_filename(workspace, view, fmt), fmt)
