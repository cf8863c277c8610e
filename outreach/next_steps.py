"""Next steps on the workspace home: replies waiting in the inbox, emails with no reply, reminder
emails that could not be delivered."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from accounts.next_steps import NextStep

from .models import Message
from .notifications import failed_count
from .responsiveness import no_reply_days


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def outreach_steps(request, workspace) -> list[NextStep]:
    messages = Message.objects.filter(workspace=workspace)
    steps = []
    waiting = messages.unmatched().count()
    if waiting:
        steps.append(
            NextStep(
                f"Assign {_plural(waiting, 'email')} in the outreach inbox",
                "No rule could tell which program they are about; pick the program by hand.",
                reverse("outreach:inbox", kwargs={"workspace_id": workspace.pk}),
            )
        )
    days = no_reply_days(workspace)
    silent = messages.awaiting_reply().filter(sent_at__lte=timezone.now() - timedelta(days=days)).count()
    if silent:
        steps.append(
            NextStep(
                f"Follow up on {_plural(silent, 'email')} with no reply after {days} days",
                "A short, polite follow-up often gets the answer.",
                reverse("outreach:message_list", kwargs={"workspace_id": workspace.pk}) + "?show=awaiting",
            )
        )
    return steps


def reminder_steps(request, workspace) -> list[NextStep]:
    failed = failed_count(request.user, workspace)
    if not failed:
        return []
    return [
        NextStep(
            f"{_plural(failed, 'reminder email')} could not be delivered",
            "The mail server refused them after several tries; the reminders are in the app.",
            reverse("outreach:notifications", kwargs={"workspace_id": workspace.pk}),
        )
    ]
