"""The navbar bell: the signed-in person's unread notifications, counted only when a page shows it."""

from django.utils.functional import SimpleLazyObject

from .models import Notification


def unread_count(user) -> int:
    """Unread notifications of workspaces the person still belongs to (one query)."""
    return Notification.objects.for_user(user).unread().filter(workspace__memberships__user=user).count()


def notifications(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
