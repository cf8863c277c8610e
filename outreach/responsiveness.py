"""How quickly and how kindly each program answers: the figures behind the list's columns and the
scoring branch's responsiveness criterion.

Days to first reply count from the first email the applicant sent the program to the first reply
received after it. Fast is a reply within 3 days; an email unanswered for the workspace's
``no_reply_days`` is "no reply"; before that it is "awaiting". Tone is the applicant's own rating
of the most recent reply they rated. Three queries for any number of programs (two for loaded
rows, or when the caller passes the programs' ids it read).
"""

from datetime import datetime, timedelta
from typing import NamedTuple

from django.db.models import Q, QuerySet
from django.utils import timezone

from programs.models import TrackedProgram

from .choices import REPLY_BADGE, Direction, InKind, OutStatus, Reply, Tone
from .models import Message, OutreachSettings

FAST_DAYS = 3
DEFAULT_NO_REPLY_DAYS = OutreachSettings._meta.get_field("no_reply_days").default


class Responsiveness(NamedTuple):
    """The reply figures of one tracked program (a named tuple: a workspace builds thousands)."""

    tracked_id: int
    program_id: int
    first_sent_at: datetime | None
    first_reply_at: datetime | None
    days_to_first_reply: float | None
    waiting_days: float | None  # sent and not answered yet: days since the first email
    category: str
    tone: str

    @property
    def category_label(self) -> str:
        return Reply(self.category).label

    @property
    def badge(self) -> str:
        return REPLY_BADGE[self.category]

    @property
    def tone_label(self) -> str:
        return Tone(self.tone).label if self.tone else ""

    @property
    def short(self) -> str:
        """The cell text: "Fast · 1.5 d", "No reply · 12 d", "Not contacted"."""
        days = self.days_to_first_reply if self.days_to_first_reply is not None else self.waiting_days
        label = self.category_label.split(" (")[0]
        return label if days is None else f"{label} · {days:g} d"


def _days(delta) -> float:
    return round(delta.total_seconds() / 86400, 1)


def no_reply_days(workspace) -> int:
    found = (
        OutreachSettings.objects.filter(workspace=workspace).values_list("no_reply_days", flat=True).first()
    )
    return found or DEFAULT_NO_REPLY_DAYS


def _tracked_rows(workspace, tracked_programs) -> tuple[dict[int, int], object]:
    """(tracked id -> program id, what selects their messages), for rows of this workspace only.

    Loaded rows need no query. Otherwise their messages are selected through a subquery rather than
    the ids again: binding thousands of ids costs more than the query itself.
    """
    if not isinstance(tracked_programs, QuerySet):
        tracked_programs = list(tracked_programs)
        if all(isinstance(t, TrackedProgram) for t in tracked_programs):
            programs = {t.pk: t.program_id for t in tracked_programs if t.workspace_id == workspace.pk}
            return programs, list(programs)
    rows = TrackedProgram.objects.filter(workspace=workspace)
    if isinstance(tracked_programs, QuerySet):
        rows = rows.filter(pk__in=tracked_programs.values("pk"))
    else:
        rows = rows.filter(pk__in=[getattr(t, "pk", t) for t in tracked_programs])
    return dict(rows.values_list("pk", "program_id")), rows.values("pk")


def _messages(workspace, scope) -> tuple[dict[int, datetime], dict[int, list[tuple[datetime, str]]]]:
    """(first sent email per program, replies per program oldest first), in one query."""
    first_sent: dict[int, datetime] = {}
    replies: dict[int, list[tuple[datetime, str]]] = {}
    rows = (
        Message.objects.filter(workspace=workspace, tracked_id__in=scope)
        .filter(
            Q(direction=Direction.OUT, status=OutStatus.SENT, sent_at__isnull=False)
            | Q(direction=Direction.IN, kind=InKind.REPLY, received_at__isnull=False)
        )
        .order_by("received_at", "pk")
        .values_list("tracked_id", "direction", "sent_at", "received_at", "tone")
    )
    for tracked_id, direction, sent_at, received_at, tone in rows:
        if direction == Direction.OUT:
            if tracked_id not in first_sent or sent_at < first_sent[tracked_id]:
                first_sent[tracked_id] = sent_at
        else:
            replies.setdefault(tracked_id, []).append((received_at, tone))
    return first_sent, replies


def responsiveness(
    workspace,
    tracked_programs,
    *,
    now: datetime | None = None,
    programs: dict[int, int] | None = None,
    contacted_only: bool = False,
) -> dict[int, Responsiveness]:
    """Figures per tracked-program id for ``tracked_programs`` (a queryset, objects or ids).

    ``programs`` (tracked id -> program id of the same programs, which the caller read already)
    saves reading them again; ``tracked_programs`` then only selects their messages. With
    ``contacted_only``, programs without any message are left out (read them as not contacted).
    """
    now = now or timezone.now()
    limit = no_reply_days(workspace)
    if programs is None:
        programs, scope = _tracked_rows(workspace, tracked_programs)
    else:
        scope = tracked_programs
    first_sent, replies = _messages(workspace, scope)
    return {
        tracked_id: _figures(
            tracked_id, program_id, first_sent.get(tracked_id), replies.get(tracked_id, []), limit, now
        )
        for tracked_id, program_id in programs.items()
        if not contacted_only or tracked_id in first_sent or tracked_id in replies
    }


def responsiveness_of(batch) -> dict[int, Responsiveness]:
    """The figures of a list's rows (a ``programs.columns.RowBatch``), computed once per page."""
    return batch.shared("outreach.responsiveness", lambda: responsiveness(batch.workspace, batch.tracked))


def _figures(tracked_id, program_id, sent_at, replies, limit: int, now: datetime) -> Responsiveness:
    rated = [tone for _at, tone in replies if tone]
    tone = rated[-1] if rated else ""
    if sent_at is None:
        return Responsiveness(tracked_id, program_id, None, None, None, None, Reply.NOT_CONTACTED, tone)
    reply_at = next((at for at, _tone in replies if at >= sent_at), None)
    if reply_at is not None:
        category = Reply.FAST if reply_at - sent_at <= timedelta(days=FAST_DAYS) else Reply.SLOW
        return Responsiveness(
            tracked_id, program_id, sent_at, reply_at, _days(reply_at - sent_at), None, category, tone
        )
    category = Reply.NO_REPLY if now - sent_at >= timedelta(days=limit) else Reply.AWAITING
    return Responsiveness(tracked_id, program_id, sent_at, None, None, _days(now - sent_at), category, tone)
