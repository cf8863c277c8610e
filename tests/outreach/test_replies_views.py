"""Logging replies through the pages: upload, paste, the inbox; never another workspace's message."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outreach.choices import MatchRule
from outreach.models import Message
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
