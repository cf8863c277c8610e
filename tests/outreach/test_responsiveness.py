"""Days to first reply, the category and the tone, with frozen time, in a constant number of queries."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from outreach.choices import InKind, Reply, Tone
from outreach.columns import responsiveness_values, tone_values
from outreach.models import OutreachSettings
from outreach.responsiveness import responsiveness
from programs.columns import RowBatch
from tests.factories import TrackedProgramFactory

from .factories import OutgoingFactory, ReplyFactory

SENT = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)
NOW = datetime(2026, 10, 20, 12, 0, tzinfo=UTC)


def program_with(workspace, *, reply_after_days=None, sent=True, tone="", bounce=False):
    tracked = TrackedProgramFactory(workspace=workspace)
    if sent:
        outgoing = OutgoingFactory(tracked=tracked, sent_at=SENT)
        if reply_after_days is not None:
            ReplyFactory(
                parent=outgoing,
                received_at=SENT + timedelta(days=reply_after_days),
                tone=tone,
                kind=InKind.BOUNCE if bounce else InKind.REPLY,
            )
    return tracked


@time_machine.travel(NOW, tick=False)
def test_figures_for_each_category(workspace):
    fast = program_with(workspace, reply_after_days=2.5, tone=Tone.HELPFUL)
    slow = program_with(workspace, reply_after_days=6)
    silent = program_with(workspace)
    never = program_with(workspace, sent=False)
    figures = responsiveness(workspace, [fast, slow, silent, never])
    assert (figures[fast.pk].category, figures[fast.pk].days_to_first_reply, figures[fast.pk].tone) == (
        Reply.FAST,
        2.5,
        Tone.HELPFUL,
    )
    assert (figures[slow.pk].category, figures[slow.pk].days_to_first_reply) == (Reply.SLOW, 6.0)
    assert (figures[silent.pk].category, figures[silent.pk].waiting_days) == (Reply.NO_REPLY, 19.0)
    assert figures[never.pk].category == Reply.NOT_CONTACTED
    assert figures[slow.pk].program_id == slow.program_id


def test_exactly_three_days_is_still_fast(workspace):
    tracked = program_with(workspace, reply_after_days=3)
    assert responsiveness(workspace, [tracked], now=NOW)[tracked.pk].category == Reply.FAST


def test_no_reply_waits_for_the_workspaces_number_of_days(workspace):
    OutreachSettings.objects.create(workspace=workspace, no_reply_days=14)
    tracked = program_with(workspace)
    with time_machine.travel(datetime(2026, 10, 14, 12, 0, tzinfo=UTC), tick=False):
        assert responsiveness(workspace, [tracked])[tracked.pk].category == Reply.AWAITING
    with time_machine.travel(datetime(2026, 10, 15, 12, 0, tzinfo=UTC), tick=False):
        assert responsiveness(workspace, [tracked])[tracked.pk].category == Reply.NO_REPLY


def test_a_bounce_is_not_a_reply(workspace):
    tracked = program_with(workspace, reply_after_days=1, bounce=True)
    assert responsiveness(workspace, [tracked], now=NOW)[tracked.pk].category == Reply.NO_REPLY


def test_the_most_recent_rating_is_the_programs_tone(workspace):
    tracked = program_with(workspace, reply_after_days=1, tone=Tone.HELPFUL)
    ReplyFactory(parent=tracked.outreach_messages.outgoing().get(), received_at=NOW, tone=Tone.DISMISSIVE)
    assert responsiveness(workspace, [tracked], now=NOW)[tracked.pk].tone == Tone.DISMISSIVE


def test_other_workspaces_programs_are_ignored(workspace, world):
    outsider = program_with(world.charlie_workspace, reply_after_days=1)
    assert responsiveness(workspace, [outsider], now=NOW) == {}


def test_a_constant_number_of_queries_for_any_number_of_programs(workspace):
    few = [program_with(workspace, reply_after_days=1) for _ in range(2)]
    with CaptureQueriesContext(connection) as small:
        responsiveness(workspace, few, now=NOW)
    many = few + [program_with(workspace, reply_after_days=d % 7) for d in range(20)]
    with CaptureQueriesContext(connection) as large:
        responsiveness(workspace, many, now=NOW)
    assert len(small) == len(large) <= 2  # settings, messages (loaded rows need no query)
    with CaptureQueriesContext(connection) as by_id:
        responsiveness(workspace, [t.pk for t in many], now=NOW)
    assert len(by_id) <= 3


@time_machine.travel(NOW, tick=False)
def test_days_count_from_the_first_email_sent(workspace):
    tracked = program_with(workspace)  # first email at SENT, no reply to it
    later = OutgoingFactory(tracked=tracked, sent_at=SENT + timedelta(days=4))
    ReplyFactory(parent=later, received_at=SENT + timedelta(days=5))
    figures = responsiveness(workspace, [tracked.pk], now=NOW)[tracked.pk]
    assert figures.first_sent_at == SENT and figures.days_to_first_reply == 5
    assert figures.category == Reply.SLOW


@time_machine.travel(NOW, tick=False)
def test_the_list_columns_sort_and_filter_by_responsiveness_and_tone(workspace):
    fast = program_with(workspace, reply_after_days=1, tone=Tone.HELPFUL)
    slow = program_with(workspace, reply_after_days=5, tone=Tone.DISMISSIVE)
    silent = program_with(workspace)
    never = program_with(workspace, sent=False)
    tracked = [fast, slow, silent, never]
    batch = RowBatch(workspace, tracked, facts={}, verdicts={})
    cells = responsiveness_values(batch)
    assert [cells[t.pk].filter_value for t in tracked] == ["fast", "slow", "no_reply", "not_contacted"]
    assert cells[fast.pk].display == "Fast · 1 d" and cells[never.pk].sort_value is None
    ordered = sorted(
        (t for t in tracked if cells[t.pk].sort_value is not None), key=lambda t: cells[t.pk].sort_value
    )
    assert ordered == [fast, slow, silent]
    tones = tone_values(batch)
    assert [tones[t.pk].filter_value for t in tracked] == ["helpful", "dismissive", "unrated", "unrated"]
    assert tones[fast.pk].sort_value < tones[slow.pk].sort_value


def test_the_two_columns_share_one_computation_per_batch(workspace, django_assert_num_queries):
    tracked = [program_with(workspace, reply_after_days=1), program_with(workspace)]
    batch = RowBatch(workspace, tracked, facts={}, verdicts={})
    with django_assert_num_queries(2):  # settings, messages
        responsiveness_values(batch)
    with django_assert_num_queries(0):
        tone_values(batch)


def test_the_columns_are_registered_for_the_program_list():
    from programs.columns import extra_columns

    keys = {c.key: c for c in extra_columns()}
    assert {"responsiveness", "tone"} <= set(keys)
    assert ("no_reply", "No reply") in keys["responsiveness"].filter_choices
    assert ("unrated", "Not rated") in keys["tone"].filter_choices


@pytest.mark.parametrize("count", [1, 3])
def test_the_detail_panel_is_registered(workspace, rf, alice, count):
    from programs.panels import detail_panels

    tracked = program_with(workspace, reply_after_days=count)
    request = rf.get("/")
    request.user = alice
    panels = dict(detail_panels(request, workspace, tracked))
    context = panels["outreach/panels/program.html"]
    assert context["responsiveness"].days_to_first_reply == count


def test_known_program_ids_save_reading_the_rows_and_keep_other_workspaces_messages_out(workspace, world):
    mine = [program_with(workspace, reply_after_days=d) for d in (1, 5)] + [
        program_with(workspace, sent=False)
    ]
    outsider = program_with(world.charlie_workspace, reply_after_days=1)
    ids = [t.pk for t in mine]
    known = {t.pk: t.program_id for t in mine}
    with CaptureQueriesContext(connection) as queries:
        given = responsiveness(workspace, ids, now=NOW, programs=known)
    assert len(queries) == 2  # settings, messages
    assert given == responsiveness(workspace, ids, now=NOW)
    # A forged id of another workspace's program finds none of its messages.
    forged = responsiveness(workspace, [outsider.pk], now=NOW, programs={outsider.pk: outsider.program_id})
    assert forged[outsider.pk].category == Reply.NOT_CONTACTED
