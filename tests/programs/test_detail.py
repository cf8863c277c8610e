"""One program in depth, hand-added facts, notes and tags, comparison, manual programs, the rules page."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.template import Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs import panels
from programs.choices import SourceKind, Stage
from programs.eligibility import RULES
from programs.models import Program, ProgramFact, Tag, TrackedProgram
from programs.notes import render_notes
from programs.panels import DetailPanel
from tests.factories import ProgramFactFactory
from tests.programs.builders import demo_applicant, track

# Two days ago: "today" differs between UTC and the user's time zone around midnight.
RECENT = (date.today() - timedelta(days=2)).isoformat()


@pytest.fixture
def ws(workspace):
    demo_applicant(workspace)
    return workspace


def detail_url(tracked) -> str:
    return reverse("programs:detail", kwargs={"workspace_id": tracked.workspace_id, "pk": tracked.pk})


def action_url(name: str, tracked) -> str:
    return reverse(f"programs:{name}", kwargs={"workspace_id": tracked.workspace_id, "pk": tracked.pk})


def test_the_detail_page_shows_facts_with_sources_conflicts_history_and_the_verdict(alice_client, ws):
    tracked = track(ws, name="Genetics at Example", website="https://example.org/genetics", pct_img=12)
    ProgramFactFactory(
        program=tracked.program,
        workspace=ws,
        values={"visa_j1": False, "pct_img": 14},
        source_kind=SourceKind.WEBSITE,
        source_detail="example.org/genetics/apply",
        observed_on=date.today(),
    )
    tracked.move_to(Stage.SHORT_LIST)
    response = alice_client.get(detail_url(tracked))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Facts and their sources" in page
    assert "Program website (example.org/genetics/apply)" in page
    assert "Sources disagree" in page
    assert "2 observations" in page  # the history of a key two sources reported
    assert 'href="https://example.org/genetics"' in page
    assert f'href="https://freida.ama-assn.org/program/{tracked.program.number}"' in page
    assert response.context["verdict"].status == "needs_confirmation"
    assert "Ask the coordinator" in page
    assert "Long list → <span" in page  # stage history
    assert "Not reported:" in page


def test_the_detail_page_takes_a_constant_number_of_queries(alice_client, ws):
    tracked = track(ws)
    url = detail_url(tracked)
    alice_client.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert alice_client.get(url).status_code == 200
        return len(queries)

    few = count()
    for days in range(1, 15):
        ProgramFactFactory(
            program=tracked.program, values={"pct_img": days, "website": f"https://example.org/{days}"},
            observed_on=date.today() - timedelta(days=days), source_kind=SourceKind.ACGME,
        )  # fmt: skip
        tracked.move_to(Stage.SHORT_LIST if days % 2 else Stage.LONG_LIST)
    tracked.tags.create(workspace=ws, name="research")
    assert count() == few


def test_registered_panels_are_rendered_with_their_context(alice_client, ws, monkeypatch):
    template = Template('<section class="test-panel">{{ panel.note }} for {{ panel.name }}</section>')
    panel = DetailPanel(
        order=50,
        template=template,
        context=lambda request, workspace, tracked: {"note": "Outreach log", "name": tracked.program.name},
    )
    hidden = DetailPanel(order=60, template=template, context=lambda request, workspace, tracked: None)
    monkeypatch.setattr(panels, "_panels", [panel, hidden])
    tracked = track(ws, name="Panelled")
    page = alice_client.get(detail_url(tracked)).content.decode()
    assert page.count('class="test-panel"') == 1
    assert "Outreach log for Panelled" in page


def test_notes_interest_and_tags_are_saved(alice_client, ws):
    tracked = track(ws)
    Tag.objects.create(workspace=ws, name="Research")
    data = {"notes": "**Great** lab", "interest": "4", "tag_names": "research, family nearby, Research"}
    response = alice_client.post(action_url("update", tracked), data)
    assert response.status_code == 302
    tracked.refresh_from_db()
    assert (tracked.notes, tracked.interest) == ("**Great** lab", 4)
    assert sorted(t.name for t in tracked.tags.all()) == ["Research", "family nearby"]
    assert Tag.objects.filter(workspace=ws).count() == 2
    page = alice_client.get(detail_url(tracked)).content.decode()
    assert "<strong>Great</strong> lab" in page


def test_an_interest_outside_one_to_five_is_refused(alice_client, ws):
    tracked = track(ws)
    response = alice_client.post(action_url("update", tracked), {"notes": "", "interest": "9"})
    assert response.status_code == 400
    tracked.refresh_from_db()
    assert tracked.interest is None


@pytest.mark.parametrize(
    "notes",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        '<a href="https://x.org" onclick="alert(1)">x</a>',
        "<style>body{display:none}</style>",
        "<iframe src=https://evil.example></iframe>",
    ],
)
def test_notes_markdown_cannot_inject_script_or_styles(notes):
    html = render_notes(notes)
    for forbidden in ("<script", "onerror", "javascript:", "onclick", "<style", "<iframe", "<img"):
        assert forbidden not in html.lower()


def test_notes_markdown_keeps_plain_formatting():
    html = render_notes("# Title\n\n- one\n- [two](https://example.org)")
    assert "<h3>Title</h3>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">two</a>' in html


def test_a_fact_added_by_hand_becomes_the_workspaces_own_and_wins_by_date(alice_client, ws, world):
    tracked = track(ws, visa_h1b=False, observed_on=date.today() - timedelta(days=30))
    data = {
        "key": "visa_h1b",
        "value": "Yes",
        "source_kind": SourceKind.COORDINATOR_EMAIL,
        "source_detail": "Email from the coordinator",
        "observed_on": RECENT,
    }
    assert alice_client.post(action_url("add_fact", tracked), data).status_code == 302
    fact = ProgramFact.objects.get(workspace=ws)
    assert (fact.values, fact.source_kind, fact.created_by) == (
        {"visa_h1b": True},
        "coordinator_email",
        world.alice,
    )
    response = alice_client.get(detail_url(tracked))
    assert response.context["facts"]["visa_h1b"].value is True


def test_accepting_applications_is_entered_as_yes_or_no_for_the_season(alice_client, ws):
    tracked = track(ws, accepting_applications=None)
    data = {"key": "accepting_applications", "value": "yes", "source_kind": "website"}
    alice_client.post(action_url("add_fact", tracked), {**data, "observed_on": RECENT})
    assert ProgramFact.objects.get(workspace=ws).values == {"accepting_applications": {"2027-2028": True}}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"key": "pct_img", "value": "lots"}, "is not a number"),
        ({"key": "visa_j1", "value": "n/a"}, "blank means"),
        ({"key": "visa_j1", "value": "yes", "observed_on": "2999-01-01"}, "cannot be in the future"),
        ({"key": "not_a_key", "value": "1"}, "Select a valid choice"),
    ],
)
def test_a_bad_hand_added_fact_is_explained(alice_client, ws, data, message):
    tracked = track(ws)
    base = {"source_kind": "website", "observed_on": RECENT}
    response = alice_client.post(action_url("add_fact", tracked), {**base, **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProgramFact.objects.filter(workspace=ws).exists()


def test_another_workspaces_program_page_is_not_found(charlie_client, world):
    tracked = track(world.workspace)
    url = reverse("programs:detail", kwargs={"workspace_id": world.charlie_workspace.pk, "pk": tracked.pk})
    assert charlie_client.get(url).status_code == 404


# --- Compare -------------------------------------------------------------------------------------


def compare_url(workspace) -> str:
    return reverse("programs:compare", kwargs={"workspace_id": workspace.pk})


def test_two_programs_side_by_side(alice_client, ws):
    first = track(ws, name="First", pct_img=10)
    second = track(ws, name="Second", pct_img=None, visa_j1=False)
    second.notes = "Ask about **J-1**"
    second.save()
    response = alice_client.get(compare_url(ws), {"ids": [second.pk, first.pk]})
    page = response.content.decode()
    assert [row.program.name for row in response.context["rows"]] == ["Second", "First"]
    assert "% IMG residents" in page and "10%" in page and "not reported" in page
    assert "<strong>J-1</strong>" in page
    assert "The program does not sponsor J-1." in page


def test_compare_ignores_other_workspaces_ids_and_offers_a_picker(alice_client, ws, world):
    mine = track(ws, name="Mine")
    theirs = track(world.charlie_workspace, name="Theirs")
    response = alice_client.get(compare_url(ws), {"ids": [mine.pk, theirs.pk]})
    assert response.templates[0].name == "programs/compare_pick.html"
    assert "Theirs" not in response.content.decode()


def test_compare_takes_a_constant_number_of_queries(alice_client, ws):
    programs = [track(ws) for _ in range(4)]
    alice_client.get(compare_url(ws))

    def count(ids) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert alice_client.get(compare_url(ws), {"ids": ids}).status_code == 200
        return len(queries)

    two = count([p.pk for p in programs[:2]])
    for tracked in programs:
        ProgramFactFactory(
            program=tracked.program, workspace=ws, values={"pct_img": 3}, source_kind="website"
        )
    assert count([p.pk for p in programs]) == two


# --- Manual programs -----------------------------------------------------------------------------


def test_a_manual_program_is_private_and_tracked(alice_client, ws, world):
    url = reverse("programs:add_manual", kwargs={"workspace_id": ws.pk})
    data = {"name": "New genetics program", "city": "Omaha", "state": "NE", "specialty": ""}
    response = alice_client.post(url, data)
    program = Program.objects.get(name="New genetics program")
    tracked = TrackedProgram.objects.get(program=program)
    assert (program.number, program.workspace, tracked.workspace, tracked.stage) == (
        None,
        ws,
        ws,
        "long_list",
    )
    assert response["Location"] == detail_url(tracked)
    assert "Added by hand" in alice_client.get(detail_url(tracked)).content.decode()
    other = reverse("programs:detail", kwargs={"workspace_id": world.charlie_workspace.pk, "pk": tracked.pk})
    alice_client.force_login(world.charlie)
    assert alice_client.get(other).status_code == 404
    assert not Program.objects.visible_to(world.charlie_workspace).filter(pk=program.pk).exists()


def test_a_manual_program_needs_a_name(alice_client, ws):
    response = alice_client.post(reverse("programs:add_manual", kwargs={"workspace_id": ws.pk}), {"name": ""})
    assert response.status_code == 200
    assert not Program.objects.filter(workspace=ws).exists()


def test_the_rules_page_explains_every_rule(alice_client, ws):
    response = alice_client.get(reverse("programs:rules", kwargs={"workspace_id": ws.pk}))
    page = response.content.decode()
    for rule in RULES.values():
        assert rule.label in page
    assert "2027-2028" in page
    assert "green-card holders" in page
