import pytest

from outreach.models import Confidence, Deadline, DeadlineKind

pytestmark = pytest.mark.django_db


def test_the_calendar_is_seeded_only_with_sourced_dates():
    deadlines = Deadline.objects.all()
    assert deadlines.exists()
    assert all(d.source_url.startswith("http") and d.verified_on for d in deadlines)


def test_the_2026_certification_deadline_is_9pm_eastern_and_marked_inferred():
    deadline = Deadline.objects.get(season=2026, kind=DeadlineKind.ROL_CERTIFICATION)
    assert (deadline.local_moment.month, deadline.local_moment.day, deadline.local_moment.hour) == (2, 25, 21)
    assert deadline.confidence == Confidence.INFERRED
    assert not deadline.is_confirmed


def test_no_date_is_invented_for_a_season_without_a_source():
    assert not Deadline.objects.for_season(2027).exists()


def test_main_match_dates_apply_to_residencies_not_to_fellowship_cycles():
    season = Deadline.objects.for_season(2026)
    assert sum(d.applies_to_any({"residency"}) for d in season) == 10
    assert not any(d.applies_to_any({"fellowship_july"}) for d in season)
