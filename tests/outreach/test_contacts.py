"""Contacts: suggestions from facts (never duplicates), adding one, CSV and vCard downloads."""

import csv
import io

import pytest
import vobject
from django.urls import reverse

from outreach.contacts import suggestions
from outreach.models import Contact
from programs.choices import SourceKind
from tests.factories import ProgramFactFactory, TrackedProgramFactory

from .factories import ContactFactory


@pytest.fixture
def tracked(workspace):
    tracked = TrackedProgramFactory(workspace=workspace, program__name="Boston Children's")
    ProgramFactFactory(
        program=tracked.program,
        source_kind=SourceKind.ACGME,
        values={
            "coordinator_name": "Jane Doe",
            "coordinator_email": "jane.doe@childrens.example.org",
            "coordinator_phone": "(617) 555-0100",
            "director_name": "Dr. Alan Grant",
        },
    )
    return tracked


def test_coordinator_and_director_from_the_facts_are_suggested(workspace, tracked):
    found = {(s.role, s.name, s.email) for s in suggestions(workspace, [tracked])}
    assert found == {
        ("coordinator", "Jane Doe", "jane.doe@childrens.example.org"),
        ("director", "Dr. Alan Grant", ""),
    }


def test_an_existing_contact_is_never_suggested_again(workspace, tracked):
    ContactFactory(tracked=tracked, name="J. Doe", email="JANE.DOE@childrens.example.org")
    ContactFactory(tracked=tracked, name="dr. alan grant", email="")
    assert suggestions(workspace, [tracked]) == []


def test_adding_a_suggestion_creates_the_contact_from_the_facts(alice_client, workspace, tracked):
    url = reverse(
        "outreach:contact_add_suggestion",
        kwargs={"workspace_id": workspace.pk, "tracked_pk": tracked.pk, "role": "coordinator"},
    )
    alice_client.post(url)
    alice_client.post(url)  # a second click adds nothing
    contact = Contact.objects.get(workspace=workspace)
    assert (contact.name, contact.email, contact.phone, contact.tracked) == (
        "Jane Doe",
        "jane.doe@childrens.example.org",
        "(617) 555-0100",
        tracked,
    )
    assert "ACGME" in contact.how_known


def test_a_contact_cannot_be_tied_to_another_workspaces_program(alice_client, workspace, world):
    foreign = TrackedProgramFactory(workspace=world.charlie_workspace)
    url = reverse("outreach:contact_new", kwargs={"workspace_id": workspace.pk})
    response = alice_client.post(url, {"name": "Sam", "role": "resident", "tracked": foreign.pk})
    assert response.status_code == 400
    assert not Contact.objects.exists()


def test_the_csv_download(alice_client, workspace, tracked):
    ContactFactory(tracked=tracked, name='=HYPERLINK("http://x")', email="a@b.example.org", notes="@note")
    response = alice_client.get(reverse("outreach:contacts_csv", kwargs={"workspace_id": workspace.pk}))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Name", "Role", "Program", "Email"]
    assert (
        rows[1][0] == '\'=HYPERLINK("http://x")'
        and rows[1][2] == "Boston Children's"
        and rows[1][7] == "'@note"
    )


def test_the_vcard_download_reads_back(alice_client, workspace, tracked):
    ContactFactory(
        tracked=tracked,
        name="Jane Doe",
        email="jane@x.example.org",
        phone="617",
        notes="Line 1\nLine 2; with, punctuation",
    )
    ContactFactory(tracked=None, workspace=workspace, name="Prince", email="")
    response = alice_client.get(reverse("outreach:contacts_vcf", kwargs={"workspace_id": workspace.pk}))
    assert response["Content-Type"].startswith("text/vcard")
    cards = list(vobject.readComponents(response.content.decode()))
    assert [c.fn.value for c in cards] == ["Jane Doe", "Prince"]
    assert cards[0].email.value == "jane@x.example.org" and cards[0].org.value == ["Boston Children's"]
    assert cards[0].note.value == "Line 1\nLine 2; with, punctuation"
