"""A rank list as its page, its downloads and the reminders see it: entries with their scores, tiers,
flags and program codes; the list's checks; sensitivity; the suggested order by composite score.

One call costs a constant number of queries whatever the length of the list.
"""

from dataclasses import dataclass, field

from django.db.models.functions import Lower

from programs.choices import ACTIVE_STAGES
from programs.models import TrackedProgram

from .checks import Flag, ListChecks, check_list, program_codes
from .choices import ListKind
from .models import Criterion, RankEntry, RankList
from .scores import ProgramScore, Scoreboard, score_programs
from .sensitivity import SensitivePair, sensitive_pairs


@dataclass
class EntryRow:
    entry: object  # RankEntry with tracked__program__specialty
    score: ProgramScore | None
    flags: list[Flag] = field(default_factory=list)

    @property
    def program(self):
        return self.entry.tracked.program

    @property
    def composite(self) -> float | None:
        return self.score.composite if self.score else None

    @property
    def codes(self) -> list[str]:
        return program_codes(self.score)

    @property
    def visa(self) -> str:
        """J-1 / H-1B sponsorship as the page and exports show it: "J-1, H-1B", "J-1 (H-1B not reported)",
        "no J-1 or H-1B", "no J-1 (H-1B not reported)", "not reported"."""
        facts = self.score.facts if self.score else None
        j1, h1b = (facts.value("visa_j1"), facts.value("visa_h1b")) if facts is not None else (None, None)
        if j1 is None and h1b is None:
            return "not reported"
        answers = (("J-1", j1), ("H-1B", h1b))
        sponsored = [name for name, value in answers if value]
        named = ", ".join(sponsored) or "no " + " or ".join(name for name, value in answers if value is False)
        unknown = [name for name, value in answers if value is None]
        return f"{named} ({unknown[0]} not reported)" if unknown else named


@dataclass
class ListView:
    rank_list: RankList
    rows: list[EntryRow]
    board: Scoreboard
    checks: ListChecks

    @property
    def pairs(self) -> list[SensitivePair]:
        return sensitive_pairs([row.score for row in self.rows], self.board.criteria)

    def suggested(self) -> list[EntryRow]:
        """The entries by composite score, best first; unscored ones keep their order at the end."""
        scored = [row for row in self.rows if row.composite is not None]
        unscored = [row for row in self.rows if row.composite is None]
        return sorted(scored, key=lambda row: -row.composite) + unscored

    @property
    def follows_scores(self) -> bool:
        return [row.entry.pk for row in self.suggested()] == [row.entry.pk for row in self.rows]


def supplemental_total(workspace) -> int:
    """Entries across every supplemental list: the fee's 20 included programs count them together."""
    return RankEntry.objects.filter(workspace=workspace, rank_list__kind=ListKind.SUPPLEMENTAL).count()


def list_views(
    workspace,
    lists: list[RankList],
    *,
    criteria: list[Criterion] | None = None,
    supplemental: int | None = None,
) -> list[ListView]:
    """Each list's entries in order, with scores and checks, from one scoreboard for all of them.

    ``criteria`` None scores with the active criteria; ``[]`` skips criteria and ratings (the checks
    need only verdicts and facts). ``supplemental`` is the entry count of every supplemental list of
    the workspace (counted here when a supplemental list is shown and it is not given).
    """
    entries = list(
        RankEntry.objects.filter(rank_list__in=[rl.pk for rl in lists])
        .select_related("tracked__program__specialty")
        .order_by("rank_list_id", "position", "id")
    )
    tracked = list({e.tracked_id: e.tracked for e in entries}.values())
    board = score_programs(workspace, tracked, criteria=criteria)
    if supplemental is None and any(not rl.is_primary for rl in lists):
        supplemental = supplemental_total(workspace)
    views = []
    for rank_list in lists:
        mine = [e for e in entries if e.rank_list_id == rank_list.pk]
        for rank, entry in enumerate(mine, start=1):
            entry.position = rank  # shown ranks stay contiguous even after a tracked program was deleted
        checks = check_list(rank_list, mine, board, supplemental_total=supplemental or 0)
        rows = [EntryRow(e, board.get(e.tracked_id), checks.flags.get(e.pk, [])) for e in mine]
        views.append(ListView(rank_list, rows, board, checks))
    return views


def list_view(workspace, rank_list: RankList, *, criteria: list[Criterion] | None = None) -> ListView:
    return list_views(workspace, [rank_list], criteria=criteria)[0]


def candidates(workspace, rank_list: RankList):
    """Tracked programs not on the list yet (withdrawn or excluded ones too: adding one asks first)."""
    on_list = rank_list.entries.values("tracked_id")
    return (
        TrackedProgram.objects.for_workspace(workspace)
        .exclude(pk__in=on_list)
        .with_program()
        .order_by(Lower("program__name"), "pk")
    )


def has_advanced_programs(workspace) -> bool:
    """Supplemental lists exist for applicants who rank advanced (PGY-2) programs: a specialty entered
    after prior residency (``Specialty.requires_prior_gme``, e.g. standalone MGG, 130)."""
    return (
        TrackedProgram.objects.for_workspace(workspace)
        .filter(stage__in=ACTIVE_STAGES, program__specialty__requires_prior_gme=True)
        .exists()
    )
