"""The season deadlines page, facts to re-verify, and the .ics feed (secret, rotatable) and event file."""

from datetime import UTC, date, datetime, time

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from outreach.choices import InterviewStatus
from outreach.models import CalendarFeed, Interview
from programs.choices import SourceKind, Stage
from tests.base import first_workspace
from tests.factories import ProgramFactFactory, TrackedProgramFactory
from tests.outreach.factories import EventFactory

pytestmark = pytest.mark.django_db


def url(name, workspace, **kwargs):
    return reverse(f"outreach:{name}", kwargs={"workspace_id": workspace.pk, **kwargs})


@pytest.fixture
def season_2026(workspace):
    workspace.season = 2026
    workspace.save(update_fields=["season"])
    return workspace


def feed_url(workspace, token=None):
    return url("calendar_feed", workspace, token=token or CalendarFeed.for_workspace(workspace).token)


def entries(content: bytes) -> dict[str, object]:
    return {str(c.get("summary")): c for c in Calendar.from_ical(content).walk("VEVENT")}


def test_deadlines_show_their_source_confidence_and_check_date(alice_client, season_2026):
    page = alice_client.get(url("deadlines", season_2026)).content.decode()
    assert "Rank order list certification deadline" in page
    assert "Wednesday, February 25, 2026, 9:00 PM EST" in page
    assert "Inferred: re-verify" in page and "Confirmed by the source" in page
    assert 'href="http://www.nrmp.org/residency/med-school-official/"' in page
    assert "checked Nov 24, 2026" in page


def test_a_season_without_published_dates_says_so_and_shows_the_last_one_for_reference(
    alice_client, workspace
):
    workspace.season = 2027
    workspace.save(update_fields=["season"])
    page = alice_client.get(url("deadlines", workspace)).content.decode()
    assert "No dates for the 2027 Match are in our calendar yet" in page
    assert "For reference: the 2026 Match" in page


@time_machine.travel(datetime(2026, 1, 5, 12, 0, tzinfo=UTC), tick=False)
def test_the_feed_has_deadlines_events_and_interviews(client, season_2026):
    EventFactory(
        workspace=season_2026, title="Open house", starts_at=datetime(2026, 1, 20, 23, 0, tzinfo=UTC)
    )
    Interview.objects.create(
        workspace=season_2026, tracked=TrackedProgramFactory(workspace=season_2026, program__name="Yale Program"),
        status=InterviewStatus.SCHEDULED, interview_date=date(2026, 1, 8), interview_time=time(9, 0),
    )  # fmt: skip
    response = client.get(feed_url(season_2026))
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    found = entries(response.content)
    assert found["Rank order list certification deadline"].decoded("dtstart") == datetime(
        2026, 2, 26, 2, 0, tzinfo=UTC
    )
    assert found["ERAS 2026 season opens"].decoded("dtstart") == date(2025, 6, 4)  # all-day
    assert found["Open house (Virtual open house)"].decoded("dtstart") == datetime(
        2026, 1, 20, 23, 0, tzinfo=UTC
    )
    assert "Interview: Yale Program" in found
    assert "Inferred from the source" in str(
        found["Rank order list certification deadline"].get("description")
    )
    EventFactory(workspace=season_2026, title="Long ago", starts_at=datetime(2025, 3, 1, tzinfo=UTC))
    assert "Long ago (Virtual open house)" not in entries(client.get(feed_url(season_2026)).content)


def test_a_wrong_or_rotated_token_gets_404(client, alice_client, season_2026, charlie):
    old = feed_url(season_2026)
    assert client.get(url("calendar_feed", season_2026, token="guessed-token")).status_code == 404
    charlies = CalendarFeed.for_workspace(first_workspace(charlie)).token
    assert client.get(url("calendar_feed", season_2026, token=charlies)).status_code == 404
    assert alice_client.post(url("calendar_rotate", season_2026)).status_code == 302
    assert client.get(old).status_code == 404
    assert client.get(feed_url(season_2026)).status_code == 200


def test_only_the_owner_rotates_the_feed_and_every_member_sees_its_address(bob_client, season_2026):
    token = CalendarFeed.for_workspace(season_2026).token
    page = bob_client.get(url("deadlines", season_2026)).content.decode()
    assert token in page and "New address" not in page
    assert bob_client.post(url("calendar_rotate", season_2026)).status_code == 403
    assert CalendarFeed.objects.get(workspace=season_2026).token == token


def test_one_event_downloads_as_an_ics_file(alice_client, workspace):
    event = EventFactory(workspace=workspace, title="Webinar", link="https://example.org/webinar")
    response = alice_client.get(url("event_ics", workspace, pk=event.pk))
    assert response["Content-Disposition"] == f'attachment; filename="shortlist-event-{event.pk}.ics"'
    (entry,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert entry.decoded("dtstart") == event.starts_at and entry.decoded("dtend") == event.ends_at
    assert str(entry.get("uid")) == f"event-{event.pk}@shortlist"
    assert "https://example.org/webinar" in str(entry.get("description"))


def test_the_re_verify_page_lists_stale_and_unconfirmed_hard_facts_of_pursued_programs(
    alice_client, workspace
):
    pursued = TrackedProgramFactory(workspace=workspace, stage=Stage.APPLIED, program__name="Iowa Program")
    ProgramFactFactory(program=pursued.program, values={"visa_h1b": False, "pct_img": 20},
                       source_kind=SourceKind.FREIDA, observed_on=date(2026, 9, 1))  # fmt: skip
    long_list = TrackedProgramFactory(workspace=workspace, program__name="Ohio Program")
    ProgramFactFactory(program=long_list.program, values={"visa_j1": True}, observed_on=date(2020, 1, 1))
    page = alice_client.get(url("reverify", workspace)).content.decode()
    assert "Iowa Program" in page and "Sponsors H-1B" in page
    assert "not confirmed by the program (source: FREIDA)" in page
    assert "% IMG" not in page  # not a hard rule
    assert "Ohio Program" not in page  # only on the long list
