"""Reminder emails: one per reminder (``emails/reminder-<kind>-…``) or the daily digest
(``emails/reminder-digest-…``), rendered in the recipient's time zone, each with a one-click
unsubscribe (RFC 8058 ``List-Unsubscribe`` + ``List-Unsubscribe-Post``) for its kind.
"""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .creation import zone_named
from .registry import kind_label, kinds

UNSUBSCRIBE_SALT = "outreach.reminders.unsubscribe"
ALL_KINDS = "*"


def absolute(path: str) -> str:
    """A link for an email: the site's public address (``SITE_URL``) plus our path."""
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_token(user_id: int, workspace_id, kind: str) -> str:
    """Signed (not encrypted): says which person stops which kind; forging one needs SECRET_KEY."""
    return signing.dumps({"u": user_id, "w": str(workspace_id), "k": kind}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> dict | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return data if isinstance(data, dict) and {"u", "w", "k"} <= data.keys() else None


def unsubscribe_url(user_id: int, workspace_id, kind: str) -> str:
    token = unsubscribe_token(user_id, workspace_id, kind)
    return absolute(reverse("outreach:unsubscribe", kwargs={"workspace_id": workspace_id, "token": token}))


def _message(template: str, context: dict, user, list_unsubscribe: str) -> EmailMultiAlternatives:
    with timezone.override(zone_named(user.timezone)):
        subject = " ".join(render_to_string(f"emails/{template}-subject.txt", context).split())
        text = render_to_string(f"emails/{template}-body.txt", context)
        html = render_to_string(f"emails/{template}-body.html", context)
    headers = {
        "List-Unsubscribe": f"<{list_unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }
    message = EmailMultiAlternatives(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    return message


def _common(user, workspace) -> dict:
    return {
        "user": user,
        "workspace": workspace,
        "zone_name": zone_named(user.timezone).key,
        "preferences_url": absolute(
            reverse("outreach:notification_settings", kwargs={"workspace_id": workspace.pk})
        ),
        "notifications_url": absolute(
            reverse("outreach:notifications", kwargs={"workspace_id": workspace.pk})
        ),
    }


def _with_moments(context: dict) -> dict:
    """JSON keeps moments as ISO text; ``*_at`` keys become datetimes again (when a source stored
    them), for ``|date`` in the recipient's time zone."""
    return {
        k: (parse_datetime(v) or v) if k.endswith("_at") and isinstance(v, str) else v
        for k, v in context.items()
    }


def reminder_email(reminder) -> EmailMultiAlternatives:
    """The email of one reminder, from its kind's template triplet."""
    user, workspace = reminder.user, reminder.workspace
    stop = unsubscribe_url(user.pk, workspace.pk, reminder.kind)
    context = {
        **_common(user, workspace),
        "reminder": reminder,
        "ctx": _with_moments(reminder.context),
        "link": absolute(reminder.url),
        "unsubscribe_url": stop,
        "kind_label": kind_label(reminder.kind),
    }
    return _message(f"reminder-{reminder.kind}", context, user, stop)


def digest_email(reminders: list, *, daily: bool = True) -> EmailMultiAlternatives:
    """One email with several reminders of one person and workspace: the daily digest, or the
    reminders that became due together."""
    user, workspace = reminders[0].user, reminders[0].workspace
    order = {kind: i for i, kind in enumerate(kinds())}
    groups: dict[str, list] = {}
    for reminder in sorted(reminders, key=lambda r: (order.get(r.kind, len(order)), r.kind, r.due_at)):
        groups.setdefault(reminder.kind, []).append(reminder)
    context = {
        **_common(user, workspace),
        "count": len(reminders),
        "daily": daily,
        "groups": [
            {
                "label": kind_label(kind),
                "unsubscribe_url": unsubscribe_url(user.pk, workspace.pk, kind),
                "items": [{"reminder": r, "link": absolute(r.url)} for r in rows],
            }
            for kind, rows in groups.items()
        ],
        "unsubscribe_url": unsubscribe_url(user.pk, workspace.pk, ALL_KINDS),
    }
    return _message("reminder-digest", context, user, context["unsubscribe_url"])
