"""The rank list: its page, adding and removing programs, drag-and-drop and keyboard moves, "why here"
notes, the order-by-score suggestion, supplemental lists and certification.

Every change answers htmx with the list's region (positions renumbered, checks and sensitivity
recomputed) and plain forms with a redirect, so everything works without JavaScript too.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from programs.access import tracked_program_for_user

from .access import get_rank_entry_for_user, get_rank_list_for_user, primary_rank_list_for_user
from .checks import certification_countdown, entry_flags
from .choices import SnapshotKind
from .forms import AddEntryForm, ConfirmForm, MoveEntryForm, NoteForm, ReorderForm, SupplementalListForm
from .models import RankList, RankListFull
from .ranking import candidates, has_advanced_programs, list_view
from .scores import score_programs

CONFIRM_FLAGS = ("not_interviewed", "ineligible", "visa_infeasible", "closed")


def _list_url(rank_list: RankList) -> str:
    if rank_list.is_primary:
        return reverse("scoring:index", kwargs={"workspace_id": rank_list.workspace_id})
    return reverse("scoring:list_detail", kwargs={"workspace_id": rank_list.workspace_id, "pk": rank_list.pk})


def _region_context(request: HttpRequest, workspace, rank_list: RankList, status: str = "") -> dict:
    view = list_view(workspace, rank_list)
    return {
        "workspace": workspace,
        "rank_list": rank_list,
        "view": view,
        "rows": view.rows,
        "pairs": view.pairs,
        "follows_scores": view.follows_scores,
        "add_form": AddEntryForm(candidates=candidates(workspace, rank_list)),
        "status": status,
        "list_url": _list_url(rank_list),
    }


def _page(request: HttpRequest, workspace, rank_list: RankList) -> HttpResponse:
    lists = RankList.all_for(workspace)
    context = {
        **_region_context(request, workspace, rank_list),
        "lists": lists,
        "countdown": certification_countdown(workspace),
        "snapshots": list(rank_list.snapshots.all()[:5]),
        "can_add_supplemental": has_advanced_programs(workspace),
        "supplemental_form": SupplementalListForm(),
    }
    return render(request, "scoring/rank_list.html", context)


def _changed(request: HttpRequest, workspace, rank_list: RankList, status: str) -> HttpResponse:
    """After a change: the region for htmx, a redirect with the message otherwise."""
    if request.htmx:
        return render(request, "scoring/_region.html", _region_context(request, workspace, rank_list, status))
    messages.success(request, status)
    return redirect(_list_url(rank_list))


@login_required
@require_GET
def index(request: HttpRequest, workspace_id) -> HttpResponse:
    workspace, rank_list = primary_rank_list_for_user(request, workspace_id)
    return _page(request, workspace, rank_list)


@login_required
@require_GET
def list_detail(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    rank_list = get_rank_list_for_user(request, workspace_id, pk)
    return _page(request, rank_list.workspace, rank_list)


@login_required
@require_POST
def list_create(request: HttpRequest, workspace_id) -> HttpResponse:
    """A supplemental list: only for applicants who rank advanced (PGY-2) programs."""
    workspace, _primary = primary_rank_list_for_user(request, workspace_id, write=True)
    form = SupplementalListForm(request.POST)
    if not has_advanced_programs(workspace):
        messages.error(request, "Supplemental lists are for applicants who rank advanced (PGY-2) programs.")
        return redirect("scoring:index", workspace_id=workspace_id)
    if not form.is_valid():
        messages.error(request, "Give the supplemental list a name.")
        return redirect("scoring:index", workspace_id=workspace_id)
    created = RankList.create_supplemental(workspace, form.cleaned_data["name"])
    messages.success(request, f"Supplemental list “{created.name}” created.")
    return redirect(_list_url(created))


@login_required
@require_POST
def list_delete(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    rank_list = get_rank_list_for_user(request, workspace_id, pk, write=True)
    if rank_list.is_primary:
        messages.error(request, "The primary list cannot be deleted; remove its programs instead.")
        return redirect(_list_url(rank_list))
    rank_list.delete()
    messages.success(request, f"Supplemental list “{rank_list.name}” deleted.")
    return redirect("scoring:index", workspace_id=workspace_id)


def _add(request: HttpRequest, rank_list: RankList, tracked, *, confirmed: bool) -> HttpResponse:
    """Add ``tracked`` at the bottom; a program not interviewed or not eligible asks first."""
    workspace = rank_list.workspace
    board = score_programs(workspace, [tracked], criteria=[])
    flags = [
        f for f in entry_flags(_Pending(tracked), board.get(tracked.pk), board) if f.code in CONFIRM_FLAGS
    ]
    if flags and not confirmed:
        context = {"workspace": workspace, "rank_list": rank_list, "tracked": tracked, "flags": flags,
                   "list_url": _list_url(rank_list)}  # fmt: skip
        return render(request, "scoring/confirm_add.html", context)
    try:
        entry = rank_list.add(tracked, confirmed=[f.code for f in flags], by=request.user)
    except RankListFull as refused:
        messages.error(request, str(refused))
        return redirect(_list_url(rank_list))
    except IntegrityError:
        messages.info(request, f"{tracked.program.name} is on this list already.")
        return redirect(_list_url(rank_list))
    flagged = " It stays flagged: " + ", ".join(f.label.lower() for f in flags) + "." if flags else ""
    messages.success(request, f"{tracked.program.name} added at #{entry.position}.{flagged}")
    return redirect(_list_url(rank_list))


class _Pending:
    """A program about to be added, shaped like an entry for ``entry_flags``."""

    def __init__(self, tracked):
        self.tracked = tracked


@login_required
@require_POST
def entry_add(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    rank_list = get_rank_list_for_user(request, workspace_id, pk, write=True)
    form = AddEntryForm(request.POST, candidates=candidates(rank_list.workspace, rank_list))
    if not form.is_valid():
        messages.error(request, "Choose a program from your list that is not ranked here yet.")
        return redirect(_list_url(rank_list))
    return _add(request, rank_list, form.cleaned_data["tracked"], confirmed=form.cleaned_data["confirm"])


@login_required
@require_POST
def entry_add_from_program(request: HttpRequest, workspace_id, tracked_pk: int) -> HttpResponse:
    """The program page's "Add to the rank list": the same add, on the primary list."""
    workspace, tracked = tracked_program_for_user(request, workspace_id, tracked_pk, write=True)
    rank_list = RankList.primary_for(workspace)
    form = ConfirmForm(request.POST)
    return _add(request, rank_list, tracked, confirmed=form.is_valid() and form.cleaned_data["confirm"])


@login_required
@require_POST
def list_reorder(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    """Drag and drop: the whole new order, which must name exactly this list's entries."""
    rank_list = get_rank_list_for_user(request, workspace_id, pk, write=True)
    form = ReorderForm(request.POST, entry_ids=list(rank_list.entries.values_list("pk", flat=True)))
    if not form.is_valid():
        return HttpResponse("The list changed meanwhile: reload the page.", status=400)
    try:
        rank_list.reorder(form.cleaned_data["order"], by=request.user)
    except ValueError as mismatch:
        return HttpResponse(str(mismatch), status=400)
    return _changed(request, rank_list.workspace, rank_list, "New order saved.")


@login_required
@require_POST
def entry_move(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    """Keyboard moves: up, down and "move to rank N" all post the target rank."""
    entry = get_rank_entry_for_user(request, workspace_id, pk, write=True)
    rank_list = entry.rank_list
    form = MoveEntryForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            return HttpResponse("Give a rank from 1.", status=400)
        messages.error(request, "Give a rank from 1.")
        return redirect(_list_url(rank_list))
    landed = rank_list.move(entry, form.cleaned_data["position"], by=request.user)
    return _changed(
        request, rank_list.workspace, rank_list, f"{entry.tracked.program.name} is now #{landed}."
    )


@login_required
@require_POST
def entry_note(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    entry = get_rank_entry_for_user(request, workspace_id, pk, write=True)
    form = NoteForm(request.POST)
    if form.is_valid():
        entry.save_note(form.cleaned_data["why_here"].strip())
    if request.htmx:
        context = {
            "entry": entry,
            "note_form": form,
            "saved": form.is_valid(),
            "workspace": entry.rank_list.workspace,
        }
        return render(request, "scoring/_note_form.html", context, status=200 if form.is_valid() else 400)
    if form.is_valid():
        messages.success(request, f"Note saved for {entry.tracked.program.name}.")
    else:
        messages.error(request, "The note is too long (1,000 characters at most).")
    return redirect(_list_url(entry.rank_list))


@login_required
@require_POST
def entry_remove(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    entry = get_rank_entry_for_user(request, workspace_id, pk, write=True)
    rank_list = entry.rank_list
    rank_list.remove(entry, by=request.user)
    return _changed(
        request, rank_list.workspace, rank_list, f"{entry.tracked.program.name} removed from the list."
    )


@login_required
@require_GET
def suggestion(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    """The list ordered by composite score, beside the current order: accept it or keep yours."""
    rank_list = get_rank_list_for_user(request, workspace_id, pk)
    view = list_view(rank_list.workspace, rank_list)
    current = {row.entry.pk: row.entry.position for row in view.rows}
    suggested = [(index, row, current[row.entry.pk] - index) for index, row in enumerate(view.suggested(), 1)]
    context = {"workspace": rank_list.workspace, "rank_list": rank_list, "suggested": suggested,
               "follows_scores": view.follows_scores, "list_url": _list_url(rank_list)}  # fmt: skip
    return render(request, "scoring/suggestion.html", context)


@login_required
@require_POST
def suggestion_accept(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    rank_list = get_rank_list_for_user(request, workspace_id, pk, write=True)
    view = list_view(rank_list.workspace, rank_list)
    rank_list.apply_program_order([row.entry.tracked_id for row in view.suggested()], by=request.user)
    messages.success(
        request, "The list now follows your composite scores. The previous order is in the snapshots."
    )
    return redirect(_list_url(rank_list))


@login_required
@require_POST
def list_certify(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    """The applicant certified this order in the NRMP's R3: keep it as a snapshot and mark it reviewed."""
    rank_list = get_rank_list_for_user(request, workspace_id, pk, write=True)
    rank_list.take_snapshot("Certified in NRMP R3", kind=SnapshotKind.CERTIFIED, by=request.user)
    messages.success(
        request, "Recorded: this order is the one you certified in R3. Any later change needs re-certifying."
    )
    return redirect(_list_url(rank_list))
