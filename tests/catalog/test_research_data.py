"""Real files from ../shared/research-data: FREIDA's 689 Internal Medicine rows, the 99 genetics
programs, and the NRMP tables (read in place, never copied into the repository)."""

import pytest

from programs.facts import VISA_KEYS
from programs.models import ImportBatch, Program, ProgramFact, SpecialtyStat, TrackedProgram
from tests.base import RESEARCH_DATA, require
from tests.catalog.helpers import import_file, preview

pytestmark = [pytest.mark.django_db, pytest.mark.shared_data]
FREIDA = RESEARCH_DATA / "freida" / "freida_internal_medicine_2025_trimmed.csv"
GENETICS = RESEARCH_DATA / "genetics_programs_public_lists.csv"


def read(path) -> bytes:
    require(path.exists(), f"{path} is not available", "REQUIRE_SHARED_DATA")
    return path.read_bytes()


def test_the_freida_internal_medicine_file_gives_its_programs_with_visa_facts(workspace):
    batch = import_file(workspace, read(FREIDA), FREIDA.name)
    assert batch.source_kind == "freida"
    assert (batch.rows_total, batch.rows_invalid) == (689, 0)
    # The file repeats one program (1401900001) row for row: 689 rows are 688 programs.
    assert {"row": 689, "message": "repeats row 474; imported once"} in batch.warnings
    assert Program.objects.filter(specialty__code="140").count() == 688
    assert TrackedProgram.objects.filter(workspace=workspace).count() == 688
    facts = list(ProgramFact.objects.filter(workspace=workspace).values_list("values", flat=True))
    not_reported = [v for v in facts if not any(k in v for k in VISA_KEYS)]
    assert round(100 * len(not_reported) / len(facts)) == 27
    nyu = ProgramFact.objects.get(program__number="1403521292").values
    assert (nyu["visa_j1"], nyu["visa_h1b"], nyu["visa_f1"]) == (True, False, False)
    assert nyu["accepting_applications"] == {"2025-2026": True, "2026-2027": True}
    mgh = ProgramFact.objects.get(program__number="1402411169").values
    assert (mgh["visa_j1"], mgh["visa_h1b"], mgh["visa_f1"], mgh["pct_img"]) == (True, True, True, 1.6)


def test_reimporting_the_freida_file_changes_nothing(workspace):
    import_file(workspace, read(FREIDA), FREIDA.name)
    again = preview(workspace, read(FREIDA), FREIDA.name)
    assert (again.rows_new, again.rows_updated, again.rows_unchanged) == (0, 0, 688)


def test_the_public_genetics_list_gives_99_programs_in_their_specialties(workspace):
    batch = import_file(workspace, read(GENETICS), GENETICS.name)
    assert (batch.rows_total, batch.rows_new, batch.rows_invalid) == (99, 99, 0)
    counts = {
        code: Program.objects.filter(specialty__code=code).count()
        for code in ("130", "131", "754", "756", "765", "766")
    }
    assert counts == {"130": 35, "131": 23, "754": 5, "756": 1, "765": 30, "766": 5}
    assert Program.objects.get(number="7662344004").city == "Baltimore"
    assert Program.objects.get(number="1311213001").state == "GA"  # filled from the number's digits
    assert any("had no state" in note for note in batch.preview["notes"])


@pytest.mark.parametrize(
    ("name", "rows"),
    [
        ("nrmp_genetics_2020_2024_md_do_seniors.csv", 10),
        ("nrmp_2025_genetics_by_applicant_type.csv", 4),
        ("nrmp/md_match_summary_2024.json", 49),
    ],
)
def test_nrmp_tables_fill_the_specialty_figures(db, name, rows):
    batch = import_file(None, read(RESEARCH_DATA / name), name)
    assert (batch.kind, batch.rows_total, batch.rows_invalid) == (ImportBatch.Kind.NRMP, rows, 0)
    assert SpecialtyStat.objects.filter(specialty__code="765").exists()
    assert SpecialtyStat.objects.filter(specialty__code="766").exists()
