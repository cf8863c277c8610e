"""Building pipeline data for tests: the demo applicant's profile and tracked programs with facts."""

from datetime import date
from decimal import Decimal

from programs.choices import SourceKind
from programs.models import Program, TrackedProgram
from tests.factories import ProgramFactFactory, ProgramFactory, TrackedProgramFactory, specialty

SEASON = 2027

# The demo applicant: non-US IMG needing a J-1, Step 1 pass, Step 2 CK 245, graduated 2021.
DEMO_APPLICANT = dict(
    citizenship="non_us",
    visa_need="j1",
    ecfmg_status="certified",
    step1_result="pass",
    step2ck_score=245,
    step3_status="not_planned",
    graduation_year=2021,
    usce_hands_on_months=Decimal(0),
    observership_months=Decimal(1),
    failed_attempts=0,
    prior_residency_years=Decimal(0),
)

# A program that reports every hard rule and lets the demo applicant in.
OPEN_PROGRAM = dict(
    visa_j1=True,
    visa_h1b=False,
    accepts_non_us_img=True,
    accepting_applications={"2027-2028": True},
    grad_year_cutoff=10,
    step1_pass_required=True,
    step2ck_min_score=220,
    usce_required=False,
    prior_gme_required=False,
)


def demo_applicant(workspace, **changes) -> None:
    """Give ``workspace`` the demo applicant's profile and the 2027 season."""
    profile = workspace.profile
    for field, value in {**DEMO_APPLICANT, **changes}.items():
        setattr(profile, field, value)
    profile.save()
    workspace.season = SEASON
    workspace.save(update_fields=["season"])


def track(
    workspace,
    *,
    code: str = "765",
    state: str = "NY",
    name: str | None = None,
    stage: str = "long_list",
    observed_on: date | None = None,
    source_kind: str = SourceKind.FREIDA,
    **facts,
) -> TrackedProgram:
    """A catalog program of specialty ``code`` with one observation of ``facts``, tracked by ``workspace``.

    ``facts`` default to :data:`OPEN_PROGRAM`; pass ``key=None`` to leave a key unreported.
    """
    extra = {"name": name} if name else {}
    program: Program = ProgramFactory(specialty=specialty(code), state=state, **extra)
    values = {k: v for k, v in {**OPEN_PROGRAM, **facts}.items() if v is not None}
    ProgramFactFactory(
        program=program,
        values=values,
        source_kind=source_kind,
        observed_on=observed_on or date.today(),
    )
    return TrackedProgramFactory(workspace=workspace, program=program, stage=stage)
