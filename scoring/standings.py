"""Standings: every tracked program's composite, coverage, tier and verdict status, for the scores
page to count, filter, sort and page them, and the full explanation of the few it shows.

A program whose inputs have not changed since it was last computed takes its verdict status, tier
and derived ratings from the memo (``scoring.memo``) as a :class:`Standing`; the others are scored in
full (``score_programs``) and kept for the next request. Ratings, weights and reply figures are
applied afresh every time. ``Scoreboard.complete`` turns the standings a page shows into full scores.

A constant number of queries either way: the programs, their specialties, their facts' row versions,
interviews, answers, criteria, ratings and reply figures, plus one full scoring of the changed
programs and one of the page's.
"""

from django.db.models import QuerySet

from config.collector import gc_paused
from outreach.responsiveness import responsiveness
from programs.eligibility import Applicant

from . import memo
from .choices import TIER_ORDER
from .derive import DERIVERS, rate_responsiveness
from .exports import best_first
from .models import Criterion
from .scores import (
    Scoreboard,
    Tally,
    criterion_weights,
    narrow_scope,
    read_answers,
    read_interviews,
    read_ratings,
    read_scope,
    score_programs,
)

LIVE = "responsiveness"  # derived from reply figures, which change with the clock: never kept
SORTS = {
    "composite": best_first,
    "name": lambda s: s.name.lower(),
    "tier": lambda s: (TIER_ORDER[s.tier_code], -(s.composite or 0)),
    "coverage": lambda s: (-s.coverage, s.name.lower()),
}
SORT_LABELS = {
    "composite": "best composite first",
    "name": "by name",
    "tier": "by tier",
    "coverage": "best coverage first",
}


class Standing(Tally):
    """What orders one program on the scores page: composite, coverage, tier and verdict status.

    Its explanation (items, margins, reasons) comes with ``Scoreboard.complete``."""

    __slots__ = ("_load", "_row", "_tracked", "status", "tier_code")
    complete = False

    def __init__(
        self, row, load, entry: memo.Entry, derived: list, ratings: dict, weights, total_weight: int
    ):
        self._row, self._load, self._tracked = row, load, None
        self.status, self.tier_code = entry.status, entry.tier
        self._tally(weights, derived, ratings, total_weight)

    @property
    def pk(self) -> int:
        return self._row.pk

    @property
    def name(self) -> str:
        return self._row.name

    @property
    def tracked(self):
        """The tracked program with its program and specialty (built from the row on first use)."""
        if self._tracked is None:
            self._tracked = self._load(self._row)
        return self._tracked


def shown(board: Scoreboard, sort: str, tier: str) -> list:
    """The board's scores of ``tier`` (every tier when empty) in the order ``sort`` names."""
    scores = [s for s in board.scores.values() if not tier or s.tier_code == tier]
    scores.sort(key=SORTS[sort])
    return scores


def standings(workspace, tracked: QuerySet) -> Scoreboard:
    """The scores of ``tracked`` (a queryset of the workspace's tracked programs): light standings for
    programs whose inputs did not change since they were computed, full scores for the others."""
    if not memo.available(tracked.db):
        return score_programs(workspace, tracked)
    with gc_paused():
        return _standings(workspace, tracked)


def _signature(versions, entry, impressions, answers) -> tuple:
    pk, program_id, specialty, state, interest, _row = entry
    kind = (
        (specialty.pk, specialty.code, specialty.kind, specialty.requires_prior_gme, specialty.is_genetics)
        if specialty
        else None
    )
    found, heard = impressions.get(pk), answers.get(pk)
    return (
        versions.get(program_id),
        program_id,
        state,
        interest,
        kind,
        tuple(found.items()) if found else (),
        tuple(heard.items()) if heard else (),
    )


def _standings(workspace, tracked: QuerySet) -> Scoreboard:
    criteria = Criterion.active_for(workspace)
    slugs = tuple(c.slug for c in criteria)
    # Signatures first, then the computation: an entry is never older than what it was computed from.
    scope = read_scope(workspace, tracked)
    if not scope.entries:
        return score_programs(workspace, scope, criteria=criteria)
    versions = memo.fact_versions(workspace, scope.programs)
    impressions, interviewed = read_interviews(workspace, scope.ids)
    answers = read_answers(workspace, scope.ids) if {"img_history", "research"} & set(slugs) else {}
    applicant = Applicant.of(workspace.profile)
    kept_slugs = tuple(slug for slug in slugs if slug in DERIVERS and slug != LIVE)
    inputs = memo.workspace_inputs(workspace, applicant, kept_slugs)
    kept = memo.load(workspace, inputs)
    signatures = {entry[0]: _signature(versions, entry, impressions, answers) for entry in scope.entries}
    changed = [pk for pk, signature in signatures.items() if (kept.get(pk) or (None,))[0] != signature]

    figures = (
        responsiveness(
            workspace, scope.ids, programs={e[0]: e[1] for e in scope.entries}, contacted_only=True
        )
        if LIVE in slugs
        else {}
    )
    computed = (
        score_programs(
            workspace,
            scope if len(changed) == len(signatures) else narrow_scope(scope, set(changed)),
            criteria=criteria,
            figures=figures,
            interviews=(impressions, interviewed),
            answers=answers,
        )
        if changed
        else Scoreboard(criteria)
    )  # the changed programs from the very rows their signatures were read from
    entries = {pk: kept[pk] for pk in signatures if pk not in computed.scores}
    positions = [kept_slugs.index(c.slug) if c.slug in kept_slugs else None for c in criteria]
    for pk, score in computed.scores.items():
        values = score.derived_values
        entries[pk] = memo.Entry(
            signatures[pk],
            score.status,
            score.tier_code,
            tuple(values[i] for i, p in enumerate(positions) if p is not None),
        )
    if computed.scores or len(kept) != len(entries):
        memo.store(workspace, inputs, entries)

    board = Scoreboard(
        criteria, applicant=applicant, interviewed=interviewed, workspace=workspace, figures=figures
    )
    ratings = read_ratings(workspace, scope.ids, criteria) if len(computed.scores) < len(signatures) else {}
    weights, total_weight = criterion_weights(criteria), sum(c.weight for c in criteria)
    live = slugs.index(LIVE) if LIVE in slugs else None
    none: dict = {}
    for pk, _program_id, _specialty, _state, _interest, row in scope.entries:
        score = computed.scores.get(pk)
        if score is None:
            entry = entries[pk]
            derived = [entry.values[p] if p is not None else None for p in positions]
            if live is not None:
                derived[live] = rate_responsiveness(figures.get(pk)).value
            score = Standing(row, scope.load, entry, derived, ratings.get(pk, none), weights, total_weight)
        board.scores[pk] = score
    return board
