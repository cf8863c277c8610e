"""What outreach adds to the lower apps: navigation, next steps on the home page, demo data."""

from datetime import UTC, datetime, timedelta

import time_machine
from django.urls import reverse

from accounts.demo import load_all
from outreach.choices import Origin
from outreach.demo import load_demo_outreach
from outreach.models import Event, Message
from tests.factories import TrackedProgramFactory

from .factories import OutgoingFactory, ReplyFactory

NOW = datetime(2026, 10, 20, 12, 0, tzinfo=UTC)


def test_the_navigation_links_to_outreach(alice_client, workspace):
    page = alice_client.get(reverse("accounts:home", kwargs={"workspace_id": workspace.pk})).content.decode()
    assert reverse("outreach:index", kwargs={"workspace_id": workspace.pk}) in page


@time_machine.travel(NOW, tick=False)
def test_next_steps_point_at_the_inbox_and_at_silent_programs(alice_client, workspace):
    ReplyFactory(parent=None, workspace=workspace, tracked=None)
    OutgoingFactory(tracked=TrackedProgramFactory(workspace=workspace), sent_at=NOW - timedelta(days=8))
    OutgoingFactory(tracked=TrackedProgramFactory(workspace=workspace), sent_at=NOW - timedelta(days=2))
    page = alice_client.get(reverse("accounts:home", kwargs={"workspace_id": workspace.pk})).content.decode()
    assert "Assign 1 email in the outreach inbox" in page
    assert "Follow up on 1 email with no reply after 7 days" in page


def test_the_demo_loader_does_nothing_without_tracked_programs(workspace):
    load_demo_outreach(workspace)
    assert not Message.objects.exists() and not Event.objects.exists()


def test_the_demo_loader_fills_the_demo_workspace_once(db):
    _user, workspace = load_all()
    for _ in range(3):
        TrackedProgramFactory(workspace=workspace)
    load_all()
    load_all()
    demo = Message.objects.filter(workspace=workspace, origin=Origin.DEMO)
    assert demo.outgoing().count() == 3 and demo.incoming().count() == 1
    assert demo.drafts().count() == 1 and demo.awaiting_reply().count() == 1
    assert workspace.outreach_events.count() == 2 and workspace.outreach_answers.exists()


def test_the_demo_loader_copes_with_a_single_program(db):
    _user, workspace = load_all()
    TrackedProgramFactory(workspace=workspace)
    load_demo_outreach(workspace)
    assert Message.objects.filter(workspace=workspace).outgoing().count() == 3


def test_a_viewer_sees_forms_read_only_without_buttons(bob_client, workspace):
    from .factories import ContactFactory

    contact = ContactFactory(tracked=TrackedProgramFactory(workspace=workspace))
    url = reverse("outreach:contact_edit", kwargs={"workspace_id": workspace.pk, "pk": contact.pk})
    response = bob_client.get(url)
    assert all(field.disabled for field in response.context["form"].fields.values())
    assert "Remove this contact" not in response.content.decode()
