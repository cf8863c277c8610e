"""Access cases of the pipeline pages (tests/test_access.py runs them for every role)."""

from programs.choices import Stage
from programs.models import SavedFilter
from tests.access import Case
from tests.factories import ProgramFactFactory, TrackedProgramFactory


def build(world) -> None:
    first = TrackedProgramFactory(workspace=world.workspace)
    second = TrackedProgramFactory(workspace=world.workspace)
    for tracked in (first, second):
        ProgramFactFactory(program=tracked.program, values={"visa_j1": True, "pct_img": 20})
    world.objects["tracked"] = first
    world.objects["second_tracked"] = second
    world.objects["saved_filter"] = SavedFilter.objects.create(
        workspace=world.workspace, name="J-1 programs", query="visa=j1"
    )


def _tracked(world) -> dict:
    return {"workspace_id": world.workspace.pk, "pk": world.tracked.pk}


def _saved(world) -> dict:
    return {"workspace_id": world.workspace.pk, "pk": world.saved_filter.pk}


def _bulk(world) -> dict:
    return {"scope": "selected", "ids": [world.tracked.pk], "stage": Stage.SHORT_LIST, "query": ""}


CASES = [
    Case("programs:list"),
    Case("programs:list", data=lambda w: {"verdict": "eligible", "sort": "-pct_img"}, label="filtered"),
    Case("programs:board"),
    Case("programs:detail", kwargs=_tracked),
    Case("programs:compare", data=lambda w: {"ids": [w.tracked.pk, w.second_tracked.pk]}),
    Case("programs:compare", label="picker"),
    Case("programs:rules"),
    Case("programs:add_manual", write=True),
    Case("programs:add_manual", method="post", write=True, data=lambda w: {"name": "A new program"}),
    Case(
        "programs:move",
        kwargs=_tracked,
        method="post",
        write=True,
        data=lambda w: {"stage": Stage.SHORT_LIST},
    ),
    Case(
        "programs:update",
        kwargs=_tracked,
        method="post",
        write=True,
        data=lambda w: {"notes": "Good", "interest": "4"},
    ),
    Case(
        "programs:add_fact",
        kwargs=_tracked,
        method="post",
        write=True,
        data=lambda w: {
            "key": "visa_h1b",
            "value": "yes",
            "source_kind": "website",
            "observed_on": "2026-01-05",
        },
    ),
    Case("programs:bulk_move", method="post", write=True, data=_bulk),
    Case("programs:bulk_exclude", method="post", write=True, data=lambda w: {**_bulk(w), "reason": "No J-1"}),
    Case(
        "programs:filter_save",
        method="post",
        write=True,
        data=lambda w: {"name": "Mine", "query": "stage=applied"},
    ),
    Case("programs:filter_delete", kwargs=_saved, method="post", write=True),
]
