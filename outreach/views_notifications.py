"""Reminders in the app: the notification list (mark read, dismiss), failed deliveries, the
person's notification settings, and the one-click unsubscribe link of reminder emails."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import get_workspace_for_user

from .access import get_notification_for_user
from .forms_notifications import NotificationSettingsForm
from .models import NotificationPreferences
from .notifications import acknowledge_failures, page_context
from .pages import render_page
from .reminders.emails import ALL_KINDS, read_unsubscribe_token
from .reminders.registry import kind_label


@login_required
@require_GET
def notifications(request: HttpRequest, workspace_id) -> HttpResponse:
    workspace = get_workspace_for_user(request, workspace_id)
    context = page_context(request.user, workspace)
    return render_page(request, "outreach/notifications/list.html", workspace, "reminders", context)


def _back(workspace_id) -> HttpResponse:
    return redirect("outreach:notifications", workspace_id=workspace_id)


@login_required
@require_POST
def notification_read(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    get_notification_for_user(request, workspace_id, pk).mark_read()
    return _back(workspace_id)


@login_required
@require_POST
def notification_dismiss(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    notification = get_notification_for_user(request, workspace_id, pk)
    notification.dismiss()
    messages.success(request, f"Dismissed “{notification.title}”.")
    return _back(workspace_id)


@login_required
@require_POST
def notifications_read_all(request: HttpRequest, workspace_id) -> HttpResponse:
    workspace = get_workspace_for_user(request, workspace_id, write=True)
    count = workspace.notifications.for_user(request.user).mark_read()
    messages.success(request, f"Marked {count} notification{'' if count == 1 else 's'} as read.")
    return _back(workspace_id)


@login_required
@require_POST
def failed_acknowledge(request: HttpRequest, workspace_id) -> HttpResponse:
    workspace = get_workspace_for_user(request, workspace_id, write=True)
    acknowledge_failures(request.user, workspace)
    return _back(workspace_id)


@login_required
def notification_settings(request: HttpRequest, workspace_id) -> HttpResponse:
    """The person's own settings (for all their workspaces), so viewers may save them too."""
    workspace = get_workspace_for_user(request, workspace_id)
    preferences = NotificationPreferences.for_user(request.user)
    form = NotificationSettingsForm(request.POST or None, preferences=preferences)
    if request.method == "POST" and form.is_valid():
        form.apply().save()
        messages.success(request, "Notification settings saved.")
        return redirect("outreach:notification_settings", workspace_id=workspace.pk)
    context = {"form": form, "zone": request.user.timezone}
    return render_page(
        request, "outreach/notifications/settings.html", workspace, "reminders", context, personal=True
    )


@csrf_exempt  # mail providers POST here without a session or CSRF token (RFC 8058); the token is the key
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, workspace_id, token: str) -> HttpResponse:
    """GET: a page with one button. POST: stop that kind of reminder email (no sign-in needed)."""
    data = read_unsubscribe_token(token)
    if data is None or data["w"] != str(workspace_id):
        raise Http404("This unsubscribe link is not valid.")
    user = get_user_model().objects.filter(pk=data["u"], is_active=True).first()
    if user is None:
        raise Http404("This unsubscribe link is not valid.")
    what = "all reminder emails" if data["k"] == ALL_KINDS else f"“{kind_label(data['k'])}” reminder emails"
    if request.method == "POST":
        NotificationPreferences.for_user(user).turn_off_email(None if data["k"] == ALL_KINDS else data["k"])
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse(f"Unsubscribed from {what}.", content_type="text/plain")
        return redirect(
            reverse("outreach:unsubscribe", kwargs={"workspace_id": workspace_id, "token": token}) + "?done=1"
        )
    context = {"what": what, "email": user.email, "done": request.GET.get("done") == "1"}
    return render(request, "outreach/notifications/unsubscribe.html", context)
