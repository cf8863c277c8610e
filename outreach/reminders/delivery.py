"""Step 2 of the beat task: claim due reminders, then deliver each exactly once.

Life of a reminder: ``pending`` → claimed (``sending``, with a claim token and time) → the in-app
notification (unique per reminder, so never twice) → the email, now or in the person's daily
digest (back to ``pending`` until the digest hour) → ``sent``. A reminder whose target no longer
needs it (a reply arrived, the event moved, the deadline passed) is ``cancelled``.

Exactly once: the claim is a conditional UPDATE (``WHERE status = 'pending'``), so a repeated beat,
a retry or a second worker claims nothing another one holds. Just before sending, the worker
re-confirms it still holds the claim and refreshes its time. A worker killed mid-send leaves rows
in ``sending``; after ``REMINDERS_CLAIM_TIMEOUT_SECONDS`` the next pass puts them back to
``pending`` (:func:`reclaim_stuck`). **At-least-once window:** if a worker dies after the mail
server accepted an email but before the row is marked sent (milliseconds), that email is sent once
more after the timeout; nothing is ever lost.

SMTP errors retry with exponential backoff (``REMINDERS_RETRY_BASE_SECONDS`` × 2ⁿ, at most 6 h) up to
``REMINDERS_MAX_ATTEMPTS``, then the row is ``failed`` and the app says so. Retries wait in the
database (``next_attempt_at``), never as far-future ETAs in the broker.
"""

import logging
import secrets
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from smtplib import SMTPException

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from accounts.models import Membership

from ..models import Notification, NotificationPreferences, Reminder, ReminderStatus
from .creation import Recipients, zone_named
from .emails import digest_email, reminder_email
from .registry import source_for

logger = logging.getLogger(__name__)
BACKOFF_CAP = timedelta(hours=6)
PASS_TIME_BUDGET_SECONDS = 240  # the next beat carries on with what is left


def backoff(attempt: int) -> timedelta:
    """Wait before attempt ``attempt + 1``: base, 2 × base, 4 × base … at most six hours."""
    return min(
        BACKOFF_CAP, timedelta(seconds=settings.REMINDERS_RETRY_BASE_SECONDS * 2 ** max(0, attempt - 1))
    )


def next_digest_at(hour: int, zone, after: datetime) -> datetime:
    """The first ``hour``:00 in ``zone`` strictly after ``after``."""
    local = after.astimezone(zone)
    moment = datetime.combine(local.date(), datetime.min.time().replace(hour=hour), zone)
    if moment <= after:
        moment = datetime.combine(local.date() + timedelta(days=1), moment.time(), zone)
    return moment


def reclaim_stuck(now: datetime) -> int:
    """Put back rows a dead worker left in ``sending`` (each counts as an attempt: a reminder that
    kills its worker every time ends ``failed`` instead of looping)."""
    cutoff = now - timedelta(seconds=settings.REMINDERS_CLAIM_TIMEOUT_SECONDS)
    stuck = Reminder.objects.filter(status=ReminderStatus.SENDING, claimed_at__lt=cutoff)
    note = "The worker stopped while delivering."
    failed = stuck.filter(attempts__gte=settings.REMINDERS_MAX_ATTEMPTS - 1).update(
        status=ReminderStatus.FAILED,
        attempts=F("attempts") + 1,
        last_error=note,
        claim_token="",
        finished_at=now,
    )
    retried = stuck.update(
        status=ReminderStatus.PENDING, attempts=F("attempts") + 1, last_error=note, claim_token="", next_attempt_at=now
    )  # fmt: skip
    return failed + retried


@dataclass(frozen=True)
class Claim:
    """The rows one caller holds (status ``sending`` with its token); nobody else may deliver them."""

    token: str
    ids: tuple[int, ...]

    def __len__(self) -> int:
        return len(self.ids)

    def rows(self) -> list[Reminder]:
        """The claimed rows still held (another pass may have reclaimed some after a timeout)."""
        return list(
            Reminder.objects.filter(pk__in=self.ids, claim_token=self.token, status=ReminderStatus.SENDING)
            .select_related("user", "workspace")
            .order_by("user_id", "workspace_id", "due_at", "id")
        )


def claim_due(now: datetime, limit: int | None = None) -> Claim:
    """Claim due rows with one conditional UPDATE (``WHERE status = 'pending'``): rows another caller
    claimed a moment earlier are skipped, never shared. At most three indexed queries, whatever the
    count (``limit=None`` claims everything due, as the benchmark does).

    With a limit the ids are read first and passed as values, not as a self-join subquery: right
    after a burst of inserts PostgreSQL's statistics are stale and such a join can be planned as a
    nested loop.
    """
    token = secrets.token_hex(16)
    due = Reminder.objects.due(now)
    if limit is not None:
        ids = list(due.order_by("next_attempt_at", "id").values_list("pk", flat=True)[:limit])
        if not ids:
            return Claim(token, ())
        due = Reminder.objects.filter(pk__in=ids, status=ReminderStatus.PENDING)
    if not due.update(status=ReminderStatus.SENDING, claim_token=token, claimed_at=now):
        return Claim(token, ())
    # Few rows are "sending" at any moment, so the status index finds ours quickly.
    mine = Reminder.objects.filter(status=ReminderStatus.SENDING, claim_token=token)
    return Claim(token, tuple(mine.values_list("pk", flat=True)))


def _close(rows: list[Reminder], status: str, now: datetime, note: str = "") -> None:
    if rows:
        Reminder.objects.filter(pk__in=[r.pk for r in rows], claim_token=rows[0].claim_token).update(
            status=status, last_error=note[:500], claim_token="", finished_at=now
        )


def _still_live(reminders: list[Reminder], now: datetime) -> list[Reminder]:
    """Cancel what no longer applies (per the kind's source), what is too late, and reminders of people
    who no longer edit the workspace; the rest go on."""
    by_kind: dict[str, list[Reminder]] = {}
    for r in reminders:
        by_kind.setdefault(r.kind, []).append(r)
    live_ids: set[int] = set()
    for kind, rows in by_kind.items():
        source = source_for(kind)
        if source is not None:
            live_ids |= source.still_due(rows, now) if source.still_due else {r.pk for r in rows}
    members = set(
        Membership.objects.filter(
            role__in=Recipients.ROLES,
            workspace_id__in={r.workspace_id for r in reminders},
            user_id__in={r.user_id for r in reminders},
        ).values_list("workspace_id", "user_id")
    )
    live, gone, late = [], [], []
    for r in reminders:
        if r.pk not in live_ids or (r.workspace_id, r.user_id) not in members:
            gone.append(r)
        elif r.expires_at is not None and r.expires_at <= now:
            late.append(r)
        else:
            live.append(r)
    _close(gone, ReminderStatus.CANCELLED, now, "No longer applies.")
    _close(late, ReminderStatus.CANCELLED, now, "Too late: the moment has passed.")
    return live


def _notify(rows: list[Reminder], now: datetime) -> None:
    """In-app notifications; the one-to-one link to the reminder makes a second attempt a no-op."""
    if not rows:
        return
    notes = [
        Notification(workspace_id=r.workspace_id, user_id=r.user_id, reminder_id=r.pk, kind=r.kind,
                     title=r.title, detail=r.detail, url=r.url, created_at=now)
        for r in rows
    ]  # fmt: skip
    Notification.objects.bulk_create(notes, ignore_conflicts=True)
    Reminder.objects.filter(pk__in=[r.pk for r in rows]).update(notified_at=now)


def _defer(rows: list[tuple[Reminder, datetime]]) -> None:
    for reminder, at in rows:  # few per pass: one digest moment per person
        Reminder.objects.filter(pk=reminder.pk, claim_token=reminder.claim_token).update(
            status=ReminderStatus.PENDING, in_digest=True, next_attempt_at=at, claim_token=""
        )


def _still_ours(group: list[Reminder]) -> list[Reminder]:
    """Re-confirm the claim right before sending, and restart its clock (so a long batch is not
    reclaimed under us); rows another worker took over are left to it."""
    ids, token = [r.pk for r in group], group[0].claim_token
    mine = Reminder.objects.filter(pk__in=ids, claim_token=token, status=ReminderStatus.SENDING)
    if mine.update(claimed_at=timezone.now()) == len(ids):
        return group
    kept = set(mine.values_list("pk", flat=True))
    return [r for r in group if r.pk in kept]


def _send(group: list[Reminder], now: datetime) -> str:
    """Send one email for the group (one reminder, several due at once, or one person's digest);
    returns the outcome."""
    group = _still_ours(group)
    if not group:
        return "lost_claim"
    ids, token = [r.pk for r in group], group[0].claim_token
    try:
        if len(group) == 1 and not group[0].in_digest:
            message = reminder_email(group[0])
        else:
            message = digest_email(group, daily=group[0].in_digest)
        message.send()
    except (SMTPException, OSError) as error:
        attempts = max(r.attempts for r in group) + 1
        rows = Reminder.objects.filter(pk__in=ids, claim_token=token)
        if attempts >= settings.REMINDERS_MAX_ATTEMPTS:
            logger.warning("Giving up on reminder email %s after %d attempts: %s", ids, attempts, error)
            rows.update(status=ReminderStatus.FAILED, attempts=attempts, last_error=str(error)[:500],
                        claim_token="", finished_at=now)  # fmt: skip
            return "failed"
        rows.update(status=ReminderStatus.PENDING, attempts=attempts, last_error=str(error)[:500],
                    claim_token="", next_attempt_at=now + backoff(attempts))  # fmt: skip
        return "retry"
    Reminder.objects.filter(pk__in=ids, claim_token=token).update(
        status=ReminderStatus.SENT, emailed_at=now, finished_at=now, last_error="", claim_token=""
    )
    return "emailed"


def _digest_moment(reminder: Reminder, prefs: NotificationPreferences, now: datetime) -> datetime | None:
    """When the person's daily digest would carry the email; None when it must go now (no digest,
    or the digest would come after the event or deadline)."""
    if not prefs.digest:
        return None
    at = next_digest_at(prefs.digest_hour, zone_named(reminder.user.timezone), now)
    return at if reminder.expires_at is None or at < reminder.expires_at else None


def deliver_claimed(claim: Claim, now: datetime) -> Counter:
    """Deliver rows this caller claimed: notify in the app, then email now, later (digest) or not."""
    reminders = claim.rows()
    live = _still_live(reminders, now)
    prefs = NotificationPreferences.for_users({r.user_id for r in live})
    _notify([r for r in live if r.notified_at is None and prefs[r.user_id].wants_in_app(r.kind)], now)
    switched_off, in_app_only, deferred, singles, digests = [], [], [], [], {}
    for r in live:
        wants = prefs[r.user_id]
        if not wants.wants_email(r.kind):
            (in_app_only if wants.wants_in_app(r.kind) else switched_off).append(r)
        elif r.in_digest:
            digests.setdefault((r.user_id, r.workspace_id), []).append(r)
        elif (at := _digest_moment(r, wants, now)) is not None:
            deferred.append((r, at))
        else:
            singles.append(r)
    _close(in_app_only, ReminderStatus.SENT, now)
    _close(switched_off, ReminderStatus.CANCELLED, now, "Switched off in the notification settings.")
    _defer(deferred)
    outcomes = Counter(
        cancelled=len(reminders) - len(live) + len(switched_off),
        in_app_only=len(in_app_only),
        deferred=len(deferred),
    )
    # Several reminders of one person due in the same pass (e.g. many old emails logged at once)
    # go out as one email, not a burst.
    at_once: dict[tuple, list[Reminder]] = {}
    for r in singles:
        at_once.setdefault((r.user_id, r.workspace_id), []).append(r)
    for group in [*at_once.values(), *digests.values()]:
        outcomes[_send(group, now)] += 1
    return +outcomes


def deliver_due(now: datetime | None = None) -> Counter:
    """Claim and deliver in batches until nothing is due (or the pass has used its time)."""
    started, totals = time.monotonic(), Counter()
    while True:
        moment = now or timezone.now()
        claimed = claim_due(moment, limit=settings.REMINDERS_BATCH_SIZE)
        if claimed:
            totals += deliver_claimed(claimed, moment)
        if (
            len(claimed) < settings.REMINDERS_BATCH_SIZE
            or time.monotonic() - started > PASS_TIME_BUDGET_SECONDS
        ):
            return totals
