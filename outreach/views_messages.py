"""Emails: compose from a template, edit the draft, open it in the mail app or copy it, log it as sent
(or send it through the app when the workspace allows), and the message page of every email."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.access import get_workspace_for_user

from .access import get_message_for_user, get_outreach_settings_for_user
from .choices import Delivery, Direction, MatchRule
from .forms import AssignForm, ComposeForm, ConfirmFactsForm, DraftForm, LogSentForm, ToneForm
from .pages import render_page
from .tasks import send_outgoing_email
from .templating import fill, placeholder_values

FILTERS = {
    "drafts": ("Drafts", lambda qs: qs.drafts()),
    "awaiting": ("Awaiting a reply", lambda qs: qs.awaiting_reply()),
    "sent": ("Sent", lambda qs: qs.sent()),
    "received": ("Received", lambda qs: qs.incoming()),
}


@login_required
@require_GET
def message_list(request: HttpRequest, workspace_id) -> HttpResponse:
    workspace = get_workspace_for_user(request, workspace_id)
    chosen = request.GET.get("show", "")
    emails = workspace.outreach_messages.with_program()
    if chosen in FILTERS:
        emails = FILTERS[chosen][1](emails)
    return render_page(
        request,
        "outreach/messages/list.html",
        workspace,
        "emails",
        {"emails": emails.newest_first()[:500], "filters": FILTERS, "chosen": chosen},
    )


@login_required
def compose(request: HttpRequest, workspace_id) -> HttpResponse:
    """Pick the program, the person and a template; the draft is filled from the profile and the program."""
    workspace, _settings = get_outreach_settings_for_user(request, workspace_id, write=True)
    initial = {"tracked": request.GET.get("program"), "template": workspace.outreach_templates.first()}
    if request.GET.get("contact"):
        initial["contact"] = request.GET["contact"]
    form = ComposeForm(request.POST or None, workspace=workspace, initial=initial)
    if request.method == "POST" and form.is_valid():
        tracked, contact, template = (form.cleaned_data[k] for k in ("tracked", "contact", "template"))
        if contact is None:  # the program's first contact with an address, if there is one
            contact = workspace.outreach_contacts.filter(tracked=tracked).exclude(email="").first()
        values = placeholder_values(workspace, tracked, contact, request.user)
        draft = workspace.outreach_messages.create_draft(
            workspace=workspace,
            tracked=tracked,
            contact=contact,
            template=template,
            subject=fill(template.subject, values) if template else "",
            body=fill(template.body, values) if template else "",
            to_name=contact.name if contact else "",
            to_address=contact.email if contact else "",
            from_name=values["my_name"] if "{" not in values["my_name"] else "",
            from_address=request.user.email,
            by=request.user,
        )
        messages.success(request, f"Draft created with reference tag {draft.tag}. Check it, then send it.")
        return redirect("outreach:draft_edit", workspace_id=workspace.pk, pk=draft.pk)
    return render_page(request, "outreach/messages/compose.html", workspace, "emails", {"form": form})


@login_required
def draft_edit(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    message = get_message_for_user(request, workspace_id, pk, write=True)
    if not message.is_outgoing:
        raise PermissionDenied("Received emails are kept as they arrived.")
    form = DraftForm(request.POST or None, instance=message)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Email saved.")
        return redirect("outreach:message_detail", workspace_id=workspace_id, pk=message.pk)
    return render_page(
        request,
        "outreach/messages/draft_edit.html",
        message.workspace,
        "emails",
        {"form": form, "message": message},
    )


def _detail_context(request, message) -> dict:
    workspace = message.workspace
    context = {
        "message": message,
        "responses": message.responses.order_by("received_at") if message.is_outgoing else [],
        "confirmations": message.confirmations.select_related("fact"),
        "answers": message.answers.select_related("question").order_by("question__position"),
    }
    if message.is_outgoing:
        context["sent_form"] = LogSentForm(initial={"sent_on": timezone.localdate()})
        context["outreach_settings"] = get_outreach_settings_for_user(request, workspace.pk)[1]
    else:
        context["assign_form"] = AssignForm(
            workspace=workspace, initial={"tracked": message.tracked_id, "parent": message.parent_id}
        )
        context["tone_form"] = ToneForm(initial={"tone": message.tone})
        context["confirm_form"] = ConfirmFactsForm()
    return context


@login_required
@require_GET
def message_detail(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    message = get_message_for_user(request, workspace_id, pk)
    return render_page(
        request,
        "outreach/messages/detail.html",
        message.workspace,
        "emails",
        _detail_context(request, message),
    )


def detail_with_errors(request, message, **forms) -> HttpResponse:
    """The message page again, with the failed form showing its errors (status 400)."""
    context = {**_detail_context(request, message), **forms}
    return render_page(request, "outreach/messages/detail.html", message.workspace, "emails", context)


@login_required
@require_POST
def message_log_sent(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    message = get_message_for_user(request, workspace_id, pk, write=True)
    if not message.is_outgoing:
        raise PermissionDenied("Only your own emails can be logged as sent.")
    form = LogSentForm(request.POST, message=message)
    if not form.is_valid():
        return detail_with_errors(request, message, sent_form=form)
    message.log_as_sent(form.moment(), time_known=form.time_known)
    messages.success(request, "Logged as sent. Replies with its reference tag will be matched to it.")
    return redirect("outreach:message_detail", workspace_id=workspace_id, pk=message.pk)


@login_required
@require_POST
def message_send(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    """Queue the email for the app's SMTP (only when the workspace switched it on); sent after commit."""
    message = get_message_for_user(request, workspace_id, pk, write=True)
    _workspace, outreach_settings = get_outreach_settings_for_user(request, workspace_id, write=True)
    if not outreach_settings.send_from_app:
        raise PermissionDenied("Sending through Shortlist is switched off for this workspace.")
    if not message.is_draft or message.delivery in (Delivery.QUEUED, Delivery.SENDING):
        messages.info(request, "This email is already sent or on its way.")
    elif not message.to_address:
        messages.error(request, "Add the recipient's email address first.")
    else:
        with transaction.atomic():
            message.delivery, message.delivery_error = Delivery.QUEUED, ""
            message.from_address = message.from_address or request.user.email
            message.save(update_fields=["delivery", "delivery_error", "from_address", "updated_at"])
            send_outgoing_email.delay_on_commit(message.pk)
        messages.success(request, "Sending… the page shows when it has gone.")
    return redirect("outreach:message_detail", workspace_id=workspace_id, pk=message.pk)


@login_required
@require_POST
def message_delete(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    message = get_message_for_user(request, workspace_id, pk, write=True)
    tracked_id = message.tracked_id
    message.delete_with_facts()
    messages.success(request, "Email deleted (with any facts confirmed from it).")
    if tracked_id:
        return redirect("outreach:program", workspace_id=workspace_id, tracked_pk=tracked_id)
    return redirect("outreach:message_list", workspace_id=workspace_id)


@login_required
@require_POST
def message_assign(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    """Assign an inbox message (or correct a match) by hand."""
    message = get_message_for_user(request, workspace_id, pk, write=True)
    if message.direction != Direction.IN:
        raise PermissionDenied("Only received emails are assigned to programs.")
    form = AssignForm(request.POST, workspace=message.workspace, message=message)
    if not form.is_valid():
        return detail_with_errors(request, message, assign_form=form)
    tracked, parent = form.cleaned_data["tracked"], form.cleaned_data["parent"]
    if parent is None:  # the latest email sent this program before the reply (by day if a time is unknown)
        sent = message.workspace.outreach_messages.sent().filter(tracked=tracked).order_by("-sent_at", "-id")
        parent = next(
            (m for m in sent if not m.answered_before_sent(message.received_at, message.time_known)), None
        )
    message.assign(tracked, parent, MatchRule.MANUAL)
    messages.success(request, f"Assigned to {tracked.program.name}.")
    if request.POST.get("next") == "inbox":
        return redirect("outreach:inbox", workspace_id=workspace_id)
    return redirect("outreach:message_detail", workspace_id=workspace_id, pk=message.pk)


@login_required
@require_POST
def message_tone(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    message = get_message_for_user(request, workspace_id, pk, write=True)
    form = ToneForm(request.POST)
    if message.direction != Direction.IN or not form.is_valid():
        return detail_with_errors(request, message, tone_form=form)
    message.tone = form.cleaned_data["tone"]
    message.save(update_fields=["tone", "updated_at"])
    messages.success(request, "Tone saved." if message.tone else "Tone rating removed.")
    return redirect("outreach:message_detail", workspace_id=workspace_id, pk=message.pk)
