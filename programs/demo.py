"""Demo data for ``make run``: the real genetics programs, made-up facts, and the demo long list.

The programs are public facts (ACGME number, name, city, state, specialty) of the Pediatrics/
Medical Genetics (765), Internal Medicine/Medical Genetics (766) and some Medical Genetics and
Genomics (130) programs, written here as our own table. Every *fact* is invented to show what the
app does (J-1 only, J-1 and H-1B with a Step 3 deadline, not reported, a graduation cutoff, two
sources that disagree, a stale value) and carries the source "Demo data (not real)".
Idempotent: running it again adds only what is missing.
"""

from datetime import timedelta

from django.utils import timezone

from .choices import SourceKind, Stage
from .models import Program, ProgramFact, Specialty, TrackedProgram

DEMO_DETAIL = "invented to show the app"  # the source label already says "Demo data (not real)"
DEMO_CONTACT_DETAIL = "a made-up coordinator reply"

# number, program name, city, state (the specialty is the number's first three digits)
GENETICS_PROGRAMS = (
    ("7650144013", "University of Alabama Hospital Program", "Birmingham", "AL"),
    ("7650300001", "Phoenix Children's Hospital Program", "Phoenix", "AZ"),
    ("7650544009", "University of California (Irvine) Program", "Orange", "CA"),
    ("7650500010", "Stanford Health Care-Sponsored Stanford University Program", "Palo Alto", "CA"),
    ("7650500001", "University of California (San Francisco) Program", "San Francisco", "CA"),
    ("7650700001", "University of Colorado Program", "Aurora", "CO"),
    ("7651200001", "Emory University Program", "Atlanta", "GA"),
    ("7651600001", "McGaw Medical Center of Northwestern University Program", "Chicago", "IL"),
    ("7651700001", "Indiana University School of Medicine Program", "Indianapolis", "IN"),
    ("7651800001", "University of Iowa Hospitals and Clinics Program", "Iowa City", "IA"),
    ("7652344010", "Johns Hopkins University Program", "Baltimore", "MD"),
    ("7652344008", "National Human Genome Research Institute/Children's National Program", "Bethesda", "MD"),
    ("7652444017", "Boston Children's Hospital Program", "Boston", "MA"),
    ("7652500013", "University of Michigan Health System Program", "Ann Arbor", "MI"),
    ("7652544012", "Detroit Medical Center/Wayne State University Program", "Detroit", "MI"),
    ("7652844015", "Washington University/B-JH/SLCH Consortium Program", "St. Louis", "MO"),
    ("7653544001", "Icahn School of Medicine at Mount Sinai Program", "New York", "NY"),
    ("7653500001", "New York Presbyterian Hospital (Columbia Campus) Program", "New York", "NY"),
    ("7653600001", "University of North Carolina Hospitals Program", "Chapel Hill", "NC"),
    ("7653844011", "Cincinnati Children's Hospital Medical Center Program", "Cincinnati", "OH"),
    (
        "7653844002",
        "Case Western Reserve University/University Hospitals Cleveland Program",
        "Cleveland",
        "OH",
    ),
    ("7653844018", "Nationwide Children's Hospital/Ohio State University Program", "Columbus", "OH"),
    ("7654000001", "Oregon Health & Science University Program", "Portland", "OR"),
    ("7654144003", "Children's Hospital of Philadelphia Program", "Philadelphia", "PA"),
    ("7654100001", "UPMC Medical Education Program", "Pittsburgh", "PA"),
    ("7654700001", "Vanderbilt University Medical Center Program", "Nashville", "TN"),
    ("7654844016", "Baylor College of Medicine Program", "Houston", "TX"),
    ("7654844014", "University of Texas Health Science Center at Houston Program", "Houston", "TX"),
    ("7654900001", "University of Utah Health Program", "Salt Lake City", "UT"),
    ("7655400001", "University of Washington Program", "Seattle", "WA"),
    ("7660144005", "University of Alabama Hospital Program", "Birmingham", "AL"),
    ("7662344004", "Johns Hopkins University Program", "Baltimore", "MD"),
    ("7663544003", "Icahn School of Medicine at Mount Sinai Program", "New York", "NY"),
    (
        "7663844001",
        "Case Western Reserve University/University Hospitals Cleveland Program",
        "Cleveland",
        "OH",
    ),
    ("7664800001", "Baylor College of Medicine Program", "Houston", "TX"),
    ("1303621018", "Duke University Hospital Program", "Durham", "NC"),
    ("1300521010", "UCLA David Geffen School of Medicine/UCLA Medical Center Program", "Los Angeles", "CA"),
    ("1301121049", "University of Miami/Jackson Health System Program", "Miami", "FL"),
    ("1304813058", "University of Texas Southwestern Medical Center Program", "Dallas", "TX"),
    ("1301000001", "Children's National Hospital Program", "Washington", "DC"),
    ("1304521005", "Greenwood Genetic Center Program", "Greenwood", "SC"),
    ("1302621011", "Mayo Clinic College of Medicine and Science (Rochester) Program", "Rochester", "MN"),
    ("1305600077", "Medical College of Wisconsin Affiliated Hospitals Program", "Milwaukee", "WI"),
    ("1300821021", "Yale-New Haven Medical Center Program", "New Haven", "CT"),
)

# The demo applicant's long list: the combined programs she can enter, plus three standalone MGG
# programs (which need prior residency) to show why they are not for her yet.
LONG_LIST = (
    *(n for n, *_ in GENETICS_PROGRAMS if n[:3] in {"765", "766"}),
    "1303621018",
    "1302621011",
    "1304521005",
)


def demo_values(index: int, number: str) -> dict:
    """Invented, varied facts: six visa patterns, and the cut-offs most programs report.

    Chosen so the demo applicant (J-1, Step 2 CK 245, graduated 2021, one month of observership)
    meets some programs, must confirm others and is ruled out of a few, each for a visible reason.
    """
    values = {
        "positions_first_year": 1 + index % 3,
        "program_type": "university" if index % 4 else "community_university",
        "participates_eras": True,
        "participates_nrmp": number[:3] != "130",
        "pct_img": float((index * 7) % 40),
    }
    pattern = index % 6
    if pattern in (0, 3):
        values.update(visa_j1=True, visa_h1b=False)
    elif pattern in (1, 5):
        deadline = "2027-02-01" if pattern == 1 else "2027-01-15"
        values.update(visa_j1=True, visa_h1b=True, h1b_step3_required=True, h1b_step3_deadline=deadline)
    elif pattern == 4:
        values.update(visa_j1=False, visa_h1b=False)
    if pattern == 2:
        return values  # reports nothing about visas or cut-offs: everything needs confirmation
    if values.get("visa_j1") or values.get("visa_h1b"):
        values["accepts_non_us_img"] = True
    values["accepting_applications"] = {"2026-2027": True, "2027-2028": index % 13 != 8}
    values["step1_pass_required"] = True
    values["grad_year_cutoff"] = 3 if pattern == 3 else 7
    if index % 4 != 3:
        values["step2ck_min_score"] = 250 if index % 11 == 10 else 220 + 5 * (index % 3)
    values["usce_required"] = index % 5 == 0
    return values


def ensure_programs() -> dict[str, int]:
    """Create the demo catalog programs that are missing (existing ones are left as they are)."""
    specialties = dict(Specialty.objects.values_list("code", "pk"))
    Program.objects.bulk_create(
        [
            Program(
                number=number, name=name, city=city, state=state, specialty_id=specialties.get(number[:3])
            )
            for number, name, city, state in GENETICS_PROGRAMS
        ],
        ignore_conflicts=True,
    )
    numbers = [n for n, *_ in GENETICS_PROGRAMS]
    return dict(Program.objects.filter(number__in=numbers).values_list("number", "pk"))


def _missing_demo_facts(ids: dict[str, int], workspace) -> set[int]:
    have = set(
        ProgramFact.objects.filter(
            program_id__in=ids.values(), workspace=workspace, source_kind=SourceKind.DEMO
        ).values_list("program_id", flat=True)
    )
    return set(ids.values()) - have


def ensure_catalog_facts(ids: dict[str, int]) -> None:
    today = timezone.localdate()
    missing = _missing_demo_facts(ids, None)
    facts = []
    for index, (number, *_rest) in enumerate(GENETICS_PROGRAMS):
        if ids.get(number) in missing:
            # One program's only report is two years old, to show a stale fact.
            observed = today - timedelta(days=800 if index == 7 else 40 + index)
            facts.append(_demo_fact(ids[number], None, demo_values(index, number), observed, DEMO_DETAIL))
    ProgramFact.objects.bulk_create(facts)


def ensure_workspace_facts(ids: dict[str, int], workspace) -> None:
    """A "coordinator reply" that contradicts the catalog for two programs (a conflict to resolve)."""
    today = timezone.localdate()
    contradicting = {
        GENETICS_PROGRAMS[1][0]: {"visa_h1b": False},
        GENETICS_PROGRAMS[5][0]: {"visa_j1": False},
    }
    missing = _missing_demo_facts({n: ids[n] for n in contradicting if n in ids}, workspace)
    ProgramFact.objects.bulk_create(
        _demo_fact(ids[number], workspace, values, today - timedelta(days=3), DEMO_CONTACT_DETAIL)
        for number, values in contradicting.items()
        if ids.get(number) in missing
    )


def _demo_fact(program_id: int, workspace, values: dict, observed_on, detail: str) -> ProgramFact:
    return ProgramFact(
        program_id=program_id,
        workspace=workspace,
        values=values,
        source_kind=SourceKind.DEMO,
        source_detail=detail,
        observed_on=observed_on,
    )


def ensure_long_list(ids: dict[str, int], workspace) -> None:
    now = timezone.now()
    TrackedProgram.objects.bulk_create(
        [
            TrackedProgram(
                workspace=workspace, program_id=ids[n], stage=Stage.LONG_LIST, stage_changed_at=now
            )
            for n in LONG_LIST
            if n in ids
        ],
        ignore_conflicts=True,
    )


def load_demo_catalog(workspace) -> None:
    """The demo loader (registered in ``ProgramsConfig.ready``)."""
    ids = ensure_programs()
    ensure_catalog_facts(ids)
    ensure_workspace_facts(ids, workspace)
    ensure_long_list(ids, workspace)
