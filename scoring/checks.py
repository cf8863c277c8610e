"""Checks before the applicant certifies their list in the NRMP's R3, and the countdown to the deadline.

Per list: more than ``ROL_MAX_RANKS`` ranks (refused), more programs than the fee includes (the
extra cost, from configuration with its source), and per entry: visa infeasible (the verdict's
visa or H-1B Step 3 rule fails — e.g. an H-1B-only program while Step 3 will not be passed by its
deadline), ineligible for another reason, the visa fact stale, disputed, missing or only from an
import (not confirmed by the program itself), not interviewed, withdrawn or excluded in the
pipeline, and program codes that appear twice. The certification deadline comes from the season
calendar (``outreach.models.Deadline``); a season without a sourced date has none, and the page
says so and shows the last season's for reference — never an invented date.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from outreach.models import Deadline, DeadlineKind
from outreach.season import workspace_cycles
from programs.choices import CLOSED_STAGES, SourceKind, Stage
from programs.eligibility import Outcome
from programs.facts import REGISTRY

from .scores import ProgramScore, Scoreboard

VISA_RULES = ("visa", "h1b_step3")
# A visa fact counts as confirmed when the program itself said it.
CONFIRMING_SOURCES = {
    SourceKind.COORDINATOR_EMAIL, SourceKind.PHONE, SourceKind.INTERVIEW, SourceKind.OPEN_HOUSE, SourceKind.WEBSITE,
}  # fmt: skip
INTERVIEWED_STAGES = (Stage.INTERVIEWED, Stage.RANKED)


@dataclass(frozen=True)
class Flag:
    code: str  # visa_infeasible, ineligible, visa_unconfirmed, not_interviewed, closed, duplicate_code
    label: str
    detail: str
    severity: str = "warning"  # a Bootstrap contextual name


@dataclass(frozen=True)
class ListWarning:
    code: str
    title: str
    detail: str
    severity: str = "warning"
    entries: tuple = ()  # the entries concerned (RankEntry)

    @property
    def count(self) -> int:
        return len(self.entries)


FLAG_TITLES = {
    "visa_infeasible": ("Visa infeasible", "danger"),
    "ineligible": ("Ineligible", "danger"),
    "visa_unconfirmed": ("Visa not confirmed by the program", "warning"),
    "not_interviewed": ("Not interviewed", "warning"),
    "closed": ("Withdrawn or excluded in your pipeline", "warning"),
    "duplicate_code": ("Program code listed twice", "danger"),
}


def is_interviewed(tracked, board: Scoreboard) -> bool:
    return tracked.stage in INTERVIEWED_STAGES or tracked.pk in board.interviewed


def _visa_keys(need: str, score: ProgramScore) -> tuple[str, ...]:
    if need == "j1":
        return ("visa_j1",)
    if need == "h1b":
        return ("visa_h1b", "h1b_step3_deadline")
    if score.facts.value("visa_j1"):
        return ("visa_j1",)
    if score.facts.value("visa_h1b"):
        return ("visa_h1b", "h1b_step3_deadline")
    return ("visa_j1", "visa_h1b")


def _visa_doubts(need: str, score: ProgramScore) -> list[str]:
    if need == "none":
        return []
    if not need:
        return ["your profile does not say which visa you need"]
    doubts = []
    for key in _visa_keys(need, score):
        fact = score.facts.get(key)
        if fact is None:
            doubts.append(f"“{REGISTRY[key].label}” not reported")
        elif fact.stale:
            doubts.append(f"{fact.label} is stale ({fact.observed_on:%b %-d, %Y})")
        elif fact.conflict:
            doubts.append(f"sources disagree on “{fact.label}”")
        elif fact.source.source_kind not in CONFIRMING_SOURCES:
            doubts.append(f"“{fact.label}” comes only from {fact.source.source_label}")
    return doubts


def entry_flags(entry, score: ProgramScore | None, board: Scoreboard) -> list[Flag]:
    """What stands against certifying this entry (duplicates are found per list)."""
    tracked, flags = entry.tracked, []
    if score is not None:
        failures = score.verdict.failures
        visa_fail = [r for r in failures if r.rule in VISA_RULES and r.outcome == Outcome.FAIL]
        if visa_fail:
            flags.append(_flag("visa_infeasible", " ".join(r.message for r in visa_fail)))
        other = [r for r in failures if r.rule not in VISA_RULES]
        if other:
            flags.append(_flag("ineligible", " ".join(r.message for r in other)))
        need = board.applicant.visa_need if board.applicant else ""
        doubts = [] if visa_fail else _visa_doubts(need, score)
        if doubts:
            text = "; ".join(doubts)
            flags.append(_flag("visa_unconfirmed", f"{text[:1].upper()}{text[1:]}. Ask the coordinator."))
    if tracked.stage in CLOSED_STAGES:
        flags.append(_flag("closed", f"Its stage is “{tracked.get_stage_display()}”."))
    elif not is_interviewed(tracked, board):
        flags.append(_flag("not_interviewed", f"Its stage is “{tracked.get_stage_display()}”."))
    return flags


def _flag(code: str, detail: str) -> Flag:
    label, severity = FLAG_TITLES[code]
    return Flag(code, label, detail, severity)


def program_codes(score: ProgramScore | None) -> list[str]:
    return list(score.facts.value("nrmp_codes") or []) if score is not None else []


def duplicate_codes(entries: list, board: Scoreboard) -> dict[int, list[str]]:
    """Entry pk -> the NRMP codes it shares with another entry of the same list."""
    holders: dict[str, list[int]] = defaultdict(list)
    for entry in entries:
        for code in dict.fromkeys(program_codes(board.get(entry.tracked_id))):
            holders[str(code).strip().upper()].append(entry.pk)
    shared: dict[int, list[str]] = defaultdict(list)
    for code, pks in holders.items():
        if len(pks) > 1:
            for pk in pks:
                shared[pk].append(code)
    return dict(shared)


@dataclass
class ListChecks:
    """Everything the page and the reminders need about one list before certifying."""

    warnings: list[ListWarning] = field(default_factory=list)
    flags: dict[int, list[Flag]] = field(default_factory=dict)  # by entry pk

    @property
    def open_count(self) -> int:
        return sum(1 for w in self.warnings if w.severity in ("danger", "warning"))


def fee_warning(count: int, *, supplemental: bool) -> ListWarning | None:
    included, fee = settings.ROL_INCLUDED_PROGRAMS, settings.ROL_EXTRA_PROGRAM_FEE_USD
    extra = count - included
    if extra <= 0:
        return None
    where = "across all your supplemental lists" if supplemental else "on the primary list"
    detail = (
        f"{count} programs {where}: the registration fee includes {included}. {extra} more cost about "
        f"{extra} × ${fee} = ${extra * fee} ({settings.ROL_EXTRA_PROGRAM_FEE_NOTE}). Extra-rank fees are "
        "not refunded, even if you certify a shorter list later."
    )
    return ListWarning(
        "over_included",
        f"{extra} program{'s' if extra != 1 else ''} beyond the {included} included",
        detail,
        "info",
    )


def check_list(rank_list, entries: list, board: Scoreboard, *, supplemental_total: int = 0) -> ListChecks:
    """The warnings of one list; ``supplemental_total`` counts every supplemental list's entries."""
    checks = ListChecks()
    shared = duplicate_codes(entries, board)
    for entry in entries:
        flags = entry_flags(entry, board.get(entry.tracked_id), board)
        if entry.pk in shared:
            flags.append(
                _flag("duplicate_code", f"NRMP code {', '.join(shared[entry.pk])} is on another entry too.")
            )
        checks.flags[entry.pk] = flags
    if len(entries) > settings.ROL_MAX_RANKS:
        checks.warnings.append(ListWarning(
            "over_max", "Too many ranks", f"The NRMP accepts at most {settings.ROL_MAX_RANKS} ranks on a list; "
            f"this one has {len(entries)}.", "danger"))  # fmt: skip
    fee = fee_warning(
        supplemental_total if not rank_list.is_primary else len(entries),
        supplemental=not rank_list.is_primary,
    )
    if fee is not None:
        checks.warnings.append(fee)
    for code, (title, severity) in FLAG_TITLES.items():
        concerned = tuple(e for e in entries if any(f.code == code for f in checks.flags[e.pk]))
        if concerned:
            checks.warnings.append(ListWarning(code, title, _summary(code, concerned), severity, concerned))
    return checks


def _summary(code: str, entries: tuple) -> str:
    ranks = ", ".join(f"#{e.position}" for e in entries[:12]) + (" …" if len(entries) > 12 else "")
    return (
        {
            "visa_infeasible": "The visa you need cannot work at these programs as things stand: ",
            "ineligible": "A rule fails at these programs: ",
            "visa_unconfirmed": "Confirm visa sponsorship with these programs directly: ",
            "not_interviewed": "You have not interviewed at: ",
            "closed": "You withdrew or excluded: ",
            "duplicate_code": "The same NRMP code appears more than once: ",
        }[code]
        + ranks
        + "."
    )


# --- The certification deadline --------------------------------------------------------------------


@dataclass(frozen=True)
class Countdown:
    season: int
    deadline: Deadline | None  # this season's, when the calendar has a sourced date
    reference: Deadline | None  # otherwise the latest earlier season's, for reference only
    now: datetime

    @property
    def remaining(self) -> timedelta | None:
        return self.deadline.moment - self.now if self.deadline else None

    @property
    def passed(self) -> bool:
        return self.remaining is not None and self.remaining.total_seconds() <= 0

    @property
    def days(self) -> int:
        return self.remaining.days if self.remaining and not self.passed else 0

    @property
    def hours(self) -> int:
        return self.remaining.seconds // 3600 if self.remaining and not self.passed else 0


def certification_countdown(workspace, *, now: datetime | None = None) -> Countdown:
    """This season's rank-list certification deadline (two queries), or last season's for reference.

    Only deadlines of the application cycles the workspace tracks count (the Main Match's for
    residencies; a fellowship-cycle search has its own match calendar).
    """
    cycles = workspace_cycles([workspace.pk])[workspace.pk]
    found = [
        deadline
        for deadline in Deadline.objects.filter(
            kind=DeadlineKind.ROL_CERTIFICATION, season__lte=workspace.season
        ).order_by("-season", "moment")[:20]
        if deadline.applies_to_any(cycles)
    ]
    current = next((d for d in found if d.season == workspace.season), None)
    reference = None if current else next(iter(found), None)
    return Countdown(workspace.season, current, reference, now or timezone.now())
