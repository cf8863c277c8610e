"""The rank-list pages: reordering (owner, viewer, outsider, forged ids), keyboard moves, adding with
confirmation, notes, the suggestion, certification, supplemental lists."""

import pytest

from programs.choices import Stage
from programs.models import Specialty
from scoring.choices import SnapshotKind
from scoring.models import RankEntry, RankList
from tests.factories import ProgramFactory

from .helpers import ELIGIBLE, applicant, only_criteria, rate, track, url


@pytest.fixture
def ws(workspace):
    applicant(workspace)
    return workspace


@pytest.fixture
def ranked(ws):
    primary = RankList.primary_for(ws)
    entries = [primary.add(track(ws, **ELIGIBLE)) for _ in range(3)]
    return primary, entries


def order(rank_list) -> list[int]:
    return list(rank_list.entries.order_by("position").values_list("pk", flat=True))


def test_the_owner_reorders_by_drag_and_drop_and_gets_the_region_back(alice_client, ws, ranked):
    primary, (a, b, c) = ranked
    response = alice_client.post(
        url("list_reorder", ws, pk=primary.pk), {"order": [c.pk, a.pk, b.pk]}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert 'id="rank-region"' in response.content.decode() and "New order saved." in response.content.decode()
    assert order(primary) == [c.pk, a.pk, b.pk]


def test_a_viewer_cannot_reorder_and_an_outsider_gets_404(client, ws, ranked, bob, charlie):
    primary, (a, b, c) = ranked
    target = url("list_reorder", ws, pk=primary.pk)
    client.force_login(bob)
    assert client.post(target, {"order": [c.pk, b.pk, a.pk]}).status_code == 403
    assert client.post(url("entry_move", ws, pk=c.pk), {"position": 1}).status_code == 403
    client.force_login(charlie)
    assert client.post(target, {"order": [c.pk, b.pk, a.pk]}).status_code == 404
    assert client.post(url("entry_move", ws, pk=c.pk), {"position": 1}).status_code == 404
    assert order(primary) == [a.pk, b.pk, c.pk]


def test_forged_entry_ids_from_another_workspace_are_refused(alice_client, ws, ranked, charlie):
    primary, (a, b, c) = ranked
    other_ws = charlie.memberships.get().workspace
    theirs = RankList.primary_for(other_ws).add(track(other_ws))
    target = url("list_reorder", ws, pk=primary.pk)
    assert alice_client.post(target, {"order": [c.pk, theirs.pk, a.pk]}).status_code == 400
    assert alice_client.post(target, {"order": [c.pk, b.pk, a.pk, theirs.pk]}).status_code == 400
    assert alice_client.post(target, {"order": [c.pk, b.pk]}).status_code == 400
    assert order(primary) == [a.pk, b.pk, c.pk] and theirs.rank_list.entries.get() == theirs
    # Their entry cannot be moved through alice's workspace either.
    assert alice_client.post(url("entry_move", ws, pk=theirs.pk), {"position": 1}).status_code == 404


def test_keyboard_moves_post_the_target_rank(alice_client, ws, ranked):
    primary, (a, b, c) = ranked
    assert alice_client.post(url("entry_move", ws, pk=c.pk), {"position": 2}).status_code == 302
    assert order(primary) == [a.pk, c.pk, b.pk]
    response = alice_client.post(
        url("entry_move", ws, pk=a.pk), {"position": 3}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200 and "is now #3" in response.content.decode()
    assert order(primary) == [c.pk, b.pk, a.pk]
    assert alice_client.post(url("entry_move", ws, pk=a.pk), {"position": 0}).status_code == 302  # refused
    assert order(primary) == [c.pk, b.pk, a.pk]


def test_the_page_offers_up_down_and_move_to_for_each_program(alice_client, ws, ranked):
    _primary, (a, b, c) = ranked
    page = alice_client.get(url("index", ws)).content.decode()
    assert f'id="up-{a.pk}"' in page and f'id="down-{c.pk}"' in page and f'id="to-{b.pk}"' in page
    assert f'name="order" value="{a.pk}" form="reorder-form"' in page


def test_an_interviewed_eligible_program_is_added_at_once(alice_client, ws, ranked):
    primary, _entries = ranked
    new = track(ws, **ELIGIBLE)
    response = alice_client.post(url("entry_add", ws, pk=primary.pk), {"tracked": new.pk})
    assert response.status_code == 302
    assert primary.entries.get(tracked=new).position == 4


def test_a_program_not_interviewed_or_not_eligible_asks_first_and_stays_flagged(alice_client, ws, ranked):
    primary, _entries = ranked
    new = track(ws, stage=Stage.APPLIED, **{**ELIGIBLE, "visa_j1": False})
    page = alice_client.post(url("entry_add", ws, pk=primary.pk), {"tracked": new.pk})
    assert page.status_code == 200 and "Add it anyway" in page.content.decode()
    assert "Not interviewed" in page.content.decode() and "Visa infeasible" in page.content.decode()
    assert not primary.entries.filter(tracked=new).exists()
    alice_client.post(url("entry_add", ws, pk=primary.pk), {"tracked": new.pk, "confirm": "on"})
    entry = primary.entries.get(tracked=new)
    assert set(entry.confirmed_flags) == {"not_interviewed", "visa_infeasible"}
    listed = alice_client.get(url("index", ws)).content.decode()
    assert "Visa infeasible" in listed and "Not interviewed" in listed


def test_a_program_cannot_be_added_twice_or_from_another_workspace(alice_client, ws, ranked, charlie):
    primary, (a, _b, _c) = ranked
    alice_client.post(url("entry_add", ws, pk=primary.pk), {"tracked": a.tracked_id, "confirm": "on"})
    theirs = track(charlie.memberships.get().workspace)
    alice_client.post(url("entry_add", ws, pk=primary.pk), {"tracked": theirs.pk, "confirm": "on"})
    assert primary.entries.count() == 3


def test_the_301st_entry_is_refused_by_the_page(alice_client, ws, settings):
    settings.ROL_MAX_RANKS = 3
    primary = RankList.primary_for(ws)
    for _ in range(3):
        primary.add(track(ws, **ELIGIBLE))
    extra = track(ws, **ELIGIBLE)
    response = alice_client.post(url("entry_add", ws, pk=primary.pk), {"tracked": extra.pk}, follow=True)
    assert "at most 3 programs" in response.content.decode()
    assert primary.entries.count() == 3


def test_the_program_page_adds_to_the_primary_list(alice_client, ws):
    tracked = track(ws, **ELIGIBLE)
    assert alice_client.post(url("entry_add_from_program", ws, tracked_pk=tracked.pk)).status_code == 302
    assert RankList.primary_for(ws).entries.get().tracked == tracked


def test_a_why_here_note_is_saved_in_place_and_escaped(alice_client, ws, ranked):
    _primary, (a, _b, _c) = ranked
    note = "<script>alert(1)</script> mentors"
    response = alice_client.post(
        url("entry_note", ws, pk=a.pk), {"why_here": note}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200 and "Saved" in response.content.decode()
    assert "<script>alert(1)" not in alice_client.get(url("index", ws)).content.decode()
    a.refresh_from_db()
    assert a.why_here == note
    assert alice_client.post(url("entry_note", ws, pk=a.pk), {"why_here": "x" * 1001}).status_code == 302
    a.refresh_from_db()
    assert a.why_here == note


def test_removing_renumbers_the_list(alice_client, ws, ranked):
    primary, (a, b, c) = ranked
    alice_client.post(url("entry_remove", ws, pk=a.pk))
    assert order(primary) == [b.pk, c.pk]
    assert list(primary.entries.order_by("position").values_list("position", flat=True)) == [1, 2]


def test_a_change_by_htmx_clears_the_banners_of_earlier_changes(alice_client, ws, ranked):
    _primary, (a, _b, _c) = ranked
    response = alice_client.post(url("entry_remove", ws, pk=a.pk), headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "removed from the list." in page  # this change's status, in the region
    assert '<div class="messages" id="messages" aria-live="polite" hx-swap-oob="true"></div>' in page
    full = alice_client.get(url("index", ws)).content.decode()
    assert 'id="messages"' in full and "hx-swap-oob" not in full


def test_the_programs_to_add_are_named_with_their_specialty(alice_client, ws, ranked):
    pediatrics, medicine = Specialty.objects.get(code="765"), Specialty.objects.get(code="766")
    for specialty in (pediatrics, medicine):
        track(ws, program=ProgramFactory(name="Baylor College of Medicine Program", specialty=specialty))
    page = alice_client.get(url("index", ws)).content.decode()
    assert "Baylor College of Medicine Program · Pediatrics/Medical Genetics" in page
    assert "Baylor College of Medicine Program · Internal Medicine/Medical Genetics" in page


def test_the_suggestion_orders_by_score_and_is_applied_only_when_accepted(alice_client, ws, ranked):
    primary, (a, b, c) = ranked
    chosen = only_criteria(ws, faculty=3)
    for entry, value in ((a, 1), (b, 5), (c, 3)):
        rate(ws, entry.tracked, chosen["faculty"], value)
    page = alice_client.get(url("suggestion", ws, pk=primary.pk)).content.decode()
    assert "Use this order" in page and "Keep my order" in page
    assert order(primary) == [a.pk, b.pk, c.pk]
    alice_client.post(url("suggestion_accept", ws, pk=primary.pk))
    assert order(primary) == [b.pk, c.pk, a.pk]
    assert (
        "already follows your composite scores"
        in alice_client.get(url("suggestion", ws, pk=primary.pk)).content.decode()
    )


def test_recording_a_certification_keeps_a_snapshot_and_marks_the_list_reviewed(alice_client, ws, ranked):
    primary, _entries = ranked
    alice_client.post(url("list_certify", ws, pk=primary.pk))
    primary.refresh_from_db()
    assert primary.snapshots.filter(kind=SnapshotKind.CERTIFIED).count() == 1
    assert primary.certified_at is not None and not primary.has_unreviewed_changes


def test_supplemental_lists_need_an_advanced_program(alice_client, ws):
    alice_client.post(url("list_create", ws), {"name": "Prelim medicine"})
    assert not RankList.objects.filter(workspace=ws, kind="supplemental").exists()
    advanced = ProgramFactory(number="1303600001", specialty=Specialty.objects.get(code="130"))
    track(ws, program=advanced)
    response = alice_client.post(url("list_create", ws), {"name": "Prelim medicine"})
    created = RankList.objects.get(workspace=ws, kind="supplemental")
    assert response.url == url("list_detail", ws, pk=created.pk)
    page = alice_client.get(response.url).content.decode()
    assert "Prelim medicine" in page and "supplemental list of preliminary programs" in page


def test_the_primary_list_cannot_be_deleted(alice_client, ws, ranked):
    primary, _entries = ranked
    alice_client.post(url("list_delete", ws, pk=primary.pk))
    assert RankList.objects.filter(pk=primary.pk).exists() and RankEntry.objects.count() == 3


def test_a_program_name_with_markup_is_shown_as_text(alice_client, ws):
    evil = ProgramFactory(name='<img src=x onerror="alert(1)">Evil Program')
    RankList.primary_for(ws).add(track(ws, program=evil, **ELIGIBLE))
    page = alice_client.get(url("index", ws)).content.decode()
    assert "<img src=x" not in page and "&lt;img src=x" in page


def test_a_withdrawn_program_added_from_its_page_asks_first_then_stays_flagged(alice_client, ws):
    withdrawn = track(ws, stage=Stage.WITHDRAWN, **ELIGIBLE)
    page = alice_client.post(url("entry_add_from_program", ws, tracked_pk=withdrawn.pk))
    assert page.status_code == 200 and "Withdrawn or excluded" in page.content.decode()
    primary = RankList.primary_for(ws)
    alice_client.post(url("entry_add", ws, pk=primary.pk), {"tracked": withdrawn.pk, "confirm": "on"})
    assert primary.entries.get().confirmed_flags == ["closed"]
