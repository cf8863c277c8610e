"""Standings and the scoring memo: the scores page recomputes only programs whose inputs changed,
and its results always equal a full scoring's."""

from datetime import date, timedelta

import pytest
from django.db import transaction

from accounts.models import Workspace
from outreach.choices import InterviewStatus
from outreach.models import Answer, Interview, OutreachSettings
from programs.choices import SourceKind
from programs.models import ProgramFact, TrackedProgram
from scoring import memo
from scoring.models import Criterion
from scoring.scores import score_programs
from scoring.standings import shown, standings
from tests.catalog.helpers import require_postgres
from tests.factories import ProgramFactFactory
from tests.outreach.factories import EventFactory, ReplyFactory

from .helpers import ELIGIBLE, applicant, criteria, rate, track, url


@pytest.fixture
def ws(workspace):
    require_postgres()
    applicant(workspace)
    return workspace


@pytest.fixture
def other(world):
    """Charlie's workspace: a stranger to alice's."""
    applicant(world.charlie_workspace)
    return world.charlie_workspace


@pytest.fixture
def programs(ws) -> dict[str, TrackedProgram]:
    """Programs that exercise every kind of input: facts of two sources, an interview, an answer, a
    reply, ratings, and a program with no fact at all."""
    found = {
        "eligible": track(ws, **ELIGIBLE, pct_img=35.0, clinical_areas=["pediatric", "adult"]),
        "no visa": track(ws, **{**ELIGIBLE, "visa_j1": False}, lab_rotations=["molecular"]),
        "strict": track(ws, **{**ELIGIBLE, "step2ck_min_score": 250}),
        "blank": track(ws),
        "interviewed": track(ws, **ELIGIBLE, step2ck_typical_score=240),
        "asked": track(ws, visa_j1=True),
    }
    ProgramFactFactory(
        program=found["eligible"].program, workspace=ws, values={"pct_img": 12.0},
        source_kind=SourceKind.WEBSITE, observed_on=date.today() - timedelta(days=3),
    )  # fmt: skip
    Interview.objects.create(
        workspace=ws, tracked=found["interviewed"], status=InterviewStatus.COMPLETED, rating_culture=4,
        rating_research=5, rating_overall=3,
    )  # fmt: skip
    OutreachSettings.for_workspace(ws)
    Answer.objects.create(
        workspace=ws, question=ws.outreach_questions.get(slug="img_residents"), tracked=found["asked"],
        event=EventFactory(workspace=ws), text="Two of five are IMGs", answered_on=date.today(),
    )  # fmt: skip
    ReplyFactory(parent__tracked=found["eligible"])
    chosen = criteria(ws)
    rate(ws, found["eligible"], chosen["faculty"], 4)
    rate(ws, found["strict"], chosen["visa"], 2, note="They told me otherwise")
    return found


def _all(ws):
    return TrackedProgram.objects.for_workspace(ws)


def _recomputed(board) -> set[int]:
    """The programs scored in full (the others came from the memo)."""
    return {pk for pk, score in board.scores.items() if score.complete}


def _figures(score) -> tuple:
    return score.composite, score.coverage, score.tier_code, score.status, score.values


def _assert_same_as_full_scoring(ws, board) -> None:
    full = score_programs(ws, _all(ws))
    assert {pk: _figures(s) for pk, s in board.scores.items()} == {
        pk: _figures(s) for pk, s in full.scores.items()
    }


def test_the_first_call_scores_every_program_and_the_next_keeps_them(ws, programs):
    first = standings(ws, _all(ws))
    assert _recomputed(first) == {t.pk for t in programs.values()}
    second = standings(ws, _all(ws))
    assert _recomputed(second) == set()
    _assert_same_as_full_scoring(ws, second)


def test_kept_standings_carry_tiers_and_statuses_that_differ_between_programs(ws, programs):
    standings(ws, _all(ws))
    board = standings(ws, _all(ws))
    statuses = {board.get(t.pk).status for t in programs.values()}
    assert {"eligible", "ineligible", "needs_confirmation"} <= statuses
    assert board.get(programs["no visa"].pk).tier_code == "not_eligible"


def _change_a_fact_in_place(ws, programs):
    ProgramFact.objects.filter(program=programs["strict"].program, workspace=None).update(
        values={**ELIGIBLE, "step2ck_min_score": 200}
    )
    return {"strict"}


def _add_a_fact(ws, programs):
    ProgramFactFactory(program=programs["blank"].program, values={"visa_j1": True})
    return {"blank"}


def _delete_a_fact(ws, programs):
    ProgramFact.objects.filter(program=programs["eligible"].program, workspace=ws).delete()
    return {"eligible"}


def _hand_a_fact_to_another_workspace(ws, programs):
    ProgramFact.objects.filter(program=programs["eligible"].program, workspace=ws).update(
        workspace=Workspace.objects.exclude(pk=ws.pk).first()
    )
    return {"eligible"}


def _change_an_interview(ws, programs):
    Interview.objects.filter(tracked=programs["interviewed"]).update(rating_research=1)
    return {"interviewed"}


def _change_an_answer(ws, programs):
    Answer.objects.filter(tracked=programs["asked"]).update(text="None of them")
    return {"asked"}


def _change_the_interest(ws, programs):
    TrackedProgram.objects.filter(pk=programs["blank"].pk).update(interest=5)
    return {"blank"}


def _move_a_program(ws, programs):
    program = programs["no visa"].program
    program.state = "MA" if program.state != "MA" else "TX"
    program.save(update_fields=["state"])
    return {"no visa"}


def _make_the_specialty_an_advanced_one(ws, programs):
    specialty = programs["strict"].program.specialty
    specialty.requires_prior_gme = True
    specialty.save(update_fields=["requires_prior_gme"])
    return {name for name, t in programs.items() if t.program.specialty_id == specialty.pk}


def _change_the_profile(ws, programs):
    applicant(ws, step2ck_score=255)
    return set(programs)


def _change_the_season(ws, programs):
    ws.season = 2028
    ws.save(update_fields=["season"])
    return set(programs)


def _retire_a_derived_criterion(ws, programs):
    Criterion.active_for(ws)[0].retire()
    return set(programs)


@pytest.mark.parametrize(
    "change",
    [_change_a_fact_in_place, _add_a_fact, _delete_a_fact, _hand_a_fact_to_another_workspace,
     _change_an_interview, _change_an_answer, _change_the_interest, _move_a_program,
     _make_the_specialty_an_advanced_one, _change_the_profile, _change_the_season,
     _retire_a_derived_criterion],
)  # fmt: skip
def test_a_change_recomputes_exactly_the_programs_it_concerns(ws, programs, change):
    standings(ws, _all(ws))
    expected = {programs[name].pk for name in change(ws, programs)}
    ws.refresh_from_db()
    board = standings(ws, _all(ws))
    assert _recomputed(board) == expected
    _assert_same_as_full_scoring(ws, board)
    assert _recomputed(standings(ws, _all(ws))) == set()


def test_a_fact_edited_twice_in_one_transaction_is_recomputed_after_each_edit(ws, programs):
    facts = ProgramFact.objects.filter(program=programs["strict"].program)
    with transaction.atomic():
        facts.update(values={**ELIGIBLE, "step2ck_min_score": 200})
        assert _recomputed(standings(ws, _all(ws))) == {t.pk for t in programs.values()}
        facts.update(values={**ELIGIBLE, "step2ck_min_score": 260})  # same transaction: same xmin
        board = standings(ws, _all(ws))
    assert _recomputed(board) == {programs["strict"].pk}
    assert board.get(programs["strict"].pk).status == "ineligible"


def test_the_next_day_recomputes_everything_as_facts_may_have_gone_stale(ws, programs, time_machine):
    time_machine.move_to(date.today())
    standings(ws, _all(ws))
    time_machine.move_to(date.today() + timedelta(days=400))
    board = standings(ws, _all(ws))
    assert _recomputed(board) == {t.pk for t in programs.values()}
    _assert_same_as_full_scoring(ws, board)


def test_a_new_version_of_the_code_recomputes_everything(ws, programs, monkeypatch):
    standings(ws, _all(ws))
    monkeypatch.setattr(memo, "code_version", lambda: "another version")
    assert _recomputed(standings(ws, _all(ws))) == {t.pk for t in programs.values()}


def test_ratings_weights_and_replies_apply_without_recomputing(ws, programs):
    standings(ws, _all(ws))
    chosen = criteria(ws)
    rate(ws, programs["blank"], chosen["welcomed"], 5)
    Criterion.set_weights({chosen["research"]: 0, chosen["overall"]: 1})
    ReplyFactory(parent__tracked=programs["strict"])
    board = standings(ws, _all(ws))
    assert _recomputed(board) == set()
    assert board.get(programs["blank"].pk).values[chosen["welcomed"].pk] == 5
    _assert_same_as_full_scoring(ws, board)


def test_another_workspaces_facts_and_memo_stay_apart(ws, programs, other):
    standings(ws, _all(ws))
    theirs = track(other, program=programs["strict"].program)
    ProgramFactFactory(program=theirs.program, workspace=other, values={"visa_j1": False})
    assert _recomputed(standings(ws, _all(ws))) == set()
    board = standings(other, _all(other))
    assert set(board.scores) == {theirs.pk} and board.get(theirs.pk).status == "ineligible"


def test_complete_gives_full_scores_in_the_order_asked(ws, programs, django_assert_max_num_queries):
    standings(ws, _all(ws))
    board = standings(ws, _all(ws))
    listed = shown(board, "name", "")
    with django_assert_max_num_queries(6):
        completed = board.complete(listed)
    assert [s.pk for s in completed] == [s.pk for s in listed]
    assert all(s.complete for s in completed) and all(s.complete for s in board.scores.values())
    assert [_figures(s) for s in completed] == [_figures(s) for s in listed]
    assert completed[0].tracked.program.name == listed[0].name
    assert board.complete(completed) == completed  # nothing left to compute


def test_shown_filters_by_tier_and_sorts(ws, programs):
    board = standings(ws, _all(ws))
    ineligible = shown(board, "composite", "not_eligible")
    assert ineligible and all(s.tier_code == "not_eligible" for s in ineligible)
    names = [s.name.lower() for s in shown(board, "name", "")]
    assert names == sorted(names)


def test_without_postgresql_every_program_is_scored_in_full(ws, programs, monkeypatch):
    monkeypatch.setattr(memo, "available", lambda db: False)
    standings(ws, _all(ws))
    assert _recomputed(standings(ws, _all(ws))) == {t.pk for t in programs.values()}


def test_an_empty_workspace_has_no_standings(ws):
    assert standings(ws, _all(ws)).scores == {}


def _rows(response) -> list[tuple]:
    return [(s.pk, _figures(s), [i.source for i in s.items]) for s in response.context["rows"]]


@pytest.mark.parametrize("query", [{}, {"sort": "name"}, {"tier": "target", "sort": "coverage"}])
def test_the_scores_page_shows_the_same_from_the_memo_as_computed_in_full(alice_client, ws, programs, query):
    computed = alice_client.get(url("scores", ws), query)
    assert _recomputed(computed.context["board"]) == {t.pk for t in programs.values()}
    kept = alice_client.get(url("scores", ws), query)
    assert kept.context["rows"] and all(s.complete for s in kept.context["rows"])
    assert _rows(kept) == _rows(computed)
    assert kept.context["tiers"] == computed.context["tiers"]


def test_the_scores_page_of_a_viewer_uses_the_owners_memo(alice_client, bob_client, ws, programs):
    alice_client.get(url("scores", ws))
    page = bob_client.get(url("scores", ws))
    assert page.status_code == 200
    rows = page.context["rows"]
    assert len(rows) == len(programs)
    assert {s.pk for s in page.context["board"].scores.values() if s.complete} == {s.pk for s in rows}


def test_the_scores_download_completes_every_program_it_lists(alice_client, ws, programs):
    alice_client.get(url("scores", ws))
    response = alice_client.get(url("scores_download", ws, fmt="csv"))
    lines = response.content.decode().strip().splitlines()
    assert len(lines) == 1 + len(programs)
