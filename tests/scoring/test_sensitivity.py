"""Sensitivity: which neighbours of the current order trade places by score if one weight moves by ±1."""

import pytest

from scoring.models import RankList
from scoring.scores import score_programs
from scoring.sensitivity import sensitive_pairs

from .helpers import applicant, only_criteria, rate, track, url


@pytest.fixture
def ws(workspace):
    applicant(workspace)
    return workspace


def _scored(ws, *ratings):
    """Programs rated (faculty, welcomed) each, in that order; their scores in the same order."""
    chosen = only_criteria(ws, faculty=3, welcomed=3)
    tracked = []
    for faculty, welcomed in ratings:
        t = track(ws)
        rate(ws, t, chosen["faculty"], faculty)
        rate(ws, t, chosen["welcomed"], welcomed)
        tracked.append(t)
    board = score_programs(ws, tracked)
    return chosen, board, [board.get(t.pk) for t in tracked]


def test_a_close_pair_depends_on_the_weights_that_would_swap_it(ws):
    # A (5, 1) → 3.0 and B (1, 4) → 2.5; faculty at 2 gives A 2.6 < B 2.8: a swap. Welcomed at 4 ties them.
    _chosen, board, ordered = _scored(ws, (5, 1), (1, 4))
    pairs = sensitive_pairs(ordered, board.criteria)
    assert len(pairs) == 1
    pair = pairs[0]
    assert (pair.position, pair.upper, pair.lower) == (1, ordered[0], ordered[1])
    assert {(s.criterion.slug, s.weight) for s in pair.swaps} == {("faculty", 2)}
    assert pair.criteria_names == "Faculty alignment with my interests"
    assert pair.example.direction == "less"


def test_a_pair_far_apart_does_not_depend_on_any_single_weight(ws):
    _chosen, board, ordered = _scored(ws, (5, 5), (1, 1))
    assert sensitive_pairs(ordered, board.criteria) == []


def test_a_pair_ranked_against_the_scores_is_reported_too(ws):
    _chosen, board, ordered = _scored(ws, (1, 4), (5, 1))  # the applicant put the lower score first
    pairs = sensitive_pairs(ordered, board.criteria)
    assert len(pairs) == 1 and pairs[0].upper is ordered[0]


def test_ties_and_unscored_programs_are_not_swaps(ws):
    _chosen, board, ordered = _scored(ws, (4, 2), (2, 4), (3, 3))
    # (4,2) and (2,4) tie at 3.0; moving one weight breaks the tie but does not swap a strict order.
    assert sensitive_pairs(ordered[:2], board.criteria) == []
    unscored = track(ws)
    board = score_programs(ws, [unscored, ordered[0].tracked])
    assert sensitive_pairs([board.get(unscored.pk), board.get(ordered[0].tracked.pk)], board.criteria) == []
    assert sensitive_pairs([None, ordered[0]], board.criteria) == []


def test_the_rank_list_page_says_what_the_order_depends_on(alice_client, ws):
    _chosen, _board, ordered = _scored(ws, (5, 1), (1, 4))
    primary = RankList.primary_for(ws)
    for score in ordered:
        primary.add(score.tracked)
    page = alice_client.get(url("index", ws)).content.decode()
    assert "depend on how much you weigh" in page and "#1" in page
