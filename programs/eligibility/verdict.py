"""The eligibility vocabulary: statuses, reasons, verdicts and the rules as documented.

These dataclasses are a contract: the scoring app builds tiers on :class:`Verdict`, so add fields at
the end with defaults and never rename one.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import models


class Status(models.TextChoices):
    ELIGIBLE = "eligible", "Eligible"
    NEEDS_CONFIRMATION = "needs_confirmation", "Needs confirmation"
    INELIGIBLE = "ineligible", "Ineligible"


class Outcome(models.TextChoices):
    PASS = "pass", "Met"
    CONFIRM = "confirm", "To confirm"
    FAIL = "fail", "Not met"


STATUS_BADGES = {
    Status.ELIGIBLE: "success",
    Status.NEEDS_CONFIRMATION: "warning",
    Status.INELIGIBLE: "danger",
}
STATUS_ICONS = {
    Status.ELIGIBLE: "check-circle-fill",
    Status.NEEDS_CONFIRMATION: "question-circle-fill",
    Status.INELIGIBLE: "x-circle-fill",
}
ASK_COORDINATOR = "Ask the coordinator"
COMPLETE_PROFILE = "Complete your profile"


@dataclass(slots=True)
class Reason:
    """Why one rule was met, needs confirmation, or was not met, for one program.

    Read-only by convention: not ``frozen`` because a frozen dataclass costs five times as much to
    build, and a workspace's verdicts build tens of thousands of reasons.
    """

    rule: str  # a code of RULES
    outcome: str  # Outcome
    message: str  # one sentence a person can act on
    program_value: str = ""  # the program's value as shown ("not reported" when missing)
    source: str = ""  # where the program's value came from (a source kind's label, or a rule's authority)
    observed_on: date | None = None  # when that source said it
    applicant_value: str = ""  # the profile's answer that the rule compares
    action: str = ""  # "Ask the coordinator: …", "Complete your profile: …" or advice
    stale: bool = False
    conflict: bool = False

    @property
    def rule_label(self) -> str:
        return RULES[self.rule].label

    @property
    def outcome_label(self) -> str:
        return Outcome(self.outcome).label

    @property
    def asks_coordinator(self) -> bool:
        return self.outcome == Outcome.CONFIRM and self.action.startswith(ASK_COORDINATOR)


@dataclass(frozen=True, slots=True)
class Verdict:
    """Eligibility of one program for one applicant: a status and the reasons behind it."""

    status: str  # Status
    reasons: tuple[Reason, ...]

    @classmethod
    def from_reasons(cls, reasons: Iterable[Reason]) -> "Verdict":
        reasons = tuple(reasons)
        outcomes = {r.outcome for r in reasons}
        if Outcome.FAIL in outcomes:
            status = Status.INELIGIBLE
        elif Outcome.CONFIRM in outcomes:
            status = Status.NEEDS_CONFIRMATION
        else:
            status = Status.ELIGIBLE
        return cls(status, reasons)

    @property
    def label(self) -> str:
        return Status(self.status).label

    @property
    def badge(self) -> str:
        return STATUS_BADGES[self.status]

    @property
    def icon(self) -> str:
        return STATUS_ICONS[self.status]

    @property
    def failures(self) -> tuple[Reason, ...]:
        return tuple(r for r in self.reasons if r.outcome == Outcome.FAIL)

    @property
    def to_confirm(self) -> tuple[Reason, ...]:
        return tuple(r for r in self.reasons if r.outcome == Outcome.CONFIRM)

    @property
    def met(self) -> tuple[Reason, ...]:
        return tuple(r for r in self.reasons if r.outcome == Outcome.PASS)

    @property
    def open_reasons(self) -> tuple[Reason, ...]:
        """What stands between the applicant and "eligible": failures first, then confirmations."""
        return self.failures + self.to_confirm

    @property
    def questions(self) -> list[str]:
        """The rules to ask the program's coordinator about."""
        return [r.rule_label for r in self.reasons if r.asks_coordinator]

    @property
    def summary(self) -> str:
        """A line for tooltips: every open rule."""
        return self._summary(len(self.reasons))

    @property
    def brief(self) -> str:
        """A line for table cells: the first two open rules and how many more."""
        return self._summary(2)

    def _summary(self, most: int) -> str:
        if not (self.failures or self.to_confirm):
            return "Every rule is met"
        prefix, reasons = ("Not met: ", self.failures) if self.failures else ("To confirm: ", self.to_confirm)
        labels = [r.rule_label for r in reasons]
        more = f" +{len(labels) - most} more" if len(labels) > most else ""
        return prefix + ", ".join(labels[:most]) + more


@dataclass(frozen=True)
class Rule:
    """One eligibility rule, as explained on the rules page."""

    code: str
    label: str
    explanation: str
    question: str  # what to ask the coordinator when the program's answer is missing or doubtful
    facts: tuple[str, ...]  # fact keys it reads
    sources: tuple[tuple[str, str], ...] = ()  # (label, url)


_NRMP_GREEN_CARD = (
    "NRMP: green-card holders register as non-US IMGs",
    "https://www.nrmp.org/search/R+program/page/6/?category_name=registration",
)
_ECFMG_J1 = ("ECFMG: J-1 sponsorship requirements", "http://www.ecfmg.org/evsp/requirements.html")
_H1B = (
    "H-1B needs all USMLE Steps",
    "https://cbkimmigration.com/health-care-workers/licensure-credentialing-2/",
)
_ECFMG_MATCH = (
    "NRMP: ECFMG certification for the Match",
    "https://www.nrmp.org/faq-questions/if-i-have-not-received-my-ecfmg-certification-when-ranking-opens-can-i-still-enter-my-rank-order-list/",
)
_ABMGG = (
    "ABMGG exam requirements",
    "https://abmgg.org/initial-certification/certification-exam/exam-requirements",
)
_FREIDA = ("AMA FREIDA program listings", "https://freida.ama-assn.org/")

RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule("visa", "Visa sponsorship", "Your visa need (J-1 through ECFMG, H-1B, either, or none) against the visas the program sponsors. ECFMG is the only J-1 sponsor for clinical training, but the program must accept J-1 physicians. With no visa need (US citizens, green-card holders) the rule is met whatever the program sponsors: citizenship and visa need are separate answers.", "which visas does the program sponsor for residents (J-1 through ECFMG, H-1B)?", ("visa_j1", "visa_h1b"), (_ECFMG_J1, _H1B)),
        Rule("h1b_step3", "Step 3 for H-1B", "On the H-1B path only. H-1B needs all three USMLE Steps, and each program sets its own deadline for Step 3 (for example \"by Match Day\"). A passed Step 3 meets the rule; a planned date after the program's deadline does not; an unknown deadline or no Step 3 date needs confirmation.", "by when must Step 3 be passed for H-1B sponsorship?", ("h1b_step3_required", "h1b_step3_deadline"), (_H1B,)),
        Rule("non_us_img", "Accepts non-US IMGs", "For everyone who is not a US citizen: the NRMP classes green-card holders as non-US IMGs, so a permanent resident who needs no visa still depends on this. A program that sponsors a visa evidently takes non-US IMGs.", "does the program consider non-US international medical graduates?", ("accepts_non_us_img",), (_NRMP_GREEN_CARD,)),
        Rule("accepting", "Accepting applications", "Whether the program takes applications for the training year your season leads to (the 2027 Match fills positions starting in July 2027: \"2027-2028\").", "is the program accepting applications for the training year of your Match season?", ("accepting_applications",), (_FREIDA,)),
        Rule("grad_year", "Graduation-year cutoff", "\"Graduated within N years\", counted at the start of training. When you are within the cutoff at application time but not at the start of training, ask how the program counts. Graduating within a year of the start meets any cutoff.", "is there a limit on the years since medical school graduation, and how is it counted?", ("grad_year_cutoff",), (_FREIDA,)),
        Rule("step1", "USMLE Step 1", "ECFMG certification, which the Match requires of IMGs, needs a Step 1 pass whatever the program says. A numeric Step 1 minimum applies to numeric (pre-2022) results.", "what does the program require for USMLE Step 1?", ("step1_pass_required", "step1_min_score"), (_ECFMG_MATCH, _FREIDA)),
        Rule("step2ck", "Step 2 CK minimum", "Your Step 2 CK score against the program's minimum for interview consideration.", "is there a minimum Step 2 CK score for interview consideration?", ("step2ck_min_score",), (_FREIDA,)),
        Rule("attempts", "Failed attempts", "Your failed USMLE attempts against the number the program accepts. With no failed attempt the rule is met whatever the program accepts.", "does the program consider applicants with failed USMLE attempts?", ("max_failed_attempts",), ()),
        Rule("usce", "US clinical experience", "When the program requires US clinical experience: your hands-on months (and the program's minimum months). Programs differ on whether observerships count, so observerships alone need confirmation. With hands-on experience that meets any reported minimum the rule is met whatever the program requires.", "does the program require US clinical experience, and do observerships count?", ("usce_required", "usce_min_months"), ()),
        Rule("prior_gme", "Prior residency training", "When the program or its specialty requires prior residency. Standalone Medical Genetics and Genomics (130) is entered after at least a year of ACGME residency; ABMGG counts ACGME training, so training abroad needs confirmation. For a program that does not say, its specialty's entry level stands in (a PGY-1 residency such as 765 or 766 needs none).", "does the program require prior residency training, and does training abroad count?", ("prior_gme_required", "prior_gme_years"), (_ABMGG,)),
    )
}  # fmt: skip

ELIGIBILITY_KEYS: tuple[str, ...] = tuple(dict.fromkeys(key for rule in RULES.values() for key in rule.facts))


def training_year(season: int) -> str:
    """The academic year the positions of a season's Match start: 2027 → "2027-2028"."""
    return f"{season}-{season + 1}"
