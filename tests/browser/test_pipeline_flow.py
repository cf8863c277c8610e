"""The demo applicant filters to eligible Peds/Genetics programs, moves five to the short list by drag
and drop and one by keyboard, then compares two side by side."""

import importlib

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from playwright.sync_api import expect

from accounts.models import Workspace
from programs.choices import Stage
from programs.models import StageChange, TrackedProgram
from tests.browser.conftest import log_in
from tests.programs.builders import demo_applicant, track

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-genetics-passphrase"
LOAD = 15_000  # ms for a page load on a busy machine; expectations default to 5 s


@pytest.fixture
def applicant(django_user_model):
    # Transactional tests flush the seeded specialties; seed them again (the data migration's code).
    importlib.import_module("programs.migrations.0002_seed_specialties").seed(apps, None)
    user = django_user_model.objects.create_user("demo-applicant@example.com", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    workspace = Workspace.objects.for_user(user).get()
    demo_applicant(workspace)
    for n in range(7):
        track(workspace, name=f"Peds Genetics Eligible {n}", code="765", state="NY")
    track(workspace, name="Peds Genetics No J-1", code="765", visa_j1=False)
    track(workspace, name="Peds Genetics Unclear", code="765", visa_j1=None)
    track(workspace, name="IM Genetics Eligible", code="766")
    return user, workspace


def drag(page, card, target) -> None:
    """Drag with the mouse (SortableJS runs in pointer mode) and wait until the move is saved.

    SortableJS ignores a press on a card that is still sliding into place after the last drop, and
    pointer moves over a column that is animating; so the press waits for the card to settle, and the
    mouse is released only once SortableJS has placed the card in the target column.
    """
    expect(page.locator(".sortable-chosen, .sortable-fallback")).to_have_count(0)  # the last drop is over
    page.wait_for_function("card => !card.animated", arg=card.element_handle())
    name = card.get_attribute("data-program")
    start = card.locator(".small").bounding_box()
    end = target.bounding_box()
    x, y = end["x"] + end["width"] / 2, end["y"] + 20
    with page.expect_response(lambda r: "/move/" in r.url and r.status == 200):
        page.mouse.move(start["x"] + 10, start["y"] + 5)
        page.mouse.down()
        page.mouse.move(start["x"] + 30, start["y"] + 30, steps=5)
        page.mouse.move(x, y, steps=15)
        for nudge in range(50):
            if target.locator(f'[data-program="{name}"]').count():
                break
            page.mouse.move(x, y + nudge % 5, steps=2)
        page.mouse.up()


def test_filter_move_by_drag_and_drop_and_keyboard_then_compare(live_server, page, applicant):
    user, workspace = applicant
    log_in(page, live_server.url, user.email, PASSWORD)

    # Filter the table to eligible Pediatrics/Medical Genetics programs.
    page.get_by_role("link", name="Programs").first.click()
    page.get_by_role("button", name="Filters").click()
    page.get_by_label("Eligible", exact=True).check()
    page.get_by_label("Pediatrics/Medical Genetics (765)").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("7 programs match")).to_be_visible(timeout=LOAD)
    expect(page.get_by_role("link", name="Peds Genetics No J-1")).to_have_count(0)
    expect(page.get_by_role("link", name="IM Genetics Eligible")).to_have_count(0)

    # The board keeps the filters; drag five cards to the short list.
    page.get_by_role("link", name="Board", exact=True).last.click()
    long_list = page.locator('.board-list[data-stage="long_list"]')
    short_list = page.locator('.board-list[data-stage="short_list"]')
    expect(long_list.locator("[data-card]")).to_have_count(7, timeout=LOAD)
    for moved in range(1, 6):
        drag(page, long_list.locator("[data-card]").first, short_list)
        expect(short_list.locator("[data-card]")).to_have_count(moved)
    expect(page.locator('[data-count="short_list"]')).to_have_text("5")
    expect(page.locator('[data-count="long_list"]')).to_have_text("2")

    # One more by keyboard: the card's "Move to" menu, arrow keys, Enter.
    name = long_list.locator("[data-card]").first.get_attribute("data-program")
    card = page.locator(f'[data-card][data-program="{name}"]')
    card.locator("[data-move-button]").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("ArrowDown")  # the current stage is disabled: the first choice is "Short list"
    expect(card.get_by_role("button", name="Short list")).to_be_focused()
    with page.expect_response(lambda r: "/move/" in r.url and r.status == 200):
        page.keyboard.press("Enter")
    expect(short_list.locator("[data-card]")).to_have_count(6)
    expect(page.locator('[data-count="short_list"]')).to_have_text("6")
    expect(short_list.locator(f'[data-program="{name}"]')).to_have_count(1)
    expect(card.locator("[data-move-button]")).to_be_focused()

    shortlisted = TrackedProgram.objects.filter(workspace=workspace, stage=Stage.SHORT_LIST)
    assert shortlisted.count() == 6
    assert all(
        name.startswith("Peds Genetics Eligible")
        for name in shortlisted.values_list("program__name", flat=True)
    )
    assert StageChange.objects.filter(tracked__workspace=workspace, to_stage=Stage.SHORT_LIST).count() == 6

    # Compare two of the short list side by side.
    page.get_by_role("link", name="Table").click()
    first, second = (p.program.name for p in shortlisted.order_by("program__name")[:2])
    page.get_by_label(f"Tick {first}").check()
    page.get_by_label(f"Tick {second}").check()
    page.get_by_role("link", name="Compare ticked").click()
    expect(page.get_by_role("heading", name="Compare 2 programs")).to_be_visible(timeout=LOAD)
    expect(page.get_by_role("link", name=first)).to_be_visible()
    expect(page.get_by_role("link", name=second)).to_be_visible()
    expect(page.get_by_role("row", name="Stage").get_by_text("Short list")).to_have_count(2)
