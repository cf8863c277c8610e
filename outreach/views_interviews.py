"""Interviews: one record per tracked program; recording an invitation or a completed interview
moves the program's stage forward."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from accounts.access import get_workspace_for_user
from programs.access import get_tracked_program_for_user
from programs.choices import Stage

from .access import get_interview_for_user
from .forms import InterviewForm
from .models import Interview
from .pages import render_page


@login_required
@require_GET
def interview_list(request: HttpRequest, workspace_id) -> HttpResponse:
    workspace = get_workspace_for_user(request, workspace_id)
    interviews = list(
        workspace.outreach_interviews.select_related("tracked__program").order_by("interview_date", "id")
    )
    recorded = {i.tracked_id for i in interviews}
    invited = workspace.tracked_programs.with_program().in_stage(Stage.INTERVIEW_INVITED, Stage.INTERVIEWED)
    context = {"interviews": interviews, "missing": [t for t in invited if t.pk not in recorded]}
    return render_page(request, "outreach/interviews/list.html", workspace, "interviews", context)


@login_required
def interview_edit(request: HttpRequest, workspace_id, tracked_pk: int) -> HttpResponse:
    """Create or update the program's interview record (the same page for both)."""
    tracked = get_tracked_program_for_user(request, workspace_id, tracked_pk, write=request.method == "POST")
    workspace = tracked.workspace
    interview = workspace.outreach_interviews.filter(tracked=tracked).first() or Interview(
        workspace=workspace, tracked=tracked, created_by=request.user
    )
    form = InterviewForm(request.POST or None, instance=interview)
    if request.method == "POST" and form.is_valid():
        interview = form.save()
        moved = interview.apply_stage(by=request.user)
        stage = f" The program moved to “{Stage(moved).label}”." if moved else ""
        messages.success(request, f"Interview with {tracked.program.name} saved.{stage}")
        return redirect("outreach:program", workspace_id=workspace_id, tracked_pk=tracked.pk)
    context = {"form": form, "tracked": tracked, "interview": interview}
    return render_page(request, "outreach/interviews/form.html", workspace, "interviews", context)


@login_required
@require_POST
def interview_delete(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    interview = get_interview_for_user(request, workspace_id, pk, write=True)
    interview.delete()
    messages.success(request, "Interview record deleted. The program's stage is unchanged.")
    return redirect("outreach:interview_list", workspace_id=workspace_id)
