"""Composite scores: the weighted mean of each program's rated criteria, its coverage and explanation.

* A criterion's rating is the applicant's own when there is one (on a derived criterion: an
  override), else the derived rating (``scoring.derive``), else none: **unrated**.
* **Composite** = Σ weight × rating / Σ weight, over the rated criteria with a weight above 0.
  Unrated criteria never count as zero: they only lower the **coverage**, the share of the total
  weight that is rated, shown beside the score.
* **Explanation**: each criterion's contribution, weight × rating / Σ rated weight (they add up to
  the composite), and its share of the weight.

``score_programs`` scores any number of tracked programs (with ``program__specialty`` loaded) in a
constant number of queries: criteria, ratings, facts, the profile, interviews, answers and the
outreach figures (four), whatever the number of programs.
"""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from outreach.choices import InterviewStatus
from outreach.models import Answer, Interview
from outreach.models.interviews import RATING_FIELDS
from outreach.responsiveness import responsiveness
from programs.eligibility import ELIGIBILITY_KEYS, Applicant, Verdict, verdicts_for
from programs.models import Program, Specialty
from programs.resolve import EMPTY, ProgramFacts, gc_paused, resolve_facts

from .derive import DERIVATION_KEYS, DERIVERS, Derived, Inputs
from .models import Criterion, Rating
from .tiers import TierResult, tier_for

SCORING_KEYS = tuple(dict.fromkeys((*ELIGIBILITY_KEYS, *DERIVATION_KEYS)))
ANSWER_SLUGS = ("img_residents", "research")
IMPRESSIONS = tuple(name for name, _label in RATING_FIELDS)
# What scoring pages read of a tracked program (loading 3,000 whole rows costs more than scoring them).
LOADED = (
    "id", "workspace", "program", "stage", "interest", "program__name", "program__number", "program__city",
    "program__state", "program__workspace", "program__specialty",
)  # fmt: skip


@dataclass(slots=True)
class Item:
    """One criterion of one program: its derived rating, the applicant's, and what counts."""

    criterion: Criterion
    derived: Derived | None  # None: the criterion has no derivation rule
    rating: Rating | None
    contribution: float | None = None  # points of the composite (None when unrated or weight 0)
    share: float | None = None  # share of the rated weight

    @property
    def value(self) -> int | None:
        if self.rating is not None:
            return self.rating.value
        return self.derived.value if self.derived is not None else None

    @property
    def derived_value(self) -> int | None:
        return self.derived.value if self.derived is not None else None

    @property
    def source(self) -> str:
        """``override`` (yours, over a derivation), ``yours``, ``derived`` or ``unrated``."""
        if self.rating is not None:
            return "override" if self.derived_value is not None else "yours"
        return "derived" if self.derived_value is not None else "unrated"

    @property
    def disagrees(self) -> bool:
        """The facts changed since the applicant set this rating and now say something else."""
        now = self.derived_value
        return (
            self.rating is not None
            and now is not None
            and now != self.rating.derived_value
            and now != self.rating.value
        )


class ProgramScore:
    """One program's composite, coverage, explanation (``items``), verdict and tier."""

    __slots__ = ("_derived", "_items", "_ratings", "criteria", "facts", "rated_weight", "tier", "total_weight",
                 "tracked", "values", "verdict", "weighted")  # fmt: skip

    def __init__(self, tracked, criteria, derived, ratings: dict, verdict: Verdict, tier: TierResult,
                 facts: ProgramFacts, total_weight: int, weights: list[tuple[int, int]] | None = None):  # fmt: skip
        """``weights``: each criterion's (pk, weight), which a caller scoring many programs reads once."""
        self.tracked, self.criteria, self.verdict, self.tier, self.facts = (
            tracked,
            criteria,
            verdict,
            tier,
            facts,
        )
        self._derived, self._ratings, self._items = derived, ratings, None
        self.total_weight = total_weight
        self.values = values = {}  # criterion pk -> the rating that counts
        weighted = rated_weight = 0
        for (pk, weight), found in zip(weights or criterion_weights(criteria), derived, strict=True):
            rating = ratings.get(pk)
            value = rating.value if rating is not None else found.value if found is not None else None
            if value is not None:
                values[pk] = value
                weighted += weight * value
                rated_weight += weight
        self.weighted, self.rated_weight = weighted, rated_weight

    @property
    def composite(self) -> float | None:
        return self.weighted / self.rated_weight if self.rated_weight else None

    @property
    def coverage(self) -> float:
        return self.rated_weight / self.total_weight if self.total_weight else 0.0

    @property
    def coverage_pct(self) -> int:
        return round(100 * self.coverage)

    @property
    def rated_count(self) -> int:
        return len(self.values)

    @property
    def items(self) -> list[Item]:
        """Each criterion with its derived rating, the applicant's, and its contribution."""
        if self._items is None:
            self._items = [
                Item(c, found, self._ratings.get(c.pk))
                for c, found in zip(self.criteria, self._derived, strict=True)
            ]
            for item in self._items:
                weight, value = item.criterion.weight, item.value
                if value is not None and weight and self.rated_weight:
                    item.contribution = weight * value / self.rated_weight
                    item.share = weight / self.rated_weight
        return self._items

    def item(self, criterion_id: int) -> Item | None:
        return next((i for i in self.items if i.criterion.pk == criterion_id), None)

    @property
    def disagreements(self) -> list[Item]:
        return [item for item in self.items if item.disagrees]

    def composite_with(self, criterion: Criterion, weight: int) -> float | None:
        """The composite if ``criterion`` weighed ``weight`` instead (for sensitivity)."""
        value = self.values.get(criterion.pk)
        if value is None:
            return self.composite
        delta = weight - criterion.weight
        denominator = self.rated_weight + delta
        return (self.weighted + delta * value) / denominator if denominator > 0 else None


def criterion_weights(criteria: list[Criterion]) -> list[tuple[int, int]]:
    return [(c.pk, c.weight) for c in criteria]


@dataclass
class Scoreboard:
    criteria: list[Criterion]
    applicant: Applicant | None = None
    scores: dict[int, ProgramScore] = field(default_factory=dict)  # by tracked-program pk
    interviewed: set[int] = field(default_factory=set)  # tracked pks with a completed interview

    def get(self, tracked_pk: int) -> ProgramScore | None:
        return self.scores.get(tracked_pk)


def _scope(tracked) -> tuple[list, object, object]:
    """(loaded tracked programs, what filters related rows, what ``resolve_facts`` reads).

    A queryset becomes subqueries, so a workspace-wide scoring sends no 3,000-element IN lists.
    """
    if isinstance(tracked, QuerySet):
        loaded = list(tracked.select_related("program").only(*LOADED))
        _share_specialties([t.program for t in loaded])
        return loaded, tracked.values("pk"), Program.objects.filter(pk__in=tracked.values("program_id"))
    loaded = list(tracked)
    return loaded, [t.pk for t in loaded], [t.program_id for t in loaded]


def _share_specialties(programs: list[Program]) -> None:
    """Attach each program's specialty, one instance per specialty (one query).

    A join would build a Specialty per program: thousands of model instances for a handful of rows.
    """
    specialties = Specialty.objects.in_bulk({p.specialty_id for p in programs} - {None})
    cache = Program.specialty.field.set_cached_value
    for program in programs:
        cache(program, specialties.get(program.specialty_id))


def _ratings(workspace, scope, criteria: list[Criterion]) -> dict[int, dict[int, Rating]]:
    """Ratings by tracked-program pk, then criterion pk."""
    active = {c.pk for c in criteria}
    if not active:
        return {}
    found: dict[int, dict[int, Rating]] = {}
    for rating in Rating.objects.filter(workspace=workspace, tracked_id__in=scope, criterion_id__in=active):
        found.setdefault(rating.tracked_id, {})[rating.criterion_id] = rating
    return found


def _interviews(workspace, scope) -> tuple[dict[int, dict], set[int]]:
    """Impression ratings per tracked program, and the programs whose interview took place."""
    rows = Interview.objects.filter(workspace=workspace, tracked_id__in=scope).values(
        "tracked_id", "status", *IMPRESSIONS
    )
    impressions, completed = {}, set()
    for row in rows:
        tracked_id, status = row.pop("tracked_id"), row.pop("status")
        impressions[tracked_id] = {k: v for k, v in row.items() if v is not None}
        if status == InterviewStatus.COMPLETED:
            completed.add(tracked_id)
    return impressions, completed


def _answers(workspace, scope) -> dict[int, dict[str, str]]:
    found: dict[int, dict[str, str]] = {}
    for tracked_id, slug, text in (
        Answer.objects.filter(workspace=workspace, tracked_id__in=scope, question__slug__in=ANSWER_SLUGS)
        .order_by("answered_on", "id")
        .values_list("tracked_id", "question__slug", "text")
    ):
        found.setdefault(tracked_id, {})[slug] = text  # the latest answer wins
    return found


def score_programs(
    workspace,
    tracked,
    *,
    criteria: list[Criterion] | None = None,
    facts: dict[int, ProgramFacts] | None = None,
    verdicts: dict[int, Verdict] | None = None,
    figures: dict | None = None,
) -> Scoreboard:
    """Scores, explanations and tiers of ``tracked``: a queryset of the workspace's tracked programs
    (the fast way for many), or loaded ones with ``program__specialty``.

    A caller that resolved the programs' facts (with at least :data:`SCORING_KEYS`), judged their
    verdicts or computed their reply figures (``outreach.responsiveness``) already hands them in.

    The cyclic garbage collector is paused meanwhile (``programs.resolve.gc_paused``): the tens of
    thousands of small objects built here are no garbage, and its passes over them cost a third.
    """
    with gc_paused():
        return _score_programs(workspace, tracked, criteria, facts, verdicts, figures)


def _score_programs(workspace, tracked, criteria, facts, verdicts, figures) -> Scoreboard:
    tracked, scope, programs = _scope(tracked)
    criteria = Criterion.active_for(workspace) if criteria is None else criteria
    slugs = {c.slug for c in criteria}
    empty = not tracked
    if facts is None:
        facts = {} if empty else resolve_facts(workspace, programs, keys=SCORING_KEYS)
    if verdicts is None:
        verdicts = verdicts_for(workspace, tracked, facts=facts)
    profile = workspace.profile
    applicant = Applicant.of(profile)
    board = Scoreboard(criteria, applicant=applicant)
    if empty:
        return board
    ratings = _ratings(workspace, scope, criteria)
    if figures is None:
        figures = responsiveness(workspace, scope) if "responsiveness" in slugs else {}
    interviews, board.interviewed = _interviews(workspace, scope)
    answers = _answers(workspace, scope) if slugs & {"img_history", "research"} else {}
    total_weight = sum(c.weight for c in criteria)
    rules = [DERIVERS.get(c.slug) for c in criteria]
    season, need, states, regions = (
        workspace.season,
        applicant.visa_need,
        profile.preferred_states,
        profile.preferred_regions,
    )
    no_ratings: dict = {}
    weights = criterion_weights(criteria)
    for t in tracked:
        pk = t.pk
        program_facts, verdict = facts.get(t.program_id, EMPTY), verdicts[pk]
        inputs = Inputs(t.program, t.interest, program_facts, verdict, need, states, regions,
                        figures.get(pk), interviews.get(pk), answers.get(pk, no_ratings))  # fmt: skip
        derived = [rule(inputs) if rule is not None else None for rule in rules]
        board.scores[pk] = ProgramScore(
            t, criteria, derived, ratings.get(pk, no_ratings), verdict,
            tier_for(applicant, season, program_facts, verdict), program_facts, total_weight, weights,
        )  # fmt: skip
    return board
