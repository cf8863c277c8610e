"""The season calendar shown with its sources, facts to re-verify, and the .ics calendar files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.access import get_workspace_for_user

from .access import get_calendar_feed_by_token, get_calendar_feed_for_user, get_event_for_user
from .ics import event_calendar, workspace_calendar
from .pages import render_page
from .panels import safe_link
from .reverify import facts_to_reverify
from .season import deadlines_for, latest_published_season


def _calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _rows(deadlines) -> list[dict]:
    now = timezone.now()
    return [
        {
            "deadline": d,
            "source": safe_link(d.source_url),
            "days_left": (d.moment - now).days,
            "past": d.moment < now,
        }
        for d in deadlines
    ]


@login_required
@require_GET
def deadlines(request: HttpRequest, workspace_id) -> HttpResponse:
    """The workspace's season dates, each with its source, how sure it is, and when it was checked."""
    workspace = get_workspace_for_user(request, workspace_id)
    rows = deadlines_for(workspace)
    reference_season = None if rows else latest_published_season(workspace.season)
    reference = deadlines_for(workspace, reference_season) if reference_season else []
    feed = get_calendar_feed_for_user(request, workspace_id)
    feed_url = request.build_absolute_uri(
        reverse("outreach:calendar_feed", kwargs={"workspace_id": workspace.pk, "token": feed.token})
    )
    context = {
        "rows": _rows(rows),
        "reference_season": reference_season,
        "reference": _rows(reference),
        "feed": feed,
        "feed_url": feed_url,
        "webcal_url": "webcal://" + feed_url.split("://", 1)[1],
        "is_owner": request.membership.is_owner,
    }
    return render_page(request, "outreach/calendar/deadlines.html", workspace, "deadlines", context)


@login_required
@require_GET
def reverify(request: HttpRequest, workspace_id) -> HttpResponse:
    """Visa and cut-off facts to ask the programs about again, with why."""
    workspace = get_workspace_for_user(request, workspace_id)
    context = {"programs": facts_to_reverify(workspace)}
    return render_page(request, "outreach/calendar/reverify.html", workspace, "deadlines", context)


@login_required
@require_POST
def calendar_rotate(request: HttpRequest, workspace_id) -> HttpResponse:
    get_calendar_feed_for_user(request, workspace_id, owner=True).rotate()
    messages.success(request, "The calendar has a new address; the old one no longer works. Subscribe again.")
    return redirect(reverse("outreach:deadlines", kwargs={"workspace_id": workspace_id}) + "#calendar")


@require_GET
def calendar_feed(request: HttpRequest, workspace_id, token: str) -> HttpResponse:
    """For calendar apps (no sign-in): the secret token in the address is the key."""
    feed = get_calendar_feed_by_token(workspace_id, token)
    content = workspace_calendar(feed.workspace, request.build_absolute_uri("/").rstrip("/"))
    response = _calendar_response(content, "shortlist.ics")
    response["Cache-Control"] = "private, max-age=900"
    return response


@login_required
@require_GET
def event_ics(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    event = get_event_for_user(request, workspace_id, pk)
    content = event_calendar(event, request.build_absolute_uri("/").rstrip("/"))
    return _calendar_response(content, f"shortlist-event-{event.pk}.ics")
