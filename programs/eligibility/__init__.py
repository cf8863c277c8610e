"""Eligibility: can this applicant apply to this program, and why (issue 4).

``evaluate(profile, facts, program=…, season=…)`` judges one program's resolved facts
(``programs.resolve``) against the applicant profile and returns a :class:`Verdict`:

* **eligible** – every hard rule is met, on facts that are reported, fresh and uncontested;
* **needs confirmation** – no rule fails, but at least one rests on a fact that is missing, stale
  (older than its age limit) or contested by another source, or on an answer the profile lacks;
  the suggested action says whom to ask ("Ask the coordinator: …" or "Complete your profile: …");
* **ineligible** – at least one rule fails on a fresh, uncontested fact.

A missing, stale or conflicting fact never passes or fails silently. It passes without asking only
when the applicant meets the rule *whatever* the program's answer (e.g. a program that does not say
whether it needs a Step 1 pass, for an applicant who passed Step 1).

The rules (each :class:`Reason` names one, with the program's value, its source and date, and the
applicant's value). Sources are in ``../shared/reference/match-rules.md``.

1. **Visa sponsorship** – the applicant's visa need against the program's J-1 (through ECFMG) and
   H-1B sponsorship. "Either" passes on whichever the program sponsors (J-1 first). No visa need
   (US citizens, green-card holders, or "no visa needed") passes: citizenship and visa need are
   separate answers.
2. **H-1B needs Step 3** – on the H-1B path only: H-1B needs all three USMLE Steps, by a deadline
   each program sets. A passed Step 3 meets it; a planned date after the program's deadline fails;
   an unknown deadline or no plan needs confirmation.
3. **Accepts non-US IMGs** – for everyone who is not a US citizen: the NRMP counts green-card
   holders as non-US IMGs. A program that sponsors a visa evidently takes non-US IMGs.
4. **Accepting applications** – for the training year the workspace's season leads to (the 2027
   Match: "2027-2028").
5. **Graduation-year cutoff** – "graduated within N years", counted at the start of training; when
   it is met at application time but not at the start, it needs confirmation.
6. **Step 1 pass** – ECFMG certification, and so the Match, needs a Step 1 pass whatever the
   program says; a numeric Step 1 minimum applies to numeric (pre-2022) results.
7. **Step 2 CK minimum** – the applicant's score against the program's minimum.
8. **Failed attempts** – the applicant's failed USMLE attempts against the program's limit.
9. **US clinical experience** – when required: hands-on months (and the program's minimum months);
   observerships alone need confirmation (programs differ on whether they count).
10. **Prior residency (GME)** – when the program or its specialty (``Specialty.requires_prior_gme``,
    e.g. standalone Medical Genetics and Genomics, 130) requires it: prior residency years; ABMGG's
    path counts ACGME training, so training abroad needs confirmation.

Soft preferences (states, size, interests) are not rules here: they belong to scoring. The scoring
app builds tiers on :class:`Verdict`; keep its fields stable.
"""

from collections.abc import Iterable

from django.db import models

from config.collector import gc_paused

from ..models import Program, Specialty
from ..resolve import EMPTY, ProgramFacts, resolve_facts
from .applicant import Applicant
from .rules import RULE_FUNCTIONS, Ctx
from .verdict import (
    ELIGIBILITY_KEYS,
    RULES,
    STATUS_BADGES,
    Outcome,
    Reason,
    Rule,
    Status,
    Verdict,
    training_year,
)

__all__ = [
    "ELIGIBILITY_KEYS",
    "RULES",
    "STATUS_BADGES",
    "Applicant",
    "Outcome",
    "Reason",
    "Rule",
    "Status",
    "Verdict",
    "evaluate",
    "judge",
    "judge_rows",
    "training_year",
    "verdicts_for",
]


def evaluate(profile, facts: ProgramFacts, *, program, season: int) -> Verdict:
    """The verdict for one program (with ``program.specialty`` loaded) in the given Match season."""
    return judge(Applicant.of(profile), facts, specialty=program.specialty, season=season)


def judge(applicant: Applicant, facts: ProgramFacts, *, specialty, season: int) -> Verdict:
    """:func:`evaluate` for an applicant snapshot taken once (``Applicant.of(profile)``)."""
    ctx = Ctx(applicant, facts, specialty, season)
    return Verdict.from_reasons([reason for rule in RULE_FUNCTIONS for reason in rule(ctx)])


def verdicts_for(
    workspace, tracked_programs: Iterable, *, facts: dict[int, ProgramFacts] | None = None
) -> dict[int, Verdict]:
    """Verdicts keyed by tracked-program pk, in a constant number of queries.

    ``tracked_programs`` is a queryset (read here as ids, the fast way) or loaded tracked programs
    with ``program__specialty`` (``with_program()``). Pass ``facts`` (from :func:`resolve_facts`
    with at least :data:`ELIGIBILITY_KEYS`) when the page resolved them already.
    """
    with gc_paused():  # the whole call: a collection halfway would rescan every fact resolved so far
        return _verdicts(workspace, tracked_programs, facts)


def _verdicts(workspace, tracked_programs, facts) -> dict[int, Verdict]:
    if isinstance(tracked_programs, models.QuerySet):
        rows = list(tracked_programs.values_list("pk", "program_id", "program__specialty_id"))
        specialties = Specialty.objects.in_bulk({specialty_id for _pk, _program, specialty_id in rows})
        rows = [(pk, program_id, specialties.get(specialty_id)) for pk, program_id, specialty_id in rows]
        # A subquery, not thousands of ids: binding a long IN list costs more than the query.
        programs = Program.objects.filter(pk__in=tracked_programs.values("program_id"))
    else:
        rows = [(t.pk, t.program_id, t.program.specialty) for t in tracked_programs]
        programs = [program_id for _pk, program_id, _s in rows]
    if facts is None:
        facts = resolve_facts(workspace, programs, keys=ELIGIBILITY_KEYS)
    return judge_rows(workspace, rows, facts)


def judge_rows(
    workspace, rows: Iterable[tuple[int, int, Specialty | None]], facts: dict[int, ProgramFacts]
) -> dict[int, Verdict]:
    """Verdicts keyed by tracked-program pk for rows of (tracked pk, program id, specialty) whose
    facts are resolved already: no query (the profile is read from ``workspace``)."""
    applicant, season = Applicant.of(workspace.profile), workspace.season
    return {
        pk: judge(applicant, facts.get(program_id, EMPTY), specialty=specialty, season=season)
        for pk, program_id, specialty in rows
    }
