"""The eligibility rules as code: one function per rule, each returning the reasons it found.

The rules are documented in ``programs.eligibility`` and on the rules page (``RULES``).
"""

from dataclasses import replace
from datetime import date

from accounts.choices import Citizenship, Step3Status, StepResult, VisaNeed

from ..facts import NOT_REPORTED, REGISTRY
from ..resolve import SOURCE_LABELS, ProgramFacts, ResolvedFact
from .applicant import Applicant, _count
from .verdict import ASK_COORDINATOR, COMPLETE_PROFILE, RULES, Outcome, Reason, training_year

# --- Building reasons ---------------------------------------------------------------------------


class Ctx:
    """What one program's rules read. ``fact(key)`` is the facts' own ``get``: the rules look keys
    up about a dozen times per program, and a bound dict method saves a Python frame each time."""

    __slots__ = ("applicant", "fact", "facts", "season", "specialty")

    def __init__(self, applicant: Applicant, facts: ProgramFacts, specialty, season: int):
        self.applicant, self.facts, self.specialty, self.season = applicant, facts, specialty, season
        self.fact = facts.get  # (key) -> ResolvedFact | None

    def fresh_true(self, key: str) -> ResolvedFact | None:
        fact = self.facts.get(key)
        return (
            fact if fact is not None and fact.value is True and not (fact.stale or fact.conflicts) else None
        )


_ASK = {code: f"{ASK_COORDINATOR}: {rule.question}" for code, rule in RULES.items()}


def _ask(rule: str) -> str:
    return _ASK[rule]


def _doubt(fact: ResolvedFact) -> str:
    parts = []
    if fact.stale:
        parts.append(f"it dates from {fact.observed_on:%b %-d, %Y}, which is stale")
    for other in fact.conflicts:
        shown = REGISTRY[fact.key].display(other.value)
        parts.append(f"{other.source_label} said “{shown}” on {other.observed_on:%b %-d, %Y}")
    return "; ".join(parts)


def _on_fact(rule, fact, outcome, message, applicant="", action="", shown: str | None = None) -> Reason:
    """A reason resting on a reported fact: a stale or contested value turns it into a question."""
    stale, conflict = fact.stale, bool(fact.conflicts)
    if stale or conflict:
        message = f"{message} This value needs confirming: {_doubt(fact)}."
        outcome, action = Outcome.CONFIRM, _ask(rule)
    return Reason(
        rule, outcome, message, fact.display if shown is None else shown,
        SOURCE_LABELS.get(fact.source_kind, fact.source_kind), fact.observed_on, applicant, action,
        stale, conflict,
    )  # fmt: skip


def _missing(rule: str, message: str, applicant: str = "", program_value=NOT_REPORTED) -> Reason:
    return Reason(rule, Outcome.CONFIRM, message, program_value, "", None, applicant, _ask(rule))


def _met(rule, message, applicant="", fact: ResolvedFact | None = None, authority: str = "") -> Reason:
    """Met whatever the program's answer: the fact, if any, is shown but cannot change the outcome."""
    if fact is None:
        return Reason(rule, Outcome.PASS, message, NOT_REPORTED, authority, None, applicant)
    return Reason(rule, Outcome.PASS, message, fact.display, fact.source_label, fact.observed_on, applicant)


def _day(iso_or_date) -> str:
    value = date.fromisoformat(iso_or_date) if isinstance(iso_or_date, str) else iso_or_date
    return f"{value:%b %-d, %Y}"


# --- The rules ----------------------------------------------------------------------------------

_OUTCOME_ORDER = (Outcome.PASS, Outcome.CONFIRM, Outcome.FAIL)
_VISA_NAMES = {"visa_j1": "J-1", "visa_h1b": "H-1B"}
_VISA_KEYS = {
    VisaNeed.J1: ("visa_j1",),
    VisaNeed.H1B: ("visa_h1b",),
    VisaNeed.EITHER: ("visa_j1", "visa_h1b"),
}


def _visa_summary(ctx: Ctx) -> str:
    return " · ".join(
        f"{name}: {fact.display if (fact := ctx.fact(key)) else NOT_REPORTED}"
        for key, name in _VISA_NAMES.items()
    )


def _judge_visa(ctx: Ctx, key: str, applicant: str) -> Reason:
    name = _VISA_NAMES[key]
    fact = ctx.fact(key)
    if fact is None:
        return _missing(
            "visa",
            f"The program has not reported whether it sponsors {name}.",
            applicant,
            f"{name}: {NOT_REPORTED}",
        )
    if fact.value:
        return _on_fact("visa", fact, Outcome.PASS, f"The program sponsors {name}.", applicant)
    other = ctx.fresh_true("visa_h1b" if key == "visa_j1" else "visa_j1")
    hint = f" It sponsors {_VISA_NAMES[other.key]}." if other else ""
    action = "Look for programs that sponsor the visa you need." + (
        " H-1B needs all three USMLE Steps." if other and other.key == "visa_h1b" else ""
    )
    return _on_fact(
        "visa", fact, Outcome.FAIL, f"The program does not sponsor {name}.{hint}", applicant, action
    )


def _visa(ctx: Ctx) -> list[Reason]:
    """Visa sponsorship, then Step 3 when the applicant would train on an H-1B."""
    need = ctx.applicant.visa_need  # "none" for US citizens and green-card holders
    applicant = ctx.applicant.visa_label
    if need == VisaNeed.NONE:
        who = ctx.applicant.citizenship_label
        return [
            Reason(
                "visa",
                Outcome.PASS,
                "You need no visa, so the program's sponsorship does not matter.",
                _visa_summary(ctx),
                "",
                None,
                f"{who}; no visa needed",
            )
        ]
    if not need:
        return [
            Reason(
                "visa",
                Outcome.CONFIRM,
                "Your profile does not say which visa you need.",
                _visa_summary(ctx),
                "",
                None,
                applicant,
                f"{COMPLETE_PROFILE}: the visa you need",
            )
        ]
    judged = [(key, _judge_visa(ctx, key, applicant)) for key in _VISA_KEYS[need]]
    # J-1 first: the first visa that passes, else the first to confirm, else a failure.
    key, chosen = next((k, r) for outcome in _OUTCOME_ORDER for k, r in judged if r.outcome == outcome)
    if len(judged) > 1 and chosen.outcome == Outcome.FAIL:
        message, action = (
            "The program sponsors neither J-1 nor H-1B.",
            "Look for programs that sponsor J-1 or H-1B.",
        )
        chosen = replace(chosen, message=message, program_value=_visa_summary(ctx), action=action)
    on_h1b = key == "visa_h1b" and chosen.outcome != Outcome.FAIL
    return [chosen, *(_h1b_step3(ctx) if on_h1b else [])]


def _h1b_step3(ctx: Ctx) -> list[Reason]:
    p = ctx.applicant
    applicant = p.step3_label
    deadline = ctx.fact("h1b_step3_deadline")
    if p.step3_status == Step3Status.PASSED:
        return [_met("h1b_step3", "You passed Step 3, as H-1B requires.", applicant, deadline)]
    required = ctx.fact("h1b_step3_required")
    if required is not None and required.value is False:
        message = "The program reports Step 3 is not required before starting on H-1B, but H-1B petitions need all three Steps."
        return [
            Reason(
                "h1b_step3",
                Outcome.CONFIRM,
                message,
                required.display,
                required.source_label,
                required.observed_on,
                applicant,
                _ask("h1b_step3"),
            )
        ]
    if deadline is None:
        return [
            _missing(
                "h1b_step3",
                "H-1B needs all three USMLE Steps; the program has not reported its Step 3 deadline.",
                applicant,
            )
        ]
    due = _day(deadline.value)
    if p.step3_status != Step3Status.PLANNED or not p.step3_date:
        message = (
            f"H-1B needs all three Steps by the program's deadline ({due}); your profile has no Step 3 date."
        )
        return [
            _on_fact(
                "h1b_step3",
                deadline,
                Outcome.CONFIRM,
                message,
                applicant,
                f"{COMPLETE_PROFILE}: plan Step 3 before {due}",
            )
        ]
    if p.step3_date <= date.fromisoformat(deadline.value):
        return [
            _on_fact(
                "h1b_step3",
                deadline,
                Outcome.PASS,
                f"Your Step 3 ({_day(p.step3_date)}) is before the program's deadline ({due}).",
                applicant,
            )
        ]
    message = f"Your Step 3 ({_day(p.step3_date)}) is after the program's H-1B deadline ({due})."
    return [
        _on_fact(
            "h1b_step3",
            deadline,
            Outcome.FAIL,
            message,
            applicant,
            f"Take Step 3 by {due}, or look for programs that sponsor J-1.",
        )
    ]


def _non_us_img(ctx: Ctx) -> list[Reason]:
    citizenship = ctx.applicant.citizenship
    if citizenship == Citizenship.US_CITIZEN:
        return []
    applicant = ctx.applicant.citizenship_label
    note = (
        " The NRMP counts green-card holders as non-US IMGs."
        if citizenship == Citizenship.PERMANENT_RESIDENT
        else ""
    )
    fact = ctx.fact("accepts_non_us_img")
    if fact is None:
        sponsor = ctx.fresh_true("visa_j1") or ctx.fresh_true("visa_h1b")
        if sponsor is not None:
            name = _VISA_NAMES[sponsor.key]
            message = f"Not reported, but the program sponsors {name} visas, so it takes non-US IMGs."
            return [
                Reason(
                    "non_us_img",
                    Outcome.PASS,
                    message,
                    NOT_REPORTED,
                    sponsor.source_label,
                    sponsor.observed_on,
                    applicant,
                )
            ]
        return [
            _missing(
                "non_us_img", f"The program has not reported whether it takes non-US IMGs.{note}", applicant
            )
        ]
    if fact.value:
        return [_on_fact("non_us_img", fact, Outcome.PASS, "The program takes non-US IMGs.", applicant)]
    return [
        _on_fact("non_us_img", fact, Outcome.FAIL, f"The program does not take non-US IMGs.{note}", applicant)
    ]


def _accepting(ctx: Ctx) -> list[Reason]:
    year = training_year(ctx.season)
    fact = ctx.fact("accepting_applications")
    flag = fact.value.get(year) if fact is not None and isinstance(fact.value, dict) else None
    if flag is None:
        message = f"The program has not said whether it takes applications for {year}."
        return [_missing("accepting", message, f"{ctx.season} Match", f"{year}: {NOT_REPORTED}")]
    outcome = Outcome.PASS if flag else Outcome.FAIL
    message = f"The program {'takes' if flag else 'is not taking'} applications for {year}."
    shown = f"{year}: {'yes' if flag else 'no'}"
    return [_on_fact("accepting", fact, outcome, message, f"{ctx.season} Match", shown=shown)]


def _grad_year(ctx: Ctx) -> list[Reason]:
    grad, season = ctx.applicant.graduation_year, ctx.season
    fact = ctx.fact("grad_year_cutoff")
    if grad is None:
        program_value = fact.display if fact else NOT_REPORTED
        return [
            Reason(
                "grad_year",
                Outcome.CONFIRM,
                "Your profile has no graduation year.",
                program_value,
                "",
                None,
                "not answered",
                f"{COMPLETE_PROFILE}: your graduation year",
            )
        ]
    at_start, at_application = season - grad, season - 1 - grad
    if at_start <= 1:
        return [
            _met(
                "grad_year",
                "You graduate within a year of the start of training, which any cutoff allows.",
                str(grad),
                fact,
            )
        ]
    if fact is None:
        message = f"The program has not reported a graduation-year cutoff; you graduated {at_start} years before training starts (July {season})."
        return [_missing("grad_year", message, str(grad))]
    limit = fact.value
    if at_start <= limit:
        message = f"You graduated in {grad}, {at_start} years before training starts (July {season}): within the program's {limit}."
        return [_on_fact("grad_year", fact, Outcome.PASS, message, str(grad))]
    if at_application <= limit:
        message = f"You are within {limit} years of graduating when you apply ({season - 1}) but not when training starts (July {season})."
        return [_on_fact("grad_year", fact, Outcome.CONFIRM, message, str(grad), _ask("grad_year"))]
    message = f"You graduated in {grad}, {at_start} years before training starts (July {season}): more than the program's {limit}."
    return [
        _on_fact(
            "grad_year",
            fact,
            Outcome.FAIL,
            message,
            str(grad),
            "Look for programs without a graduation cutoff, or with a longer one.",
        )
    ]


def _step1(ctx: Ctx) -> list[Reason]:
    p = ctx.applicant
    applicant = p.step1_label
    required, minimum = ctx.fact("step1_pass_required"), ctx.fact("step1_min_score")
    if p.step1_result == StepResult.PASS:
        if minimum is not None and p.step1_score is not None:
            ok = p.step1_score >= minimum.value
            message = f"Your Step 1 score {p.step1_score} is {'at or above' if ok else 'below'} the program's minimum {minimum.value}."
            return [_on_fact("step1", minimum, Outcome.PASS if ok else Outcome.FAIL, message, applicant)]
        message = "You passed Step 1, which ECFMG certification needs whatever the program asks."
        return [_met("step1", message, applicant, required, "ECFMG certification")]
    if p.step1_result == StepResult.FAIL:
        message = "Step 1 is not passed yet: ECFMG certification, and so the Match, needs a pass."
        return [
            Reason(
                "step1",
                Outcome.FAIL,
                message,
                required.display if required else "",
                "ECFMG certification",
                None,
                applicant,
                "Pass Step 1 before applying.",
            )
        ]
    message = "You have not taken Step 1 yet; ECFMG certification, and so the Match, needs a pass."
    return [
        Reason(
            "step1",
            Outcome.CONFIRM,
            message,
            required.display if required else "",
            "ECFMG certification",
            None,
            applicant,
            f"{COMPLETE_PROFILE}: your Step 1 result",
        )
    ]


def _step2ck(ctx: Ctx) -> list[Reason]:
    score = ctx.applicant.step2ck_score
    applicant = str(score) if score is not None else "not answered"
    minimum = ctx.fact("step2ck_min_score")
    if minimum is None:
        return [_missing("step2ck", "The program has not reported a Step 2 CK minimum.", applicant)]
    if score is None:
        message = f"Your profile has no Step 2 CK score; the program's minimum is {minimum.value}."
        return [
            _on_fact(
                "step2ck",
                minimum,
                Outcome.CONFIRM,
                message,
                applicant,
                f"{COMPLETE_PROFILE}: your Step 2 CK score",
            )
        ]
    if score >= minimum.value:
        return [
            _on_fact(
                "step2ck",
                minimum,
                Outcome.PASS,
                f"Your Step 2 CK {score} meets the program's minimum {minimum.value}.",
                applicant,
            )
        ]
    message = f"Your Step 2 CK {score} is below the program's minimum {minimum.value}."
    return [
        _on_fact(
            "step2ck",
            minimum,
            Outcome.FAIL,
            message,
            applicant,
            "Programs rarely make exceptions; focus on others.",
        )
    ]


def _attempts(ctx: Ctx) -> list[Reason]:
    failed = ctx.applicant.failed_attempts
    fact = ctx.fact("max_failed_attempts")
    if not failed:
        return [_met("attempts", "You have no failed USMLE attempt, which any limit allows.", "0", fact)]
    if fact is None:
        return [
            _missing(
                "attempts",
                f"The program has not said how many failed attempts it accepts; you have {failed}.",
                str(failed),
            )
        ]
    ok = failed <= fact.value
    message = (
        f"You have {failed} failed attempt{'s' if failed > 1 else ''}; the program accepts {fact.value}."
    )
    return [_on_fact("attempts", fact, Outcome.PASS if ok else Outcome.FAIL, message, str(failed))]


def _usce(ctx: Ctx) -> list[Reason]:
    p = ctx.applicant
    hands, observed = p.usce_hands_on_months, p.observership_months
    applicant = p.usce_label
    required, minimum = ctx.fact("usce_required"), ctx.fact("usce_min_months")
    if hands and (minimum is None or hands >= minimum.value):
        if minimum is not None:
            message = f"You have {_count(hands, 'month')} of hands-on US clinical experience; the program asks for {_count(minimum.value, 'month')}."
            return [_on_fact("usce", minimum, Outcome.PASS, message, applicant)]
        message = f"You have {_count(hands, 'month')} of hands-on US clinical experience, which meets a yes/no requirement."
        return [_met("usce", message, applicant, required)]
    if required is None:
        message = "The program has not said whether it requires US clinical experience; you have no hands-on months."
        return [_missing("usce", message, applicant)]
    if not required.value:
        return [
            _on_fact(
                "usce",
                required,
                Outcome.PASS,
                "The program does not require US clinical experience.",
                applicant,
            )
        ]
    if minimum is not None and hands:
        if hands + observed >= minimum.value:
            message = f"You have {_count(hands, 'month')} hands-on; the program asks for {_count(minimum.value, 'month')}, which your observerships would make up."
            return [_on_fact("usce", minimum, Outcome.CONFIRM, message, applicant, _ask("usce"))]
        message = f"You have {_count(hands, 'month')} hands-on; the program asks for {_count(minimum.value, 'month')}."
        return [
            _on_fact(
                "usce",
                minimum,
                Outcome.FAIL,
                message,
                applicant,
                "Gain more hands-on US clinical experience.",
            )
        ]
    if observed:
        message = "The program requires US clinical experience; you have observerships only."
        return [_on_fact("usce", required, Outcome.CONFIRM, message, applicant, _ask("usce"))]
    message = "The program requires US clinical experience; you have none."
    return [
        _on_fact(
            "usce",
            required,
            Outcome.FAIL,
            message,
            applicant,
            "Gain hands-on US clinical experience (an externship).",
        )
    ]


def _prior_gme(ctx: Ctx) -> list[Reason]:
    p, specialty = ctx.applicant, ctx.specialty
    years = p.prior_residency_years
    applicant = p.prior_label
    fact, years_fact = ctx.fact("prior_gme_required"), ctx.fact("prior_gme_years")
    by_specialty = bool(specialty and specialty.requires_prior_gme)
    if not by_specialty and not (fact is not None and fact.value):
        if fact is not None:
            if years:
                return [
                    _met(
                        "prior_gme", "The program does not require prior residency training.", applicant, fact
                    )
                ]
            return [
                _on_fact(
                    "prior_gme",
                    fact,
                    Outcome.PASS,
                    "The program does not require prior residency training.",
                    applicant,
                )
            ]
        if specialty is not None:
            message = f"Not reported; {specialty.short_name} ({specialty.code}) is entered without prior residency training."
            return [
                Reason(
                    "prior_gme",
                    Outcome.PASS,
                    message,
                    NOT_REPORTED,
                    f"Specialty: {specialty.get_kind_display()}",
                    None,
                    applicant,
                )
            ]
        if years:
            return [_met("prior_gme", "You have prior residency training.", applicant)]
        return [
            _missing(
                "prior_gme",
                "The program has not said whether it requires prior residency training.",
                applicant,
            )
        ]
    return [
        _prior_gme_required(ctx, fact if fact is not None and fact.value else None, years_fact, applicant)
    ]


def _prior_gme_required(ctx: Ctx, fact, years_fact, applicant: str) -> Reason:
    p, specialty = ctx.applicant, ctx.specialty
    years = p.prior_residency_years
    needed = years_fact.value if years_fact is not None else 1
    who = f"{specialty.name} ({specialty.code})" if fact is None else "The program"

    def reason(outcome, message, action=""):
        if fact is not None:
            return _on_fact("prior_gme", fact, outcome, message, applicant, action)
        return Reason(
            "prior_gme",
            outcome,
            message,
            "required (specialty rule)",
            "ABMGG certification path",
            None,
            applicant,
            action,
        )

    if not years:
        combined = (
            " or look at the combined Pediatrics (765) and Internal Medicine (766) residencies"
            if specialty and specialty.is_genetics
            else ""
        )
        return reason(
            Outcome.FAIL,
            f"{who} requires prior residency training; you have none.",
            f"Complete at least a year of ACGME residency first{combined}.",
        )
    if years < needed:
        return reason(
            Outcome.FAIL,
            f"{who} asks for {_count(needed, 'year')} of prior residency; you have {_count(years, 'year')}.",
        )
    if not p.prior_residency_acgme:
        message = f"{who} requires prior residency; ABMGG's path counts ACGME residency and yours was outside ACGME."
        return Reason(
            "prior_gme",
            Outcome.CONFIRM,
            message,
            fact.display if fact else "required (specialty rule)",
            fact.source_label if fact else "ABMGG certification path",
            fact.observed_on if fact else None,
            applicant,
            _ask("prior_gme"),
        )
    return reason(
        Outcome.PASS,
        f"You have {_count(years, 'year')} of prior ACGME residency; {who} asks for {_count(needed, 'year')}.",
    )


RULE_FUNCTIONS = (_visa, _non_us_img, _accepting, _grad_year, _step1, _step2ck, _attempts, _usce, _prior_gme)
