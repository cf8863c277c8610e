"""Each matching rule in order (thread headers, tag, sender, domain), the inbox, and logging."""

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from outreach.choices import InKind, MatchRule, Origin
from outreach.mailparse import ParsedEmail, parse_bytes
from outreach.matching import log_replies
from programs.choices import SourceKind
from tests.factories import ProgramFactFactory, TrackedProgramFactory

from .factories import FIXTURE_MESSAGE_ID, FIXTURE_TAG, ContactFactory, OutgoingFactory

MAIL = Path(__file__).parent / "mail"


def parsed(name: str) -> ParsedEmail:
    return parse_bytes((MAIL / name).read_bytes(), name)


@pytest.fixture
def boston(workspace):
    return TrackedProgramFactory(workspace=workspace, program__name="Boston Children's Hospital Program")


@pytest.fixture
def columbia(workspace):
    return TrackedProgramFactory(workspace=workspace, program__name="Columbia University Program")


@pytest.fixture
def asked(boston):
    """The email the fixtures answer: tag SL-7K3Q, our generated Message-ID, to Jane Doe."""
    return OutgoingFactory(
        tracked=boston,
        tag=FIXTURE_TAG,
        message_id=FIXTURE_MESSAGE_ID,
        to_address="jane.doe@childrens.example.org",
        sent_at=datetime(2026, 10, 5, 12, 0, tzinfo=UTC),
    )


def log_one(workspace, name: str):
    result = log_replies(workspace, [parsed(name)])
    assert len(result.created) == 1
    return result.created[0]


def test_thread_headers_match_first(workspace, asked):
    reply = log_one(workspace, "multipart_attachment.eml")  # no tag, only In-Reply-To
    assert (reply.tracked, reply.parent, reply.match_rule) == (asked.tracked, asked, MatchRule.THREAD)
    assert reply.match_note == FIXTURE_MESSAGE_ID
    asked.refresh_from_db()
    assert asked.replied_at == datetime(2026, 10, 8, 14, 0, tzinfo=UTC)


def test_the_reference_tag_in_the_subject_matches(workspace, asked):
    reply = log_one(workspace, "plain.eml")
    assert (reply.tracked, reply.parent, reply.match_rule, reply.match_note) == (
        asked.tracked,
        asked,
        MatchRule.TAG,
        FIXTURE_TAG,
    )


def test_a_later_reply_in_the_thread_follows_the_earlier_one(workspace, asked):
    first = log_one(workspace, "plain.eml")
    second = log_one(workspace, "reply_quoted.eml")  # In-Reply-To names the first reply
    assert (second.tracked, second.parent, second.match_rule) == (first.tracked, asked, MatchRule.THREAD)


def test_a_whole_thread_in_one_batch_threads_onto_itself(workspace, asked):
    result = log_replies(workspace, [parsed("reply_quoted.eml"), parsed("plain.eml")])
    by_id = {m.message_id: m for m in result.created}
    assert by_id["<CAquoted77@mail.gmail.com>"].match_rule == MatchRule.THREAD
    assert by_id["<CAquoted77@mail.gmail.com>"].tracked == asked.tracked


def test_the_sender_address_of_a_contact_matches(workspace, columbia):
    ContactFactory(tracked=columbia, email="GME@university.example.edu")
    earlier = OutgoingFactory(tracked=columbia, sent_at=datetime(2026, 10, 1, tzinfo=UTC))
    OutgoingFactory(tracked=columbia, sent_at=datetime(2026, 10, 30, tzinfo=UTC))  # after the reply
    reply = log_one(workspace, "html_only.eml")
    assert (reply.tracked, reply.parent, reply.match_rule) == (columbia, earlier, MatchRule.SENDER)


def test_the_coordinator_email_in_the_programs_facts_matches(workspace, columbia):
    ProgramFactFactory(program=columbia.program, values={"coordinator_email": "gme@university.example.edu"})
    reply = log_one(workspace, "html_only.eml")
    assert (reply.tracked, reply.match_rule) == (columbia, MatchRule.SENDER)


def test_the_sender_domain_matches_last(workspace, columbia):
    ContactFactory(tracked=columbia, email="residency@hospital.example.org")
    reply = log_one(workspace, "latin1.eml")  # jmartinez@hospital.example.org
    assert (reply.tracked, reply.match_rule, reply.match_note) == (
        columbia,
        MatchRule.DOMAIN,
        "hospital.example.org",
    )


def test_nothing_known_goes_to_the_inbox(workspace, asked):
    reply = log_one(workspace, "latin1.eml")
    assert reply.tracked is None and reply.parent is None and reply.match_rule == MatchRule.NONE
    assert list(workspace.outreach_messages.unmatched()) == [reply]


def test_a_sender_shared_by_two_programs_waits_in_the_inbox_with_both_named(workspace, boston, columbia):
    ContactFactory(tracked=boston, email="gme@university.example.edu")
    ContactFactory(tracked=columbia, email="gme@university.example.edu")
    reply = log_one(workspace, "html_only.eml")
    assert reply.tracked is None
    assert reply.match_note == "Could be: Boston Children's Hospital Program, Columbia University Program"


def test_a_webmail_domain_never_matches_by_domain(workspace, columbia):
    ContactFactory(tracked=columbia, email="a.resident@gmail.com")
    mail = ParsedEmail(from_address="someone.else@gmail.com", body="Hi", subject="Hello")
    assert log_replies(workspace, [mail]).created[0].tracked is None


def test_a_bounce_is_tied_to_the_email_that_bounced_and_is_not_a_reply(workspace, asked):
    bounce = log_one(workspace, "bounce.eml")
    assert (bounce.kind, bounce.parent, bounce.match_rule) == (InKind.BOUNCE, asked, MatchRule.THREAD)
    asked.refresh_from_db()
    assert asked.bounced_at is not None and asked.replied_at is None


def test_another_workspaces_tags_and_addresses_never_match(workspace, world, asked):
    charlie_program = TrackedProgramFactory(workspace=world.charlie_workspace)
    reply = log_replies(world.charlie_workspace, [parsed("plain.eml")]).created[0]
    assert reply.tracked is None
    assert reply.workspace == world.charlie_workspace
    assert not charlie_program.outreach_messages.exists()


def test_a_message_already_logged_is_skipped(workspace, asked):
    log_one(workspace, "plain.eml")
    again = log_replies(workspace, [parsed("plain.eml")])
    assert not again.created and len(again.duplicates) == 1
    assert workspace.outreach_messages.incoming().count() == 1


def test_logging_takes_a_constant_number_of_queries(workspace, asked, columbia):
    ContactFactory(tracked=columbia, email="gme@university.example.edu")

    def batch(n, offset):
        return [
            ParsedEmail(
                message_id=f"<m{offset + i}@x.example.org>",
                from_address="gme@university.example.edu",
                subject=f"Re: question [{FIXTURE_TAG}]" if i % 2 else "Re: question",
                body="Yes.",
                date=datetime(2026, 10, 10, tzinfo=UTC),
            )
            for i in range(n)
        ]

    with CaptureQueriesContext(connection) as small:
        log_replies(workspace, batch(2, 0))
    with CaptureQueriesContext(connection) as large:
        log_replies(workspace, batch(40, 100))

    def kinds(queries) -> list[str]:
        return [
            q["sql"].split(" ", 1)[0] for q in queries.captured_queries if not q["sql"].startswith("INSERT")
        ]

    assert kinds(large) == kinds(small)
    if connection.vendor == "postgresql":  # SQLite caps parameters per statement: Django splits inserts
        assert len(large) == len(small)


def test_replies_from_pasted_text_use_the_same_rules(workspace, asked):
    mail = ParsedEmail(
        body=f"Yes, J-1 only.\n\n> Visa question [{FIXTURE_TAG}]", date=datetime(2026, 10, 9, tzinfo=UTC)
    )
    reply = log_replies(workspace, [mail]).created[0]
    assert (reply.tracked, reply.match_rule) == (asked.tracked, MatchRule.TAG)
    assert reply.received_at.date() == date(2026, 10, 9)


def test_fact_sources_are_only_read_for_this_workspace(workspace, world, columbia):
    other = TrackedProgramFactory(workspace=world.charlie_workspace)
    ProgramFactFactory(
        program=other.program,
        workspace=world.charlie_workspace,
        source_kind=SourceKind.WEBSITE,
        values={"coordinator_email": "gme@university.example.edu"},
    )
    assert log_one(workspace, "html_only.eml").tracked is None


def test_a_reply_dated_before_the_tagged_email_keeps_the_program_but_answers_no_email(workspace, asked):
    asked.log_as_sent(datetime(2026, 10, 7, 14, 0, tzinfo=UTC))
    reply = log_one(workspace, "plain.eml")  # dated Oct 6
    assert (reply.tracked, reply.parent, reply.match_rule) == (asked.tracked, None, MatchRule.TAG)
    assert reply.match_note.startswith("dated before the email it names was sent (Oct 7, 2026)")
    asked.refresh_from_db()
    assert asked.replied_at is None


def test_a_reply_dated_before_the_email_its_headers_name_answers_no_email(workspace, asked):
    asked.log_as_sent(datetime(2026, 10, 9, 14, 0, tzinfo=UTC))
    reply = log_one(workspace, "multipart_attachment.eml")  # dated Oct 8, In-Reply-To the email
    assert (reply.tracked, reply.parent, reply.match_rule) == (asked.tracked, None, MatchRule.THREAD)
    assert FIXTURE_MESSAGE_ID in reply.match_note


def test_an_email_sent_the_same_day_without_its_time_can_be_answered(workspace, asked):
    asked.log_as_sent(datetime(2026, 10, 6, 16, 0, tzinfo=UTC), time_known=False)  # a placeholder time
    reply = log_one(workspace, "plain.eml")  # 9:14 am in New York, the same day
    assert reply.parent == asked


def test_the_sender_rule_never_picks_an_email_sent_after_the_reply(workspace, columbia):
    ContactFactory(tracked=columbia, email="gme@university.example.edu")
    before = OutgoingFactory(tracked=columbia, sent_at=datetime(2026, 10, 1, 14, 0, tzinfo=UTC))
    OutgoingFactory(tracked=columbia, sent_at=datetime(2026, 10, 8, 14, 0, tzinfo=UTC))
    reply = log_one(workspace, "html_only.eml")  # dated Oct 7
    assert (reply.tracked, reply.parent, reply.match_rule) == (columbia, before, MatchRule.SENDER)


def test_pasted_text_without_a_subject_takes_the_subject_of_the_email_it_answers(workspace, asked):
    mail = ParsedEmail(
        body=f"Yes.\n\n> Visa question [{FIXTURE_TAG}]", date=datetime(2026, 10, 9, tzinfo=UTC)
    )
    reply = log_replies(workspace, [mail], origin=Origin.PASTE).created[0]
    assert reply.subject == "Re: Visa sponsorship and eligibility [SL-7K3Q]"
    uploaded = ParsedEmail(
        body=f"> [{FIXTURE_TAG}]", message_id="<x@y>", date=datetime(2026, 10, 9, tzinfo=UTC)
    )
    assert log_replies(workspace, [uploaded], origin=Origin.UPLOAD).created[0].subject == ""
