"""A newcomer signs up, verifies their email, logs in, fills the profile and sees it on the home page."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "priya@example.com"
PASSWORD = "a-long-genetics-passphrase"


def read_verification_link(mail_dir) -> str:
    messages = "".join(path.read_text() for path in sorted(mail_dir.glob("*.log")))
    match = re.search(r"https?://\S+/accounts/confirm-email/\S+/", messages)
    assert match, f"no verification link in the mail files:\n{messages}"
    return match.group(0)


def test_sign_up_verify_log_in_fill_the_profile_and_log_out(live_server, page, chromium, mail_dir):
    page.goto(live_server.url)
    page.get_by_role("link", name="Create a free account").click()
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_role("textbox", name=re.compile(r"^Password\*?$")).fill(PASSWORD)
    page.get_by_role("textbox", name=re.compile(r"^Password \(again\)")).fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()

    # The link is opened from the mail, in another browser session, as a person would.
    other = chromium.new_context()
    confirm = other.new_page()
    confirm.goto(read_verification_link(mail_dir))
    confirm.get_by_role("button", name="Confirm").click()
    expect(confirm.get_by_text("You have confirmed")).to_be_visible()
    other.close()

    log_in(page, live_server.url, EMAIL, PASSWORD)
    expect(page.get_by_role("heading", name="My residency search")).to_be_visible()
    expect(page.get_by_text("Complete your applicant profile")).to_be_visible()

    page.get_by_role("link", name="Profile").first.click()
    page.get_by_label("Visa needed for residency").select_option("j1")
    page.get_by_label("USMLE Step 1").select_option("pass")
    page.get_by_label("Step 2 CK score").fill("245")
    page.get_by_label("Year of medical school graduation").fill("2021")
    page.get_by_label("US observerships (months)").fill("1")
    page.get_by_label("Genetics posters").fill("1")
    page.get_by_label("Pediatric genetics").check()
    page.get_by_label("New York").check()
    page.get_by_role("button", name="Save profile").click()

    expect(page.get_by_text("Profile saved.")).to_be_visible()
    summary = page.locator(".profile-summary")
    expect(summary).to_contain_text("J-1 (sponsored by ECFMG)")
    expect(summary).to_contain_text("245")
    expect(summary).to_contain_text("2021")

    page.get_by_role("button", name=EMAIL).click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Create a free account")).to_be_visible()


def test_a_bad_profile_answer_is_explained_in_the_page(live_server, page, django_user_model):
    from allauth.account.models import EmailAddress

    user = django_user_model.objects.create_user("sam@example.com", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    log_in(page, live_server.url, user.email, PASSWORD)
    page.get_by_role("link", name="Profile").first.click()
    page.get_by_label("Step 2 CK score").fill("400")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Please correct the highlighted answers below.")).to_be_visible()
    expect(page.get_by_text("less than or equal to 300")).to_be_visible()
