"""The bell, the notification list (mark read, dismiss), notification settings and one-click unsubscribe."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outreach.models import Notification, NotificationPreferences, NotificationState, Reminder, ReminderStatus
from outreach.reminders.emails import unsubscribe_token
from tests.base import first_workspace
from tests.outreach.factories import OutgoingFactory

from .helpers import run

pytestmark = pytest.mark.django_db


def url(name, workspace, **kwargs):
    return reverse(f"outreach:{name}", kwargs={"workspace_id": workspace.pk, **kwargs})


def note(user, workspace, title="No reply from Iowa", **fields):
    return Notification.objects.create(
        workspace=workspace, user=user, kind="follow_up", title=title, url="/x/", **fields
    )


def test_the_bell_shows_the_unread_count_with_one_query(alice_client, alice, workspace):
    home = reverse("accounts:home", kwargs={"workspace_id": workspace.pk})
    assert "Reminders: nothing unread" in alice_client.get(home).content.decode()
    note(alice, workspace)
    with CaptureQueriesContext(connection) as few:
        page = alice_client.get(home).content.decode()
    assert "Reminders: 1 unread" in page
    for n in range(20):
        note(alice, workspace, title=f"Reminder {n}")
    with CaptureQueriesContext(connection) as many:
        page = alice_client.get(home).content.decode()
    assert "Reminders: 21 unread" in page
    assert len(many) == len(few)


def test_the_bell_counts_only_workspaces_the_person_still_belongs_to(alice_client, alice, charlie, workspace):
    note(alice, first_workspace(charlie))  # e.g. a workspace alice has left
    page = alice_client.get(reverse("accounts:home", kwargs={"workspace_id": workspace.pk})).content.decode()
    assert "Reminders: nothing unread" in page


def test_the_list_shows_own_notifications_and_unread_ones_elsewhere(alice_client, alice, bob, workspace):
    mine = note(alice, workspace, title="Follow up with Iowa")
    note(bob, workspace, title="Bob's own reminder")
    other = workspace.__class__.create_for(alice, "Second season", 2028)
    note(alice, other, title="Elsewhere")
    page = alice_client.get(url("notifications", workspace)).content.decode()
    assert "Follow up with Iowa" in page and mine.url in page
    assert "Bob's own reminder" not in page and "Elsewhere" not in page
    assert "Second season (1)" in page


def test_mark_read_dismiss_and_mark_all_read(alice_client, alice, workspace):
    first, second, _third = (note(alice, workspace, title=t) for t in ("One", "Two", "Three"))
    assert ">Two</a>" in alice_client.get(url("notifications", workspace)).content.decode()
    assert alice_client.post(url("notification_read", workspace, pk=first.pk)).status_code == 302
    alice_client.post(url("notification_dismiss", workspace, pk=second.pk))
    alice_client.post(url("notifications_read_all", workspace))
    states = dict(Notification.objects.values_list("title", "state"))
    assert states == {
        "One": NotificationState.READ,
        "Two": NotificationState.DISMISSED,
        "Three": NotificationState.READ,
    }
    page = alice_client.get(url("notifications", workspace)).content.decode()
    assert ">Two</a>" not in page and ">Three</a>" in page


def test_someone_elses_notification_is_not_found(client, workspace, alice, world):
    from accounts.models import Membership
    from tests.base import UserFactory

    dana = UserFactory(email="dana@example.com")
    workspace.add_member(dana, Membership.Role.EDITOR)
    client.force_login(dana)
    alices = note(alice, workspace)
    assert client.post(url("notification_read", workspace, pk=alices.pk)).status_code == 404
    assert client.post(url("notification_dismiss", workspace, pk=alices.pk)).status_code == 404


def test_failed_deliveries_are_shown_until_acknowledged(alice_client, alice, tracked, workspace):
    OutgoingFactory(tracked=tracked, sent_at=datetime(2026, 10, 1, tzinfo=UTC))
    run(datetime(2026, 10, 8, 12, 0, tzinfo=UTC))
    Reminder.objects.update(status=ReminderStatus.FAILED, attempts=5, last_error="550 mailbox unavailable")
    page = alice_client.get(url("notifications", workspace)).content.decode()
    assert "1 reminder email could not be delivered" in page and "550 mailbox unavailable" in page
    home = alice_client.get(reverse("accounts:home", kwargs={"workspace_id": workspace.pk})).content.decode()
    assert "could not be delivered" in home
    alice_client.post(url("failed_acknowledge", workspace))
    assert "could not be delivered" not in alice_client.get(url("notifications", workspace)).content.decode()


def test_settings_turn_kinds_and_channels_off_and_choose_a_digest(alice_client, alice, workspace):
    page = alice_client.get(url("notification_settings", workspace)).content.decode()
    for label in (
        "Unanswered emails",
        "Events and interviews",
        "Season deadlines",
        "Facts to re-verify",
        "Rank list",
    ):
        assert label in page
    data = {
        "delivery": "digest", "digest_hour": "18",
        "kind_follow_up": ["in_app"], "kind_event": ["email", "in_app"],
        "kind_deadline": ["email"], "kind_fact_check": [], "kind_rank_list": ["email", "in_app"],
    }  # fmt: skip
    assert alice_client.post(url("notification_settings", workspace), data).status_code == 302
    prefs = NotificationPreferences.objects.get(user=alice)
    assert (prefs.digest, prefs.digest_hour) == (True, 18)
    assert sorted(prefs.email_off) == ["fact_check", "follow_up"]
    assert sorted(prefs.in_app_off) == ["deadline", "fact_check"]


def test_a_turned_off_kind_is_not_emailed(alice_client, alice, tracked, workspace):
    alice_client.post(
        url("notification_settings", workspace),
        {"delivery": "immediate", "digest_hour": "7", "kind_follow_up": ["in_app"], "kind_event": ["email"],
         "kind_deadline": ["email"], "kind_fact_check": ["email"]},
    )  # fmt: skip
    OutgoingFactory(tracked=tracked, sent_at=datetime(2026, 10, 1, tzinfo=UTC))
    run(datetime(2026, 10, 9, tzinfo=UTC))
    assert not mail.outbox and Notification.objects.filter(user=alice).count() == 1


def _unsubscribe(workspace, user, kind="follow_up"):
    return url("unsubscribe", workspace, token=unsubscribe_token(user.pk, workspace.pk, kind))


def test_unsubscribe_get_shows_one_button_and_changes_nothing(client, alice, workspace):
    page = client.get(_unsubscribe(workspace, alice)).content.decode()
    assert "Stop “Unanswered emails” reminder emails to alice@example.com?" in page
    assert not NotificationPreferences.objects.exists()


def test_one_click_unsubscribe_works_without_a_session_or_csrf_token(alice, workspace):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(_unsubscribe(workspace, alice), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert NotificationPreferences.objects.get(user=alice).email_off == ["follow_up"]


def test_the_unsubscribe_button_redirects_to_a_confirmation(client, alice, workspace):
    link = _unsubscribe(workspace, alice, "*")
    response = client.post(link)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "will no longer get all reminder emails" in page
    assert sorted(NotificationPreferences.objects.get(user=alice).email_off) == [
        "deadline", "event", "fact_check", "follow_up", "rank_list",
    ]  # fmt: skip


def test_forged_or_foreign_unsubscribe_tokens_are_not_found(client, alice, charlie, workspace):
    assert client.get(url("unsubscribe", workspace, token="nonsense")).status_code == 404
    tampered = unsubscribe_token(alice.pk, workspace.pk, "follow_up")[:-2] + "xx"
    assert client.post(url("unsubscribe", workspace, token=tampered)).status_code == 404
    foreign = unsubscribe_token(alice.pk, first_workspace(charlie).pk, "follow_up")
    assert client.post(url("unsubscribe", workspace, token=foreign)).status_code == 404
    assert not NotificationPreferences.objects.exists()


def test_the_unsubscribe_link_in_a_real_email_works(client, alice, tracked, workspace):
    OutgoingFactory(tracked=tracked, sent_at=datetime(2026, 10, 1, tzinfo=UTC))
    run(datetime(2026, 10, 1, tzinfo=UTC) + timedelta(days=8))
    link = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>").split("127.0.0.1:8000", 1)[1]
    assert client.post(link, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert NotificationPreferences.objects.get(user=alice).email_off == ["follow_up"]


def test_the_account_preferences_link_to_the_notification_settings(alice_client, workspace):
    page = alice_client.get(reverse("accounts:preferences")).content.decode()
    assert url("notification_settings", workspace) in page
