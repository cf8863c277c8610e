"""Derived ratings from facts, outreach and the profile, with their reasons; overrides that survive."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from outreach.choices import InterviewStatus, Tone
from outreach.models import Answer, Interview, OutreachSettings
from programs.choices import SourceKind, Stage
from scoring.models import Criterion
from scoring.scores import score_programs
from tests.factories import ProgramFactFactory, ProgramFactory
from tests.outreach.factories import EventFactory, OutgoingFactory, ReplyFactory

from .helpers import applicant, only_criteria, rate, track, url

NOW = datetime(2026, 11, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def ws(workspace):
    applicant(workspace)
    return workspace


def derived(ws, tracked, slug):
    item = next(i for i in score_programs(ws, [tracked]).get(tracked.pk).items if i.criterion.slug == slug)
    return item.derived


@pytest.mark.parametrize(
    ("need", "facts", "expected"),
    [
        ("j1", {"visa_j1": True}, 5),
        ("j1", {"visa_j1": False, "visa_h1b": True}, 1),
        ("j1", {}, None),
        ("none", {"visa_j1": False}, 5),
        ("either", {"visa_j1": True, "visa_h1b": True}, 5),
        ("either", {"visa_j1": True, "visa_h1b": False}, 4),
        ("either", {"visa_j1": False, "visa_h1b": False}, 1),
        ("h1b", {"visa_h1b": False}, 1),
        ("h1b", {"visa_h1b": True, "h1b_step3_deadline": "2027-04-30"}, 5),  # Step 3 planned before it
        ("h1b", {"visa_h1b": True, "h1b_step3_deadline": "2027-01-15"}, 1),  # planned after it
        ("h1b", {"visa_h1b": True}, 3),  # no deadline reported: not confirmed
    ],
)
def test_visa_fit_follows_the_visa_need_and_the_sponsorship_facts(ws, need, facts, expected):
    applicant(
        ws, visa_need="" if need == "none" else need, step3_status="planned", step3_date=date(2027, 3, 1)
    )
    if need == "none":
        applicant(ws, citizenship="permanent_resident", visa_need="none")
    found = derived(ws, track(ws, **facts), "visa")
    assert found.value == expected
    assert found.reason


def test_a_visa_reason_names_the_source_and_doubts_a_stale_fact(ws):
    fresh = derived(ws, track(ws, visa_j1=True), "visa")
    assert "Sponsors J-1 (Coordinator email" in fresh.reason
    stale = derived(ws, track(ws, visa_j1=True, observed_on=date.today() - timedelta(days=800)), "visa")
    assert stale.value == 5 and "stale: confirm it" in stale.reason


@pytest.mark.parametrize(
    ("facts", "expected"),
    [({"img_residents_recent": True, "pct_img": 2.0}, 5), ({"img_residents_recent": False}, 1),
     ({"pct_img": 35.0}, 5), ({"pct_img": 20.0}, 4), ({"pct_img": 6.0}, 3), ({"pct_img": 1.0}, 2),
     ({"pct_img": 0.0}, 1), ({}, None)],
)  # fmt: skip
def test_img_history_prefers_the_programs_own_report_over_the_percentage(ws, facts, expected):
    assert derived(ws, track(ws, **facts), "img_history").value == expected


def test_an_answer_heard_but_not_confirmed_is_shown_as_a_hint_without_a_rating(ws):
    OutreachSettings.for_workspace(ws)
    tracked = track(ws)
    question = ws.outreach_questions.get(slug="img_residents")
    event = EventFactory(workspace=ws)
    Answer.objects.create(
        workspace=ws,
        question=question,
        tracked=tracked,
        event=event,
        text="Two of five are IMGs",
        answered_on=date.today(),
    )
    found = derived(ws, tracked, "img_history")
    assert found.value is None and "Two of five are IMGs" in found.reason


ALL_AREAS = ["pediatric", "adult", "dysmorphology", "metabolic", "cancer", "prenatal", "cardio", "neuro"]


@pytest.mark.parametrize(("areas", "expected"), [(ALL_AREAS[:1], 1), (ALL_AREAS[:4], 3), (ALL_AREAS, 5)])
def test_clinical_breadth_counts_the_eight_clinical_areas(ws, areas, expected):
    found = derived(ws, track(ws, clinical_areas=areas), "clinical_breadth")
    assert found.value == expected and f"{len(areas)} of 8 clinical areas" in found.reason


@pytest.mark.parametrize(("rotations", "expected"), [(["molecular"], 1), (["molecular", "biochemical"], 3),
                                                     (["cytogenetics", "molecular", "biochemical"], 5)])  # fmt: skip
def test_laboratory_integration_counts_the_three_rotations(ws, rotations, expected):
    assert derived(ws, track(ws, lab_rotations=rotations), "laboratory").value == expected


@pytest.mark.parametrize(("state", "expected"), [("MA", 5), ("NY", 4), ("TX", 2)])
def test_location_fit_reads_the_preferred_states_and_regions(ws, state, expected):
    found = derived(ws, track(ws, program=ProgramFactory(state=state)), "location")
    assert found.value == expected


def test_location_is_not_derived_without_preferences(ws):
    applicant(ws, preferred_states=[], preferred_regions=[])
    found = derived(ws, track(ws), "location")
    assert found.value is None and "preferred states or regions" in found.reason


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("reply_after_days", "tone", "expected"),
    [(1, Tone.HELPFUL, 5), (6, "", 4), (10, "", 3), (20, "", 2), (1, Tone.DISMISSIVE, 4), (None, "", 1)],
)
def test_responsiveness_comes_from_reply_times_and_tone(ws, reply_after_days, tone, expected):
    tracked = track(ws)
    sent = OutgoingFactory(tracked=tracked, sent_at=NOW - timedelta(days=30))
    if reply_after_days is not None:
        ReplyFactory(parent=sent, received_at=sent.sent_at + timedelta(days=reply_after_days), tone=tone)
    assert derived(ws, tracked, "responsiveness").value == expected


def test_responsiveness_is_not_derived_before_any_email(ws):
    assert derived(ws, track(ws), "responsiveness").value is None


def test_interview_impressions_feed_research_culture_and_overall(ws):
    tracked = track(ws)
    Interview.objects.create(
        workspace=ws, tracked=tracked, status=InterviewStatus.COMPLETED, rating_research=4, rating_culture=5,
        rating_img_support=2, rating_overall=3,
    )  # fmt: skip
    assert derived(ws, tracked, "research").value == 4
    assert derived(ws, tracked, "culture").value == 4  # mean of 5 and 2, rounded half up
    assert derived(ws, tracked, "overall").value == 3


def test_overall_interest_falls_back_on_the_interest_given_on_the_program_page(ws):
    tracked = track(ws)
    tracked.interest = 2
    tracked.save(update_fields=["interest"])
    found = derived(ws, tracked, "overall")
    assert found.value == 2 and "interest you gave" in found.reason


def test_research_without_an_interview_shows_the_report_for_the_applicant_to_rate(ws):
    found = derived(ws, track(ws, research_environment="Protected research year"), "research")
    assert found.value is None and "Protected research year" in found.reason


# --- Overrides ------------------------------------------------------------------------------------


def _rate(client, ws, tracked, **values):
    data = {f"value_{c.pk}": values.get(slug, "") for slug, c in _criteria(ws).items()}
    data.update({f"note_{c.pk}": values.get(f"{slug}_note", "") for slug, c in _criteria(ws).items()})
    return client.post(url("program_rate", ws, tracked_pk=tracked.pk), data)


def _criteria(ws):
    return {c.slug: c for c in Criterion.active_for(ws)}


def test_an_override_keeps_the_derived_rating_it_replaced_and_survives_a_change_of_facts(alice_client, ws):
    only_criteria(ws, visa=5)
    tracked = track(ws, visa_j1=True)
    assert (
        _rate(alice_client, ws, tracked, visa="2", visa_note="The coordinator sounded unsure").status_code
        == 302
    )
    rating = tracked.scoring_ratings.get()
    assert (rating.value, rating.derived_value, rating.note) == (2, 5, "The coordinator sounded unsure")
    score = score_programs(ws, [tracked]).get(tracked.pk)
    assert score.composite == 2 and not score.items[0].disagrees

    ProgramFactFactory(program=tracked.program, values={"visa_j1": False}, source_kind=SourceKind.COORDINATOR_EMAIL,
                       observed_on=date.today() + timedelta(days=1))  # fmt: skip
    item = score_programs(ws, [tracked]).get(tracked.pk).items[0]
    assert item.value == 2 and item.derived_value == 1  # the override stays…
    assert item.disagrees  # …and is marked: the facts moved from 5 to 1 and differ from it
    page = alice_client.get(url("program", ws, tracked_pk=tracked.pk)).content.decode()
    assert "The facts changed since you set this" in page and "Keep my 2" in page


def test_overriding_a_derived_rating_asks_why(alice_client, ws):
    chosen = only_criteria(ws, visa=5, location=3)
    tracked = track(ws, visa_j1=True)  # visa derived 5
    response = _rate(alice_client, ws, tracked, visa="2")
    assert response.status_code == 400
    assert "Say why you rate it 2 when Shortlist derived 5" in response.content.decode()
    assert not tracked.scoring_ratings.exists()
    assert _rate(alice_client, ws, tracked, visa="5").status_code == 302  # the derived value: no override
    tracked.scoring_ratings.all().delete()
    rate(ws, tracked, chosen["visa"], 3, derived=5)  # an override saved without a note earlier
    assert _rate(alice_client, ws, tracked, visa="3").status_code == 302  # left as it was: no question
    assert _rate(alice_client, ws, tracked, visa="4").status_code == 400  # changed: why?


def test_keeping_an_override_takes_the_new_derived_rating_as_its_baseline(alice_client, ws):
    chosen = only_criteria(ws, visa=5)
    tracked = track(ws, visa_j1=True)
    rating = rate(ws, tracked, chosen["visa"], 3, derived=1)
    assert score_programs(ws, [tracked]).get(tracked.pk).items[0].disagrees
    assert alice_client.post(url("rating_keep", ws, pk=rating.pk)).status_code == 302
    rating.refresh_from_db()
    assert rating.derived_value == 5 and rating.value == 3
    assert not score_programs(ws, [tracked]).get(tracked.pk).items[0].disagrees


def test_choosing_the_dash_goes_back_to_the_derived_rating(alice_client, ws):
    only_criteria(ws, visa=5)
    tracked = track(ws, visa_j1=True)
    _rate(alice_client, ws, tracked, visa="1")
    _rate(alice_client, ws, tracked, visa="")
    assert not tracked.scoring_ratings.exists()
    assert score_programs(ws, [tracked]).get(tracked.pk).composite == 5


def test_saving_again_without_changing_the_value_keeps_the_disagreement_visible(alice_client, ws):
    chosen = only_criteria(ws, visa=5)
    tracked = track(ws, visa_j1=True)
    rate(ws, tracked, chosen["visa"], 3, derived=1)
    _rate(alice_client, ws, tracked, visa="3", visa_note="still unsure")
    rating = tracked.scoring_ratings.get()
    assert rating.derived_value == 1 and rating.note == "still unsure"


def test_a_viewer_sees_ratings_without_a_form(bob_client, ws):
    tracked = track(ws, stage=Stage.INTERVIEWED)
    page = bob_client.get(url("program", ws, tracked_pk=tracked.pk)).content.decode()
    assert "Save ratings" not in page and "Ratings and how they add up" in page
