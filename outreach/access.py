"""Access helpers for the outreach app (STYLE habits 1–2): every lookup is scoped by workspace.

A row of another workspace is "not found" (404) even when its id is guessed or forged; members
without write access get 403 on writes (``write=True``).
"""

from django.http import Http404, HttpRequest

from accounts.access import get_private_object, get_workspace_for_user

from .models import (
    CalendarFeed,
    Confirmation,
    Contact,
    EmailTemplate,
    Event,
    Interview,
    Message,
    Notification,
    OutreachSettings,
    Question,
)


def get_outreach_settings_for_user(request: HttpRequest, workspace_id, *, write: bool = False):
    """(workspace, its outreach settings), seeding the templates and question bank on first use."""
    workspace = get_workspace_for_user(request, workspace_id, write=write)
    return workspace, OutreachSettings.for_workspace(workspace)


def get_contact_for_user(request: HttpRequest, workspace_id, pk: int, *, write: bool = False) -> Contact:
    return get_private_object(request, Contact.objects.with_program(), workspace_id, write=write, pk=pk)


def get_template_for_user(
    request: HttpRequest, workspace_id, pk: int, *, write: bool = False
) -> EmailTemplate:
    return get_private_object(request, EmailTemplate, workspace_id, write=write, pk=pk)


def get_message_for_user(request: HttpRequest, workspace_id, pk: int, *, write: bool = False) -> Message:
    queryset = Message.objects.select_related("tracked__program", "parent", "contact", "created_by")
    return get_private_object(request, queryset, workspace_id, write=write, pk=pk)


def get_event_for_user(request: HttpRequest, workspace_id, pk: int, *, write: bool = False) -> Event:
    return get_private_object(request, Event, workspace_id, write=write, pk=pk)


def get_question_for_user(request: HttpRequest, workspace_id, pk: int, *, write: bool = False) -> Question:
    return get_private_object(request, Question, workspace_id, write=write, pk=pk)


def get_interview_for_user(request: HttpRequest, workspace_id, pk: int, *, write: bool = False) -> Interview:
    return get_private_object(
        request, Interview.objects.select_related("tracked__program"), workspace_id, write=write, pk=pk
    )


def get_confirmation_for_user(
    request: HttpRequest, workspace_id, pk: int, *, write: bool = False
) -> Confirmation:
    queryset = Confirmation.objects.select_related("fact", "message", "event", "tracked")
    return get_private_object(request, queryset, workspace_id, write=write, pk=pk)


def get_notification_for_user(request: HttpRequest, workspace_id, pk: int) -> Notification:
    """One of the requesting person's own notifications in the workspace.

    Only owners and editors are reminded, so changing a notification is a write (viewers: 403);
    someone else's notification is "not found".
    """
    return get_private_object(
        request, Notification.objects.for_user(request.user), workspace_id, write=True, pk=pk
    )


def get_calendar_feed_for_user(request: HttpRequest, workspace_id, *, owner: bool = False) -> CalendarFeed:
    """The workspace's calendar feed (created on first use); rotating it is for owners."""
    workspace = get_workspace_for_user(request, workspace_id, owner=owner)
    return CalendarFeed.for_workspace(workspace)


def get_calendar_feed_by_token(workspace_id, token: str) -> CalendarFeed:
    """The feed for a calendar app, which has no session: the secret token is the key. A wrong or
    rotated token is "not found", like a workspace that does not exist."""
    feed = CalendarFeed.objects.select_related("workspace").filter(workspace_id=workspace_id).first()
    if feed is None or not feed.matches(token):
        raise Http404("No such calendar.")
    return feed
