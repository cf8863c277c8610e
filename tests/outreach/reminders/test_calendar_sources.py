"""Season deadlines (14, 3 and 1 days before) and facts to re-verify, from the calendar as data."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from outreach.models import Deadline, DeadlineKind, NotificationPreferences, Reminder, ReminderStatus
from programs.choices import SourceKind, Stage
from tests.factories import ProgramFactFactory, ProgramFactory, TrackedProgramFactory, specialty

from .helpers import create, keys, notifications, run

pytestmark = pytest.mark.django_db
EASTERN = ZoneInfo("America/New_York")
CERTIFICATION = datetime(2026, 2, 25, 21, 0, tzinfo=EASTERN)  # the seeded 2026 deadline


@pytest.fixture
def season_2026(workspace):
    workspace.season = 2026
    workspace.save(update_fields=["season"])
    return workspace


def morning(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time().replace(hour=9), EASTERN)


def test_a_deadline_is_reminded_14_3_and_1_days_before_at_the_applicants_morning(season_2026, alice):
    for days in (14, 3, 1):
        assert create(morning(date(2026, 2, 25) - timedelta(days=days))) >= 1
    rol = Deadline.objects.get(season=2026, kind=DeadlineKind.ROL_CERTIFICATION)
    found = [
        (r.occurrence, r.due_at)
        for r in Reminder.objects.filter(kind="deadline", target_id=rol.pk).order_by("due_at")
    ]
    assert found == [
        ("14d", morning(date(2026, 2, 11))),
        ("3d", morning(date(2026, 2, 22))),
        ("1d", morning(date(2026, 2, 24))),
    ]


def test_only_the_latest_due_reminder_is_created_and_only_once(season_2026, alice):
    now = morning(date(2026, 2, 23))  # the 14- and 3-day reminders of the ROL deadline are both past
    create(now)
    create(now + timedelta(hours=2))
    rol = Deadline.objects.get(season=2026, kind=DeadlineKind.ROL_CERTIFICATION)
    assert keys(target_id=rol.pk, kind="deadline") == [("deadline", "3d", alice.pk)]


def test_the_email_gives_the_source_confidence_and_both_time_zones(season_2026, pacific):
    run(datetime(2026, 2, 24, 9, 5, tzinfo=ZoneInfo("America/Los_Angeles")))
    (sent,) = [m for m in mail.outbox if "Rank order list certification" in m.subject]
    assert sent.subject == "[Shortlist] Rank order list certification deadline: tomorrow"
    assert (
        "Wednesday, February 25, 2026, 9:00 PM EST — your time: Wednesday, February 25, 6:00 PM PST"
        in sent.body
    )
    assert "Inferred from the source: re-verify. Check the source before you rely on it." in sent.body
    assert "http://www.nrmp.org/residency/med-school-official/" in sent.body


def test_other_seasons_and_fellowship_cycles_get_no_residency_deadlines(workspace, alice):
    workspace.season = 2027  # no 2027 dates are published in the calendar: nothing is invented
    workspace.save(update_fields=["season"])
    assert create(morning(date(2026, 2, 24))) == 0
    workspace.season = 2026
    workspace.save(update_fields=["season"])
    # Standalone Medical Genetics (130) recruits in the July fellowship cycle, not the Main Match.
    TrackedProgramFactory(workspace=workspace, program=ProgramFactory(specialty=specialty("130")))
    assert create(morning(date(2026, 2, 24))) == 0


def test_a_corrected_deadline_cancels_the_reminder_for_the_old_date(season_2026, alice):
    now = morning(date(2026, 2, 24))
    create(now)
    rol = Deadline.objects.get(season=2026, kind=DeadlineKind.ROL_CERTIFICATION)
    rol.moment += timedelta(days=3)
    rol.save()
    run(now + timedelta(minutes=5))
    old, new = Reminder.objects.filter(target_id=rol.pk, kind="deadline").order_by("subject_at")
    assert (old.occurrence, old.status) == ("1d", ReminderStatus.CANCELLED)
    assert (new.subject_at, new.status) == (rol.moment, ReminderStatus.SENT)
    assert "[Shortlist] Rank order list certification deadline: in 4 days" in [m.subject for m in mail.outbox]


def _stale_visa_fact(workspace, stage=Stage.SHORT_LIST):
    tracked = TrackedProgramFactory(workspace=workspace, stage=stage, program__name="Iowa Program")
    ProgramFactFactory(program=tracked.program, values={"visa_j1": True}, source_kind=SourceKind.FREIDA,
                       observed_on=date(2024, 8, 1))  # fmt: skip
    return tracked


def test_facts_to_re_verify_are_reminded_14_days_before_certification(season_2026, alice):
    _stale_visa_fact(season_2026)
    # The deadline's own 14-day reminder is due the same morning; alone, each has its full email.
    NotificationPreferences.objects.create(user=alice, email_off=["deadline"])
    run(morning(date(2026, 2, 11)))
    assert (
        "Re-verify visa and cut-off facts before the rank order list certification deadline"
        in notifications(alice)
    )
    (sent,) = [m for m in mail.outbox if "Re-verify" in m.subject]
    assert sent.subject == (
        "[Shortlist] Re-verify visa and cut-off facts of 1 program before the rank order list certification deadline"
    )
    assert "Iowa Program" in sent.body
    assert "Sponsors J-1 (through ECFMG): Yes (FREIDA, 2024-08-01)" in sent.body
    assert "older than 365 days; not confirmed by the program (source: FREIDA)" in sent.body


def test_nothing_to_re_verify_means_no_reminder(season_2026, alice):
    tracked = TrackedProgramFactory(workspace=season_2026, stage=Stage.APPLIED)
    ProgramFactFactory(program=tracked.program, workspace=season_2026, values={"visa_j1": True},
                       source_kind=SourceKind.COORDINATOR_EMAIL, observed_on=date(2026, 1, 20))  # fmt: skip
    run(morning(date(2026, 2, 11)))
    assert [r.status for r in Reminder.objects.filter(kind="fact_check")] == [ReminderStatus.CANCELLED]
    assert not [m for m in mail.outbox if "Re-verify" in m.subject]


def test_programs_only_on_the_long_list_are_not_checked(season_2026, alice):
    _stale_visa_fact(season_2026, stage=Stage.LONG_LIST)
    assert not Reminder.objects.filter(kind="fact_check").exists()
    create(morning(date(2026, 2, 11)))
    assert not Reminder.objects.filter(kind="fact_check").exists()
