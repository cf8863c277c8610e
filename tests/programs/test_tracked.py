import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programs.choices import Stage
from programs.models import Specialty, StageChange, TrackedProgram, program_label
from tests.factories import ProgramFactory, TrackedProgramFactory


def test_moving_a_program_records_the_change(workspace, alice):
    tracked = TrackedProgramFactory(workspace=workspace)
    assert tracked.move_to(Stage.SHORT_LIST, by=alice)
    assert tracked.stage == Stage.SHORT_LIST
    change = tracked.stage_changes.get()
    assert (change.from_stage, change.to_stage, change.changed_by) == (
        Stage.LONG_LIST,
        Stage.SHORT_LIST,
        alice,
    )
    assert not tracked.move_to(Stage.SHORT_LIST, by=alice)
    assert tracked.stage_changes.count() == 1


def test_excluding_keeps_the_reason(workspace):
    tracked = TrackedProgramFactory(workspace=workspace)
    tracked.move_to(Stage.EXCLUDED, reason="No visa sponsorship")
    assert tracked.excluded_reason == "No visa sponsorship"
    tracked.move_to(Stage.LONG_LIST)
    assert tracked.excluded_reason == ""


def test_bulk_moves_take_a_constant_number_of_queries(workspace):
    TrackedProgramFactory.create_batch(25, workspace=workspace)
    with CaptureQueriesContext(connection) as queries:
        moved = TrackedProgram.objects.for_workspace(workspace).move_to(Stage.SHORT_LIST)
    assert moved == 25
    assert len(queries) <= 5
    assert StageChange.objects.count() == 25


@pytest.mark.parametrize("code", ["765", "766", None])
def test_a_program_is_labelled_with_its_specialty_in_python_and_in_the_database(workspace, code):
    specialty = Specialty.objects.get(code=code) if code else None
    program = ProgramFactory(name="Baylor College of Medicine Program", specialty=specialty, workspace=None)
    tracked = TrackedProgramFactory(workspace=workspace, program=program)
    expected = {
        "765": "Baylor College of Medicine Program · Pediatrics/Medical Genetics",
        "766": "Baylor College of Medicine Program · Internal Medicine/Medical Genetics",
        None: "Baylor College of Medicine Program",
    }[code]
    assert program.label == expected
    found = TrackedProgram.objects.filter(pk=tracked.pk).annotate(label=program_label("program"))
    assert found.values_list("label", flat=True).get() == expected


def test_a_specialty_without_aliases_is_named_in_full(workspace):
    specialty = Specialty.objects.create(
        code="0X9", name="Example Specialty", kind="residency", application_cycle="residency"
    )
    tracked = TrackedProgramFactory(
        workspace=workspace, program=ProgramFactory(name="X Program", specialty=specialty)
    )
    assert tracked.program.label == "X Program · Example Specialty"
    found = TrackedProgram.objects.filter(pk=tracked.pk).annotate(label=program_label("program"))
    assert found.values_list("label", flat=True).get() == "X Program · Example Specialty"
