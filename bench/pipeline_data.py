"""Realistic pipeline data for the eligibility and list benchmarks (not a benchmark module itself).

Programs look like a FREIDA scrape: about twenty facts each, a quarter without visa data, some
cut-offs reported and most not; some tracked programs also carry the workspace's own confirmations
(which can disagree with the catalog). Numbers use the prefix given, so each benchmark's programs
stay apart from the others' in the shared bench database.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from accounts.models import User, Workspace
from programs.choices import SourceKind
from programs.models import Program, ProgramFact, Specialty, TrackedProgram

STATES = ["NY", "MA", "PA", "OH", "IL", "TX", "CA", "MD", "MI", "WI", "NC", "GA", "FL", "WA", "MN", "MO"]
CODES = ["140", "320", "765", "766", "130"]
BATCH = 2000


def applicant_workspace(email: str) -> Workspace:
    """A user whose workspace holds the demo applicant's profile (J-1, Step 2 CK 245, graduated 2021)."""
    user = User.objects.create_user(email, "bench-password-not-secret")
    workspace = Workspace.objects.for_user(user).get()
    workspace.season = 2027
    workspace.save(update_fields=["season"])
    profile = workspace.profile
    profile.visa_need, profile.step1_result, profile.step2ck_score = "j1", "pass", 245
    profile.graduation_year, profile.observership_months = 2021, Decimal(1)
    profile.save()
    return workspace


def _catalog_values(rng: random.Random, number: str) -> dict:
    visa = rng.random()
    values = {
        "pct_img": round(rng.uniform(0, 90), 1),
        "positions_first_year": rng.randint(1, 60),
        "positions_total": rng.randint(3, 180),
        "interviews_last_year": rng.randint(10, 600),
        "training_length": rng.choice([3, 4, 5]),
        "program_type": rng.choice(["university", "community", "community_university"]),
        "accepting_applications": {"2026-2027": True, "2027-2028": rng.random() > 0.05},
        "participates_eras": True,
        "start_dates": ["July"],
        "avg_hours_week_y1": rng.randint(50, 80),
        "website": f"https://example.org/programs/{number}",
        "freida_url": f"https://freida.ama-assn.org/program/{number}",
        "director_name": "Dr. Example Director",
        "coordinator_name": "Example Coordinator",
        "coordinator_email": f"coordinator{number}@example.org",
        "step1_pass_required": True,
        "prior_gme_required": False,
    }
    if visa > 0.27:  # FREIDA: 27% of programs report no visa status at all
        values.update(visa_j1=visa > 0.35, visa_h1b=visa > 0.75, visa_f1=visa > 0.85)
    if rng.random() < 0.4:
        values["grad_year_cutoff"] = rng.choice([1, 3, 5, 10])
    if rng.random() < 0.5:
        values["step2ck_min_score"] = rng.choice([210, 220, 230, 240])
    if rng.random() < 0.3:
        values["usce_required"] = rng.random() < 0.5
    return values


def catalog_programs(count: int, prefix: str, *, seed: int = 7) -> list[Program]:
    """``count`` catalog programs, each with one FREIDA observation of about twenty facts."""
    rng = random.Random(seed)
    specialties = {s.code: s for s in Specialty.objects.filter(code__in=CODES)}
    programs = [
        Program(
            number=f"{prefix}{n:07d}",
            name=f"Bench {prefix} Program {n}",
            institution=f"Bench University Hospital {n % 900}",
            city="Bench City",
            state=STATES[n % len(STATES)],
            specialty=specialties[CODES[n % len(CODES)]],
        )
        for n in range(count)
    ]
    Program.objects.bulk_create(programs, batch_size=BATCH)
    observed = date.today() - timedelta(days=120)
    ProgramFact.objects.bulk_create(
        (
            ProgramFact(
                program=p,
                values=_catalog_values(rng, p.number),
                source_kind=SourceKind.FREIDA,
                observed_on=observed,
            )
            for p in programs
        ),
        batch_size=BATCH,
    )
    return programs


def track_programs(workspace: Workspace, programs: list[Program], *, seed: int = 11) -> None:
    """Track ``programs`` in ``workspace``; a third get the workspace's own confirmations."""
    rng = random.Random(seed)
    TrackedProgram.objects.bulk_create(
        (
            TrackedProgram(workspace=workspace, program=p, interest=rng.choice([None, 2, 3, 4, 5]))
            for p in programs
        ),
        batch_size=BATCH,
    )
    confirmations = [
        ProgramFact(
            program=p,
            workspace=workspace,
            values={
                "visa_j1": rng.random() > 0.2,
                "accepts_non_us_img": True,
                "pct_img": round(rng.uniform(0, 90), 1),
            },
            source_kind=rng.choice([SourceKind.COORDINATOR_EMAIL, SourceKind.WEBSITE]),
            observed_on=date.today() - timedelta(days=rng.randint(1, 60)),
        )
        for p in programs
        if rng.random() < 1 / 3
    ]
    ProgramFact.objects.bulk_create(confirmations, batch_size=BATCH)
