"""Logging replies through the pages: upload, paste, the inbox; never another workspace's message."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outreach.choices import MatchRule, Reply
from outreach.models import Message
from outreach.responsiveness import responsiveness
from tests.factories import TrackedProgramFactory

from .factories import FIXTURE_MESSAGE_ID, FIXTURE_TAG, OutgoingFactory, ReplyFactory
from .test_mailparse import mbox_of

MAIL = Path(__file__).parent / "mail"


def url(name, workspace, **kwargs):
    return reverse(f"outreach:{name}", kwargs={"workspace_id": workspace.pk, **kwargs})


def eml(name, content=None):
    return SimpleUploadedFile(name, content if content is not None else (MAIL / name).read_bytes())


@pytest.fixture
def asked(workspace):
    tracked = TrackedProgramFactory(workspace=workspace, program__name="Boston Children's Hospital Program")
    return OutgoingFactory(tracked=tracked, tag=FIXTURE_TAG, message_id=FIXTURE_MESSAGE_ID)


def test_uploading_one_reply_opens_it_matched(alice_client, workspace, asked):
    response = alice_client.post(url("reply_upload", workspace), {"files": eml("plain.eml")})
    reply = Message.objects.get(workspace=workspace, direction="in")
    assert response["Location"] == url("message_detail", workspace, pk=reply.pk)
    assert (reply.tracked, reply.parent, reply.match_rule) == (asked.tracked, asked, MatchRule.TAG)
    assert reply.created_by.email == "alice@example.com" and reply.origin == "upload"


def test_uploading_several_files_with_an_unmatched_one_goes_to_the_inbox(alice_client, workspace, asked):
    files = [eml("plain.eml"), eml("latin1.eml"), eml("html_only.eml")]
    response = alice_client.post(url("reply_upload", workspace), {"files": files}, follow=True)
    assert response.redirect_chain[-1][0] == url("inbox", workspace)
    page = response.content.decode()
    assert "3 emails logged. 2 could not be matched and wait in the inbox." in page
    assert "José Martínez" in page


def test_an_mbox_upload_logs_every_message(alice_client, workspace, asked):
    box = eml("inbox.mbox", mbox_of("plain.eml", "reply_quoted.eml", "bounce.eml"))
    alice_client.post(url("reply_upload", workspace), {"files": box})
    assert workspace.outreach_messages.incoming().count() == 3
    assert set(workspace.outreach_messages.incoming().values_list("tracked", flat=True)) == {asked.tracked_id}


def test_a_malformed_file_is_refused_with_a_clear_message_and_nothing_is_written(
    alice_client, workspace, asked
):
    files = [eml("plain.eml"), eml("notes.eml", b"just my notes")]
    response = alice_client.post(url("reply_upload", workspace), {"files": files})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was saved" in page and "notes.eml: no sender address" in page
    assert not workspace.outreach_messages.incoming().exists()


def test_uploading_the_same_reply_twice_logs_it_once(alice_client, workspace, asked):
    alice_client.post(url("reply_upload", workspace), {"files": eml("plain.eml")})
    response = alice_client.post(url("reply_upload", workspace), {"files": eml("plain.eml")}, follow=True)
    assert "1 already logged before: skipped." in response.content.decode()
    assert workspace.outreach_messages.incoming().count() == 1


def test_a_pasted_reply_can_name_the_email_it_answers(alice_client, workspace, asked):
    data = {
        "text": "Yes, J-1 only.",
        "from_address": "Jane@Example.org",
        "received_on": "2026-10-02",
        "parent": asked.pk,
    }
    alice_client.post(url("reply_paste", workspace), data)
    reply = workspace.outreach_messages.incoming().get()
    assert (reply.parent, reply.tracked, reply.match_rule) == (asked, asked.tracked, MatchRule.MANUAL)
    assert reply.from_address == "jane@example.org" and reply.origin == "paste"
    asked.refresh_from_db()
    assert asked.replied_at == reply.received_at


def test_pasted_message_source_is_parsed_like_a_file(alice_client, workspace, asked):
    source = (MAIL / "plain.eml").read_text()
    alice_client.post(url("reply_paste", workspace), {"text": source, "received_on": "2026-10-06"})
    reply = workspace.outreach_messages.incoming().get()
    assert reply.from_address == "jane.doe@childrens.example.org" and reply.match_rule == MatchRule.TAG
    assert reply.body.startswith("Dear Dr. Sharma,")


def test_another_workspaces_email_cannot_be_named_when_pasting(alice_client, workspace, world):
    foreign = OutgoingFactory(tracked=TrackedProgramFactory(workspace=world.charlie_workspace))
    data = {"text": "Yes", "received_on": "2026-10-02", "parent": foreign.pk}
    response = alice_client.post(url("reply_paste", workspace), data)
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    assert not Message.objects.filter(direction="in").exists()


def test_assigning_from_the_inbox_ties_the_latest_email_to_that_program(alice_client, workspace, asked):
    waiting = ReplyFactory(parent=None, workspace=workspace, tracked=None, match_rule="")
    response = alice_client.post(
        url("message_assign", workspace, pk=waiting.pk), {"tracked": asked.tracked_id, "next": "inbox"}
    )
    assert response["Location"] == url("inbox", workspace)
    waiting.refresh_from_db()
    assert (waiting.tracked, waiting.parent, waiting.match_rule) == (asked.tracked, asked, MatchRule.MANUAL)


def test_a_forged_program_id_cannot_be_assigned(alice_client, workspace, world):
    waiting = ReplyFactory(parent=None, workspace=workspace, tracked=None)
    foreign = TrackedProgramFactory(workspace=world.charlie_workspace)
    response = alice_client.post(url("message_assign", workspace, pk=waiting.pk), {"tracked": foreign.pk})
    assert response.status_code == 400
    waiting.refresh_from_db()
    assert waiting.tracked is None


def test_an_email_of_another_program_cannot_be_the_parent(alice_client, workspace, asked):
    waiting = ReplyFactory(parent=None, workspace=workspace, tracked=None)
    other = TrackedProgramFactory(workspace=workspace)
    response = alice_client.post(
        url("message_assign", workspace, pk=waiting.pk), {"tracked": other.pk, "parent": asked.pk}
    )
    assert response.status_code == 400 and "about another program" in response.content.decode()


def test_another_workspaces_message_is_never_shown_even_with_its_id(alice_client, workspace, world):
    foreign = ReplyFactory(
        parent__tracked=TrackedProgramFactory(workspace=world.charlie_workspace), body="SECRET-BODY"
    )
    for name in ("message_detail", "message_answers"):
        response = alice_client.get(url(name, workspace, pk=foreign.pk))
        assert response.status_code == 404 and "SECRET-BODY" not in response.content.decode()
    response = alice_client.get(
        reverse(
            "outreach:message_detail", kwargs={"workspace_id": world.charlie_workspace.pk, "pk": foreign.pk}
        )
    )
    assert response.status_code == 404
    for name in ("message_list", "inbox", "index"):
        assert "SECRET-BODY" not in alice_client.get(url(name, workspace)).content.decode()


def test_email_text_is_escaped_everywhere_it_is_shown(alice_client, workspace, asked):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    reply = ReplyFactory(parent=asked, subject=payload, body=payload, from_name=payload, tone="helpful")
    for page_url in (
        url("message_detail", workspace, pk=reply.pk),
        url("message_list", workspace),
        url("program", workspace, tracked_pk=asked.tracked_id),
    ):
        page = alice_client.get(page_url).content.decode()
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;" in page


def test_the_inbox_takes_a_constant_number_of_queries(alice_client, workspace, asked):
    ReplyFactory(parent=None, workspace=workspace, tracked=None)
    alice_client.get(url("inbox", workspace))  # the first visit also stores the session's workspace
    with CaptureQueriesContext(connection) as small:
        alice_client.get(url("inbox", workspace))
    for _ in range(15):
        ReplyFactory(parent=None, workspace=workspace, tracked=None)
    TrackedProgramFactory.create_batch(5, workspace=workspace)
    with CaptureQueriesContext(connection) as large:
        alice_client.get(url("inbox", workspace))
    assert len(large) == len(small)


@pytest.mark.parametrize(
    "name", ["message_list", "index", "contact_list", "event_list", "interview_list", "matrix"]
)
def test_list_pages_take_a_constant_number_of_queries(alice_client, workspace, name):
    def add_rows(n):
        for _ in range(n):
            outgoing = OutgoingFactory(tracked=TrackedProgramFactory(workspace=workspace))
            ReplyFactory(parent=outgoing)

    add_rows(1)
    alice_client.get(url(name, workspace))  # seeds the question bank on first use
    with CaptureQueriesContext(connection) as small:
        assert alice_client.get(url(name, workspace)).status_code == 200
    add_rows(8)
    with CaptureQueriesContext(connection) as large:
        alice_client.get(url(name, workspace))
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]


# -- a reply never answers an email sent after it ---------------------------------------------------


@pytest.fixture
def sent_nov_20(alice_client, workspace):
    """An email logged as sent on Nov 20 (no time given), as the applicant does by hand."""
    tracked = TrackedProgramFactory(workspace=workspace, program__name="Boston Children's Hospital Program")
    email = OutgoingFactory(tracked=tracked, status="draft", sent_at=None)
    alice_client.post(url("message_log_sent", workspace, pk=email.pk), {"sent_on": "2026-11-20"})
    email.refresh_from_db()
    return email


def paste(client, workspace, parent, **fields):
    data = {"text": "Yes, J-1 only.", "from_address": "jane@example.org", "parent": parent.pk, **fields}
    return client.post(url("reply_paste", workspace), data)


@time_machine.travel(datetime(2026, 11, 25, 15, 0, tzinfo=UTC), tick=False)
def test_a_pasted_reply_dated_before_the_email_it_answers_is_refused(alice_client, workspace, sent_nov_20):
    response = paste(alice_client, workspace, sent_nov_20, received_on="2026-11-18")
    assert response.status_code == 400
    assert (
        "This reply is dated before your email was sent (Nov 20, 2026). Check the date."
        in response.content.decode()
    )
    assert not workspace.outreach_messages.incoming().exists()
    sent_nov_20.refresh_from_db()
    assert sent_nov_20.replied_at is None


@time_machine.travel(datetime(2026, 11, 25, 15, 0, tzinfo=UTC), tick=False)
def test_a_pasted_reply_after_the_sent_date_counts_as_the_reply(alice_client, workspace, sent_nov_20):
    response = paste(alice_client, workspace, sent_nov_20, received_on="2026-11-22")
    reply = workspace.outreach_messages.incoming().get()
    assert response["Location"] == url("message_detail", workspace, pk=reply.pk)
    assert reply.parent == sent_nov_20 and reply.subject == f"Re: {sent_nov_20.display_subject}"
    figures = responsiveness(workspace, [sent_nov_20.tracked])[sent_nov_20.tracked_id]
    assert figures.category == Reply.FAST and figures.days_to_first_reply == 2
    assert not workspace.outreach_messages.awaiting_reply().exists()


@time_machine.travel(datetime(2026, 11, 25, 15, 0, tzinfo=UTC), tick=False)
def test_a_pasted_reply_without_its_time_shows_no_invented_time(alice_client, workspace, sent_nov_20):
    paste(alice_client, workspace, sent_nov_20, received_on="2026-11-22")
    reply = workspace.outreach_messages.incoming().get()
    assert not reply.time_known
    page = alice_client.get(url("message_detail", workspace, pk=reply.pk)).content.decode()
    assert "Sun Nov 22, 2026" in page and "12:00 PM" not in page
    assert "(no subject)" not in page and "Re: Visa sponsorship and eligibility" in page
    sent_page = alice_client.get(url("message_detail", workspace, pk=sent_nov_20.pk)).content.decode()
    assert "Sent Nov 20, 2026<" in sent_page


@time_machine.travel(datetime(2026, 11, 25, 15, 0, tzinfo=UTC), tick=False)
def test_a_pasted_reply_of_the_same_day_without_a_time_comes_after_the_email(alice_client, workspace):
    email = OutgoingFactory(
        tracked=TrackedProgramFactory(workspace=workspace), sent_at=datetime(2026, 11, 20, 21, 0, tzinfo=UTC)
    )  # 4 pm in New York, alice's time zone
    paste(alice_client, workspace, email, received_on="2026-11-20")
    reply = workspace.outreach_messages.incoming().get()
    assert reply.parent == email and reply.received_at == email.sent_at
    assert responsiveness(workspace, [email.tracked])[email.tracked_id].category == Reply.FAST


@time_machine.travel(datetime(2026, 11, 25, 15, 0, tzinfo=UTC), tick=False)
def test_a_pasted_reply_timed_before_the_email_on_the_same_day_is_refused(alice_client, workspace):
    email = OutgoingFactory(
        tracked=TrackedProgramFactory(workspace=workspace), sent_at=datetime(2026, 11, 20, 21, 0, tzinfo=UTC)
    )
    response = paste(alice_client, workspace, email, received_on="2026-11-20", received_time="09:30")
    assert response.status_code == 400
    assert "was sent (Nov 20, 2026, 4:00 PM). Check the time." in response.content.decode()
    assert not workspace.outreach_messages.incoming().exists()


def test_pasted_headers_dated_before_the_named_email_are_refused(alice_client, workspace, asked):
    asked.log_as_sent(datetime(2026, 10, 7, 14, 0, tzinfo=UTC))  # plain.eml is dated Oct 6
    source = (MAIL / "plain.eml").read_text()
    response = alice_client.post(
        url("reply_paste", workspace), {"text": source, "received_on": "2026-10-08", "parent": asked.pk}
    )
    assert response.status_code == 400
    assert "(Oct 7, 2026). Check the Date in the pasted headers." in response.content.decode()
    assert not workspace.outreach_messages.incoming().exists()


def test_assigning_a_reply_to_an_email_sent_after_it_is_refused(alice_client, workspace, asked):
    later = OutgoingFactory(tracked=asked.tracked, sent_at=datetime(2026, 10, 10, 14, 0, tzinfo=UTC))
    reply = ReplyFactory(parent=asked)  # received Oct 3
    response = alice_client.post(
        url("message_assign", workspace, pk=reply.pk), {"tracked": asked.tracked_id, "parent": later.pk}
    )
    assert response.status_code == 400
    assert "dated before your email was sent (Oct 10, 2026)" in response.content.decode()
    reply.refresh_from_db()
    later.refresh_from_db()
    assert reply.parent == asked and later.replied_at is None


def test_assigning_without_naming_an_email_skips_those_sent_after_the_reply(alice_client, workspace, asked):
    OutgoingFactory(tracked=asked.tracked, sent_at=datetime(2026, 10, 10, 14, 0, tzinfo=UTC))
    waiting = ReplyFactory(parent=None, workspace=workspace, tracked=None)  # received Oct 3
    alice_client.post(url("message_assign", workspace, pk=waiting.pk), {"tracked": asked.tracked_id})
    waiting.refresh_from_db()
    assert waiting.parent == asked  # sent Oct 1


def test_an_uploaded_reply_dated_before_the_tagged_email_is_logged_without_answering_it(
    alice_client, workspace, asked
):
    asked.log_as_sent(datetime(2026, 10, 7, 14, 0, tzinfo=UTC))  # plain.eml is dated Oct 6
    response = alice_client.post(url("reply_upload", workspace), {"files": eml("plain.eml")}, follow=True)
    assert "1 email logged." in response.content.decode()
    reply = workspace.outreach_messages.incoming().get()
    assert (reply.tracked, reply.parent) == (asked.tracked, None)
    assert "dated before the email it names was sent (Oct 7, 2026)" in response.content.decode()
    assert workspace.outreach_messages.awaiting_reply().get() == asked
