"""The rank list as data: order, the 300-rank limit, snapshots on the day's first change, diffs, restore."""

from datetime import UTC, datetime

import pytest
import time_machine

from programs.models import TrackedProgram
from scoring.choices import SnapshotKind
from scoring.diffs import diff_rows
from scoring.models import RankEntry, RankList, RankListFull
from scoring.status import rank_list_status, unreviewed_since

from .helpers import track

DAY_ONE = datetime(2027, 1, 20, 15, 0, tzinfo=UTC)
DAY_TWO = datetime(2027, 1, 21, 15, 0, tzinfo=UTC)


@pytest.fixture
def primary(workspace):
    return RankList.primary_for(workspace)


def names(rank_list) -> list[str]:
    return [e.tracked.program.name for e in rank_list.ordered_entries()]


def positions(rank_list) -> list[int]:
    return list(rank_list.entries.order_by("position").values_list("position", flat=True))


def test_there_is_one_primary_list_per_workspace(workspace, primary):
    assert RankList.primary_for(workspace) == primary
    assert primary.is_primary and str(primary) == "Primary list"


def test_entries_are_added_at_the_bottom_and_moved_anywhere_with_ranks_kept_contiguous(workspace, primary):
    a, b, c = (track(workspace) for _ in range(3))
    entries = [primary.add(t) for t in (a, b, c)]
    assert [e.position for e in entries] == [1, 2, 3]
    assert primary.move(entries[2], 1) == 1
    assert names(primary) == [c.program.name, a.program.name, b.program.name]
    assert primary.move(entries[2], 99) == 3  # clamped to the list
    primary.remove(RankEntry.objects.get(pk=entries[0].pk))
    assert names(primary) == [b.program.name, c.program.name] and positions(primary) == [1, 2]


def test_a_reorder_must_name_exactly_the_lists_entries(workspace, primary):
    a, b = (primary.add(track(workspace)) for _ in range(2))
    primary.reorder([b.pk, a.pk])
    assert list(primary.entries.order_by("position").values_list("pk", flat=True)) == [b.pk, a.pk]
    for wrong in ([a.pk], [a.pk, a.pk], [a.pk, b.pk, 10**9]):
        with pytest.raises(ValueError, match="does not match"):
            primary.reorder(wrong)
    assert positions(primary) == [1, 2]


def test_the_301st_entry_is_refused(workspace, primary):
    tracked = [track(workspace) for _ in range(301)]
    RankEntry.objects.bulk_create(
        RankEntry(workspace=workspace, rank_list=primary, tracked=t, position=i)
        for i, t in enumerate(tracked[:300], 1)
    )
    with pytest.raises(RankListFull, match="at most 300"):
        primary.add(tracked[300])
    assert primary.entries.count() == 300


def test_the_limit_is_configuration(workspace, primary, settings):
    settings.ROL_MAX_RANKS = 2
    primary.add(track(workspace))
    primary.add(track(workspace))
    with pytest.raises(RankListFull):
        primary.add(track(workspace))


def test_the_days_first_change_snapshots_the_list_as_it_stood(workspace, primary):
    a, b, c = (track(workspace) for _ in range(3))
    with time_machine.travel(DAY_ONE, tick=False):
        first = primary.add(a)  # an empty list has nothing to keep
        second = primary.add(b)
        primary.move(second, 1)
        assert not primary.snapshots.exists()
    with time_machine.travel(DAY_TWO, tick=False):
        primary.add(c)
        primary.move(first, 1)
        (auto,) = primary.snapshots.all()
    assert auto.kind == SnapshotKind.AUTO
    assert [row["program_id"] for row in auto.entries] == [
        b.program_id,
        a.program_id,
    ]  # day one's final order


def test_an_automatic_snapshot_is_skipped_when_it_would_repeat_the_last_one(workspace, primary):
    with time_machine.travel(DAY_ONE, tick=False):
        entry = primary.add(track(workspace))
        primary.take_snapshot("By hand")
    with time_machine.travel(DAY_TWO, tick=False):
        primary.move(entry, 1)
    assert list(primary.snapshots.values_list("label", flat=True)) == ["By hand"]


def test_a_snapshot_by_hand_or_a_certification_marks_the_list_reviewed(workspace, primary):
    with time_machine.travel(DAY_ONE, tick=False):
        primary.add(track(workspace))
    assert primary.has_unreviewed_changes and unreviewed_since([workspace.pk]) == {workspace.pk: DAY_ONE}
    with time_machine.travel(DAY_TWO, tick=False):
        primary.take_snapshot("Reviewed", kind=SnapshotKind.CERTIFIED)
    primary.refresh_from_db()
    assert not primary.has_unreviewed_changes and primary.certified_at == DAY_TWO
    assert unreviewed_since([workspace.pk]) == {}
    assert not rank_list_status(workspace).has_unreviewed_changes


def test_diffs_show_moves_additions_and_removals():
    older = [{"program_id": n, "name": f"P{n}"} for n in (1, 2, 3, 4)]
    newer = [{"program_id": n, "name": f"P{n}"} for n in (3, 1, 5, 2)]
    diff = diff_rows(older, newer)
    assert [(r.name, r.status, r.moved) for r in diff.rows] == [
        ("P3", "up", 2), ("P1", "down", 1), ("P5", "added", 0), ("P2", "down", 2), ("P4", "removed", 0),
    ]  # fmt: skip
    assert diff.summary == "1 moved up, 2 moved down, 1 added, 1 removed"
    assert not diff_rows(older, older).changed and diff_rows(older, older).summary == "No difference"


def test_restore_brings_back_order_and_notes_and_keeps_the_replaced_list(workspace, primary):
    a, b, c = (track(workspace) for _ in range(3))
    with time_machine.travel(DAY_ONE, tick=False):
        first = primary.add(a)
        first.save_note("Best mentors")
        primary.add(b)
        snapshot = primary.take_snapshot("Before the interviews")
        primary.add(c)
        primary.move(RankEntry.objects.get(tracked=b), 1)
        TrackedProgram.objects.filter(pk=a.pk).delete()  # a program no longer tracked
        by_program = dict(TrackedProgram.objects.filter(workspace=workspace).values_list("program_id", "pk"))
        restored = primary.restore(snapshot, by_program)
    assert restored.count == 1 and restored.skipped == [a.program.name]
    assert names(primary) == [b.program.name]
    before = primary.snapshots.get(kind=SnapshotKind.BEFORE_RESTORE)
    assert [row["program_id"] for row in before.entries] == [b.program_id, c.program_id]
    assert snapshot.entries[0]["why_here"] == "Best mentors"


def test_restore_brings_back_the_why_here_notes(workspace, primary):
    a = track(workspace)
    primary.add(a).save_note("Close to family")
    snapshot = primary.take_snapshot("Draft")
    primary.entries.update(why_here="")
    primary.restore(snapshot, {a.program_id: a.pk})
    assert primary.entries.get().why_here == "Close to family"


def _stage(tracked) -> str:
    tracked.refresh_from_db(fields=["stage"])
    return tracked.stage


def test_ranking_an_interviewed_program_moves_it_to_ranked_and_back(primary, workspace):
    from programs.choices import Stage

    interviewed = track(workspace, name="Interviewed", stage=Stage.INTERVIEWED)
    applied = track(workspace, name="Applied only", stage=Stage.APPLIED)
    entry = primary.add(interviewed)
    primary.add(applied, confirmed=["not_interviewed"])
    assert _stage(interviewed) == Stage.RANKED
    assert _stage(applied) == Stage.APPLIED  # the "not interviewed" warning stays true
    assert interviewed.stage_changes.first().to_stage == Stage.RANKED
    primary.remove(entry)
    assert _stage(interviewed) == Stage.INTERVIEWED


def test_a_program_on_another_list_stays_ranked(primary, workspace):
    from programs.choices import Stage

    tracked = track(workspace, stage=Stage.INTERVIEWED)
    supplemental = RankList.create_supplemental(workspace, "Prelim")
    entry = primary.add(tracked)
    supplemental.add(tracked)
    primary.remove(entry)
    assert _stage(tracked) == Stage.RANKED


def test_restoring_a_snapshot_keeps_stages_in_step(primary, workspace):
    from programs.choices import Stage

    first = track(workspace, name="First", stage=Stage.INTERVIEWED)
    second = track(workspace, name="Second", stage=Stage.INTERVIEWED)
    primary.add(first)
    snapshot = primary.take_snapshot("Only the first")
    primary.add(second)
    primary.restore(snapshot, {first.program_id: first.pk, second.program_id: second.pk})
    assert (_stage(first), _stage(second)) == (Stage.RANKED, Stage.INTERVIEWED)
