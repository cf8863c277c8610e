"""The demo catalog: real genetics programs, invented facts labelled as demo, the demo long list."""

import pytest

from accounts.demo import load_all
from programs.choices import SourceKind
from programs.demo import GENETICS_PROGRAMS, LONG_LIST
from programs.models import Program, ProgramFact, TrackedProgram
from programs.resolve import resolve_facts

pytestmark = pytest.mark.django_db


def test_the_demo_loads_the_genetics_catalog_and_the_long_list_once():
    _user, workspace = load_all()
    counts = (Program.objects.count(), ProgramFact.objects.count(), TrackedProgram.objects.count())
    load_all()
    assert (Program.objects.count(), ProgramFact.objects.count(), TrackedProgram.objects.count()) == counts
    assert counts[0] == len(GENETICS_PROGRAMS)
    assert {p.specialty.code for p in Program.objects.select_related("specialty")} == {"130", "765", "766"}
    assert TrackedProgram.objects.filter(workspace=workspace).count() == len(LONG_LIST)
    assert set(ProgramFact.objects.values_list("source_kind", flat=True)) == {SourceKind.DEMO}


def test_the_demo_facts_show_every_case_the_app_handles():
    _user, workspace = load_all()
    resolved = resolve_facts(workspace, Program.objects.all())
    values = [facts for facts in resolved.values()]
    j1_only = [f for f in values if f.value("visa_j1") is True and f.value("visa_h1b") is False]
    h1b_with_deadline = [f for f in values if f.value("visa_h1b") and f.value("h1b_step3_deadline")]
    assert j1_only and h1b_with_deadline
    assert any(f.value("visa_j1") is None for f in values)  # not reported
    assert any(f.value("grad_year_cutoff") == 3 for f in values)
    assert sum(f.has_conflicts for f in values) == 2  # the made-up coordinator replies disagree
    assert any(f.has_stale for f in values)


def test_the_demo_keeps_a_catalog_name_that_is_already_there():
    number, *_ = GENETICS_PROGRAMS[0]
    Program.objects.create(number=number, name="Imported Name Program")
    load_all()
    assert Program.objects.get(number=number).name == "Imported Name Program"
