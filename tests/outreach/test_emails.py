"""Composing from a template, the mailto and copy actions, logging as sent, and optional app sending."""

from datetime import UTC, datetime
from smtplib import SMTPException
from unittest import mock
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from outreach.choices import Delivery, OutStatus
from outreach.models import Message, OutreachSettings
from outreach.tasks import deliver, send_outgoing_email
from outreach.templating import fill, placeholder_values
from tests.factories import TrackedProgramFactory

from .factories import ContactFactory, OutgoingFactory, ReplyFactory


@pytest.fixture
def tracked(workspace):
    profile = workspace.profile
    profile.full_name, profile.citizenship_country, profile.medical_school = (
        "Priya Sharma",
        "India",
        "AIIMS Delhi",
    )
    profile.save()
    return TrackedProgramFactory(workspace=workspace, program__name="Boston Children's Hospital Program")


def url(name, workspace, **kwargs):
    return reverse(f"outreach:{name}", kwargs={"workspace_id": workspace.pk, **kwargs})


def test_placeholders_are_filled_from_the_profile_program_and_contact(workspace, tracked):
    contact = ContactFactory(tracked=tracked, name="Jane Doe")
    values = placeholder_values(workspace, tracked, contact)
    text = fill(
        "Dear {contact_name}, I am {my_name} from {my_school} ({my_country}) for {program}, {season}.", values
    )
    assert text == (
        f"Dear Jane Doe, I am Priya Sharma from AIIMS Delhi (India) for Boston Children's Hospital Program, {workspace.season}."
    )


@pytest.mark.parametrize(
    "template",
    [
        "{{ request.user.password }}",
        "{% debug %}",
        "{0.__class__}",
        "{program.__init__}",
        "{unknown}",
        "{ program }",
    ],
)
def test_templates_are_never_executed_only_substituted(workspace, tracked, template):
    assert fill(template, placeholder_values(workspace, tracked)) == template


def test_composing_creates_a_tagged_draft_filled_from_the_template(alice_client, workspace, tracked):
    contact = ContactFactory(tracked=tracked, name="Jane Doe", email="jane@childrens.example.org")
    OutreachSettings.for_workspace(workspace)
    template = workspace.outreach_templates.first()
    response = alice_client.post(url("compose", workspace), {"tracked": tracked.pk, "template": template.pk})
    draft = Message.objects.get(workspace=workspace)
    assert response["Location"] == url("draft_edit", workspace, pk=draft.pk)
    assert draft.is_draft and draft.contact == contact and draft.to_address == "jane@childrens.example.org"
    assert draft.subject == "Visa sponsorship and eligibility – Boston Children's Hospital Program"
    assert draft.display_subject == f"{draft.subject} [{draft.tag}]"
    assert (
        "Dear Jane Doe," in draft.body
        and "Do you sponsor J-1 and/or H-1B visas for residents in Boston" in draft.body
    )
    assert draft.message_id.startswith("<") and draft.tag.lower() in draft.message_id


def test_a_contact_of_another_program_is_refused(alice_client, workspace, tracked):
    other = ContactFactory(tracked=TrackedProgramFactory(workspace=workspace))
    response = alice_client.post(url("compose", workspace), {"tracked": tracked.pk, "contact": other.pk})
    assert response.status_code == 400 and "belongs to another program" in response.content.decode()
    assert not Message.objects.exists()


def test_the_mailto_link_carries_address_subject_with_tag_and_body(workspace, tracked):
    draft = OutgoingFactory(
        tracked=tracked, status=OutStatus.DRAFT, to_address="jane@x.example.org", body="Line 1\nLine & 2"
    )
    parts = urlsplit(draft.mailto_url)
    assert parts.scheme == "mailto" and parts.path == "jane@x.example.org"
    query = parse_qs(parts.query)
    assert query["subject"] == [draft.display_subject] and query["body"] == ["Line 1\nLine & 2"]
    assert unquote(parts.query).count("&") == 2  # the body's & is encoded, not a new parameter


def test_the_email_page_offers_mailto_and_copy(alice_client, workspace, tracked):
    draft = OutgoingFactory(tracked=tracked, status=OutStatus.DRAFT)
    page = alice_client.get(url("message_detail", workspace, pk=draft.pk)).content.decode()
    assert 'href="mailto:' in page
    assert 'data-copy-target="#email-body"' in page and 'id="email-body"' in page
    assert f"[{draft.tag}]" in page


@time_machine.travel(datetime(2026, 10, 2, 15, 0, tzinfo=UTC), tick=False)
def test_logging_as_sent_records_the_date_in_the_users_time_zone(alice_client, workspace, tracked):
    draft = OutgoingFactory(tracked=tracked, status=OutStatus.DRAFT, sent_at=None)
    response = alice_client.post(
        url("message_log_sent", workspace, pk=draft.pk), {"sent_on": "2026-10-01", "sent_time": "09:30"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == OutStatus.SENT
    assert draft.sent_at == datetime(2026, 10, 1, 13, 30, tzinfo=UTC)  # 9:30 in New York (EDT)


@time_machine.travel(datetime(2026, 10, 2, 15, 0, tzinfo=UTC), tick=False)
def test_a_future_sent_date_is_refused(alice_client, workspace, tracked):
    draft = OutgoingFactory(tracked=tracked, status=OutStatus.DRAFT, sent_at=None)
    response = alice_client.post(url("message_log_sent", workspace, pk=draft.pk), {"sent_on": "2026-10-09"})
    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.is_draft


@time_machine.travel(datetime(2026, 10, 9, 15, 0, tzinfo=UTC), tick=False)
def test_an_email_cannot_be_logged_as_sent_after_a_reply_to_it(alice_client, workspace, tracked):
    draft = OutgoingFactory(tracked=tracked, status=OutStatus.DRAFT, sent_at=None)
    ReplyFactory(parent=draft)  # matched by its tag before it was logged; received Oct 3
    response = alice_client.post(url("message_log_sent", workspace, pk=draft.pk), {"sent_on": "2026-10-05"})
    assert response.status_code == 400
    assert (
        "A reply to this email is dated before that (Oct 3, 2026). Check the date."
        in response.content.decode()
    )
    draft.refresh_from_db()
    assert draft.is_draft


@time_machine.travel(datetime(2026, 10, 9, 15, 0, tzinfo=UTC), tick=False)
def test_an_email_logged_without_its_time_on_the_day_of_its_reply_went_before_it(
    alice_client, workspace, tracked
):
    draft = OutgoingFactory(tracked=tracked, status=OutStatus.DRAFT, sent_at=None)
    reply = ReplyFactory(parent=draft, received_at=datetime(2026, 10, 3, 13, 0, tzinfo=UTC))  # 9 am New York
    alice_client.post(url("message_log_sent", workspace, pk=draft.pk), {"sent_on": "2026-10-03"})
    draft.refresh_from_db()
    assert draft.sent_at == reply.received_at and not draft.time_known
    page = alice_client.get(url("message_detail", workspace, pk=draft.pk)).content.decode()
    assert "Sent Oct 3, 2026<" in page


def test_sending_through_the_app_is_off_by_default(alice_client, workspace, tracked):
    draft = OutgoingFactory(tracked=tracked, status=OutStatus.DRAFT)
    assert alice_client.post(url("message_send", workspace, pk=draft.pk)).status_code == 403
    assert not mail.outbox


def test_when_switched_on_it_sends_once_after_commit_with_our_message_id(
    alice_client, workspace, tracked, alice, django_capture_on_commit_callbacks
):
    OutreachSettings.objects.create(workspace=workspace, send_from_app=True)
    draft = OutgoingFactory(tracked=tracked, status=OutStatus.DRAFT, sent_at=None, to_name="Jane Doe")
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(url("message_send", workspace, pk=draft.pk))
    draft.refresh_from_db()
    assert (draft.status, draft.delivery) == (OutStatus.SENT, Delivery.SENT) and draft.sent_at
    (sent,) = mail.outbox
    assert sent.subject == draft.display_subject and sent.to == [f"Jane Doe <{draft.to_address}>"]
    assert sent.reply_to == [alice.email]
    assert sent.extra_headers["Message-ID"] == draft.message_id
    assert deliver(draft.pk) is False  # a second run (retry, second worker) sends nothing
    assert len(mail.outbox) == 1


@pytest.fixture
def retries_run_inline():
    """Eager mode re-runs a retried task at once only when it does not propagate the Retry."""
    from config.celery import app

    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = True


def test_smtp_trouble_retries_then_marks_the_email_failed(workspace, tracked, retries_run_inline):
    draft = OutgoingFactory(tracked=tracked, status=OutStatus.DRAFT, sent_at=None, delivery=Delivery.QUEUED)
    failing = mock.patch("django.core.mail.EmailMessage.send", side_effect=SMTPException("421 try later"))
    with failing as send:
        send_outgoing_email.delay(draft.pk)
    draft.refresh_from_db()
    assert send.call_count == 5
    assert (draft.delivery, draft.status) == (Delivery.FAILED, OutStatus.DRAFT)
    assert "421 try later" in draft.delivery_error


def test_the_task_tolerates_a_deleted_email(workspace, tracked):
    draft = OutgoingFactory(tracked=tracked, status=OutStatus.DRAFT, delivery=Delivery.QUEUED)
    draft.delete()
    send_outgoing_email.delay(draft.pk)
    assert not mail.outbox


def test_received_emails_cannot_be_edited(alice_client, workspace, tracked):
    from .factories import ReplyFactory

    reply = ReplyFactory(parent__tracked=tracked)
    assert alice_client.get(url("draft_edit", workspace, pk=reply.pk)).status_code == 403
