"""Emails: the applicant's outgoing messages (drafts, then sent) and the replies they log."""

import secrets
from email.utils import make_msgid, parseaddr
from urllib.parse import quote

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.formats import date_format

from ..choices import Delivery, Direction, InKind, MatchRule, Origin, OutStatus, ReminderKind, Tone
from .reminders import Reminder

FOLLOW_UP_KIND = ReminderKind.FOLLOW_UP
MESSAGE_TARGET = "outreach.message"

TAG_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no O/0 or I/1: people retype tags


def new_tag() -> str:
    return "SL-" + "".join(secrets.choice(TAG_ALPHABET) for _ in range(4))


def received_before_sent(received_at, received_time_known: bool, sent_at, sent_time_known: bool) -> bool:
    """Whether a reply received then predates an email sent then; by the user's day when either
    time is only a placeholder (a date given without its time), so a same-day reply always fits."""
    if received_at is None or sent_at is None:
        return False
    if received_time_known and sent_time_known:
        return received_at < sent_at
    return timezone.localdate(received_at) < timezone.localdate(sent_at)


def tagged_subject(subject: str, tag: str) -> str:
    """An outgoing email's subject with its reference tag, as it went out."""
    if tag and tag.lower() not in subject.lower():
        return f"{subject} [{tag}]".strip()
    return subject


def reply_subject(subject: str, tag: str) -> str:
    """The subject a reply to an outgoing email carries when it has none of its own."""
    return f"Re: {tagged_subject(subject, tag)}"


def message_id_domain() -> str:
    """Our Message-IDs use the sender's domain, so replies to app-sent mail carry a recognisable ID."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return address.rpartition("@")[2] or "shortlist.localhost"


class MessageQuerySet(models.QuerySet):
    def outgoing(self) -> "MessageQuerySet":
        return self.filter(direction=Direction.OUT)

    def incoming(self) -> "MessageQuerySet":
        return self.filter(direction=Direction.IN)

    def drafts(self) -> "MessageQuerySet":
        return self.outgoing().filter(status=OutStatus.DRAFT)

    def sent(self) -> "MessageQuerySet":
        return self.outgoing().filter(status=OutStatus.SENT)

    def replies(self) -> "MessageQuerySet":
        return self.incoming().filter(kind=InKind.REPLY)

    def unmatched(self) -> "MessageQuerySet":
        """The inbox: received messages not yet tied to a program."""
        return self.incoming().filter(tracked__isnull=True)

    def awaiting_reply(self) -> "MessageQuerySet":
        return self.sent().filter(replied_at__isnull=True, tracked__isnull=False)

    def with_program(self) -> "MessageQuerySet":
        return self.select_related("tracked__program__specialty")

    def newest_first(self) -> "MessageQuerySet":
        when = models.functions.Coalesce("received_at", "sent_at", "created_at")
        return self.annotate(when=when).order_by("-when", "-id")

    def refresh_reply_dates(self) -> int:
        """Recompute ``replied_at`` / ``bounced_at`` of these outgoing emails, in three queries."""
        ids = list(self.outgoing().values_list("pk", flat=True))
        if not ids:
            return 0
        dates = {
            row["parent_id"]: row
            for row in Message.objects.filter(parent_id__in=ids)
            .order_by()
            .values("parent_id")
            .annotate(
                reply=Min("received_at", filter=Q(kind=InKind.REPLY)),
                bounce=Min("received_at", filter=Q(kind=InKind.BOUNCE)),
            )
        }
        rows = [
            Message(
                pk=pk, replied_at=dates.get(pk, {}).get("reply"), bounced_at=dates.get(pk, {}).get("bounce")
            )
            for pk in ids
        ]
        Message.objects.bulk_update(rows, ["replied_at", "bounced_at"])
        answered = [row.pk for row in rows if row.replied_at or row.bounced_at]
        if answered:  # a follow-up reminder that has not gone out yet is no longer needed
            Reminder.objects.filter(
                kind=FOLLOW_UP_KIND, target_type=MESSAGE_TARGET, target_id__in=answered
            ).cancel("A reply was logged.")
        return len(rows)

    def create_draft(self, *, workspace, tracked, subject: str, body: str, by=None, **fields) -> "Message":
        """A new outgoing draft with a fresh reference tag (unique in the workspace) and Message-ID."""
        for _attempt in range(8):
            tag = new_tag()
            try:
                with transaction.atomic():
                    return self.create(
                        workspace=workspace,
                        tracked=tracked,
                        direction=Direction.OUT,
                        status=OutStatus.DRAFT,
                        origin=Origin.APP,
                        tag=tag,
                        message_id=make_msgid(idstring=tag.lower(), domain=message_id_domain()),
                        subject=subject,
                        body=body,
                        created_by=by,
                        **fields,
                    )
            except IntegrityError:
                continue
        raise RuntimeError("could not find a free reference tag")  # 1M tags: never in practice


class Message(models.Model):
    """One email. Outgoing: a draft, then sent (logged or sent through the app). Incoming: a reply
    (or a bounce) matched to a program, or waiting in the inbox to be assigned by hand."""

    workspace = models.ForeignKey(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="outreach_messages"
    )
    tracked = models.ForeignKey(
        "programs.TrackedProgram",
        verbose_name="program",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outreach_messages",
    )
    contact = models.ForeignKey(
        "outreach.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    direction = models.CharField(max_length=3, choices=Direction.choices)
    origin = models.CharField(max_length=8, choices=Origin.choices, default=Origin.APP)

    # Both directions
    subject = models.CharField(max_length=998, blank=True)
    body = models.TextField(blank=True)
    from_name = models.CharField(max_length=200, blank=True)
    from_address = models.CharField(max_length=320, blank=True)
    to_name = models.CharField(max_length=200, blank=True)
    to_address = models.CharField(max_length=320, blank=True)
    message_id = models.CharField("Message-ID", max_length=998, blank=True)
    time_known = models.BooleanField(
        default=True,
        help_text="False when only the day it was sent or received was given: its time is a placeholder",
    )

    # Outgoing
    status = models.CharField(max_length=8, choices=OutStatus.choices, blank=True)
    tag = models.CharField("reference tag", max_length=12, blank=True)
    template = models.ForeignKey(
        "outreach.EmailTemplate", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    delivery = models.CharField(max_length=8, choices=Delivery.choices, blank=True, default=Delivery.NONE)
    delivery_error = models.CharField(max_length=500, blank=True)
    delivery_claimed_at = models.DateTimeField(
        null=True, blank=True, help_text="When a worker started sending it (a stuck send is retried)"
    )
    replied_at = models.DateTimeField(
        "first reply at", null=True, blank=True, help_text="When the first reply to this email arrived"
    )
    bounced_at = models.DateTimeField(null=True, blank=True)

    # Incoming
    kind = models.CharField(max_length=8, choices=InKind.choices, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="in reply to",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responses",
    )
    match_rule = models.CharField(max_length=8, choices=MatchRule.choices, blank=True)
    match_note = models.CharField(max_length=300, blank=True)
    tone = models.CharField(max_length=12, choices=Tone.choices, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    in_reply_to = models.CharField(max_length=998, blank=True)
    references = models.TextField(blank=True)
    forwarded_by = models.CharField(max_length=320, blank=True)
    body_was_html = models.BooleanField(default=False)
    attachment_names = models.JSONField(default=list, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "tag"], condition=~Q(tag=""), name="outreach_message_tag_unique"
            ),
            models.UniqueConstraint(
                fields=["workspace", "message_id"],
                condition=~Q(message_id=""),
                name="outreach_message_id_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["workspace", "direction", "tracked"]),
            models.Index(fields=["workspace", "status", "sent_at"]),
        ]

    def __str__(self) -> str:
        return self.display_subject or "(no subject)"

    # -- reading -------------------------------------------------------------------------------
    @property
    def is_outgoing(self) -> bool:
        return self.direction == Direction.OUT

    @property
    def is_draft(self) -> bool:
        return self.is_outgoing and self.status == OutStatus.DRAFT

    @property
    def is_bounce(self) -> bool:
        return self.kind == InKind.BOUNCE

    @property
    def moment(self):
        """When it was sent or received (drafts: when written)."""
        return self.received_at or self.sent_at or self.created_at

    @property
    def display_subject(self) -> str:
        """Outgoing subjects carry the reference tag, so the reply's subject brings it back."""
        return tagged_subject(self.subject, self.tag) if self.is_outgoing else self.subject

    @property
    def reply_subject(self) -> str:
        """The subject a reply to this outgoing email carries when it has none of its own."""
        return reply_subject(self.subject, self.tag)

    @property
    def sent_label(self) -> str:
        """When an outgoing email was sent, as the user sees it: "Nov 20, 2026" (with the time when known)."""
        if self.sent_at is None:
            return ""
        return date_format(timezone.localtime(self.sent_at), "M j, Y, g:i A" if self.time_known else "M j, Y")

    def answered_before_sent(self, received_at, time_known: bool = True) -> bool:
        """Whether a reply received then would predate this outgoing email (it cannot answer it)."""
        return received_before_sent(received_at, time_known, self.sent_at, self.time_known)

    @property
    def sender(self) -> str:
        if self.from_name and self.from_address:
            return f"{self.from_name} <{self.from_address}>"
        return self.from_name or self.from_address

    @property
    def recipient(self) -> str:
        if self.to_name and self.to_address:
            return f"{self.to_name} <{self.to_address}>"
        return self.to_name or self.to_address

    @property
    def mailto_url(self) -> str:
        """Opens the applicant's own mail app with the address, subject (with tag) and body filled in."""
        query = f"subject={quote(self.display_subject, safe='')}&body={quote(self.body, safe='')}"
        return f"mailto:{quote(self.to_address, safe='@.+')}?{query}"

    @property
    def body_parts(self) -> tuple[str, str]:
        """(new text, quoted history) of a reply, for showing the history folded away."""
        from ..mailparse import split_quoted

        return split_quoted(self.body)

    # -- changing ------------------------------------------------------------------------------
    def log_as_sent(self, when, *, time_known: bool = True) -> None:
        self.status = OutStatus.SENT
        self.sent_at, self.time_known = when, time_known
        self.save(update_fields=["status", "sent_at", "time_known", "updated_at"])

    def refresh_reply_dates(self) -> None:
        """Recompute when the first reply (and any bounce) to this outgoing email arrived."""
        Message.objects.filter(pk=self.pk).refresh_reply_dates()
        self.refresh_from_db(fields=["replied_at", "bounced_at"])

    def assign(self, tracked, parent, rule: str, note: str = "") -> None:
        """Tie a received message to a program (and the outgoing email it answers)."""
        old_parent = self.parent
        self.tracked, self.parent, self.match_rule, self.match_note = tracked, parent, rule, note[:300]
        self.save(update_fields=["tracked", "parent", "match_rule", "match_note", "updated_at"])
        for outgoing in {m for m in (old_parent, parent) if m is not None}:
            outgoing.refresh_reply_dates()

    @transaction.atomic
    def delete_with_facts(self) -> None:
        """Delete the message and the facts confirmed from it (their source would be gone)."""
        parent = self.parent
        self.confirmations.all().delete_facts()
        self.delete()
        if parent is not None:
            parent.refresh_reply_dates()
