"""Shared page context of the outreach section: the sub-navigation and its inbox badge."""

from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import Message

SECTIONS = (
    ("index", "Overview", "outreach:index"),
    ("inbox", "Inbox", "outreach:inbox"),
    ("emails", "Emails", "outreach:message_list"),
    ("contacts", "Contacts", "outreach:contact_list"),
    ("events", "Events", "outreach:event_list"),
    ("questions", "Questions", "outreach:question_list"),
    ("matrix", "Compare answers", "outreach:matrix"),
    ("interviews", "Interviews", "outreach:interview_list"),
    ("templates", "Templates", "outreach:template_list"),
    ("reminders", "Reminders", "outreach:notifications"),
    ("deadlines", "Deadlines", "outreach:deadlines"),
    ("settings", "Settings", "outreach:settings"),
)


def render_page(
    request: HttpRequest,
    template: str,
    workspace,
    section: str,
    context: dict | None = None,
    *,
    status: int | None = None,
    personal: bool = False,
) -> HttpResponse:
    """Render an outreach page with the section pills (one count query for the inbox badge).

    A page rendered in answer to a POST shows a form with errors (valid posts redirect): 400.
    ``personal``: the forms edit the person's own settings, so viewers may use them too.
    """
    if status is None:
        status = 400 if request.method == "POST" else 200
    can_write = getattr(getattr(request, "membership", None), "can_write", False)
    if (
        not can_write and not personal
    ):  # a viewer sees the forms read-only (and no buttons: the templates check)
        for value in (context or {}).values():
            if isinstance(value, BaseForm):
                for field in value.fields.values():
                    field.disabled = True
    page = {
        "workspace": workspace,
        "section": section,
        "sections": SECTIONS,
        "inbox_count": Message.objects.filter(workspace=workspace).unmatched().count(),
        "can_write": can_write,
    }
    return render(request, template, {**page, **(context or {})}, status=status)
