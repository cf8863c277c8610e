"""The program table and board: filters, sorting, pagination, extra columns, bulk moves, saved filters."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs import columns
from programs.choices import SourceKind, Stage
from programs.columns import ColumnValue, ExtraColumn
from programs.models import SavedFilter, StageChange, TrackedProgram
from tests.factories import ProgramFactFactory
from tests.programs.builders import demo_applicant, track


@pytest.fixture
def ws(workspace):
    demo_applicant(workspace)
    return workspace


def list_url(workspace, **params) -> str:
    return reverse("programs:list", kwargs={"workspace_id": workspace.pk})


def names(response) -> list[str]:
    return [row.program.name for row in response.context["page"].object_list]


def test_the_table_shows_each_program_with_its_verdict_and_key_facts(alice_client, ws):
    track(ws, name="Open Peds Genetics", pct_img=22.5, positions_first_year=3)
    track(ws, name="Quiet Program", visa_j1=None, visa_h1b=None, pct_img=None)
    response = alice_client.get(list_url(ws))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Open Peds Genetics" in page and "Quiet Program" in page
    assert "22.5%" in page
    assert page.count('class="not-reported"') >= 2  # % IMG and positions of the quiet program
    assert "J-1 ?" in page  # visa not reported, shown distinctly from "No"
    verdicts = {row.program.name: row.verdict.status for row in response.context["rows"]}
    assert verdicts == {"Open Peds Genetics": "eligible", "Quiet Program": "needs_confirmation"}


def test_a_row_escapes_what_users_and_files_wrote(alice_client, ws):
    tracked = track(ws, name='<script>alert("name")</script>', stage=Stage.EXCLUDED)
    tracked.excluded_reason = "<img src=x onerror=alert(1)>"
    tracked.notes = "**Ask** about <b>visas</b> <script>alert(2)</script>"
    tracked.interest = 4
    tracked.save()
    tracked.tags.create(workspace=ws, name="<i>tag</i>")
    page = alice_client.get(list_url(ws), {"stage": "excluded"}).content.decode()
    body = page[page.index("<tbody>") : page.index("</tbody>")]
    assert "<script>" not in body and "<img" not in body and "<i>tag" not in body
    assert "&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;" in body
    assert "&lt;i&gt;tag&lt;/i&gt;" in body and "Interest 4 of 5" in body
    assert "Ask about" in body  # the notes preview is plain text


def test_search_matches_name_city_institution_and_number(alice_client, ws):
    wanted = track(ws, name="Boston Children's Genetics")
    track(ws, name="Houston Program")
    assert names(alice_client.get(list_url(ws), {"q": "boston"})) == ["Boston Children's Genetics"]
    number = wanted.program.number
    assert names(alice_client.get(list_url(ws), {"q": number[:6]}))[0] == "Boston Children's Genetics"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"verdict": "eligible"}, ["Eligible Peds NY"]),
        ({"verdict": "ineligible"}, ["No visa IM TX"]),
        ({"verdict": ["eligible", "needs_confirmation"]}, ["Eligible Peds NY", "Unreported Peds CA"]),
        ({"specialty": "766"}, ["No visa IM TX"]),
        ({"region": "northeast"}, ["Eligible Peds NY"]),
        ({"state": ["CA", "TX"]}, ["No visa IM TX", "Unreported Peds CA"]),
        ({"visa": "j1"}, ["Eligible Peds NY"]),
        ({"visa": "h1b"}, ["No visa IM TX"]),
        ({"visa": "not_reported"}, ["Unreported Peds CA"]),
        ({"img_min": 10, "img_max": 40}, ["Eligible Peds NY"]),
        ({"img_min": 0}, ["Eligible Peds NY", "No visa IM TX"]),
        ({"program_type": "community"}, ["No visa IM TX"]),
        ({"stage": "short_list"}, ["No visa IM TX"]),
    ],
)
def test_filters(alice_client, ws, params, expected):
    track(ws, name="Eligible Peds NY", code="765", state="NY", pct_img=25)
    track(
        ws, name="No visa IM TX", code="766", state="TX", visa_j1=False, visa_h1b=True, pct_img=55,
        program_type="community", stage=Stage.SHORT_LIST,
    )  # fmt: skip
    track(
        ws,
        name="Unreported Peds CA",
        code="765",
        state="CA",
        visa_j1=None,
        visa_h1b=None,
        prior_gme_required=None,
    )
    assert sorted(names(alice_client.get(list_url(ws), params))) == expected


def test_excluded_and_withdrawn_programs_are_hidden_unless_asked_for(alice_client, ws):
    track(ws, name="Active")
    track(ws, name="Dropped", stage=Stage.EXCLUDED)
    assert names(alice_client.get(list_url(ws))) == ["Active"]
    assert names(alice_client.get(list_url(ws), {"stage": "excluded"})) == ["Dropped"]


def test_conflicting_and_stale_facts_can_be_filtered(alice_client, ws, settings):
    settings.FACT_STALE_DAYS = 365
    contested = track(ws, name="Contested")
    ProgramFactFactory(
        program=contested.program,
        workspace=ws,
        values={"visa_j1": False},
        source_kind=SourceKind.WEBSITE,
    )
    from datetime import date, timedelta

    track(ws, name="Old news", observed_on=date.today() - timedelta(days=400))
    track(ws, name="Fresh")
    assert names(alice_client.get(list_url(ws), {"flags": "conflict"})) == ["Contested"]
    assert names(alice_client.get(list_url(ws), {"flags": "stale"})) == ["Old news"]


def test_tags_filter_the_list(alice_client, ws):
    tagged = track(ws, name="Tagged")
    track(ws, name="Plain")
    tagged.tags.create(workspace=ws, name="family nearby")
    assert names(alice_client.get(list_url(ws), {"tag": "family nearby"})) == ["Tagged"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Alpha", "Bravo", "Charlie"]),
        ("-name", ["Charlie", "Bravo", "Alpha"]),
        ("state", ["Bravo", "Charlie", "Alpha"]),
        ("-pct_img", ["Charlie", "Alpha", "Bravo"]),  # not reported goes last either way
        ("pct_img", ["Alpha", "Charlie", "Bravo"]),
        ("-positions", ["Bravo", "Alpha", "Charlie"]),
    ],
)
def test_sorting_puts_unreported_values_last(alice_client, ws, sort, expected):
    track(ws, name="Alpha", state="WA", pct_img=10, positions_first_year=2)
    track(ws, name="Bravo", state="CA", pct_img=None, positions_first_year=5)
    track(ws, name="Charlie", state="NY", pct_img=40, positions_first_year=None)
    assert names(alice_client.get(list_url(ws), {"sort": sort})) == expected


def test_the_table_is_paginated(alice_client, ws):
    for n in range(55):
        track(ws, name=f"Program {n:02d}")
    first = alice_client.get(list_url(ws))
    second = alice_client.get(list_url(ws), {"page": 2})
    assert len(names(first)) == 50 and len(names(second)) == 5
    assert first.context["total"] == 55


def test_a_bad_filter_value_is_ignored_not_fatal(alice_client, ws):
    track(ws, name="Still here")
    response = alice_client.get(list_url(ws), {"img_min": "lots", "verdict": "bogus", "sort": "nonsense"})
    assert response.status_code == 200
    assert names(response) == ["Still here"]


@pytest.fixture
def responsiveness_column(monkeypatch):
    """A column as outreach will register it, to prove the table handles any registered column."""
    calls = []

    def values(batch):
        calls.append(len(batch.tracked))
        speed = {"Fast": (1, "fast", "success"), "Slow": (9, "slow", "warning")}
        result = {}
        for tracked in batch.tracked:
            if tracked.program.name in speed:
                days, key, badge = speed[tracked.program.name]
                result[tracked.pk] = ColumnValue(f"{days} days", days, key, badge, "Median reply time")
        return result

    column = ExtraColumn(
        key="reply_speed",
        label="Reply speed",
        values=values,
        filter_label="Replies",
        filter_choices=(("fast", "Fast"), ("slow", "Slow")),
    )
    monkeypatch.setitem(columns._columns, column.key, column)
    return calls


def test_registered_columns_are_rendered_sorted_and_filtered(alice_client, ws, responsiveness_column):
    for name in ("Fast", "Slow", "Silent"):
        track(ws, name=name)
    response = alice_client.get(list_url(ws))
    page = response.content.decode()
    assert "Reply speed" in page and "1 days" in page and "Replies" in page
    assert names(alice_client.get(list_url(ws), {"sort": "-reply_speed"})) == ["Slow", "Fast", "Silent"]
    assert names(alice_client.get(list_url(ws), {"sort": "reply_speed"})) == ["Fast", "Slow", "Silent"]
    assert names(alice_client.get(list_url(ws), {"reply_speed": "slow"})) == ["Slow"]
    assert responsiveness_column == [3, 3, 3, 3]  # once per page, with every row


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url_name", ["programs:list", "programs:board"])
def test_table_and_board_take_a_constant_number_of_queries(alice_client, ws, url_name):
    url = reverse(url_name, kwargs={"workspace_id": ws.pk})
    for n in range(3):
        track(ws, name=f"Few {n}").tags.create(workspace=ws, name=f"tag {n}")
    alice_client.get(url)  # the first visit also stores the workspace in the session
    few = _count_queries(alice_client, url)
    for n in range(30):
        tracked = track(ws, name=f"Many {n}", stage=Stage.SHORT_LIST if n % 2 else Stage.LONG_LIST)
        ProgramFactFactory(
            program=tracked.program, workspace=ws, values={"pct_img": n}, source_kind="website"
        )
    assert _count_queries(alice_client, url) == few


def test_the_board_has_a_column_per_stage_with_counts(alice_client, ws):
    track(ws, name="Long one")
    track(ws, name="Short one", stage=Stage.SHORT_LIST)
    track(ws, name="Dropped", stage=Stage.EXCLUDED)
    response = alice_client.get(reverse("programs:board", kwargs={"workspace_id": ws.pk}))
    columns_ = {stage: [r.program.name for r in rows] for stage, _label, rows in response.context["columns"]}
    assert list(columns_) == list(Stage.values)
    assert columns_["long_list"] == ["Long one"]
    assert columns_["short_list"] == ["Short one"]
    assert columns_["excluded"] == ["Dropped"]
    assert b"data-move-url" in response.content


def test_the_board_keeps_the_tables_filters(alice_client, ws):
    track(ws, name="Peds", code="765")
    track(ws, name="Internal", code="766")
    response = alice_client.get(
        reverse("programs:board", kwargs={"workspace_id": ws.pk}), {"specialty": "765"}
    )
    assert response.context["total"] == 1


# --- Moving programs -----------------------------------------------------------------------------


def move_url(tracked) -> str:
    return reverse("programs:move", kwargs={"workspace_id": tracked.workspace_id, "pk": tracked.pk})


def test_a_drag_and_drop_move_answers_json_and_records_the_change(alice_client, ws, alice):
    tracked = track(ws)
    response = alice_client.post(
        move_url(tracked), {"stage": "short_list"}, headers={"Accept": "application/json"}
    )
    assert response.json() == {"stage": "short_list", "label": "Short list", "moved": True}
    change = StageChange.objects.get(tracked=tracked)
    assert (change.from_stage, change.to_stage, change.changed_by) == ("long_list", "short_list", alice)


def test_a_menu_move_redirects_to_a_safe_next_page_only(alice_client, ws):
    tracked = track(ws)
    board = reverse("programs:board", kwargs={"workspace_id": ws.pk}) + "?specialty=765"
    response = alice_client.post(move_url(tracked), {"stage": "applied", "next": board})
    assert response["Location"] == board
    response = alice_client.post(move_url(tracked), {"stage": "interviewed", "next": "https://evil.example/"})
    assert response["Location"] == reverse(
        "programs:detail", kwargs={"workspace_id": ws.pk, "pk": tracked.pk}
    )


def test_a_move_to_an_unknown_stage_is_refused(alice_client, ws):
    tracked = track(ws)
    response = alice_client.post(
        move_url(tracked), {"stage": "heaven"}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 400
    tracked.refresh_from_db()
    assert tracked.stage == Stage.LONG_LIST


def test_excluding_one_program_keeps_the_reason(alice_client, ws):
    tracked = track(ws)
    alice_client.post(move_url(tracked), {"stage": "excluded", "reason": "Only H-1B"})
    tracked.refresh_from_db()
    assert (tracked.stage, tracked.excluded_reason) == ("excluded", "Only H-1B")


# --- Bulk moves ----------------------------------------------------------------------------------


def bulk(client, workspace, action="bulk_move", **data):
    url = reverse(f"programs:{action}", kwargs={"workspace_id": workspace.pk})
    return client.post(url, {"scope": "selected", "query": "", **data})


def stages(*tracked) -> list[str]:
    return [TrackedProgram.objects.get(pk=t.pk).stage for t in tracked]


def test_bulk_move_of_the_ticked_programs(alice_client, ws):
    a, b, c = track(ws), track(ws), track(ws)
    response = bulk(alice_client, ws, ids=[a.pk, c.pk], stage="short_list")
    assert response.status_code == 302
    assert stages(a, b, c) == ["short_list", "long_list", "short_list"]


def test_bulk_move_of_everything_matching_the_filters(alice_client, ws):
    """ "Move every eligible 765 program in the Northeast to the short list"."""
    hit = track(ws, code="765", state="NY")
    also = track(ws, code="765", state="PA")
    wrong_region = track(ws, code="765", state="CA")
    wrong_code = track(ws, code="766", state="NY")
    ineligible = track(ws, code="765", state="MA", visa_j1=False)
    query = "verdict=eligible&specialty=765&region=northeast"
    response = bulk(alice_client, ws, scope="all", query=query, stage="short_list")
    assert response["Location"].endswith("?" + query)
    assert stages(hit, also) == ["short_list", "short_list"]
    assert stages(wrong_region, wrong_code, ineligible) == ["long_list"] * 3


def test_bulk_exclude_needs_a_reason_and_records_it(alice_client, ws):
    tracked = track(ws)
    bulk(alice_client, ws, "bulk_exclude", ids=[tracked.pk], reason="")
    assert stages(tracked) == ["long_list"]
    bulk(alice_client, ws, "bulk_exclude", ids=[tracked.pk], reason="No visa")
    tracked.refresh_from_db()
    assert (tracked.stage, tracked.excluded_reason) == ("excluded", "No visa")


def test_a_selected_bulk_move_without_ticks_moves_nothing(alice_client, ws):
    tracked = track(ws)
    response = bulk(alice_client, ws, stage="short_list")
    assert stages(tracked) == ["long_list"]
    assert "Tick at least one program" in str(list(response.wsgi_request._messages))


@pytest.mark.parametrize("scope", ["selected", "all"])
@pytest.mark.parametrize("action", ["bulk_move", "bulk_exclude"])
def test_bulk_actions_never_touch_another_workspaces_rows_even_with_forged_ids(
    alice_client, ws, world, scope, action
):
    mine = track(ws)
    theirs = [track(world.charlie_workspace), track(world.charlie_workspace)]
    data = {"scope": scope, "ids": [mine.pk] + [t.pk for t in theirs], "stage": "short_list", "reason": "x"}
    response = bulk(alice_client, ws, action, **data)
    assert response.status_code == 302
    assert stages(*theirs) == ["long_list", "long_list"]
    assert not StageChange.objects.filter(tracked__in=theirs).exists()
    assert stages(mine) == ["excluded" if action == "bulk_exclude" else "short_list"]


def test_forged_ids_posted_to_the_outsiders_own_workspace_do_not_reach_alice(charlie_client, world):
    alices = track(world.workspace)
    bulk(charlie_client, world.charlie_workspace, ids=[alices.pk], stage="ranked", scope="selected")
    assert stages(alices) == ["long_list"]


def test_junk_ids_are_refused(alice_client, ws):
    tracked = track(ws)
    bulk(alice_client, ws, ids=["1; DROP TABLE"], stage="short_list")
    assert stages(tracked) == ["long_list"]


# --- Saved filters -------------------------------------------------------------------------------


def test_filters_can_be_saved_reused_and_deleted(alice_client, ws):
    save = reverse("programs:filter_save", kwargs={"workspace_id": ws.pk})
    response = alice_client.post(
        save, {"name": "Northeast Peds", "query": "specialty=765&region=northeast&page=3"}
    )
    saved = SavedFilter.objects.get(workspace=ws)
    assert saved.query == "specialty=765&region=northeast"
    assert response["Location"].endswith("?specialty=765&region=northeast")
    assert b"Northeast Peds" in alice_client.get(list_url(ws)).content
    alice_client.post(save, {"name": "Northeast Peds", "query": "visa=j1"})
    assert SavedFilter.objects.filter(workspace=ws).count() == 1  # the name is taken
    alice_client.post(reverse("programs:filter_delete", kwargs={"workspace_id": ws.pk, "pk": saved.pk}))
    assert not SavedFilter.objects.filter(workspace=ws).exists()


def test_an_empty_filter_is_not_saved(alice_client, ws):
    alice_client.post(
        reverse("programs:filter_save", kwargs={"workspace_id": ws.pk}), {"name": "All", "query": ""}
    )
    assert not SavedFilter.objects.exists()


def test_another_workspaces_saved_filter_cannot_be_deleted(charlie_client, world):
    saved = SavedFilter.objects.create(workspace=world.workspace, name="Mine", query="visa=j1")
    url = reverse(
        "programs:filter_delete", kwargs={"workspace_id": world.charlie_workspace.pk, "pk": saved.pk}
    )
    assert charlie_client.post(url).status_code == 404
    assert SavedFilter.objects.filter(pk=saved.pk).exists()


@pytest.mark.parametrize(
    "sort", ["name", "-name", "state", "-state", "stage", "-stage", "interest", "-interest"]
)
def test_the_database_and_python_orders_agree(alice_client, ws, sort):
    """The default table sorts and paginates in the database; a fact filter sorts in Python."""
    rows = [
        ("beta", "NY", Stage.SHORT_LIST, 3),
        ("Alpha", "", Stage.LONG_LIST, None),
        ("gamma", "CA", Stage.APPLIED, 5),
        ("Delta", "NY", Stage.LONG_LIST, 3),
        ("epsilon", "", Stage.SHORT_LIST, 1),
    ]
    for name, state, stage, interest in rows:
        tracked = track(ws, name=name, state=state, stage=stage)
        TrackedProgram.objects.filter(pk=tracked.pk).update(interest=interest)
    in_database = names(alice_client.get(list_url(ws), {"sort": sort}))
    in_python = names(alice_client.get(list_url(ws), {"sort": sort, "verdict": ["eligible", "ineligible"]}))
    assert in_database == in_python
    assert len(in_database) == 5
