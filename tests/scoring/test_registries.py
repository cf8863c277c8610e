"""What scoring adds to the lower apps: navigation, the list column, the program panel, home, demo."""

import pytest
from django.urls import reverse

from accounts.demo import load_all
from outreach.models import Interview
from programs.choices import Stage
from scoring.demo import load_demo_scoring
from scoring.models import RankList, RankSnapshot, Rating

from .helpers import ELIGIBLE, applicant, only_criteria, rate, track, url


@pytest.fixture
def ws(workspace):
    applicant(workspace)
    return workspace


def test_the_navigation_links_scores_and_the_rank_list(alice_client, ws):
    page = alice_client.get(reverse("accounts:home", kwargs={"workspace_id": ws.pk})).content.decode()
    assert url("scores", ws) in page and url("index", ws) in page
    assert '>\n                <i class="bi bi-list-ol" aria-hidden="true"></i> Rank list' in page


def _names(response) -> list[str]:
    return [row.program.name for row in response.context["rows"]]


def test_the_program_list_sorts_by_composite_and_filters_by_tier(alice_client, ws):
    chosen = only_criteria(ws, faculty=3)
    low, high = track(ws, **ELIGIBLE), track(ws, **ELIGIBLE)
    ineligible = track(ws, **{**ELIGIBLE, "visa_j1": False})
    rate(ws, low, chosen["faculty"], 2)
    rate(ws, high, chosen["faculty"], 5)
    list_url = reverse("programs:list", kwargs={"workspace_id": ws.pk})
    ordered = _names(alice_client.get(list_url, {"sort": "-score"}))
    assert ordered == [high.program.name, low.program.name, ineligible.program.name]
    assert _names(alice_client.get(list_url, {"score": "not_eligible"})) == [ineligible.program.name]
    page = alice_client.get(list_url).content.decode()
    assert "Score · tier" in page and "5.0 · Safer" in page


def test_the_program_page_shows_score_explanation_tier_and_rank(alice_client, ws):
    chosen = only_criteria(ws, faculty=3, visa=5)
    tracked = track(ws, **ELIGIBLE)
    rate(ws, tracked, chosen["faculty"], 3, note="Great metabolic faculty")
    RankList.primary_for(ws).add(tracked)
    page = alice_client.get(
        reverse("programs:detail", kwargs={"workspace_id": ws.pk, "pk": tracked.pk})
    ).content.decode()
    assert "Score, tier and rank" in page and "Composite 4.25" in page
    assert "#1 on Primary list" in page and "Great metabolic faculty" in page and "Sponsors J-1" in page
    assert "Add to the rank list" not in page  # it is on the primary list already


def test_the_home_page_shows_the_rank_list_panel_and_next_steps(alice_client, ws):
    RankList.primary_for(ws).add(track(ws, stage=Stage.APPLIED, **ELIGIBLE))
    page = alice_client.get(reverse("accounts:home", kwargs={"workspace_id": ws.pk})).content.decode()
    assert "No certification deadline for the 2027 Match is on file yet" in page
    assert "1</span> program ranked" in page
    assert "Check 1 warning on your rank list" in page and "Review the changes to your rank list" in page


def test_the_demo_loader_does_nothing_without_tracked_programs(ws):
    load_demo_scoring(ws)
    assert not RankList.objects.filter(workspace=ws).exclude(entries=None).exists()
    assert not Rating.objects.exists() and not Interview.objects.exists()


def test_the_demo_loader_rates_programs_and_builds_a_small_list_once(db):
    _user, ws = load_all()
    primary = RankList.primary_for(ws)
    assert primary.entries.count() == 5 and primary.snapshots.count() == 1
    ratings, interviews = (
        Rating.objects.filter(workspace=ws).count(),
        Interview.objects.filter(workspace=ws).count(),
    )
    assert ratings == 7 and interviews == 3
    assert all(e.why_here for e in primary.entries.all())
    load_all()
    load_demo_scoring(ws)
    assert primary.entries.count() == 5 and RankSnapshot.objects.filter(workspace=ws).count() == 1
    assert Rating.objects.filter(workspace=ws).count() == ratings
