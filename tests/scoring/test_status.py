"""The status the reminders read: unreviewed changes and open warnings — read-only, constant queries."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programs.choices import Stage
from scoring.models import Criterion, RankList, RankSnapshot
from scoring.status import rank_list_status, unreviewed_since

from .helpers import ELIGIBLE, applicant, track

NOW = datetime(2027, 1, 20, 15, 0, tzinfo=UTC)


@pytest.fixture
def ws(workspace):
    applicant(workspace)
    return workspace


def test_a_workspace_without_a_list_has_nothing_to_review_and_gets_no_list(ws):
    Criterion.objects.filter(workspace=ws).delete()  # as in a workspace made before scoring existed
    with CaptureQueriesContext(connection) as queries:
        status = rank_list_status(ws)
    assert not status.has_unreviewed_changes and status.open_warnings == [] and status.entry_count == 0
    assert (
        not RankList.objects.exists() and not Criterion.objects.filter(workspace=ws).exists()
    )  # nothing written
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries.captured_queries)


@time_machine.travel(NOW, tick=False)
def test_it_reports_unreviewed_changes_and_open_warnings(ws):
    primary = RankList.primary_for(ws)
    primary.add(track(ws, **ELIGIBLE))
    primary.add(track(ws, stage=Stage.APPLIED, **ELIGIBLE))
    status = rank_list_status(ws)
    assert status.has_unreviewed_changes and status.changed_at == NOW
    assert [(rank_list, warning.code) for rank_list, warning in status.open_warnings] == [
        (primary, "not_interviewed")
    ]
    primary.take_snapshot("Reviewed")
    assert not rank_list_status(ws).has_unreviewed_changes
    assert RankSnapshot.objects.count() == 1


def test_it_counts_every_list(ws):
    RankList.primary_for(ws).add(track(ws, **ELIGIBLE))
    RankList.create_supplemental(ws, "Prelim").add(track(ws, stage=Stage.WITHDRAWN, **ELIGIBLE))
    status = rank_list_status(ws)
    assert status.entry_count == 2 and [w.code for _l, w in status.open_warnings] == ["closed"]


def _count(ws) -> int:
    with CaptureQueriesContext(connection) as queries:
        rank_list_status(ws)
    return len(queries)


def test_it_takes_a_constant_number_of_queries(ws):
    primary = RankList.primary_for(ws)
    supplemental = RankList.create_supplemental(ws, "Prelim")
    primary.add(track(ws, **ELIGIBLE))
    few = _count(ws)
    for _ in range(8):
        primary.add(track(ws, stage=Stage.APPLIED, **ELIGIBLE, nrmp_codes=["1234567C0"]))
        supplemental.add(track(ws, **ELIGIBLE))
    assert _count(ws) == few <= 12


def test_unreviewed_since_reads_any_number_of_workspaces_in_one_query(ws, charlie):
    other = charlie.memberships.get().workspace
    RankList.primary_for(ws).add(track(ws))
    RankList.primary_for(other).take_snapshot("Nothing yet")
    with CaptureQueriesContext(connection) as queries:
        found = unreviewed_since([ws.pk, other.pk])
    assert len(queries) == 1 and list(found) == [ws.pk]
