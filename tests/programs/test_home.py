"""What the pipeline adds to the workspace home: the funnel, "needs confirmation" next steps, navigation."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.choices import Stage
from tests.programs.builders import demo_applicant, track


@pytest.fixture
def ws(workspace):
    demo_applicant(workspace)
    return workspace


def home(client, workspace):
    return client.get(reverse("accounts:home", kwargs={"workspace_id": workspace.pk}))


def test_an_empty_list_suggests_importing_or_adding_programs(alice_client, ws):
    response = home(alice_client, ws)
    page = response.content.decode()
    assert "Import or add programs" in page
    assert "Your pipeline" in page
    assert reverse("programs:add_manual", kwargs={"workspace_id": ws.pk}) in page or "/catalog/" in page


def test_the_funnel_counts_stages_and_verdicts(alice_client, ws):
    track(ws)  # eligible
    track(ws, stage=Stage.SHORT_LIST, visa_j1=None)  # needs confirmation
    track(ws, stage=Stage.SHORT_LIST, visa_j1=False)  # ineligible
    track(ws, stage=Stage.EXCLUDED, visa_j1=False)  # closed: not in the verdict counts
    panel = dict(home(alice_client, ws).context["panels"])["programs/home_panel.html"]
    assert {s["value"]: s["count"] for s in panel["stages"]}["short_list"] == 2
    assert {v["value"]: v["count"] for v in panel["verdicts"]} == {
        "eligible": 1,
        "needs_confirmation": 1,
        "ineligible": 1,
    }
    assert (panel["total"], panel["active"]) == (4, 3)


def test_programs_that_need_confirmation_become_next_steps(alice_client, ws):
    waiting = track(ws, name="Quiet Genetics", visa_j1=None)
    track(ws, name="Clear Genetics")
    steps = home(alice_client, ws).context["next_steps"]
    mine = [s for s in steps if "Quiet Genetics" in s.title]
    assert len(mine) == 1
    assert "Ask the coordinator about: Visa sponsorship" in mine[0].detail
    assert mine[0].url == reverse("programs:detail", kwargs={"workspace_id": ws.pk, "pk": waiting.pk})
    assert not [s for s in steps if "Clear Genetics" in s.title]


def test_many_programs_to_confirm_link_to_the_filtered_list(alice_client, ws):
    for n in range(8):
        track(ws, name=f"Quiet {n}", visa_j1=None)
    steps = home(alice_client, ws).context["next_steps"]
    assert steps[-1].title == "3 more programs need confirmation"
    assert steps[-1].url.endswith("?verdict=needs_confirmation")


def test_the_home_page_takes_a_constant_number_of_queries(alice_client, ws):
    url = reverse("accounts:home", kwargs={"workspace_id": ws.pk})
    track(ws, visa_j1=None)
    alice_client.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            alice_client.get(url)
        return len(queries)

    few = count()
    for _ in range(12):
        track(ws, visa_j1=None)
    assert count() == few


def test_the_navigation_links_the_list_and_the_board(alice_client, ws):
    page = home(alice_client, ws).content.decode()
    assert reverse("programs:list", kwargs={"workspace_id": ws.pk}) in page
    assert reverse("programs:board", kwargs={"workspace_id": ws.pk}) in page
