"""An applicant uploads a real spreadsheet, reads the preview, confirms, and finds the programs in the catalog."""

import re

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from programs.models import ProgramFact, TrackedProgram
from tests.base import PASSWORD, build_people
from tests.browser.conftest import log_in
from tests.catalog.helpers import csv_file, row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def alice_workspace(settings, tmp_path):
    settings.PRIVATE_UPLOAD_DIR = tmp_path / "uploads"
    world = build_people()
    EmailAddress.objects.create(user=world.alice, email=world.alice.email, verified=True, primary=True)
    return world.alice, world.workspace


def test_upload_preview_confirm_then_add_from_the_catalog(live_server, page, alice_workspace, tmp_path):
    alice, workspace = alice_workspace
    spreadsheet = tmp_path / "my genetics list.csv"
    body = [
        row(1, **{"Program Name": "Hôpital Saint-Luc Program"}),
        row(2, **{"Program Name": "<b>Bold</b> Children's Program"}),
        row(3, **{"% IMG": "lots"}),
    ]
    spreadsheet.write_bytes(csv_file(body=body, encoding="cp1252"))

    log_in(page, live_server.url, alice.email, PASSWORD)
    page.get_by_role("link", name="Catalog").first.click()
    page.get_by_role("link", name="Import a file").click()
    page.get_by_label("Spreadsheet").set_input_files(str(spreadsheet))
    page.get_by_role("button", name="Preview the import").click()

    expect(page.get_by_role("heading", name="Preview: my genetics list.csv")).to_be_visible()
    expect(page.get_by_text(re.compile("cp1252"))).to_be_visible()
    expect(page.get_by_text("Hôpital Saint-Luc Program")).to_be_visible()
    expect(page.get_by_text("<b>Bold</b> Children's Program")).to_be_visible()  # shown as text, not markup
    expect(page.get_by_role("heading", name="1 invalid row")).to_be_visible()
    expect(page.get_by_text("“lots” is not a number")).to_be_visible()
    assert not ProgramFact.objects.exists()

    page.get_by_label(re.compile("Leave out the 1 invalid row")).check()
    page.get_by_role("button", name="Confirm the import").click()
    expect(page.get_by_role("heading", name=re.compile("Imported"))).to_be_visible()
    expect(page.get_by_text("2 program(s) added to your long list")).to_be_visible()
    assert TrackedProgram.objects.filter(workspace=workspace).count() == 2

    page.get_by_role("link", name="Browse the catalog").first.click()
    expect(page.get_by_text("Already on your list")).to_have_count(2)
    page.get_by_label("Name, institution, city or number").fill("Saint-Luc")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_text("1 program found")).to_be_visible()
