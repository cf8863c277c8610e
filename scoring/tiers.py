"""Tiers: how likely a program is to rank this applicant — reach, target, safer — or not eligible.

The rule (shown on the "How scores and tiers work" page and tested with a table):

1. An **ineligible** verdict (a rule fails on a fresh, uncontested fact) is **not eligible**.
2. Otherwise four margins count −1, 0 or +1 each:

   * **Step 2 CK** against the program's typical score of recent matches, when reported: 5 or more
     above +1, within 5 either way 0, more than 5 below −1. Otherwise against its minimum: 15 or
     more above +1, less than 5 above −1 (just over the bar), else 0. No score on either side: 0.
   * **Graduation year** against the program's cutoff, counted at the start of training: 3 or more
     years to spare +1, none to spare −1, else 0. No cutoff reported: 0.
   * **% IMG**: 30% or more +1, under 10% −1, else 0; a program that reports no recent non-US IMG
     residents counts −1, one that reports some at least 0. Not reported: 0.
   * **Visa type**: no visa needed +1 (nothing for the program to sponsor); the J-1 path 0; the
     H-1B path −1 (Step 3 first, and more cost and paperwork for the program). Unknown: 0.

3. A total of +2 or more is **safer**, −2 or less is **reach**, anything between is **target**.
4. A verdict that **needs confirmation** is at most **target** until its questions are answered.
"""

import functools
from dataclasses import dataclass

from programs.eligibility import Applicant, Status, Verdict
from programs.resolve import ProgramFacts

from .choices import TIER_BADGES, Tier

SAFER_AT = 2
REACH_AT = -2


class Margin:
    """One margin: its factor ("Step 2 CK", "Graduation year", "% IMG", "Visa type"), −1/0/+1 and why.

    The text is built when shown: given ``args``, ``text`` is a ``str.format`` template for them (a
    tuple of numbers costs less than a closure per margin, four margins per program).
    """

    __slots__ = ("_args", "_text", "factor", "points")

    def __init__(self, factor: str, points: int, text: str, *args):
        self.factor, self.points, self._text, self._args = factor, points, text, args

    @property
    def text(self) -> str:
        if self._args:
            self._text, self._args = self._text.format(*self._args), ()
        return self._text


@dataclass(slots=True)
class TierResult:  # read-only by convention: a frozen dataclass costs several times as much to build
    tier: str
    margins: tuple[Margin, ...]
    total: int
    verdict: Verdict
    capped: bool = False  # safer by the margins, but the verdict needs confirmation

    @property
    def note(self) -> str:
        """Why the total did not decide: ineligible, or capped by open questions."""
        if self.tier == Tier.NOT_ELIGIBLE:
            return "Ineligible: " + self.verdict.brief.removeprefix("Not met: ")
        return "Target at best until the open questions are confirmed" if self.capped else ""

    @property
    def label(self) -> str:
        return Tier(self.tier).label

    @property
    def badge(self) -> str:
        return TIER_BADGES[self.tier]

    @property
    def summary(self) -> str:
        parts = [f"{m.factor} {m.points:+d}" for m in self.margins if m.points]
        return self.note or (", ".join(parts) if parts else "No margin either way")


@functools.cache
def _fixed(factor: str, points: int, text: str) -> Margin:
    """A shared Margin for a constant text (fewer objects when tiering thousands of programs)."""
    return Margin(factor, points, text)


# The margins below depend on a few numbers only, shared by many programs: one Margin per distinct
# set of numbers (its text is built once, when shown). Bounded, as the numbers come from the data.
_shared = functools.lru_cache(maxsize=4096)


def _step2ck(score: int | None, facts: ProgramFacts) -> Margin:
    typical, minimum = facts.value("step2ck_typical_score"), facts.value("step2ck_min_score")
    if score is None:
        return _fixed("Step 2 CK", 0, "Your profile has no Step 2 CK score.")
    if typical is not None:
        return _against_typical(score, typical)
    if minimum is not None:
        return _against_minimum(score, minimum)
    return _fixed("Step 2 CK", 0, "The program reports neither a typical nor a minimum Step 2 CK.")


@_shared
def _against_typical(score: int, typical: int) -> Margin:
    gap = score - typical
    points = 1 if gap >= 5 else -1 if gap < -5 else 0
    return Margin(
        "Step 2 CK", points, "Your {} against the typical {} of recent matches ({:+d}).", score, typical, gap
    )


@_shared
def _against_minimum(score: int, minimum: int) -> Margin:
    gap = score - minimum
    points = 1 if gap >= 15 else -1 if gap < 5 else 0
    return Margin(
        "Step 2 CK", points, "Your {} against the program's minimum {} ({:+d}).", score, minimum, gap
    )


def _graduation(graduation_year: int | None, season: int, facts: ProgramFacts) -> Margin:
    cutoff = facts.value("grad_year_cutoff")
    if cutoff is None or graduation_year is None:
        why = "No graduation cutoff reported." if cutoff is None else "Your profile has no graduation year."
        return _fixed("Graduation year", 0, why)
    return _spare(cutoff - (season - graduation_year), cutoff)


@_shared
def _spare(spare: int, cutoff: int) -> Margin:
    points = 1 if spare >= 3 else -1 if spare <= 0 else 0
    plural = "s" if spare != 1 else ""
    return Margin(
        "Graduation year", points, "{} year{} to spare within the {}-year cutoff.", spare, plural, cutoff
    )


def _img(facts: ProgramFacts) -> Margin:
    pct, recent = facts.value("pct_img"), facts.value("img_residents_recent")
    if recent is False:
        return _fixed("% IMG", -1, "The program reports no recent non-US IMG residents.")
    if pct is None:
        return _fixed(
            "% IMG", 0, "Recent non-US IMG residents reported." if recent else "% IMG not reported."
        )
    return _pct_img(pct, bool(recent))


@_shared
def _pct_img(pct: float, recent: bool) -> Margin:
    points = 1 if pct >= 30 else -1 if pct < 10 else 0
    if recent:
        points = max(points, 0)
    return Margin("% IMG", points, "{:g}% IMG residents.", pct)


def _visa_type(visa_need: str, facts: ProgramFacts) -> Margin:
    if visa_need == "none":
        return _fixed("Visa type", 1, "You need no visa.")
    j1, h1b = facts.value("visa_j1"), facts.value("visa_h1b")
    if visa_need == "h1b" or (visa_need == "either" and not j1 and h1b):
        return _fixed(
            "Visa type", -1, "You would train on an H-1B: Step 3 first, more for the program to do."
        )
    if visa_need in ("j1", "either") and j1:
        return _fixed("Visa type", 0, "The J-1 path, which ECFMG sponsors.")
    return _fixed("Visa type", 0, "Which visa you would train on is not known yet.")


def tier_for(applicant: Applicant, season: int, facts: ProgramFacts, verdict: Verdict) -> TierResult:
    """The tier of one program for this applicant (see the module's rule)."""
    margins = (
        _step2ck(applicant.step2ck_score, facts),
        _graduation(applicant.graduation_year, season, facts),
        _img(facts),
        _visa_type(applicant.visa_need, facts),
    )
    total = sum(m.points for m in margins)
    if verdict.status == Status.INELIGIBLE:
        return TierResult(Tier.NOT_ELIGIBLE, margins, total, verdict)
    tier = Tier.SAFER if total >= SAFER_AT else Tier.REACH if total <= REACH_AT else Tier.TARGET
    if tier == Tier.SAFER and verdict.status == Status.NEEDS_CONFIRMATION:
        return TierResult(Tier.TARGET, margins, total, verdict, capped=True)
    return TierResult(tier, margins, total, verdict)


# The rule as the page shows it: (margin, +1, 0, −1).
TIER_RULE_TABLE = (
    ("Step 2 CK vs the typical score of recent matches", "5 or more above", "within 5", "more than 5 below"),
    ("Step 2 CK vs the minimum (when no typical score)", "15 or more above", "5 to 14 above", "less than 5 above"),
    ("Graduation year vs the cutoff (at the start of training)", "3+ years to spare", "1–2 years to spare", "no year to spare"),
    ("% IMG residents", "30% or more", "10–29%", "under 10%, or no recent non-US IMGs"),
    ("Visa type", "no visa needed", "J-1 path", "H-1B path"),
)  # fmt: skip
