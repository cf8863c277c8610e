"""Composite and coverage arithmetic: a weighted mean over the rated criteria only, never zero for unrated."""

import pytest

from programs.models import TrackedProgram
from scoring.models import Criterion, Rating
from scoring.scores import score_programs
from tests.factories import ProgramFactory

from .helpers import applicant, only_criteria, rate, track


@pytest.fixture
def ws(workspace):
    applicant(workspace)
    return workspace


def test_the_composite_is_the_weighted_mean_of_the_rated_criteria_only(ws):
    chosen = only_criteria(ws, faculty=4, welcomed=2, overall=4)  # overall unrated: no interest, no interview
    tracked = track(ws)
    rate(ws, tracked, chosen["faculty"], 5)
    rate(ws, tracked, chosen["welcomed"], 2)
    score = score_programs(ws, [tracked]).get(tracked.pk)
    assert score.composite == pytest.approx((4 * 5 + 2 * 2) / (4 + 2))  # 4.0, not (20 + 4 + 0) / 10
    assert score.coverage == pytest.approx(6 / 10)
    assert score.coverage_pct == 60
    assert score.rated_count == 2


def test_an_unrated_program_has_no_composite_and_no_coverage(ws):
    only_criteria(ws, faculty=3, welcomed=3)
    tracked = track(ws)
    score = score_programs(ws, [tracked]).get(tracked.pk)
    assert score.composite is None
    assert score.coverage == 0


def test_each_contribution_is_weight_times_rating_over_the_rated_weight_and_they_add_up(ws):
    chosen = only_criteria(ws, faculty=5, welcomed=1, overall=3)
    tracked = track(ws)
    rate(ws, tracked, chosen["faculty"], 4)
    rate(ws, tracked, chosen["welcomed"], 1)
    score = score_programs(ws, [tracked]).get(tracked.pk)
    by_slug = {item.criterion.slug: item for item in score.items}
    assert by_slug["faculty"].contribution == pytest.approx(5 * 4 / 6)
    assert by_slug["faculty"].share == pytest.approx(5 / 6)
    assert by_slug["overall"].contribution is None and by_slug["overall"].source == "unrated"
    assert sum(i.contribution for i in score.items if i.contribution) == pytest.approx(score.composite)


def test_a_weight_of_zero_counts_for_neither_the_score_nor_the_coverage(ws):
    chosen = only_criteria(ws, faculty=0, welcomed=3)
    tracked = track(ws)
    rate(ws, tracked, chosen["faculty"], 1)
    rate(ws, tracked, chosen["welcomed"], 4)
    score = score_programs(ws, [tracked]).get(tracked.pk)
    assert score.composite == 4
    assert score.coverage == 1


def test_retired_criteria_no_longer_count_but_keep_their_ratings(ws):
    chosen = only_criteria(ws, faculty=3, welcomed=3)
    tracked = track(ws)
    rate(ws, tracked, chosen["faculty"], 1)
    rate(ws, tracked, chosen["welcomed"], 5)
    chosen["faculty"].retire()
    score = score_programs(ws, [tracked]).get(tracked.pk)
    assert score.composite == 5
    assert [i.criterion.slug for i in score.items] == ["welcomed"]
    assert chosen["faculty"].ratings.count() == 1


def test_a_derived_rating_counts_until_the_applicant_rates_over_it(ws):
    chosen = only_criteria(ws, visa=5, welcomed=5)
    tracked = track(ws, visa_j1=True)
    rate(ws, tracked, chosen["welcomed"], 3)
    assert score_programs(ws, [tracked]).get(tracked.pk).composite == pytest.approx((5 * 5 + 5 * 3) / 10)
    rate(ws, tracked, chosen["visa"], 1, note="Heard they stopped sponsoring", derived=5)
    score = score_programs(ws, [tracked]).get(tracked.pk)
    assert score.composite == pytest.approx((5 * 1 + 5 * 3) / 10)
    assert score.item(chosen["visa"].pk).source == "override"


def test_composite_with_another_weight_moves_only_when_the_criterion_is_rated(ws):
    chosen = only_criteria(ws, faculty=2, welcomed=2, overall=2)
    tracked = track(ws)
    rate(ws, tracked, chosen["faculty"], 5)
    rate(ws, tracked, chosen["welcomed"], 1)
    score = score_programs(ws, [tracked]).get(tracked.pk)
    assert score.composite_with(chosen["faculty"], 3) == pytest.approx((3 * 5 + 2 * 1) / 5)
    assert score.composite_with(chosen["overall"], 5) == score.composite  # unrated: no effect
    assert score.composite_with(chosen["welcomed"], 0) == 5


def test_every_workspace_starts_with_the_standard_criteria(ws, charlie):
    first = Criterion.active_for(ws)
    assert Criterion.objects.filter(workspace=charlie.memberships.get().workspace).count() == 11
    assert len(first) == 11 and Criterion.active_for(ws) == first
    assert {c.slug for c in first} >= {"visa", "img_history", "research", "responsiveness", "overall"}
    assert {c.kind for c in first} == {"objective", "subjective"}
    assert all(0 <= c.weight <= 5 for c in first)


def test_a_workspace_without_criteria_gets_them_on_first_use(ws):
    Criterion.objects.filter(workspace=ws).delete()
    assert len(Criterion.active_for(ws)) == 11 and len(Criterion.all_for(ws)) == 11


def test_scoring_a_queryset_builds_each_program_only_when_a_page_shows_it(ws, django_assert_num_queries):
    chosen = only_criteria(ws, faculty=3)
    tracked = track(ws, program=ProgramFactory(name="Zeta Genetics", city="Boston", state="MA"), visa_j1=True)
    rate(ws, tracked, chosen["faculty"], 4, note="kind faculty")
    board = score_programs(ws, TrackedProgram.objects.for_workspace(ws))
    score = board.get(tracked.pk)
    assert score.name == "Zeta Genetics"
    with django_assert_num_queries(0):  # the program and its specialty come with the row
        shown = score.tracked
        assert (shown.pk, shown.program.name, shown.program.location) == (
            tracked.pk,
            "Zeta Genetics",
            "Boston, MA",
        )
        assert shown.get_stage_display() == tracked.get_stage_display()
        assert shown.program.specialty == tracked.program.specialty
        assert shown.workspace_id == ws.pk  # known, not read back
        rating = score.items[0].rating
    assert score.tracked is shown  # built once
    assert isinstance(rating, Rating) and (rating.pk, rating.value, rating.note) == (
        Rating.objects.get().pk,
        4,
        "kind faculty",
    )
    rating.value = 5
    rating.save(update_fields=["value"])  # a real instance: the ratings form saves it
    assert Rating.objects.get().value == 5
    assert rating.workspace_id == ws.pk


def test_scoring_a_queryset_reads_only_the_workspaces_own_programs(ws, world):
    """Whatever queryset a caller hands in, another workspace's tracked programs are not scored."""
    own = track(ws)
    theirs = track(world.charlie_workspace)
    board = score_programs(ws, TrackedProgram.objects.filter(pk__in=[own.pk, theirs.pk]))
    assert set(board.scores) == {own.pk}
