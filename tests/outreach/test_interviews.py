"""Interviews: the record per program, and the stage moves that an invitation or completion implies."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from outreach.models import Interview
from programs.choices import Stage
from tests.factories import TrackedProgramFactory


def edit_url(tracked):
    return reverse(
        "outreach:interview_edit", kwargs={"workspace_id": tracked.workspace_id, "tracked_pk": tracked.pk}
    )


BASE = {"timezone": "America/Chicago"}


def test_recording_an_invitation_moves_the_program_to_interview_invited(alice_client, workspace, alice):
    tracked = TrackedProgramFactory(workspace=workspace, stage=Stage.APPLIED)
    response = alice_client.post(
        edit_url(tracked), {**BASE, "status": "invited", "invited_on": "2026-10-15"}, follow=True
    )
    tracked.refresh_from_db()
    assert tracked.stage == Stage.INTERVIEW_INVITED
    assert tracked.stage_changes.get().changed_by == alice
    assert "moved to “Interview invited”" in response.content.decode()


def test_a_completed_interview_moves_it_to_interviewed_with_impressions(alice_client, workspace):
    tracked = TrackedProgramFactory(workspace=workspace, stage=Stage.INTERVIEW_INVITED)
    data = {**BASE, "status": "completed", "interview_date": "2026-11-20", "interview_time": "09:00", "format": "virtual",
            "rating_culture": "5", "rating_img_support": "4", "rating_overall": "4", "red_flags": "Residents seemed tired",
            "positive_surprises": "Weekly genetics journal club", "people_met": "PD, two residents", "second_look": "planned"}  # fmt: skip
    alice_client.post(edit_url(tracked), data)
    tracked.refresh_from_db()
    interview = Interview.objects.get()
    assert tracked.stage == Stage.INTERVIEWED
    assert (interview.rating_culture, interview.rating_research, interview.rating_overall) == (5, None, 4)
    assert interview.starts_at == datetime(2026, 11, 20, 15, 0, tzinfo=UTC)  # 9 am Chicago (CST)


@pytest.mark.parametrize("stage", [Stage.RANKED, Stage.WITHDRAWN, Stage.EXCLUDED, Stage.INTERVIEWED])
def test_the_stage_never_moves_back_or_out_of_a_closed_stage(alice_client, workspace, stage):
    tracked = TrackedProgramFactory(workspace=workspace, stage=stage)
    alice_client.post(edit_url(tracked), {**BASE, "status": "invited"})
    tracked.refresh_from_db()
    assert tracked.stage == stage


def test_declined_and_waitlisted_do_not_move_the_stage(alice_client, workspace):
    tracked = TrackedProgramFactory(workspace=workspace, stage=Stage.APPLIED)
    alice_client.post(edit_url(tracked), {**BASE, "status": "waitlisted"})
    tracked.refresh_from_db()
    assert tracked.stage == Stage.APPLIED


def test_one_record_per_program_is_updated_in_place(alice_client, workspace):
    tracked = TrackedProgramFactory(workspace=workspace)
    alice_client.post(edit_url(tracked), {**BASE, "status": "invited"})
    alice_client.post(edit_url(tracked), {**BASE, "status": "scheduled", "interview_date": "2026-11-20"})
    assert Interview.objects.get().status == "scheduled"


def test_a_scheduled_interview_needs_its_date(alice_client, workspace):
    tracked = TrackedProgramFactory(workspace=workspace)
    response = alice_client.post(edit_url(tracked), {**BASE, "status": "scheduled"})
    assert response.status_code == 400 and "Give the interview date" in response.content.decode()
    assert not Interview.objects.exists()


def test_the_interview_list_names_invited_programs_without_a_record(alice_client, workspace):
    TrackedProgramFactory(workspace=workspace, stage=Stage.INTERVIEW_INVITED, program__name="Waiting Program")
    page = alice_client.get(
        reverse("outreach:interview_list", kwargs={"workspace_id": workspace.pk})
    ).content.decode()
    assert "Waiting Program" in page


@time_machine.travel(datetime(2026, 11, 25, 15, 0, tzinfo=UTC), tick=False)
def test_a_completed_interview_cannot_be_dated_after_today(alice_client, workspace):
    tracked = TrackedProgramFactory(workspace=workspace, stage=Stage.INTERVIEW_INVITED)
    data = {**BASE, "status": "completed", "interview_date": "2026-11-26"}
    response = alice_client.post(edit_url(tracked), data)
    assert response.status_code == 400
    assert "A completed interview cannot be dated after today (Nov 25, 2026)." in response.content.decode()
    tracked.refresh_from_db()
    assert tracked.stage == Stage.INTERVIEW_INVITED and not Interview.objects.exists()


@time_machine.travel(datetime(2026, 11, 26, 3, 0, tzinfo=UTC), tick=False)
def test_today_is_the_users_own_date(alice_client, workspace):
    """At 3 am UTC on Nov 26 it is still Nov 25 in New York, alice's time zone."""
    tracked = TrackedProgramFactory(workspace=workspace, stage=Stage.INTERVIEW_INVITED)
    response = alice_client.post(
        edit_url(tracked), {**BASE, "status": "completed", "interview_date": "2026-11-26"}
    )
    assert response.status_code == 400
    alice_client.post(edit_url(tracked), {**BASE, "status": "completed", "interview_date": "2026-11-25"})
    tracked.refresh_from_db()
    assert tracked.stage == Stage.INTERVIEWED


@time_machine.travel(datetime(2026, 11, 25, 15, 0, tzinfo=UTC), tick=False)
def test_a_scheduled_interview_can_be_in_the_future(alice_client, workspace):
    tracked = TrackedProgramFactory(workspace=workspace, stage=Stage.APPLIED)
    alice_client.post(edit_url(tracked), {**BASE, "status": "scheduled", "interview_date": "2026-12-10"})
    tracked.refresh_from_db()
    assert Interview.objects.get().interview_date.isoformat() == "2026-12-10"
    assert tracked.stage == Stage.INTERVIEW_INVITED


@time_machine.travel(datetime(2026, 11, 25, 15, 0, tzinfo=UTC), tick=False)
def test_an_existing_record_cannot_be_completed_with_a_future_date(alice_client, workspace):
    tracked = TrackedProgramFactory(workspace=workspace, stage=Stage.INTERVIEW_INVITED)
    alice_client.post(edit_url(tracked), {**BASE, "status": "scheduled", "interview_date": "2026-12-10"})
    response = alice_client.post(
        edit_url(tracked), {**BASE, "status": "completed", "interview_date": "2026-12-10"}
    )
    assert response.status_code == 400
    assert Interview.objects.get().status == "scheduled"
    tracked.refresh_from_db()
    assert tracked.stage == Stage.INTERVIEW_INVITED
