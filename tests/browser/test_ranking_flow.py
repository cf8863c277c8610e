"""The demo applicant rates two programs, reorders the rank list by drag and drop and by keyboard, takes a
snapshot, and downloads the PDF and the XLSX."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from accounts.demo import load_all
from accounts.demo_credentials import DEMO_EMAIL, DEMO_PASSWORD
from scoring.models import RankList, Rating
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOAD = 15_000  # ms for a page load on a busy machine


def order(rank_list) -> list[str]:
    return [e.tracked.program.name for e in rank_list.ordered_entries()]


def nav(page, name: str) -> None:
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name=name).click()


def rate(page, program: str, faculty: str, welcomed: str, note: str) -> None:
    nav(page, "Rank list")
    page.get_by_role("link", name=program, exact=True).click()
    expect(page.get_by_role("heading", name="Ratings and how they add up")).to_be_visible(timeout=LOAD)
    page.get_by_label("Faculty alignment with my interests", exact=True).select_option(faculty)
    page.get_by_label("Note on faculty alignment with my interests").fill(note)
    page.get_by_label("How welcomed I felt", exact=True).select_option(welcomed)
    page.get_by_role("button", name="Save ratings").click()
    expect(page.get_by_text("Ratings saved")).to_be_visible(timeout=LOAD)


def drag_to_top(page, entry, first) -> None:
    """Drag an entry by its handle above the first one (SortableJS in pointer mode) until it is saved."""
    handle = entry.locator(".drag-handle").bounding_box()
    target = first.bounding_box()
    with page.expect_response(lambda r: "/reorder/" in r.url and r.status == 200):
        page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
        page.mouse.down()
        page.mouse.move(handle["x"] + 5, handle["y"] - 20, steps=5)
        for step in range(40):
            page.mouse.move(target["x"] + 40, target["y"] + 5 - step % 4, steps=2)
            if page.locator(".rank-entry").first.get_attribute("data-entry") == entry.get_attribute(
                "data-entry"
            ):
                break
        page.mouse.up()


def test_rate_reorder_snapshot_and_download(live_server, page, tmp_path):
    _user, workspace = load_all()
    primary = RankList.primary_for(workspace)
    names = order(primary)
    log_in(page, live_server.url, DEMO_EMAIL, DEMO_PASSWORD)

    # Rate two programs.
    rate(page, names[0], "5", "4", "Met two faculty in metabolic genetics")
    rate(page, names[1], "3", "5", "")
    faculty = Rating.objects.filter(workspace=workspace, criterion__slug="faculty")
    assert faculty.get(tracked__program__name=names[0]).note == "Met two faculty in metabolic genetics"
    assert faculty.get(tracked__program__name=names[1]).value == 3

    # Drag the third program to the top.
    nav(page, "Rank list")
    entries = page.locator(".rank-entry")
    expect(entries).to_have_count(5, timeout=LOAD)
    drag_to_top(page, entries.nth(2), entries.nth(0))
    announcer = page.locator("#rank-announcer")  # filled once htmx has swapped and settled the list
    expect(announcer).to_have_text("New order saved.")
    assert order(primary) == [names[2], names[0], names[1], names[3], names[4]]

    # By keyboard: the fifth program one up, then to rank 1 with "Move to"; the focus stays with it.
    fifth = primary.entries.get(tracked__program__name=names[4])
    page.locator(f"#up-{fifth.pk}").focus()
    with page.expect_response(lambda r: "/move/" in r.url and r.status == 200):
        page.keyboard.press("Enter")
    expect(announcer).to_have_text(f"{names[4]} is now #4.")
    expect(page.locator(f"#up-{fifth.pk}")).to_be_focused()
    assert order(primary)[3] == names[4]
    page.locator(f"#to-{fifth.pk}").focus()
    page.keyboard.type("1")
    with page.expect_response(lambda r: "/move/" in r.url and r.status == 200):
        page.keyboard.press("Enter")
    expect(announcer).to_have_text(f"{names[4]} is now #1.")
    expect(page.locator(f"#to-{fifth.pk}")).to_be_focused()
    assert order(primary)[0] == names[4]

    # Take a snapshot.
    page.get_by_label("Snapshot label").fill("After the interviews")
    page.get_by_role("button", name="Take a snapshot").click()
    expect(page.get_by_text("Snapshot “After the interviews” taken (5 programs).")).to_be_visible(
        timeout=LOAD
    )
    snapshot = primary.snapshots.get(label="After the interviews")
    assert [row["name"] for row in snapshot.entries] == order(primary)

    # Download the PDF and the XLSX.
    nav(page, "Rank list")
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="PDF").click()
    pdf = tmp_path / pdf_download.value.suggested_filename
    pdf_download.value.save_as(pdf)
    assert pdf.name.startswith("rank-list-primary-2027-match-") and pdf.read_bytes().startswith(b"%PDF")
    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="XLSX").click()
    sheet = load_workbook(io.BytesIO(xlsx_download.value.path().read_bytes())).active
    labels = [e.tracked.program.label for e in primary.ordered_entries()]  # the name with the specialty
    assert [sheet.cell(row=r, column=2).value for r in range(2, 7)] == labels
