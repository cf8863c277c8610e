import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Membership, Workspace
from tests.base import UserFactory


def ws_url(name, workspace, **kwargs):
    return reverse(name, kwargs={"workspace_id": workspace.pk, **kwargs})


def test_start_opens_the_workspace_used_last(alice_client, alice):
    second = Workspace.create_for(alice, "2028 search", season=2028)
    alice_client.get(ws_url("accounts:home", second))
    response = alice_client.get(reverse("accounts:start"))
    assert response["Location"] == ws_url("accounts:home", second)


def test_start_never_opens_a_workspace_the_user_left(client, world):
    client.force_login(world.bob)
    client.get(ws_url("accounts:home", world.workspace))
    client.post(ws_url("accounts:workspace_leave", world.workspace))
    assert client.get(reverse("accounts:start"))["Location"] == ws_url(
        "accounts:home", Workspace.objects.for_user(world.bob).get()
    )


def test_creating_a_workspace_makes_the_creator_its_owner(alice_client, alice):
    response = alice_client.post(reverse("accounts:workspace_new"), {"name": "2028 Match", "season": 2028})
    workspace = Workspace.objects.get(name="2028 Match")
    assert response["Location"] == ws_url("accounts:home", workspace)
    assert workspace.memberships.get().user == alice
    assert workspace.profile is not None


def test_the_current_workspace_is_named_in_the_navigation(alice_client, workspace):
    page = alice_client.get(ws_url("accounts:home", workspace)).content.decode()
    assert "Current workspace:</span> Alice&#x27;s search" in page


def test_the_owner_renames_the_workspace(alice_client, workspace):
    alice_client.post(
        ws_url("accounts:workspace_rename", workspace), {"name": "Genetics 2027", "season": 2027}
    )
    workspace.refresh_from_db()
    assert workspace.name == "Genetics 2027"


def test_an_editor_cannot_rename_or_manage_members(client, workspace):
    editor = UserFactory(email="ed@example.com")
    workspace.add_member(editor, Membership.Role.EDITOR)
    client.force_login(editor)
    assert (
        client.post(ws_url("accounts:workspace_rename", workspace), {"name": "X", "season": 2027}).status_code
        == 403
    )
    assert (
        client.post(ws_url("accounts:member_invite", workspace), {"email": "x@example.com"}).status_code
        == 403
    )


def test_inviting_an_existing_user_gives_access_and_emails_them(
    alice_client, workspace, django_capture_on_commit_callbacks
):
    dana = UserFactory(email="dana@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(
            ws_url("accounts:member_invite", workspace), {"email": "DANA@example.com", "role": "viewer"}
        )
    assert response.status_code == 302
    assert workspace.memberships.get(user=dana).role == "viewer"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["dana@example.com"]
    assert "Alice&#x27;s search" in mail.outbox[0].alternatives[0][0]


def test_inviting_an_unknown_email_explains_what_to_do(alice_client, workspace):
    response = alice_client.post(
        ws_url("accounts:member_invite", workspace), {"email": "nobody@example.com", "role": "viewer"}
    )
    assert response.status_code == 400
    assert "Ask them to sign up first" in response.content.decode()
    assert workspace.memberships.count() == 2


def test_the_last_owner_cannot_be_demoted_or_removed(alice_client, workspace, alice):
    owner = workspace.memberships.get(user=alice)
    alice_client.post(ws_url("accounts:member_role", workspace, pk=owner.pk), {"role": "viewer"})
    owner.refresh_from_db()
    assert owner.role == "owner"
    alice_client.post(ws_url("accounts:member_remove", workspace, pk=owner.pk))
    assert Membership.objects.filter(pk=owner.pk).exists()


def test_the_owner_changes_a_role_and_removes_a_member(alice_client, workspace, bob):
    bob_membership = workspace.memberships.get(user=bob)
    alice_client.post(ws_url("accounts:member_role", workspace, pk=bob_membership.pk), {"role": "editor"})
    bob_membership.refresh_from_db()
    assert bob_membership.role == "editor"
    alice_client.post(ws_url("accounts:member_remove", workspace, pk=bob_membership.pk))
    assert not workspace.memberships.filter(user=bob).exists()


def test_a_membership_of_another_workspace_cannot_be_touched_through_mine(alice_client, workspace, world):
    charlie_membership = world.charlie_workspace.memberships.get()
    response = alice_client.post(ws_url("accounts:member_remove", workspace, pk=charlie_membership.pk))
    assert response.status_code == 404
    assert Membership.objects.filter(pk=charlie_membership.pk).exists()


def test_deleting_needs_the_exact_name(alice_client, workspace):
    alice_client.post(ws_url("accounts:workspace_delete", workspace), {"confirm_name": "Alice"})
    assert Workspace.objects.filter(pk=workspace.pk).exists()
    alice_client.post(ws_url("accounts:workspace_delete", workspace), {"confirm_name": "Alice's search"})
    assert not Workspace.objects.filter(pk=workspace.pk).exists()


@pytest.mark.parametrize("name", ["accounts:home", "accounts:profile", "accounts:workspace_settings"])
def test_a_made_up_workspace_id_is_a_404(alice_client, name):
    assert (
        alice_client.get(
            reverse(name, kwargs={"workspace_id": "00000000-0000-0000-0000-000000000000"})
        ).status_code
        == 404
    )


def test_preferences_set_the_time_zone_used_for_dates(alice_client, alice):
    alice_client.post(
        reverse("accounts:preferences"),
        {"first_name": "Alice", "last_name": "", "timezone": "America/Los_Angeles"},
    )
    alice.refresh_from_db()
    assert alice.timezone == "America/Los_Angeles"
    response = alice_client.post(reverse("accounts:preferences"), {"timezone": "Mars/Olympus"})
    assert "Select a valid choice" in response.content.decode()
