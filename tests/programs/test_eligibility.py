"""The eligibility rules as a table: applicant profiles × program facts → verdicts and reasons."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import ApplicantProfile
from programs.choices import SourceKind
from programs.eligibility import ELIGIBILITY_KEYS, RULES, Outcome, Status, evaluate, verdicts_for
from programs.models import Program, Specialty
from programs.resolve import ProgramFacts, ResolvedFact
from tests.factories import ProgramFactFactory
from tests.programs.builders import DEMO_APPLICANT, OPEN_PROGRAM, SEASON, demo_applicant, track

TODAY = date(2026, 9, 1)


def applicant(**changes) -> ApplicantProfile:
    """The demo applicant (J-1, Step 1 pass, Step 2 CK 245, graduated 2021, observership only)."""
    return ApplicantProfile(**{**DEMO_APPLICANT, **changes})


def resolved(key, value, *, stale=False, kind=SourceKind.FREIDA, on=date(2026, 3, 28)) -> ResolvedFact:
    return ResolvedFact(key, value, 1, kind, "", "", on, True, stale, ())


def facts(drop=(), stale=(), **changes) -> ProgramFacts:
    values = {**OPEN_PROGRAM, **changes}
    return ProgramFacts(
        {
            key: resolved(key, value, stale=key in stale)
            for key, value in values.items()
            if key not in drop and value is not None
        }
    )


def program(code="765") -> Program:
    specialties = {
        "765": Specialty(code="765", name="Pediatrics/Medical Genetics and Genomics", kind="combined", is_genetics=True),
        "130": Specialty(
            code="130", name="Medical Genetics and Genomics", kind="residency", requires_prior_gme=True, is_genetics=True
        ),
        None: None,
    }  # fmt: skip
    return Program(name="Test program", specialty=specialties[code])


def judge(profile=None, program_facts=None, code="765"):
    return evaluate(profile or applicant(), program_facts or facts(), program=program(code), season=SEASON)


def reason(verdict, rule):
    found = [r for r in verdict.reasons if r.rule == rule]
    assert len(found) == 1, f"expected one {rule} reason in {verdict.reasons}"
    return found[0]


CASES = [
    # (id, profile changes, fact changes, expected status, {rule: outcome}, text in the deciding reason)
    ("demo applicant at an open J-1 program", {}, {}, Status.ELIGIBLE, {"visa": "pass"}, ""),
    (
        "J-1-only program and an applicant needing H-1B",
        {"visa_need": "h1b", "step3_status": "passed", "step3_date": date(2026, 1, 5)},
        {},
        Status.INELIGIBLE,
        {"visa": "fail"},
        "does not sponsor H-1B. It sponsors J-1.",
    ),
    (
        "H-1B program whose Step 3 deadline falls before the planned Step 3",
        {"visa_need": "h1b", "step3_status": "planned", "step3_date": date(2027, 4, 15)},
        {"visa_h1b": True, "h1b_step3_deadline": "2027-02-25"},
        Status.INELIGIBLE,
        {"visa": "pass", "h1b_step3": "fail"},
        "after the program's H-1B deadline (Feb 25, 2027)",
    ),
    (
        "H-1B program whose Step 3 deadline comes after the planned Step 3",
        {"visa_need": "h1b", "step3_status": "planned", "step3_date": date(2027, 1, 10)},
        {"visa_h1b": True, "h1b_step3_deadline": "2027-02-25"},
        Status.ELIGIBLE,
        {"h1b_step3": "pass"},
        "",
    ),
    (
        "H-1B program with no Step 3 deadline reported",
        {"visa_need": "h1b", "step3_status": "planned", "step3_date": date(2027, 1, 10)},
        {"visa_h1b": True},
        Status.NEEDS_CONFIRMATION,
        {"h1b_step3": "confirm"},
        "has not reported its Step 3 deadline",
    ),
    (
        "H-1B applicant with Step 3 passed needs no deadline",
        {"visa_need": "h1b", "step3_status": "passed", "step3_date": date(2026, 1, 5)},
        {"visa_h1b": True},
        Status.ELIGIBLE,
        {"h1b_step3": "pass"},
        "",
    ),
    (
        "graduation 2021 against a 3-year cutoff in the 2027 season",
        {},
        {"grad_year_cutoff": 3},
        Status.INELIGIBLE,
        {"grad_year": "fail"},
        "more than the program's 3",
    ),
    (
        "inside the cutoff when applying but not when training starts",
        {"graduation_year": 2023},
        {"grad_year_cutoff": 3},
        Status.NEEDS_CONFIRMATION,
        {"grad_year": "confirm"},
        "not when training starts",
    ),
    (
        "missing visa fact",
        {},
        {"visa_j1": None},
        Status.NEEDS_CONFIRMATION,
        {"visa": "confirm"},
        "has not reported whether it sponsors J-1",
    ),
    (
        "a 130 program for an applicant without prior residency",
        {},
        {"prior_gme_required": None, "specialty": "130"},
        Status.INELIGIBLE,
        {"prior_gme": "fail"},
        "Medical Genetics and Genomics (130) requires prior residency training; you have none",
    ),
    (
        "a green-card holder with no visa need at a program that sponsors nothing",
        {"citizenship": "permanent_resident", "visa_need": "none"},
        {"visa_j1": False},
        Status.ELIGIBLE,
        {"visa": "pass", "non_us_img": "pass"},
        "",
    ),
    (
        "a green-card holder at a program that sponsors nothing and does not say whether it takes IMGs",
        {"citizenship": "permanent_resident", "visa_need": "none"},
        {"visa_j1": False, "accepts_non_us_img": None},
        Status.NEEDS_CONFIRMATION,
        {"visa": "pass", "non_us_img": "confirm"},
        "The NRMP counts green-card holders as non-US IMGs.",
    ),
    (
        "a green-card holder at a program that takes no non-US IMGs",
        {"citizenship": "permanent_resident", "visa_need": "none"},
        {"accepts_non_us_img": False},
        Status.INELIGIBLE,
        {"non_us_img": "fail"},
        "green-card holders as non-US IMGs",
    ),
    (
        "either visa: H-1B carries it, with Step 3 passed",
        {"visa_need": "either", "step3_status": "passed", "step3_date": date(2026, 1, 5)},
        {"visa_j1": False, "visa_h1b": True},
        Status.ELIGIBLE,
        {"visa": "pass", "h1b_step3": "pass"},
        "",
    ),
    (
        "either visa at a program that sponsors neither",
        {"visa_need": "either"},
        {"visa_j1": False, "visa_h1b": False},
        Status.INELIGIBLE,
        {"visa": "fail"},
        "sponsors neither J-1 nor H-1B",
    ),
    (
        "not accepting applications for the season",
        {},
        {"accepting_applications": {"2027-2028": False}},
        Status.INELIGIBLE,
        {"accepting": "fail"},
        "not taking applications for 2027-2028",
    ),
    (
        "accepting applications only reported for another year",
        {},
        {"accepting_applications": {"2026-2027": True}},
        Status.NEEDS_CONFIRMATION,
        {"accepting": "confirm"},
        "for 2027-2028",
    ),
    (
        "Step 2 CK below the minimum",
        {"step2ck_score": 215},
        {},
        Status.INELIGIBLE,
        {"step2ck": "fail"},
        "below the program's minimum 220",
    ),
    (
        "no Step 2 CK minimum reported",
        {},
        {"step2ck_min_score": None},
        Status.NEEDS_CONFIRMATION,
        {"step2ck": "confirm"},
        "has not reported a Step 2 CK minimum",
    ),
    (
        "USCE required and only an observership",
        {},
        {"usce_required": True},
        Status.NEEDS_CONFIRMATION,
        {"usce": "confirm"},
        "observerships only",
    ),
    (
        "USCE required and none at all",
        {"observership_months": Decimal(0)},
        {"usce_required": True},
        Status.INELIGIBLE,
        {"usce": "fail"},
        "you have none",
    ),
    (
        "USCE not reported but hands-on months meet any yes/no requirement",
        {"usce_hands_on_months": Decimal(3)},
        {"usce_required": None},
        Status.ELIGIBLE,
        {"usce": "pass"},
        "",
    ),
    (
        "USCE below the program's minimum months",
        {"usce_hands_on_months": Decimal(2), "observership_months": Decimal(0)},
        {"usce_required": True, "usce_min_months": 3},
        Status.INELIGIBLE,
        {"usce": "fail"},
        "the program asks for 3",
    ),
    (
        "Step 1 failed",
        {"step1_result": "fail"},
        {},
        Status.INELIGIBLE,
        {"step1": "fail"},
        "ECFMG certification",
    ),
    (
        "Step 1 requirement unreported but passed",
        {},
        {"step1_pass_required": None},
        Status.ELIGIBLE,
        {"step1": "pass"},
        "",
    ),
    (
        "too many failed attempts",
        {"failed_attempts": 2},
        {"max_failed_attempts": 1},
        Status.INELIGIBLE,
        {"attempts": "fail"},
        "the program accepts 1",
    ),
    (
        "failed attempts when the program does not say",
        {"failed_attempts": 1},
        {},
        Status.NEEDS_CONFIRMATION,
        {"attempts": "confirm"},
        "you have 1",
    ),
    (
        "a profile without a visa answer",
        {"visa_need": ""},
        {},
        Status.NEEDS_CONFIRMATION,
        {"visa": "confirm"},
        "does not say which visa",
    ),
    (
        "a stale visa fact is confirmed, not trusted",
        {},
        {"stale": ("visa_j1",)},
        Status.NEEDS_CONFIRMATION,
        {"visa": "confirm"},
        "which is stale",
    ),
    (
        "a program that explicitly needs prior GME",
        {},
        {"prior_gme_required": True},
        Status.INELIGIBLE,
        {"prior_gme": "fail"},
        "The program requires prior residency training",
    ),
]


@pytest.mark.parametrize(
    ("profile_changes", "fact_changes", "status", "outcomes", "text"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_the_rule_table(profile_changes, fact_changes, status, outcomes, text):
    fact_changes = dict(fact_changes)
    code = fact_changes.pop("specialty", "765")
    verdict = judge(applicant(**profile_changes), facts(**fact_changes), code=code)
    assert verdict.status == status, verdict.reasons
    for rule, outcome in outcomes.items():
        assert reason(verdict, rule).outcome == outcome
    if text:
        assert any(text in r.message for r in verdict.reasons), [r.message for r in verdict.reasons]


def test_a_reason_names_the_rule_the_program_value_its_source_and_date_and_the_applicant_value():
    verdict = judge(applicant(), facts(grad_year_cutoff=3))
    grad = reason(verdict, "grad_year")
    assert grad.rule_label == "Graduation-year cutoff"
    assert (grad.program_value, grad.source, grad.observed_on) == ("3", "FREIDA", date(2026, 3, 28))
    assert grad.applicant_value == "2021"
    assert grad.action


def test_a_missing_fact_on_a_hard_rule_asks_the_coordinator():
    verdict = judge(applicant(), facts(drop=("visa_j1",)))
    visa = reason(verdict, "visa")
    assert visa.program_value == "J-1: not reported"
    assert visa.action.startswith("Ask the coordinator:")
    assert visa.asks_coordinator
    assert verdict.questions == ["Visa sponsorship"]


def test_the_prior_gme_rule_takes_acgme_training_for_a_130_program():
    prior = dict(
        prior_residency_years=Decimal(1), prior_residency_specialty="Pediatrics", prior_residency_acgme=True
    )
    assert reason(judge(applicant(**prior), code="130"), "prior_gme").outcome == Outcome.PASS
    abroad = {**prior, "prior_residency_acgme": False}
    outcome = reason(judge(applicant(**abroad), code="130"), "prior_gme")
    assert outcome.outcome == Outcome.CONFIRM
    assert "outside ACGME" in outcome.message


def test_a_combined_residency_needs_no_prior_training_when_the_program_does_not_say():
    prior = reason(judge(applicant(), facts(prior_gme_required=None)), "prior_gme")
    assert prior.outcome == Outcome.PASS
    assert prior.source == "Specialty: Combined program"


def test_a_manual_program_without_a_specialty_asks_about_prior_training():
    verdict = judge(applicant(), facts(prior_gme_required=None), code=None)
    assert reason(verdict, "prior_gme").outcome == Outcome.CONFIRM


def test_us_citizens_are_not_judged_on_the_non_us_img_rule():
    verdict = judge(applicant(citizenship="us_citizen", visa_need="none"), facts(accepts_non_us_img=False))
    assert verdict.status == Status.ELIGIBLE
    assert all(r.rule != "non_us_img" for r in verdict.reasons)


def test_a_visa_sponsor_evidently_takes_non_us_imgs():
    verdict = judge(applicant(), facts(accepts_non_us_img=None))
    img = reason(verdict, "non_us_img")
    assert img.outcome == Outcome.PASS
    assert "sponsors J-1" in img.message


def test_the_verdict_summary_lists_what_is_open():
    verdict = judge(applicant(step2ck_score=200), facts(drop=("visa_j1",)))
    assert verdict.status == Status.INELIGIBLE
    assert verdict.summary == "Not met: Step 2 CK minimum"
    assert [r.rule for r in verdict.open_reasons] == ["step2ck", "visa"]
    assert (verdict.label, verdict.badge) == ("Ineligible", "danger")


def test_every_rule_is_documented_and_reads_registered_facts():
    from programs.facts import REGISTRY

    assert set(ELIGIBILITY_KEYS) <= set(REGISTRY)
    for rule in RULES.values():
        assert rule.explanation and rule.question and rule.label


# --- Through the database: resolve_facts, conflicts, and a whole workspace ----------------------


@pytest.mark.django_db
def test_two_sources_disagreeing_need_confirmation(workspace, time_machine):
    time_machine.move_to(TODAY)
    demo_applicant(workspace)
    tracked = track(workspace)
    ProgramFactFactory(
        program=tracked.program,
        workspace=workspace,
        values={"visa_j1": False},
        source_kind=SourceKind.WEBSITE,
        observed_on=TODAY + timedelta(days=1),
    )
    time_machine.move_to(TODAY + timedelta(days=2))
    verdict = verdicts_for(workspace, [tracked])[tracked.pk]
    visa = reason(verdict, "visa")
    assert verdict.status == Status.NEEDS_CONFIRMATION
    assert visa.conflict
    assert visa.source == "Program website"
    assert "FREIDA said “Yes”" in visa.message


@pytest.mark.django_db
def test_the_coordinators_newer_answer_settles_a_disagreement(workspace, time_machine):
    time_machine.move_to(TODAY)
    demo_applicant(workspace)
    tracked = track(workspace)
    ProgramFactFactory(
        program=tracked.program,
        workspace=workspace,
        values={"visa_j1": False},
        source_kind=SourceKind.COORDINATOR_EMAIL,
        observed_on=TODAY + timedelta(days=1),
    )
    time_machine.move_to(TODAY + timedelta(days=2))
    verdict = verdicts_for(workspace, [tracked])[tracked.pk]
    visa = reason(verdict, "visa")
    assert verdict.status == Status.INELIGIBLE
    assert not visa.conflict
    assert visa.source == "Coordinator email"


@pytest.mark.django_db
def test_verdicts_follow_profile_and_fact_changes(workspace, time_machine):
    time_machine.move_to(TODAY)
    demo_applicant(workspace)
    tracked = track(workspace, grad_year_cutoff=3)
    assert verdicts_for(workspace, [tracked])[tracked.pk].status == Status.INELIGIBLE
    # A newer FREIDA observation replaces the older one (same source: history, not a conflict).
    ProgramFactFactory(
        program=tracked.program, values={"grad_year_cutoff": 10}, observed_on=TODAY + timedelta(days=1)
    )
    assert verdicts_for(workspace, [tracked])[tracked.pk].status == Status.ELIGIBLE
    workspace.profile.step2ck_score = 200
    workspace.profile.save()
    assert verdicts_for(workspace, [tracked])[tracked.pk].status == Status.INELIGIBLE


@pytest.mark.django_db
@pytest.mark.parametrize("count", [2, 25])
def test_verdicts_for_a_workspace_take_a_constant_number_of_queries(workspace, count):
    demo_applicant(workspace)
    for _ in range(count):
        track(workspace)
    queryset = workspace.tracked_programs.all()
    workspace = type(workspace).objects.get(pk=workspace.pk)  # no cached profile
    with CaptureQueriesContext(connection) as queries:
        verdicts = verdicts_for(workspace, queryset)
    assert len(verdicts) == count
    assert len(queries) == 4  # tracked programs, their specialties, facts, profile
