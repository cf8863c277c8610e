"""Query counts: every scoring page and download costs the same whatever the number of programs."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outreach.choices import InterviewStatus
from outreach.models import Interview
from programs.choices import Stage
from scoring.models import RankList

from .helpers import ELIGIBLE, applicant, criteria, rate, track, url


@pytest.fixture
def ws(workspace):
    applicant(workspace)
    return workspace


def _add_programs(ws, count: int) -> None:
    primary = RankList.primary_for(ws)
    chosen = criteria(ws)
    for n in range(count):
        tracked = track(ws, stage=Stage.APPLIED if n % 2 else Stage.INTERVIEWED, **ELIGIBLE, pct_img=float(n),
                        nrmp_codes=[f"{n:04d}130C0"], clinical_areas=["pediatric", "adult"])  # fmt: skip
        rate(ws, tracked, chosen["faculty"], 1 + n % 5, note="why")
        Interview.objects.create(
            workspace=ws, tracked=tracked, status=InterviewStatus.COMPLETED, rating_overall=4
        )
        primary.add(tracked)
    primary.take_snapshot(f"After {count}")


def _count(client, target: str) -> int:
    client.get(target)  # first visit: seeding and session writes
    with CaptureQueriesContext(connection) as queries:
        assert client.get(target).status_code == 200
    return len(queries)


PAGES = {
    "rank list": lambda ws: url("index", ws),
    "scores": lambda ws: url("scores", ws),
    "criteria": lambda ws: url("criteria", ws),
    "suggestion": lambda ws: url("suggestion", ws, pk=RankList.primary_for(ws).pk),
    "snapshots": lambda ws: url("snapshot_list", ws, pk=RankList.primary_for(ws).pk),
    "rank list pdf": lambda ws: url("list_download", ws, pk=RankList.primary_for(ws).pk, fmt="pdf"),
    "rank list xlsx": lambda ws: url("list_download", ws, pk=RankList.primary_for(ws).pk, fmt="xlsx"),
    "scores csv": lambda ws: url("scores_download", ws, fmt="csv"),
    "program list": lambda ws: reverse("programs:list", kwargs={"workspace_id": ws.pk}) + "?sort=-score",
    "home": lambda ws: reverse("accounts:home", kwargs={"workspace_id": ws.pk}),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_the_page_takes_a_constant_number_of_queries(alice_client, ws, page):
    _add_programs(ws, 2)
    few = _count(alice_client, PAGES[page](ws))
    _add_programs(ws, 9)
    assert _count(alice_client, PAGES[page](ws)) == few


@pytest.mark.parametrize("page", ["scores", "scores csv"])
def test_the_scores_page_computed_in_full_takes_a_constant_number_of_queries(alice_client, ws, page):
    """Without the memo (a new day, a new profile): every program scored in full, still constant."""
    _add_programs(ws, 2)
    few = _count_cold(alice_client, PAGES[page](ws))
    _add_programs(ws, 9)
    assert _count_cold(alice_client, PAGES[page](ws)) == few


def _count_cold(client, target: str) -> int:
    client.get(target)  # first visit: seeding and session writes
    cache.clear()  # the scoring memo with it
    with CaptureQueriesContext(connection) as queries:
        assert client.get(target).status_code == 200
    return len(queries)


def test_a_programs_rating_page_takes_a_constant_number_of_queries(alice_client, ws):
    _add_programs(ws, 1)
    tracked = RankList.primary_for(ws).entries.get().tracked
    target = url("program", ws, tracked_pk=tracked.pk)
    few = _count(alice_client, target)
    Interview.objects.filter(tracked=tracked).update(rating_culture=3, rating_research=5)
    _add_programs(ws, 5)
    assert _count(alice_client, target) == few
