"""The registry of reminder sources: what can remind, and how each source finds what became due.

Outreach registers its own four sources (unanswered emails, events, season deadlines, facts to
re-verify) in ``OutreachConfig.ready``. A higher app adds its own the same way — the contract the
scoring app fills for the rank list ("changes since the last snapshot not reviewed a week before
the certification deadline; warnings still open two days before"):

1. In ``ScoringConfig.ready()``::

       from outreach.reminders import Due, ReminderSource, register_reminder_source
       register_reminder_source(ReminderSource(
           kind="rank_list", label="Rank list", order=50,
           description="Unreviewed changes and open warnings before the certification deadline.",
           find_due=rank_list_due, still_due=rank_list_still_due))

2. ``find_due(now, recipients) -> Iterable[Due]`` returns the reminders that are due at ``now``
   (``due_at <= now``) and not created yet, in a **constant number of queries** whatever the number
   of workspaces or rows (the benchmark counts them). Returning one that exists is harmless — its
   ``dedupe_key`` makes creation idempotent — but costs work on every beat, so filter with
   ``Exists(Reminder…)`` where you can. ``recipients.of(workspace_ids)`` gives the people to remind
   per workspace (owners and editors, with their time zones) in one query; leave ``Due.user_id``
   empty to remind all of them. Deadlines come from ``outreach.models.Deadline`` (never constants).
3. ``still_due(reminders, now) -> set[int]`` (optional) gets the claimed reminders of the kind just
   before delivery and returns the ids that still apply; the others are cancelled (e.g. the rank
   list was certified meanwhile). It may add to ``reminder.context`` for the email. Batched too.
4. Templates ``emails/reminder-<kind>-subject.txt``, ``-body.txt`` and ``-body.html`` (in the app's
   own ``templates/``), rendered in the recipient's time zone with ``reminder``, ``ctx``
   (``reminder.context``), ``user``, ``workspace``, ``link``, ``unsubscribe_url`` and
   ``preferences_url``. The daily digest shows ``Due.title`` and ``Due.detail`` only.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Due:
    """One reminder a source found due (for one recipient, or for all of the workspace's)."""

    workspace_id: object
    target_type: str  # "app_label.model", e.g. "outreach.message"
    target_id: int
    occurrence: str  # which reminder of the target: "first", "again", "14d", "hour_before" …
    due_at: datetime
    title: str
    url: str  # a path of ours
    detail: str = ""
    subject_at: datetime | None = None  # when the event or deadline is
    expires_at: datetime | None = None  # not worth sending after this moment
    context: dict = field(default_factory=dict)
    user_id: int | None = None  # None: every owner and editor of the workspace


@dataclass(frozen=True)
class ReminderSource:
    kind: str
    label: str
    description: str
    find_due: Callable[..., Iterable[Due]]
    still_due: Callable[[list, datetime], set[int]] | None = None
    order: int = 100


_sources: dict[str, ReminderSource] = {}


def register_reminder_source(source: ReminderSource) -> None:
    """Add (or replace, e.g. on a second ``ready()``) the source of ``source.kind``."""
    _sources[source.kind] = source


def unregister_reminder_source(kind: str) -> None:
    """For tests that register a fake source."""
    _sources.pop(kind, None)


def sources() -> list[ReminderSource]:
    return sorted(_sources.values(), key=lambda s: (s.order, s.kind))


def source_for(kind: str) -> ReminderSource | None:
    return _sources.get(kind)


def kinds() -> list[str]:
    return [source.kind for source in sources()]


def kind_label(kind: str) -> str:
    source = _sources.get(kind)
    return source.label if source else kind.replace("_", " ").capitalize()
