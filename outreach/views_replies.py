"""Logging replies (pasted or uploaded), the inbox of unmatched ones, and what a reply confirmed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.access import get_workspace_for_user
from programs.choices import SourceKind

from .access import get_confirmation_for_user, get_message_for_user, get_outreach_settings_for_user
from .answers import existing_answers, save_answers
from .choices import Direction, MatchRule, Origin
from .confirm import confirm_facts, withdraw_confirmation
from .forms import AnswersForm, AssignForm, ConfirmFactsForm, PasteReplyForm, UploadRepliesForm
from .mailparse import MailFileError, read_uploads
from .matching import LogResult, log_replies
from .pages import render_page
from .views_messages import detail_with_errors


def _summarise(request, result: LogResult) -> None:
    created, unmatched = len(result.created), len(result.unmatched)
    if created:
        detail = f" {unmatched} could not be matched and wait in the inbox." if unmatched else ""
        messages.success(request, f"{created} email{'s' if created != 1 else ''} logged.{detail}")
    if result.duplicates:
        messages.info(request, f"{len(result.duplicates)} already logged before: skipped.")


def _after_logging(workspace_id, result: LogResult):
    if len(result.created) == 1:
        return redirect("outreach:message_detail", workspace_id=workspace_id, pk=result.created[0].pk)
    if result.unmatched:
        return redirect("outreach:inbox", workspace_id=workspace_id)
    return redirect(
        f"{reverse('outreach:message_list', kwargs={'workspace_id': workspace_id})}?show=received"
    )


@login_required
def reply_upload(request: HttpRequest, workspace_id) -> HttpResponse:
    """Upload one or more .eml files or one .mbox: all of them are logged, or none (with the reasons)."""
    workspace = get_workspace_for_user(request, workspace_id, write=True)
    form = UploadRepliesForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            parsed = read_uploads(form.cleaned_data["files"])
        except MailFileError as error:
            problems = error.problems
        else:
            result = log_replies(workspace, parsed, origin=Origin.UPLOAD, by=request.user)
            _summarise(request, result)
            return _after_logging(workspace_id, result)
    context = {"form": form, "problems": problems}
    return render_page(request, "outreach/messages/upload.html", workspace, "inbox", context)


@login_required
def reply_paste(request: HttpRequest, workspace_id) -> HttpResponse:
    """Log one pasted reply; naming the email it answers ties it there (never to one sent after it)."""
    workspace = get_workspace_for_user(request, workspace_id, write=True)
    initial = {"received_on": timezone.localdate(), "parent": request.GET.get("reply_to")}
    form = PasteReplyForm(request.POST or None, workspace=workspace, initial=initial)
    if request.method == "POST" and form.is_valid():
        result = log_replies(workspace, [form.email], origin=Origin.PASTE, by=request.user)
        parent = form.cleaned_data["parent"]
        if parent is not None and result.created:
            result.created[0].assign(parent.tracked, parent, MatchRule.MANUAL)
        _summarise(request, result)
        return _after_logging(workspace_id, result)
    return render_page(request, "outreach/messages/paste.html", workspace, "inbox", {"form": form})


@login_required
@require_GET
def inbox(request: HttpRequest, workspace_id) -> HttpResponse:
    """Received emails no rule could tie to a program, each with its own assign form."""
    workspace = get_workspace_for_user(request, workspace_id)
    waiting = list(workspace.outreach_messages.unmatched().order_by("-received_at", "-id")[:200])
    choices = {name: list(field.choices) for name, field in AssignForm(workspace=workspace).fields.items()}
    rows = []
    for message in waiting:  # one form per message, sharing the choices read once
        form = AssignForm(workspace=workspace, auto_id=f"m{message.pk}_%s")
        for name, options in choices.items():
            form.fields[name].choices = options
        rows.append((message, form))
    return render_page(request, "outreach/messages/inbox.html", workspace, "inbox", {"rows": rows})


def _message_source(message) -> dict:
    return {
        "source_kind": SourceKind.COORDINATOR_EMAIL,
        "source_detail": f"{message.sender} · “{message.subject}”",
        "source_url": reverse(
            "outreach:message_detail", kwargs={"workspace_id": message.workspace_id, "pk": message.pk}
        ),
        "observed_on": timezone.localdate(message.moment),
    }


@login_required
@require_POST
def message_confirm(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    """What the reply confirmed becomes one fact of the program, sourced to this message."""
    message = get_message_for_user(request, workspace_id, pk, write=True)
    if message.direction != Direction.IN or message.tracked is None:
        raise PermissionDenied("Assign the email to a program before recording what it confirmed.")
    form = ConfirmFactsForm(request.POST)
    if not form.is_valid():
        return detail_with_errors(request, message, confirm_form=form)
    confirmation = confirm_facts(
        workspace=message.workspace,
        tracked=message.tracked,
        values=form.values,
        by=request.user,
        message=message,
        visa_code=form.visa_code,
        **_message_source(message),
    )
    messages.success(request, f"Recorded for {message.tracked.program.name}: {confirmation.summary}.")
    return redirect("outreach:message_detail", workspace_id=workspace_id, pk=message.pk)


@login_required
@require_POST
def confirmation_delete(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    confirmation = get_confirmation_for_user(request, workspace_id, pk, write=True)
    target = (
        reverse(
            "outreach:message_detail", kwargs={"workspace_id": workspace_id, "pk": confirmation.message_id}
        )
        if confirmation.message_id
        else reverse(
            "outreach:program", kwargs={"workspace_id": workspace_id, "tracked_pk": confirmation.tracked_id}
        )
    )
    withdraw_confirmation(confirmation)
    messages.success(request, "Confirmation withdrawn: its fact is gone.")
    return redirect(target)


@login_required
def message_answers(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    """Answer the bank's questions from what this reply said, so it lines up in the matrix."""
    message = get_message_for_user(request, workspace_id, pk, write=request.method == "POST")
    workspace, _settings = get_outreach_settings_for_user(request, workspace_id)
    if message.tracked is None:
        messages.error(request, "Assign the email to a program first.")
        return redirect("outreach:message_detail", workspace_id=workspace_id, pk=message.pk)
    questions = workspace.outreach_questions.active()
    existing = existing_answers(workspace, message.tracked, message=message)
    form = AnswersForm(request.POST or None, questions=questions, existing=existing)
    if request.method == "POST" and form.is_valid():
        count = save_answers(
            workspace,
            message.tracked,
            form.texts(),
            message=message,
            answered_on=timezone.localdate(message.moment),
        )
        messages.success(request, f"{count} answer{'s' if count != 1 else ''} saved from this email.")
        return redirect("outreach:message_detail", workspace_id=workspace_id, pk=message.pk)
    context = {"form": form, "message": message, "tracked": message.tracked}
    return render_page(request, "outreach/messages/answers.html", workspace, "emails", context)
