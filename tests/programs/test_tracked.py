from django.db import connection
from django.test.utils import CaptureQueriesContext

from programs.choices import Stage
from programs.models import StageChange, TrackedProgram
from tests.factories import TrackedProgramFactory


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
