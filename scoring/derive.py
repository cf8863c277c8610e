"""Derived ratings: what the facts, the outreach log and the profile say about a criterion, and why.

Each seeded criterion with a rule here gets a 1–5 rating derived from what Shortlist knows, always
with a reason a person can check; ``None`` when nothing is known (the criterion then stays unrated
until the applicant rates it — it never counts as zero). The applicant can override any derived
rating with a note (``Rating``); the override is kept when the facts change.

The rules:

* **Visa sponsorship fit** – your visa need against the program's J-1 and H-1B sponsorship: sponsors
  what you need 5 (either visa: both 5, one of them 4), does not 1, no visa needed 5. On the H-1B path
  the Step 3 rule of the eligibility verdict counts: on time 5 (4 for "either"), unconfirmed 3, late 1.
* **History of non-US IMG residents** – a program's report of recent non-US IMG residents (yes 5, no
  1), otherwise FREIDA's % IMG (which mixes US and non-US IMGs): ≥ 30% 5, ≥ 15% 4, ≥ 5% 3, > 0 2, 0 1.
* **Research environment** – your interview impression of research (1–5).
* **Clinical breadth** – how many of the eight clinical areas the program covers (1 area 1 … all 8 5);
  otherwise your interview impression of clinical training.
* **Laboratory integration** – cytogenetics, molecular, biochemical rotations: 1 → 1, 2 → 3, 3 → 5.
* **Location fit** – the program's state among your preferred states 5, in a preferred region 4,
  elsewhere 2.
* **Program responsiveness** – first reply within 3 days 5, within a week 4, two weeks 3, later 2,
  no reply 1; a reply you rated dismissive takes one off.
* **Culture and support** – your interview impressions of culture and support for IMGs (their mean).
* **Overall interest** – your interview's overall impression, otherwise the interest you gave the
  program on its page.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from accounts.choices import STATE_NAMES, Region, region_of
from outreach.choices import Reply, Tone
from programs.eligibility import Outcome, Verdict
from programs.facts import CLINICAL_AREAS, LAB_ROTATIONS
from programs.resolve import ProgramFacts, ResolvedFact

# The facts derivations and tiers read (with eligibility's own keys, resolved in the same query).
DERIVATION_KEYS = (
    "visa_j1", "visa_h1b", "img_residents_recent", "pct_img", "research_environment", "clinical_areas",
    "lab_rotations", "step2ck_typical_score", "step2ck_min_score", "grad_year_cutoff", "nrmp_codes",
)  # fmt: skip


class Derived:
    """A derived rating and its reason; the reason is built only when shown (scoring 3,000 programs
    needs the values, and a page shows the reasons of a few).

    ``why`` is the reason, or a function that writes it from ``args``: a module-level function and
    its arguments rather than a closure, which would cost a function and a cell per captured name
    for every program (and the cyclic collector then scans them all).
    """

    __slots__ = ("_args", "_why", "value")

    def __init__(self, value: int | None, why: "str | Callable[..., str]", *args):
        self.value = value
        self._why, self._args = why, args

    @property
    def reason(self) -> str:
        if callable(self._why):
            self._why, self._args = self._why(*self._args), ()
        return self._why

    def __repr__(self) -> str:
        return f"Derived({self.value!r}, {self.reason!r})"


@dataclass(slots=True)
class Inputs:
    """What one program's derivations read; built once per program by ``scoring.scores``."""

    state: str  # the program's
    interest: int | None
    facts: ProgramFacts
    verdict: Verdict
    visa_need: str  # the eligibility applicant's: "none" for citizens and green-card holders
    preferred_states: list[str]
    preferred_regions: list[str]
    responsiveness: object | None = None  # outreach.responsiveness.Responsiveness
    interview: dict | None = None  # impression ratings by field name
    answers: dict[str, str] = field(default_factory=dict)  # question slug -> latest answer


@functools.cache
def _fixed(value: int | None, reason: str) -> Derived:
    """A shared Derived for a constant reason (fewer objects when scoring thousands of programs)."""
    return Derived(value, reason)


def _round(value: float) -> int:
    return max(1, min(5, int(value + 0.5)))


def _source(fact: ResolvedFact) -> str:
    doubt = ""
    if fact.stale:
        doubt = ", stale: confirm it"
    elif fact.conflict:
        doubt = ", sources disagree: confirm it"
    return f"({fact.source_label}, {fact.observed_on:%b %-d, %Y}{doubt})"


def _quote(text: str, limit: int = 120) -> str:
    text = " ".join(str(text).split())
    return f"“{text[:limit]}{'…' if len(text) > limit else ''}”"


# --- Visa ---------------------------------------------------------------------------------------


def _h1b_step3(verdict: Verdict) -> str | None:
    return next((r.outcome for r in verdict.reasons if r.rule == "h1b_step3"), None)


def _sponsors(name: str, fact: ResolvedFact, then: str = ".") -> str:
    return f"Sponsors {name} {_source(fact)}{then}"


def _does_not_sponsor(name: str, fact: ResolvedFact) -> str:
    return f"Does not sponsor {name} {_source(fact)}."


def _on_h1b(inputs: Inputs, h1b: ResolvedFact, full: int) -> Derived:
    step3 = _h1b_step3(inputs.verdict)
    if step3 == Outcome.FAIL:
        return Derived(1, _sponsors, "H-1B", h1b, ", but your Step 3 comes after its deadline.")
    if step3 == Outcome.PASS:
        return Derived(full, _sponsors, "H-1B", h1b, " and your Step 3 is on time.")
    return Derived(3, _sponsors, "H-1B", h1b, "; whether your Step 3 is on time is not confirmed.")


def derive_visa(inputs: Inputs) -> Derived:
    need, facts = inputs.visa_need, inputs.facts
    j1, h1b = facts.get("visa_j1"), facts.get("visa_h1b")
    if need == "none":
        return _fixed(5, "You need no visa, so every program fits.")
    if not need:
        return _fixed(None, "Your profile does not say which visa you need.")
    if need == "j1":
        if j1 is None:
            return _fixed(None, "The program has not reported whether it sponsors J-1.")
        return Derived(5, _sponsors, "J-1", j1) if j1.value else Derived(1, _does_not_sponsor, "J-1", j1)
    if need == "h1b":
        if h1b is None:
            return _fixed(None, "The program has not reported whether it sponsors H-1B.")
        return _on_h1b(inputs, h1b, 5) if h1b.value else Derived(1, _does_not_sponsor, "H-1B", h1b)
    return _either(inputs, j1, h1b)


def _sponsors_both(j1: ResolvedFact, h1b: ResolvedFact) -> str:
    return f"Sponsors both J-1 {_source(j1)} and H-1B {_source(h1b)}: you can choose."


def _either(inputs: Inputs, j1: ResolvedFact | None, h1b: ResolvedFact | None) -> Derived:
    j1_yes, h1b_yes = (j1 is not None and j1.value), (h1b is not None and h1b.value)
    if j1_yes and h1b_yes:
        return Derived(5, _sponsors_both, j1, h1b)
    if j1_yes:
        other = "does not sponsor H-1B" if h1b is not None else "has not reported H-1B"
        return Derived(
            4, _sponsors, "J-1", j1, f" and {other}; J-1 carries the two-year home-residence rule."
        )
    if h1b_yes:
        return _on_h1b(inputs, h1b, 4)
    if j1 is not None and h1b is not None:
        return _fixed(1, "Sponsors neither J-1 nor H-1B.")
    return _fixed(None, "The program has not reported which visas it sponsors.")


# --- Residents and training ---------------------------------------------------------------------

_IMG_STEPS = ((30, 5), (15, 4), (5, 3), (0.001, 2), (0, 1))


def _recent_imgs(recent: ResolvedFact, pct: ResolvedFact | None) -> str:
    also = f"; % IMG {pct.value:g}%" if pct is not None else ""
    return f"{'Recent' if recent.value else 'No recent'} non-US IMG residents {_source(recent)}{also}."


def _pct_img(pct: ResolvedFact) -> str:
    return f"{pct.value:g}% IMG residents {_source(pct)}; FREIDA's share mixes US and non-US IMGs."


def _heard_imgs(heard: str) -> str:
    return f"Not reported as a fact; you heard {_quote(heard)}. Confirm it as a fact, or rate it."


def derive_img_history(inputs: Inputs) -> Derived:
    recent, pct = inputs.facts.get("img_residents_recent"), inputs.facts.get("pct_img")
    if recent is not None:
        return Derived(5 if recent.value else 1, _recent_imgs, recent, pct)
    if pct is not None:
        value = next(points for floor, points in _IMG_STEPS if pct.value >= floor)
        return Derived(value, _pct_img, pct)
    heard = inputs.answers.get("img_residents")
    if heard:
        return Derived(None, _heard_imgs, heard)
    return _fixed(None, "Neither recent non-US IMG residents nor % IMG is reported.")


def _impression(inputs: Inputs, field_name: str) -> int | None:
    return (inputs.interview or {}).get(field_name)


def _your_impression(of: str, value: int) -> str:
    return f"Your interview impression of {of}: {value}/5."


def _reported_research(reported: ResolvedFact) -> str:
    return f"The program reports {_quote(reported.value)} {_source(reported)}: rate it yourself."


def _heard_research(heard: str) -> str:
    return f"You heard {_quote(heard)}: rate it yourself."


def derive_research(inputs: Inputs) -> Derived:
    if (value := _impression(inputs, "rating_research")) is not None:
        return Derived(value, _your_impression, "research", value)
    reported = inputs.facts.get("research_environment")
    heard = inputs.answers.get("research")
    if reported is not None:
        return Derived(None, _reported_research, reported)
    if heard:
        return Derived(None, _heard_research, heard)
    return _fixed(None, "No interview impression or report of research yet.")


def _named(values: list, labels: dict[str, str]) -> str:
    return ", ".join(labels.get(v, v).lower() for v in values)


def _covered(of: str, labels: dict[str, str], fact: ResolvedFact) -> str:
    """ "3 of 8 clinical areas (…) (source)": how many of the ``labels`` the fact's list names."""
    return f"{len(fact.value)} of {len(labels)} {of} ({_named(fact.value, labels)}) {_source(fact)}."


def derive_clinical_breadth(inputs: Inputs) -> Derived:
    areas = inputs.facts.get("clinical_areas")
    if areas is not None and areas.value:
        count = len(areas.value)
        return Derived(_round(1 + 4 * (count - 1) / 7), _covered, "clinical areas", CLINICAL_AREAS, areas)
    if (value := _impression(inputs, "rating_clinical")) is not None:
        return Derived(value, _your_impression, "clinical training", value)
    return _fixed(None, "The clinical areas the program covers are not reported.")


def derive_laboratory(inputs: Inputs) -> Derived:
    rotations = inputs.facts.get("lab_rotations")
    if rotations is None or not rotations.value:
        return _fixed(None, "Laboratory rotations are not reported.")
    count = len(rotations.value)
    return Derived(min(5, 2 * count - 1), _covered, "laboratory rotations", LAB_ROTATIONS, rotations)


def derive_location(inputs: Inputs) -> Derived:
    state = inputs.state
    if not state:
        return _fixed(None, "The program's state is not known.")
    if not (inputs.preferred_states or inputs.preferred_regions):
        return _fixed(None, "Add preferred states or regions to your profile to rate location.")
    if state in inputs.preferred_states:
        return Derived(5, _where, "{} is one of your preferred states.", state)
    region = region_of(state)
    if region in inputs.preferred_regions:
        return Derived(4, _where, "{} is in a region you prefer ({}).", state, region)
    return Derived(2, _where, "{} is outside your preferred states and regions.", state)


def _where(text: str, state: str, region: str | None = None) -> str:
    return text.format(STATE_NAMES.get(state, state), Region(region).label if region else "")


def derive_responsiveness(inputs: Inputs) -> Derived:
    return rate_responsiveness(inputs.responsiveness)


def rate_responsiveness(figures) -> Derived:
    """The responsiveness rating from a program's reply figures alone (``outreach.responsiveness``;
    None: never written to). They change with the clock, so it is never kept between requests."""
    if figures is None or figures.category in (Reply.NOT_CONTACTED, Reply.AWAITING):
        waiting = (
            " (awaiting the first reply)"
            if figures is not None and figures.category == Reply.AWAITING
            else ""
        )
        return _fixed(None, f"No reply to judge yet{waiting}.")
    if figures.category == Reply.NO_REPLY:
        value, text = 1, f"No reply after {figures.waiting_days:g} days."
    else:
        days = figures.days_to_first_reply
        value = 5 if figures.category == Reply.FAST else 4 if days <= 7 else 3 if days <= 14 else 2
        text = f"First reply after {days:g} days."
    if figures.tone == Tone.DISMISSIVE:
        value, text = max(1, value - 1), text + " You rated the tone dismissive (one off)."
    elif figures.tone:
        text += f" Tone: {Tone(figures.tone).label.lower()}."
    return Derived(value, text)


def _culture(culture: int | None, support: int | None) -> str:
    parts = [
        f"{label} {v}/5"
        for label, v in (("culture", culture), ("support for IMGs", support))
        if v is not None
    ]
    return f"Your interview impressions: {', '.join(parts)}."


def derive_culture(inputs: Inputs) -> Derived:
    culture, support = _impression(inputs, "rating_culture"), _impression(inputs, "rating_img_support")
    given = [v for v in (culture, support) if v is not None]
    if not given:
        return _fixed(None, "No interview impression of culture or support for IMGs yet.")
    return Derived(_round(sum(given) / len(given)), _culture, culture, support)


_OVERALL_IMPRESSION = "Your interview's overall impression: {}/5.".format
_INTEREST = "The interest you gave the program: {}/5.".format


def derive_overall(inputs: Inputs) -> Derived:
    if (value := _impression(inputs, "rating_overall")) is not None:
        return Derived(value, _OVERALL_IMPRESSION, value)
    if inputs.interest:
        return Derived(inputs.interest, _INTEREST, inputs.interest)
    return _fixed(None, "No interview impression or interest given yet.")


DERIVERS: dict[str, Callable[[Inputs], Derived]] = {
    "visa": derive_visa,
    "img_history": derive_img_history,
    "research": derive_research,
    "clinical_breadth": derive_clinical_breadth,
    "laboratory": derive_laboratory,
    "location": derive_location,
    "responsiveness": derive_responsiveness,
    "culture": derive_culture,
    "overall": derive_overall,
}


def derive(slug: str, inputs: Inputs) -> Derived | None:
    """The derived rating of the criterion with this slug, or None when the criterion has no rule."""
    rule = DERIVERS.get(slug)
    return rule(inputs) if rule is not None else None
