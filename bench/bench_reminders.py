"""Reminders: one creation-and-claim pass over 100 and 1,000 workspaces (constant queries).

Each workspace has an owner, 100 tracked programs (30 short-listed, with stale visa facts), 50
outgoing emails sent over the last 30 days (a third answered) and 10 events over the next 30 days;
the clock is 13 days before the seeded 2026 certification deadline, so every source has work. The
pass is what beat does before sending: ``create_due_reminders`` then ``claim_due`` (every due row,
in one conditional UPDATE). Delivery (templates, SMTP) is per email and not part of it.

Figures: ``reminders_pass_s_1000`` (median of 3, cold: the reminders are deleted between runs),
``reminders_pass_queries_1000`` and ``reminders_pass_queries_100`` (must be equal: batching).
"""

from datetime import UTC, date, datetime, timedelta

from django.db import connection

from bench.tools import count_queries, median_seconds

NOW = datetime(2026, 2, 12, 15, 0, tzinfo=UTC)  # 10 a.m. in New York
PROGRAMS = 100
EMAILS = 50
EVENTS = 10


def _programs():
    from programs.choices import SourceKind
    from programs.models import Program, ProgramFact, Specialty

    specialty = Specialty.objects.get(code="765")
    programs = Program.objects.bulk_create(
        Program(number=f"76536{i:05d}", name=f"Bench Program {i}", state="NY", specialty=specialty)
        for i in range(PROGRAMS)
    )
    ProgramFact.objects.bulk_create(
        ProgramFact(
            program=p, values={"visa_j1": True}, source_kind=SourceKind.FREIDA, observed_on=date(2024, 8, 1)
        )
        for p in programs
    )
    return programs


def _workspaces(start: int, count: int, programs) -> None:
    """``count`` more workspaces, each with its owner, programs, emails and events (bulk inserts)."""
    from accounts.models import Membership, User, Workspace
    from outreach.choices import Direction, EventKind, OutStatus
    from outreach.models import Event, Message
    from programs.choices import Stage
    from programs.models import TrackedProgram

    users = User.objects.bulk_create(
        User(email=f"bench{n}@example.org", password="!", timezone="America/New_York")  # noqa: S106 - unusable
        for n in range(start, start + count)
    )
    workspaces = Workspace.objects.bulk_create(
        Workspace(name=f"Bench {n}", season=2026) for n in range(start, start + count)
    )
    Membership.objects.bulk_create(
        Membership(workspace=w, user=u, role=Membership.Role.OWNER)
        for w, u in zip(workspaces, users, strict=True)
    )
    tracked = TrackedProgram.objects.bulk_create(
        TrackedProgram(workspace=w, program=p, stage=Stage.SHORT_LIST if i < 30 else Stage.LONG_LIST)
        for w in workspaces
        for i, p in enumerate(programs)
    )
    by_workspace = {}
    for row in tracked:
        by_workspace.setdefault(row.workspace_id, []).append(row)
    Message.objects.bulk_create(
        Message(
            workspace=w, tracked=by_workspace[w.pk][i], direction=Direction.OUT, status=OutStatus.SENT,
            subject="Visa sponsorship", to_address=f"c{i}@program.example.org",
            sent_at=NOW - timedelta(days=30 * i / EMAILS),
            replied_at=NOW - timedelta(days=30 * i / EMAILS - 1) if i % 3 == 0 else None,
        )
        for w in workspaces
        for i in range(EMAILS)
    )  # fmt: skip
    Event.objects.bulk_create(
        Event(workspace=w, kind=EventKind.OPEN_HOUSE, title=f"Open house {i}",
              starts_at=NOW + timedelta(hours=1 + 72 * i), timezone="America/New_York")
        for w in workspaces
        for i in range(EVENTS)
    )  # fmt: skip


def _one_pass() -> None:
    from outreach.reminders import claim_due, create_due_reminders

    create_due_reminders(NOW)
    claim_due(NOW)


def _reset() -> None:
    from outreach.models import Reminder

    Reminder.objects.all().delete()


def _measure(report, size: int) -> None:
    from outreach.models import Reminder

    _reset()
    queries = count_queries(_one_pass)
    report.add(f"reminders_pass_queries_{size}", queries, "queries")
    report.add(f"reminders_created_{size}", Reminder.objects.count(), "reminders")
    if size == 1000:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        report.add(
            f"reminders_pass_s_{size}", round(median_seconds(_one_pass, repeat=3, setup=_reset), 3), "s"
        )


def run(report) -> None:
    programs = _programs()
    _workspaces(0, 100, programs)
    _measure(report, 100)
    _workspaces(100, 900, programs)
    _measure(report, 1000)
    _reset()
