"""What the reminders page shows one person in one workspace: notifications, failed deliveries, and
unread notifications waiting in their other workspaces (so nothing slips)."""

from django.db.models import Count

from .models import Notification, NotificationPreferences, Reminder, ReminderStatus

PAGE_SIZE = 100


def page_context(user, workspace) -> dict:
    """Four queries whatever the number of notifications."""
    mine = Notification.objects.for_user(user)
    return {
        "items": list(mine.filter(workspace=workspace).visible()[:PAGE_SIZE]),
        "failed": list(
            Reminder.objects.filter(workspace=workspace, user=user)
            .failed()
            .order_by("-finished_at", "-id")[:20]
        ),
        "elsewhere": list(
            mine.unread()
            .exclude(workspace=workspace)
            .filter(workspace__memberships__user=user)
            .values("workspace_id", "workspace__name")
            .annotate(count=Count("id"))
            .order_by("workspace__name")
        ),
        "preferences": NotificationPreferences.for_user(user),
    }


def failed_count(user, workspace) -> int:
    return Reminder.objects.filter(workspace=workspace, user=user).failed().count()


def acknowledge_failures(user, workspace) -> int:
    """The person has seen the failed deliveries: they leave the notice (the rows stay, dismissed)."""
    return (
        Reminder.objects.filter(workspace=workspace, user=user)
        .failed()
        .update(status=ReminderStatus.DISMISSED)
    )
