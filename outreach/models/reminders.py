"""Reminders (due work kept in the database), in-app notifications, per-user notification preferences
and the workspace's secret calendar feed.

A :class:`Reminder` is one thing to tell one person once: its ``dedupe_key`` (kind, target,
occurrence, due moment, recipient) is unique, so creating it twice creates nothing. The beat task
claims due rows with a conditional UPDATE (pending → sending) before acting, so a repeated beat, a
retry or a second worker never delivers one twice. See ``outreach/reminders/`` for the life cycle.
"""

import secrets
from datetime import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone


class ReminderStatus(models.TextChoices):
    PENDING = "pending", "Waiting"
    SENDING = "sending", "Being delivered"
    SENT = "sent", "Delivered"
    DISMISSED = "dismissed", "Dismissed"
    FAILED = "failed", "Email could not be delivered"
    CANCELLED = "cancelled", "No longer needed"


class ReminderQuerySet(models.QuerySet):
    def due(self, now: datetime) -> "ReminderQuerySet":
        return self.filter(status=ReminderStatus.PENDING, next_attempt_at__lte=now)

    def failed(self) -> "ReminderQuerySet":
        return self.filter(status=ReminderStatus.FAILED)

    def cancel(self, reason: str) -> int:
        """Cancel the rows of this queryset that have not been acted on yet."""
        return self.filter(status=ReminderStatus.PENDING).update(
            status=ReminderStatus.CANCELLED, last_error=reason[:500], finished_at=timezone.now()
        )


class Reminder(models.Model):
    # No index of its own: the (workspace, user, status) index serves it (fewer indexes, faster inserts).
    workspace = models.ForeignKey(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="reminders", db_index=False
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=32, help_text="A registered reminder source (outreach.reminders)")
    occurrence = models.CharField(
        max_length=32, help_text="Which of the kind's reminders, e.g. 'again', '3d'"
    )
    target_type = models.CharField(max_length=40, help_text="e.g. outreach.message")
    target_id = models.BigIntegerField()
    title = models.CharField(max_length=300)
    detail = models.CharField(max_length=500, blank=True)
    url = models.CharField(max_length=500, help_text="Path of the page the reminder is about")
    context = models.JSONField(default=dict, blank=True, help_text="What the email templates show")
    due_at = models.DateTimeField(help_text="When the reminder became due")
    subject_at = models.DateTimeField(null=True, blank=True, help_text="When the event or deadline is")
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="After this moment the reminder is pointless and is not sent"
    )
    dedupe_key = models.CharField(max_length=200)

    status = models.CharField(max_length=10, choices=ReminderStatus.choices, default=ReminderStatus.PENDING)
    next_attempt_at = models.DateTimeField(help_text="When a worker should act on it next")
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Email attempts so far")
    last_error = models.CharField(max_length=500, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    in_digest = models.BooleanField(default=False, help_text="The email waits for the daily digest")
    notified_at = models.DateTimeField(null=True, blank=True, help_text="In-app notification created")
    emailed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["-due_at", "-id"]
        # A constraint rather than unique=True: PostgreSQL then needs no second (LIKE) index on it.
        constraints = [models.UniqueConstraint(fields=["dedupe_key"], name="reminder_dedupe_key_unique")]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["kind", "target_type", "target_id"]),
            models.Index(fields=["workspace", "user", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"

    @property
    def kind_label(self) -> str:
        from ..reminders.registry import kind_label

        return kind_label(self.kind)


class NotificationState(models.TextChoices):
    UNREAD = "unread", "Unread"
    READ = "read", "Read"
    DISMISSED = "dismissed", "Dismissed"


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user) -> "NotificationQuerySet":
        return self.filter(user=user)

    def visible(self) -> "NotificationQuerySet":
        return self.exclude(state=NotificationState.DISMISSED)

    def unread(self) -> "NotificationQuerySet":
        return self.filter(state=NotificationState.UNREAD)

    def mark_read(self) -> int:
        return self.unread().update(state=NotificationState.READ, changed_at=timezone.now())


class Notification(models.Model):
    """What the bell shows: one per reminder and recipient, linking to the object it is about."""

    workspace = models.ForeignKey(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="notifications"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    reminder = models.OneToOneField(
        Reminder, null=True, blank=True, on_delete=models.SET_NULL, related_name="notification"
    )
    kind = models.CharField(max_length=32)
    title = models.CharField(max_length=300)
    detail = models.CharField(max_length=500, blank=True)
    url = models.CharField(max_length=500)
    state = models.CharField(
        max_length=10, choices=NotificationState.choices, default=NotificationState.UNREAD
    )
    created_at = models.DateTimeField(default=timezone.now)
    changed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "state"]),
            models.Index(fields=["workspace", "user", "state"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_unread(self) -> bool:
        return self.state == NotificationState.UNREAD

    @property
    def kind_label(self) -> str:
        from ..reminders.registry import kind_label

        return kind_label(self.kind)

    def mark_read(self) -> None:
        if self.state == NotificationState.UNREAD:
            self.state, self.changed_at = NotificationState.READ, timezone.now()
            self.save(update_fields=["state", "changed_at"])

    def dismiss(self) -> None:
        """Hide it, and drop its email from a digest that has not gone out yet."""
        self.state, self.changed_at = NotificationState.DISMISSED, timezone.now()
        self.save(update_fields=["state", "changed_at"])
        if self.reminder_id:
            Reminder.objects.filter(pk=self.reminder_id, status=ReminderStatus.PENDING).update(
                status=ReminderStatus.DISMISSED, finished_at=timezone.now()
            )


class NotificationPreferences(models.Model):
    """One person's reminder settings (all workspaces): channels per kind, immediate or daily digest.

    Absent row = everything on, immediate. Kinds are listed as switched *off*, so a kind added later
    (e.g. the rank list's) is on until the person turns it off.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    email_off = models.JSONField(default=list, blank=True, help_text="Kinds not sent by email")
    in_app_off = models.JSONField(default=list, blank=True, help_text="Kinds not shown in the app")
    digest = models.BooleanField(
        "daily digest", default=False, help_text="Send reminder emails once a day instead of at once"
    )
    digest_hour = models.PositiveSmallIntegerField(
        default=7, validators=[MinValueValidator(0), MaxValueValidator(23)], help_text="In your time zone"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "notification preferences"

    def __str__(self) -> str:
        return f"Notification preferences of {self.user}"

    @classmethod
    def for_user(cls, user) -> "NotificationPreferences":
        return cls.objects.filter(user=user).first() or cls(user=user)

    @classmethod
    def for_users(cls, user_ids) -> dict[int, "NotificationPreferences"]:
        """Preferences per user id in one query (defaults for users without a row)."""
        found = {p.user_id: p for p in cls.objects.filter(user_id__in=set(user_ids))}
        return {uid: found.get(uid) or cls(user_id=uid) for uid in user_ids}

    def wants_email(self, kind: str) -> bool:
        return kind not in self.email_off

    def wants_in_app(self, kind: str) -> bool:
        return kind not in self.in_app_off

    def turn_off_email(self, kind: str | None) -> None:
        """Stop emails of ``kind`` (None: of every kind); saves."""
        from ..reminders.registry import kinds

        wanted = list(kinds()) if kind is None else [kind]
        self.email_off = sorted({*self.email_off, *wanted})
        self.save()


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """The secret address of a workspace's calendar (deadlines, events, interviews)."""

    workspace = models.OneToOneField(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)
    rotated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.workspace}"

    @classmethod
    def for_workspace(cls, workspace) -> "CalendarFeed":
        feed, _created = cls.objects.get_or_create(workspace=workspace)
        return feed

    def rotate(self) -> None:
        """A new address; the old one stops working at once (404)."""
        self.token, self.rotated_at = new_feed_token(), timezone.now()
        self.save(update_fields=["token", "rotated_at"])

    def matches(self, token: str) -> bool:
        return secrets.compare_digest(self.token.encode(), token.encode())
