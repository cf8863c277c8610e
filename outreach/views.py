"""The outreach overview, its settings and one program's outreach page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from programs.access import get_tracked_program_for_user, tracked_programs_for_user
from programs.eligibility import verdicts_for

from .access import get_outreach_settings_for_user
from .contacts import suggestions
from .forms import OutreachSettingsForm
from .pages import render_page
from .panels import program_outreach
from .responsiveness import responsiveness


@login_required
@require_GET
def index(request: HttpRequest, workspace_id) -> HttpResponse:
    """Every tracked program with where its outreach stands, plus what is coming up."""
    workspace, tracked = tracked_programs_for_user(request, workspace_id)
    programs = list(tracked.active())
    figures = responsiveness(workspace, programs)
    rows = [(t, figures.get(t.pk)) for t in programs]
    interviews = {i.tracked_id: i for i in workspace.outreach_interviews.all()}
    return render_page(
        request,
        "outreach/index.html",
        workspace,
        "index",
        {
            "rows": [(t, r, interviews.get(t.pk)) for t, r in rows],
            "events": workspace.outreach_events.upcoming().prefetch_related("programs__program__specialty")[
                :5
            ],
            "drafts": workspace.outreach_messages.drafts().count(),
            "awaiting": workspace.outreach_messages.awaiting_reply().count(),
        },
    )


@login_required
def settings(request: HttpRequest, workspace_id) -> HttpResponse:
    workspace, outreach_settings = get_outreach_settings_for_user(
        request, workspace_id, write=request.method == "POST"
    )
    form = OutreachSettingsForm(request.POST or None, instance=outreach_settings)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Outreach settings saved.")
        return redirect("outreach:settings", workspace_id=workspace.pk)
    return render_page(request, "outreach/settings.html", workspace, "settings", {"form": form})


@login_required
@require_GET
def program(request: HttpRequest, workspace_id, tracked_pk: int) -> HttpResponse:
    """One program's whole outreach: facts with their sources, people, emails, answers, interview."""
    tracked = get_tracked_program_for_user(request, workspace_id, tracked_pk)
    workspace = tracked.workspace
    contacts = list(workspace.outreach_contacts.filter(tracked=tracked))
    context = program_outreach(workspace, tracked)
    context.update(
        contacts=contacts,
        suggestions=suggestions(workspace, [tracked], contacts),
        events=tracked.outreach_events.prefetch_related("programs__program__specialty").order_by(
            "-starts_at"
        ),
        verdict=verdicts_for(workspace, [tracked])[tracked.pk],
    )
    return render_page(request, "outreach/program.html", workspace, "index", context)
