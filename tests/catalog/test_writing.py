"""The bulk writer: defaults for columns a row does not give, and conflicts skipped, not fatal."""

import pytest
from django.db import transaction

from programs.choices import Stage
from programs.imports.writing import insert
from programs.models import Program, TrackedProgram
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def test_columns_a_row_does_not_give_get_their_model_defaults(workspace):
    program = ProgramFactory()
    with transaction.atomic():
        insert(TrackedProgram, [{"workspace_id": workspace.pk, "program_id": program.pk}])
    tracked = TrackedProgram.objects.get()
    assert (tracked.stage, tracked.notes, tracked.interest) == (Stage.LONG_LIST, "", None)
    assert tracked.created_at is not None and tracked.updated_at is not None


def test_rows_another_request_inserted_first_are_skipped(workspace):
    existing = ProgramFactory(number="7650000001", name="Already There Program")
    rows = [
        {"number": "7650000001", "name": "Duplicate"},
        {"number": "7650000002", "name": "New One Program"},
    ]
    with transaction.atomic():
        assert insert(Program, rows, ignore_conflicts=True) == 2
    assert Program.objects.get(pk=existing.pk).name == "Already There Program"
    assert Program.objects.filter(number="7650000002").exists()
    with transaction.atomic():
        insert(
            TrackedProgram,
            [{"workspace_id": workspace.pk, "program_id": existing.pk}] * 2,
            ignore_conflicts=True,
        )
    assert TrackedProgram.objects.count() == 1
