"""The source registry: the contract another app (scoring's rank list) fills from its ready()."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from outreach.models import Notification, NotificationPreferences, Reminder, ReminderStatus
from outreach.reminders import Due, ReminderSource, kinds, register_reminder_source, sources
from outreach.reminders.registry import unregister_reminder_source

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 2, 18, 14, 0, tzinfo=UTC)


@pytest.fixture
def fake_source(workspace):
    """A stand-in for the rank-list source: one reminder per call, withdrawn when asked."""
    calls = {"find": 0, "still": 0, "withdrawn": set()}

    def find_due(now, recipients):
        calls["find"] += 1
        people = recipients.of([workspace.pk])[workspace.pk]
        assert people and all(p.zone.key == "America/New_York" for p in people)
        return [
            Due(workspace_id=workspace.pk, target_type="scoring.ranklist", target_id=1, occurrence="7d",
                due_at=now - timedelta(minutes=1), title="Review the changes to your rank list",
                url=reverse("accounts:home", kwargs={"workspace_id": workspace.pk}))
        ]  # fmt: skip

    def still_due(reminders, now):
        calls["still"] += 1
        return {r.pk for r in reminders if r.target_id not in calls["withdrawn"]}

    register_reminder_source(
        ReminderSource(kind="rank_list_fake", label="Rank list", description="Fake rank list reminders.",
                       find_due=find_due, still_due=still_due, order=50)
    )  # fmt: skip
    yield calls
    unregister_reminder_source("rank_list_fake")


def test_outreach_registers_its_four_sources_in_order():
    assert kinds()[:4] == ["follow_up", "event", "deadline", "fact_check"]
    assert all(source.description for source in sources())


def test_a_registered_source_creates_idempotently_and_is_delivered(
    fake_source, alice, alice_client, workspace
):
    from outreach.reminders import create_due_reminders, run_pass

    NotificationPreferences.objects.create(
        user=alice, email_off=["rank_list_fake"]
    )  # no email templates here
    assert create_due_reminders(NOW) == 1
    assert create_due_reminders(NOW) == 0
    run_pass(NOW)
    (reminder,) = Reminder.objects.filter(kind="rank_list_fake")
    assert (reminder.user, reminder.status) == (alice, ReminderStatus.SENT)
    assert Notification.objects.get(reminder=reminder).title == "Review the changes to your rank list"
    assert fake_source["still"] == 1 and not mail.outbox
    page = alice_client.get(reverse("outreach:notification_settings", kwargs={"workspace_id": workspace.pk}))
    assert "Fake rank list reminders." in page.content.decode()


def test_a_source_can_withdraw_a_reminder_before_delivery(fake_source, alice):
    from outreach.reminders import create_due_reminders, run_pass

    create_due_reminders(NOW)
    fake_source["withdrawn"].add(1)  # e.g. the rank list was certified meanwhile
    run_pass(NOW)
    assert Reminder.objects.get(kind="rank_list_fake").status == ReminderStatus.CANCELLED
    assert not Notification.objects.exists()


def test_reminders_of_a_kind_nobody_provides_any_more_are_cancelled(workspace, alice):
    Reminder.objects.create(
        workspace=workspace, user=alice, kind="gone", occurrence="x", target_type="x.y", target_id=1,
        title="Orphan", url="/", due_at=NOW, next_attempt_at=NOW, dedupe_key="gone:1",
    )  # fmt: skip
    from outreach.reminders import run_pass

    run_pass(NOW)
    assert Reminder.objects.get().status == ReminderStatus.CANCELLED
