"""Checks before certifying, and the countdown to the certification deadline from the season calendar."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from outreach.choices import InterviewStatus
from outreach.models import Interview
from programs.choices import SourceKind, Stage
from scoring.checks import certification_countdown
from scoring.models import RankEntry, RankList
from scoring.ranking import list_view

from .helpers import ELIGIBLE, applicant, track, url


@pytest.fixture
def ws(workspace):
    applicant(workspace)
    return workspace


def checks(ws, *tracked):
    primary = RankList.primary_for(ws)
    for t in tracked:
        primary.add(t)
    view = list_view(ws, primary)
    return view, {w.code: w for w in view.checks.warnings}


def flags_of(view) -> list[set[str]]:
    return [{f.code for f in row.flags} for row in view.rows]


def test_a_clean_list_has_no_warnings(ws):
    view, warnings = checks(ws, track(ws, **ELIGIBLE), track(ws, **ELIGIBLE))
    assert warnings == {} and flags_of(view) == [set(), set()]


def test_an_h1b_only_program_is_infeasible_when_step3_misses_its_deadline(ws):
    applicant(ws, visa_need="either", step3_status="planned", step3_date=date(2027, 5, 1))
    facts = {**ELIGIBLE, "visa_j1": False, "visa_h1b": True, "h1b_step3_deadline": "2027-02-01"}
    view, warnings = checks(ws, track(ws, **facts))
    assert "visa_infeasible" in warnings and "ineligible" not in warnings
    assert "after the program's H-1B deadline" in view.rows[0].flags[0].detail


def test_an_ineligible_program_is_flagged_with_the_failed_rule(ws):
    view, warnings = checks(ws, track(ws, **{**ELIGIBLE, "grad_year_cutoff": 3}))
    assert warnings["ineligible"].severity == "danger"
    assert "more than the program's 3" in view.rows[0].flags[0].detail


@pytest.mark.parametrize(
    ("facts", "source", "age_days", "expected"),
    [
        ({**ELIGIBLE}, SourceKind.FREIDA, 10, "comes only from FREIDA"),
        ({**ELIGIBLE}, SourceKind.COORDINATOR_EMAIL, 800, "is stale"),
        (
            {k: v for k, v in ELIGIBLE.items() if k != "visa_j1"},
            SourceKind.COORDINATOR_EMAIL,
            10,
            "not reported",
        ),
    ],
)
def test_a_visa_fact_that_is_stale_unreported_or_only_imported_is_flagged(
    ws, facts, source, age_days, expected
):
    tracked = track(ws, source=source, observed_on=date.today() - timedelta(days=age_days), **facts)
    view, warnings = checks(ws, tracked)
    assert "visa_unconfirmed" in warnings
    assert expected in next(f.detail for f in view.rows[0].flags if f.code == "visa_unconfirmed")


def test_no_visa_check_for_an_applicant_who_needs_no_visa(ws):
    applicant(ws, citizenship="us_citizen", visa_need="none")
    _view, warnings = checks(ws, track(ws, source=SourceKind.FREIDA, **ELIGIBLE))
    assert "visa_unconfirmed" not in warnings


def test_programs_not_interviewed_are_flagged_unless_an_interview_took_place(ws):
    applied = track(ws, stage=Stage.APPLIED, **ELIGIBLE)
    interviewed_by_record = track(ws, stage=Stage.SHORT_LIST, **ELIGIBLE)
    Interview.objects.create(workspace=ws, tracked=interviewed_by_record, status=InterviewStatus.COMPLETED)
    withdrawn = track(ws, stage=Stage.WITHDRAWN, **ELIGIBLE)
    view, warnings = checks(ws, applied, interviewed_by_record, withdrawn)
    assert flags_of(view) == [{"not_interviewed"}, set(), {"closed"}]
    assert warnings["not_interviewed"].detail == "You have not interviewed at: #1."


def test_duplicate_program_codes_are_flagged(ws):
    a = track(ws, **ELIGIBLE, nrmp_codes=["1234567C0"])
    b = track(ws, **ELIGIBLE, nrmp_codes=["1234567c0 "])
    c = track(ws, **ELIGIBLE, nrmp_codes=["7654321C0"])
    view, warnings = checks(ws, a, b, c)
    assert warnings["duplicate_code"].count == 2
    assert flags_of(view) == [{"duplicate_code"}, {"duplicate_code"}, set()]


def test_over_twenty_programs_shows_the_extra_cost_from_configuration(ws, settings):
    settings.ROL_EXTRA_PROGRAM_FEE_USD = 45
    primary = RankList.primary_for(ws)
    RankEntry.objects.bulk_create(
        RankEntry(workspace=ws, rank_list=primary, tracked=track(ws, **ELIGIBLE), position=i)
        for i in range(1, 23)
    )
    warning = {w.code: w for w in list_view(ws, primary).checks.warnings}["over_included"]
    assert warning.title == "2 programs beyond the 20 included"
    assert "2 × $45 = $90" in warning.detail and "not confirmed" in warning.detail


def test_the_supplemental_allowance_counts_every_supplemental_list_together(ws):
    lists = [RankList.create_supplemental(ws, f"Prelim {n}") for n in range(2)]
    for n, rank_list in enumerate(lists):
        RankEntry.objects.bulk_create(
            RankEntry(workspace=ws, rank_list=rank_list, tracked=track(ws, **ELIGIBLE), position=i)
            for i in range(1, 12 + n)
        )
    warnings = {w.code: w for w in list_view(ws, lists[0]).checks.warnings}
    assert warnings["over_included"].title == "3 programs beyond the 20 included"
    assert "across all your supplemental lists" in warnings["over_included"].detail


# --- The certification deadline ---------------------------------------------------------------------


@time_machine.travel(datetime(2026, 2, 20, 15, 0, tzinfo=UTC), tick=False)
def test_the_countdown_uses_the_seasons_deadline(ws):
    ws.season = 2026
    countdown = certification_countdown(ws)
    assert f"{countdown.deadline.local_moment:%Y-%m-%d %H:%M %Z}" == "2026-02-25 21:00 EST"
    assert (countdown.days, countdown.hours) == (5, 11)  # 9 p.m. ET is 02:00 UTC on the 26th
    assert not countdown.passed and countdown.reference is None


@time_machine.travel(datetime(2026, 2, 27, 15, 0, tzinfo=UTC), tick=False)
def test_a_passed_deadline_says_so(alice_client, ws):
    ws.season = 2026
    ws.save(update_fields=["season"])
    assert certification_countdown(ws).passed
    assert "deadline passed on February 25, 2026" in alice_client.get(url("index", ws)).content.decode()


def test_a_season_without_a_sourced_date_shows_none_and_last_seasons_for_reference(alice_client, ws):
    countdown = certification_countdown(ws)  # the 2027 Match: nothing on file
    assert countdown.deadline is None and countdown.reference.season == 2026
    page = alice_client.get(url("index", ws)).content.decode()
    assert "No certification deadline for the 2027 Match is on file yet" in page
    assert "For reference only, the 2026 Match" in page
