"""A confirmed answer becomes ONE fact with its source, and resolve_facts now returns it."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from outreach.models import Answer, Confirmation
from outreach.models.base import OutreachSettings
from programs.choices import SourceKind
from programs.models import ProgramFact
from programs.resolve import resolve_facts
from tests.factories import ProgramFactFactory, TrackedProgramFactory

from .factories import EventFactory, ReplyFactory


@pytest.fixture
def tracked(workspace):
    tracked = TrackedProgramFactory(workspace=workspace)
    # FREIDA says both visas, some months ago.
    ProgramFactFactory(
        program=tracked.program, values={"visa_j1": True, "visa_h1b": True}, observed_on=date(2026, 8, 1)
    )
    OutreachSettings.for_workspace(workspace)
    return tracked


@pytest.fixture
def reply(tracked):
    return ReplyFactory(parent__tracked=tracked, received_at=datetime(2026, 10, 6, 13, 14, tzinfo=UTC))


def confirm_url(reply):
    return reverse("outreach:message_confirm", kwargs={"workspace_id": reply.workspace_id, "pk": reply.pk})


def test_confirming_j1_only_writes_one_fact_sourced_to_the_reply(alice_client, workspace, tracked, reply):
    response = alice_client.post(confirm_url(reply), {"visa": "j1_only", "step2ck_min_score": "230"})
    assert response.status_code == 302
    fact = ProgramFact.objects.get(workspace=workspace)
    assert fact.values == {"visa_j1": True, "visa_h1b": False, "step2ck_min_score": 230}
    assert fact.source_kind == SourceKind.COORDINATOR_EMAIL
    assert fact.observed_on == date(2026, 10, 6)
    assert fact.source_url == reverse(
        "outreach:message_detail", kwargs={"workspace_id": workspace.pk, "pk": reply.pk}
    )
    assert "jane.doe@childrens.example.org" in fact.source_detail and reply.subject in fact.source_detail
    assert Confirmation.objects.get().fact == fact


def test_resolve_facts_now_believes_the_coordinator(alice_client, workspace, tracked, reply):
    before = resolve_facts(workspace, [tracked.program_id], today=date(2026, 11, 1))[tracked.program_id]
    assert before["visa_h1b"].value is True and before["visa_h1b"].source.source_kind == SourceKind.FREIDA
    alice_client.post(confirm_url(reply), {"visa": "j1_only"})
    after = resolve_facts(workspace, [tracked.program_id], today=date(2026, 11, 1))[tracked.program_id]
    assert after["visa_h1b"].value is False
    assert after["visa_h1b"].source.source_kind == SourceKind.COORDINATOR_EMAIL
    assert after["visa_j1"].source.source_kind == SourceKind.COORDINATOR_EMAIL


def test_the_program_page_shows_the_new_source(alice_client, workspace, tracked, reply):
    url = reverse("outreach:program", kwargs={"workspace_id": workspace.pk, "tracked_pk": tracked.pk})
    assert "FREIDA" in alice_client.get(url).content.decode()
    alice_client.post(confirm_url(reply), {"visa": "j1_only"})
    page = alice_client.get(url).content.decode()
    row = page[page.index('data-fact-key="visa_h1b"') :][:900]
    assert "Coordinator email" in row and ">No" in row.replace("\n", "").replace(" ", "")


def test_the_visa_answer_also_lands_in_the_question_bank(alice_client, workspace, tracked, reply):
    alice_client.post(confirm_url(reply), {"visa": "j1_only", "img_residents_recent": "yes"})
    answers = {a.question.slug: a.text for a in Answer.objects.select_related("question")}
    assert answers == {"visa": "J-1 only (confirmed)", "img_residents": "Yes, recent non-US IMG residents"}


def test_an_empty_confirmation_is_refused_and_writes_nothing(alice_client, reply):
    response = alice_client.post(confirm_url(reply), {"visa": ""})
    assert response.status_code == 400
    assert "Choose at least one thing" in response.content.decode()
    assert not ProgramFact.objects.filter(workspace=reply.workspace).exists()


def test_a_junk_score_is_refused(alice_client, reply):
    response = alice_client.post(confirm_url(reply), {"step2ck_min_score": "999"})
    assert response.status_code == 400
    assert not ProgramFact.objects.filter(workspace=reply.workspace).exists()


def test_an_unassigned_reply_cannot_confirm_anything(alice_client, workspace):
    inbox = ReplyFactory(parent=None, workspace=workspace, tracked=None)
    assert alice_client.post(confirm_url(inbox), {"visa": "j1_only"}).status_code == 403


def test_withdrawing_a_confirmation_deletes_its_fact(alice_client, workspace, tracked, reply):
    alice_client.post(confirm_url(reply), {"visa": "none"})
    confirmation = Confirmation.objects.get()
    url = reverse(
        "outreach:confirmation_delete", kwargs={"workspace_id": workspace.pk, "pk": confirmation.pk}
    )
    assert alice_client.post(url).status_code == 302
    assert not ProgramFact.objects.filter(workspace=workspace).exists()
    assert not Confirmation.objects.exists()


def test_deleting_the_reply_deletes_the_facts_it_confirmed(alice_client, workspace, tracked, reply):
    alice_client.post(confirm_url(reply), {"visa": "none"})
    url = reverse("outreach:message_delete", kwargs={"workspace_id": workspace.pk, "pk": reply.pk})
    alice_client.post(url)
    assert not ProgramFact.objects.filter(workspace=workspace).exists()
    reply.parent.refresh_from_db()
    assert reply.parent.replied_at is None


@pytest.mark.parametrize(
    ("kind", "source"),
    [
        ("open_house", SourceKind.OPEN_HOUSE),
        ("resident_conversation", SourceKind.RESIDENT),
        ("interview", SourceKind.INTERVIEW),
    ],
)
def test_an_answer_heard_at_an_event_becomes_a_fact_of_that_source(
    alice_client, workspace, tracked, kind, source
):
    event = EventFactory(workspace=workspace, kind=kind, starts_at=datetime(2026, 10, 21, 1, 0, tzinfo=UTC))
    event.programs.add(tracked)
    url = reverse(
        "outreach:event_confirm",
        kwargs={"workspace_id": workspace.pk, "pk": event.pk, "tracked_pk": tracked.pk},
    )
    assert alice_client.post(url, {"img_residents_recent": "no"}).status_code == 302
    fact = ProgramFact.objects.get(workspace=workspace)
    assert (fact.source_kind, fact.values) == (source, {"img_residents_recent": False})
    assert fact.observed_on == date(2026, 10, 20)  # the evening of the 20th in New York
    assert fact.source_url.endswith(f"/outreach/events/{event.pk}/")


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("/w/x/outreach/emails/1/", "/w/x/outreach/emails/1/"),
        ("https://program.example.org/visas", "https://program.example.org/visas"),
        ("javascript:alert(1)", ""),
        ("//evil.example.net/x", ""),
        ("data:text/html,hi", ""),
    ],
)
def test_only_safe_source_links_are_linked(url, shown):
    from outreach.panels import safe_link

    assert safe_link(url) == shown


def test_a_confirmed_answer_changes_the_eligibility_verdict(alice_client, workspace, tracked, reply):
    """An H-1B applicant: FREIDA said both visas (eligible on visa); the coordinator says J-1 only."""
    from programs.eligibility import Status, verdicts_for

    profile = workspace.profile
    profile.visa_need = "h1b"
    profile.save(update_fields=["visa_need"])

    def visa_rule():
        return next(r for r in verdicts_for(workspace, [tracked])[tracked.pk].reasons if r.rule == "visa")

    assert visa_rule().outcome == "pass"
    alice_client.post(confirm_url(reply), {"visa": "j1_only"})
    verdict = verdicts_for(workspace, [tracked])[tracked.pk]
    assert verdict.status == Status.INELIGIBLE
    assert visa_rule().outcome == "fail"
    assert visa_rule().source == "Coordinator email"
    page = alice_client.get(
        reverse("outreach:program", kwargs={"workspace_id": workspace.pk, "tracked_pk": tracked.pk})
    ).content.decode()
    assert "Ineligible" in page[page.index("program-verdict") :][:600]
