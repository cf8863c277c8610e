"""Composite scores: the weighted mean of each program's rated criteria, its coverage and explanation.

* A criterion's rating is the applicant's own when there is one (on a derived criterion: an
  override), else the derived rating (``scoring.derive``), else none: **unrated**.
* **Composite** = Σ weight × rating / Σ weight, over the rated criteria with a weight above 0.
  Unrated criteria never count as zero: they only lower the **coverage**, the share of the total
  weight that is rated, shown beside the score.
* **Explanation**: each criterion's contribution, weight × rating / Σ rated weight (they add up to
  the composite), and its share of the weight.

``score_programs`` scores any number of tracked programs (a queryset, read as rows, or loaded ones
with ``program__specialty``) in a constant number of queries: the programs and their specialties,
criteria, ratings, facts, the profile, interviews, answers and the outreach figures (two), whatever
the number of programs. ``Tally`` is the composite's arithmetic, shared with the scores page's lighter
``scoring.standings.Standing``; ``Scoreboard.complete`` turns such standings into full scores.
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import DEFAULT_DB_ALIAS
from django.db.models import QuerySet

from config.collector import gc_paused
from outreach.choices import InterviewStatus
from outreach.models import Answer, Interview
from outreach.models.interviews import RATING_FIELDS
from outreach.responsiveness import responsiveness
from programs.eligibility import ELIGIBILITY_KEYS, Applicant, Verdict, judge_rows
from programs.models import Program, Specialty, TrackedProgram
from programs.resolve import EMPTY, ProgramFacts, resolve_facts

from .derive import DERIVATION_KEYS, DERIVERS, Derived, Inputs
from .models import Criterion, Rating
from .tiers import TierResult, tier_for

_new = tuple.__new__  # a named tuple from a row without a Python-level __new__ call
SCORING_KEYS = tuple(dict.fromkeys((*ELIGIBILITY_KEYS, *DERIVATION_KEYS)))
ANSWER_SLUGS = ("img_residents", "research")
IMPRESSIONS = tuple(name for name, _label in RATING_FIELDS)
# What scoring reads of a tracked program and its program, as rows (3,000 model instances cost more
# than scoring them): the instances are built from these when a page shows a program (``tracked``).
# The workspace is known, so its id is not read back: a UUID per row costs more to decode.
TRACKED_FIELDS = ("id", "program_id", "stage", "interest")
PROGRAM_FIELDS = ("id", "name", "number", "city", "state", "workspace_id", "specialty_id")
ROW_FIELDS = (*TRACKED_FIELDS, *(f"program__{name}" for name in PROGRAM_FIELDS[1:]))


class TrackedRow(NamedTuple):
    """One tracked program as scoring reads it (``ROW_FIELDS``, then the workspace's id);
    ``ProgramScore.tracked`` builds the model instances from it on demand."""

    pk: int
    program_id: int
    stage: str
    interest: int | None
    name: str
    number: str | None
    city: str
    state: str
    program_workspace_id: object
    specialty_id: int | None
    workspace_id: object

    def instance(self, db: str, specialty):
        """The tracked program with its program (and the specialty) attached, as ``.only()`` loads them."""
        program = _from_db(
            Program, db, dict(zip(PROGRAM_FIELDS, (self.program_id, *self[4:10]), strict=True))
        )
        Program.specialty.field.set_cached_value(program, specialty)
        fields = {**dict(zip(TRACKED_FIELDS, self[:4], strict=True)), "workspace_id": self.workspace_id}
        tracked = _from_db(TrackedProgram, db, fields)
        TrackedProgram.program.field.set_cached_value(tracked, program)
        return tracked


RATING_ROW_FIELDS = ("id", "criterion_id", "tracked_id", "value", "note", "derived_value")


class RatingRow(NamedTuple):
    """One rating as scoring reads it (``RATING_ROW_FIELDS``, then the workspace's id);
    ``ProgramScore.items`` builds the model instance (which the ratings form saves) when a page shows
    the program."""

    pk: int
    criterion_id: int
    tracked_id: int
    value: int
    note: str
    derived_value: int | None
    workspace_id: object

    def instance(self, db: str) -> Rating:
        return _from_db(Rating, db, self._asdict() | {"id": self.pk})


def _from_db(model, db: str, values: dict):
    """A model instance with these fields loaded and the others deferred (``from_db`` takes the
    values in the model's field order)."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(db, names, [values[name] for name in names])


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


class Tally:
    """The arithmetic of a composite: each rated criterion's value, and the weighted and rated sums.

    Shared by :class:`ProgramScore` (with its explanation) and the scores page's lighter
    ``scoring.standings.Standing``, so both compute the same composite, coverage and sensitivity.
    """

    __slots__ = ("rated_weight", "total_weight", "values", "weighted")

    def _tally(self, weights: list[tuple[int, int]], derived: list, ratings: dict, total_weight: int) -> None:
        """``derived``: each criterion's derived value (None: none) in the order of ``weights``."""
        self.total_weight = total_weight
        self.values = values = {}  # criterion pk -> the rating that counts
        weighted = rated_weight = 0
        for (pk, weight), found in zip(weights, derived, strict=True):
            rating = ratings.get(pk)
            value = rating.value if rating is not None else found
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

    def composite_with(self, criterion: Criterion, weight: int) -> float | None:
        """The composite if ``criterion`` weighed ``weight`` instead (for sensitivity)."""
        value = self.values.get(criterion.pk)
        if value is None:
            return self.composite
        delta = weight - criterion.weight
        denominator = self.rated_weight + delta
        return (self.weighted + delta * value) / denominator if denominator > 0 else None


class ProgramScore(Tally):
    """One program's composite, coverage, explanation (``items``), verdict and tier."""

    __slots__ = (
        "_derived",
        "_items",
        "_load",
        "_ratings",
        "_tracked",
        "criteria",
        "facts",
        "tier",
        "verdict",
    )
    complete = True  # everything a page shows is here (a ``Standing`` holds only what orders a list)

    def __init__(self, tracked, criteria, derived, ratings: dict, verdict: Verdict, tier: TierResult,
                 facts: ProgramFacts, total_weight: int, weights: list[tuple[int, int]] | None = None,
                 load=None):  # fmt: skip
        """``tracked``: a tracked program, or a :class:`TrackedRow` that ``load`` turns into one when a
        page asks for it. ``weights``: each criterion's (pk, weight), read once for many programs."""
        self._tracked, self._load, self.criteria, self.verdict, self.tier, self.facts = (
            tracked,
            load,
            criteria,
            verdict,
            tier,
            facts,
        )
        self._derived, self._ratings, self._items = derived, ratings, None
        self._tally(weights or criterion_weights(criteria), self.derived_values, ratings, total_weight)

    @property
    def tracked(self):
        """The tracked program with its program (built from the row on first use)."""
        if self._load is not None:
            self._tracked, self._load = self._load(self._tracked), None
        return self._tracked

    @property
    def pk(self) -> int:
        """The tracked program's pk (the row's, without building the instance)."""
        return self._tracked.pk

    @property
    def name(self) -> str:
        """The program's name (for sorting thousands of scores without building their instances)."""
        return self._tracked.name if self._load is not None else self._tracked.program.name

    @property
    def tier_code(self) -> str:
        return self.tier.tier

    @property
    def status(self) -> str:
        """The eligibility verdict's status."""
        return self.verdict.status

    @property
    def derived_values(self) -> list[int | None]:
        """Each criterion's derived rating (None: no rule, or nothing to derive it from)."""
        return [found.value if found is not None else None for found in self._derived]

    @property
    def items(self) -> list[Item]:
        """Each criterion with its derived rating, the applicant's, and its contribution."""
        if self._items is None:
            self._items = [
                Item(c, found, _rating_instance(self._ratings.get(c.pk)))
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


def _rating_instance(rating: "Rating | RatingRow | None") -> Rating | None:
    return rating.instance(DEFAULT_DB_ALIAS) if isinstance(rating, RatingRow) else rating


def criterion_weights(criteria: list[Criterion]) -> list[tuple[int, int]]:
    return [(c.pk, c.weight) for c in criteria]


@dataclass
class Scoreboard:
    criteria: list[Criterion]
    applicant: Applicant | None = None
    scores: dict[int, "ProgramScore"] = field(default_factory=dict)  # by tracked-program pk
    interviewed: set[int] = field(default_factory=set)  # tracked pks with a completed interview
    workspace: object = None  # set when some scores are light (``scoring.standings``): ``complete`` needs it
    figures: dict = field(default_factory=dict)  # reply figures by tracked pk, as read for the scores

    def get(self, tracked_pk: int) -> ProgramScore | None:
        return self.scores.get(tracked_pk)

    def complete(self, scores: list) -> list[ProgramScore]:
        """``scores`` (from this board) as full program scores, in the same order: the light
        ones among them are scored in one go (a constant number of queries) and replace them here."""
        light = [score for score in scores if not score.complete]
        if light:
            done = score_programs(
                self.workspace, [s.tracked for s in light], criteria=self.criteria, figures=self.figures
            )
            self.scores.update(done.scores)
        return [self.scores[score.pk] for score in scores]


class Scope(NamedTuple):
    entries: list[tuple]  # (pk, program id, specialty, state, interest, TrackedRow or tracked program)
    ids: object  # what selects the programs' related rows (ratings, interviews, messages)
    programs: object  # what ``resolve_facts`` reads
    load: Callable | None  # TrackedRow -> tracked program, for ``ProgramScore.tracked``


def read_scope(workspace, tracked) -> Scope:
    """What scoring reads of ``tracked``, and how related rows are selected.

    A queryset is read as rows (``ROW_FIELDS``, one query, and one for the specialties) and its
    filters become subqueries, so a workspace-wide scoring sends no 3,000-element IN lists. Only the
    workspace's own rows are read, whatever the queryset. A scope read already is returned as it is.
    """
    if isinstance(tracked, Scope):
        return tracked
    if isinstance(tracked, QuerySet):
        tracked = tracked.filter(workspace=workspace)
        rows = [_new(TrackedRow, (*row, workspace.pk)) for row in tracked.values_list(*ROW_FIELDS)]
        specialties = Specialty.objects.in_bulk({row.specialty_id for row in rows} - {None})
        entries = [
            (row.pk, row.program_id, specialties.get(row.specialty_id), row.state, row.interest, row)
            for row in rows
        ]
        programs = Program.objects.filter(pk__in=tracked.values("program_id"))
        db = tracked.db
        return Scope(
            entries,
            tracked.values("pk"),
            programs,
            lambda row: row.instance(db, specialties.get(row.specialty_id)),
        )
    entries = [(t.pk, t.program_id, t.program.specialty, t.program.state, t.interest, t) for t in tracked]
    return Scope(entries, [e[0] for e in entries], [e[1] for e in entries], None)


def narrow_scope(scope: Scope, pks: Collection[int]) -> Scope:
    """The part of ``scope`` with the tracked programs ``pks`` (no query)."""
    entries = [entry for entry in scope.entries if entry[0] in pks]
    return Scope(entries, [e[0] for e in entries], [e[1] for e in entries], scope.load)


def read_ratings(workspace, scope, criteria: list[Criterion]) -> dict[int, dict[int, RatingRow]]:
    """Ratings by tracked-program pk, then criterion pk (rows: a page builds the instances it shows)."""
    active = {c.pk for c in criteria}
    if not active:
        return {}
    found: dict[int, dict[int, RatingRow]] = {}
    rows = Rating.objects.filter(workspace=workspace, tracked_id__in=scope, criterion_id__in=active)
    for row in rows.values_list(*RATING_ROW_FIELDS):
        rating = _new(RatingRow, (*row, workspace.pk))
        found.setdefault(rating.tracked_id, {})[rating.criterion_id] = rating
    return found


def read_interviews(workspace, scope) -> tuple[dict[int, dict], set[int]]:
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


def read_answers(workspace, scope) -> dict[int, dict[str, str]]:
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
    interviews: tuple[dict[int, dict], set[int]] | None = None,
    answers: dict[int, dict[str, str]] | None = None,
) -> Scoreboard:
    """Scores, explanations and tiers of ``tracked``: a queryset of the workspace's tracked programs
    (the fast way for many), loaded ones with ``program__specialty``, or a :class:`Scope` read already.

    A caller that resolved the programs' facts (with at least :data:`SCORING_KEYS`), judged their
    verdicts, computed their reply figures (``outreach.responsiveness``) or read their interviews
    (``read_interviews``) and answers (``read_answers``) already hands them in.

    The cyclic garbage collector is paused meanwhile (``config.collector.gc_paused``): the tens of
    thousands of small objects built here are no garbage, and its passes over them cost a third.
    """
    with gc_paused():
        return _score_programs(workspace, tracked, criteria, facts, verdicts, figures, interviews, answers)


def _score_programs(
    workspace, tracked, criteria, facts, verdicts, figures, interviews, answers
) -> Scoreboard:
    entries, scope, programs, load = read_scope(workspace, tracked)
    criteria = Criterion.active_for(workspace) if criteria is None else criteria
    slugs = {c.slug for c in criteria}
    empty = not entries
    if facts is None:
        facts = {} if empty else resolve_facts(workspace, programs, keys=SCORING_KEYS)
    if verdicts is None:
        verdicts = judge_rows(workspace, ((e[0], e[1], e[2]) for e in entries), facts)
    profile = workspace.profile
    applicant = Applicant.of(profile)
    board = Scoreboard(criteria, applicant=applicant, workspace=workspace)
    if empty:
        return board
    ratings = read_ratings(workspace, scope, criteria)
    if figures is None:
        # Programs never written to derive the same "no reply to judge yet" with no figures at all.
        known = {e[0]: e[1] for e in entries}
        figures = (
            responsiveness(workspace, scope, programs=known, contacted_only=True)
            if "responsiveness" in slugs
            else {}
        )
    board.figures = figures
    interviews, board.interviewed = read_interviews(workspace, scope) if interviews is None else interviews
    if answers is None:
        answers = read_answers(workspace, scope) if slugs & {"img_history", "research"} else {}
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
    for pk, program_id, _specialty, state, interest, t in entries:
        program_facts, verdict = facts.get(program_id, EMPTY), verdicts[pk]
        inputs = Inputs(state, interest, program_facts, verdict, need, states, regions,
                        figures.get(pk), interviews.get(pk), answers.get(pk, no_ratings))  # fmt: skip
        derived = [rule(inputs) if rule is not None else None for rule in rules]
        board.scores[pk] = ProgramScore(
            t, criteria, derived, ratings.get(pk, no_ratings), verdict,
            tier_for(applicant, season, program_facts, verdict), program_facts, total_weight, weights, load,
        )  # fmt: skip
    return board
