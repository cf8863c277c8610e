"""The demo applicant emails a coordinator, logs it as sent, uploads the reply, confirms "J-1 only"
from it, and sees the program's visa fact change source on the program's outreach page."""

import re
from datetime import date
from email.utils import format_datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.demo import load_demo_account
from accounts.demo_credentials import DEMO_EMAIL, DEMO_PASSWORD
from outreach.models import Message
from programs.choices import SourceKind
from tests.browser.conftest import log_in
from tests.factories import ProgramFactFactory, TrackedProgramFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPLY = """Message-ID: <reply-browser-1@childrens.example.org>
Date: {date}
From: Jane Doe <jane.doe@childrens.example.org>
To: Demo Applicant <demo@shortlist.localhost>
Subject: Re: {subject}
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

Dear Dr. Applicant,

We sponsor J-1 visas through ECFMG only; we do not sponsor H-1B visas.

Best regards,
Jane Doe
"""


def visa_row(page, label):
    return page.locator("table.facts-table tr", has_text=label)


def test_draft_log_upload_the_reply_confirm_j1_only_and_see_the_source_change(live_server, page, tmp_path):
    _user, workspace = load_demo_account()
    tracked = TrackedProgramFactory(workspace=workspace, program__name="Boston Children's Hospital Program")
    ProgramFactFactory(
        program=tracked.program,
        source_kind=SourceKind.FREIDA,
        observed_on=date(2026, 8, 1),
        values={"visa_j1": True, "visa_h1b": True, "coordinator_name": "Jane Doe",
                "coordinator_email": "jane.doe@childrens.example.org"},
    )  # fmt: skip
    log_in(page, live_server.url, DEMO_EMAIL, DEMO_PASSWORD)
    page.get_by_role("link", name="Outreach").first.click()
    page.get_by_role("link", name="Boston Children's Hospital Program").click()
    expect(visa_row(page, "Sponsors H-1B")).to_contain_text("Yes")
    expect(visa_row(page, "Sponsors H-1B")).to_contain_text("FREIDA")

    # The coordinator named by FREIDA becomes a contact, then gets an email drafted from the template.
    page.get_by_role("button", name="Add Jane Doe to contacts").click()
    expect(page.get_by_text("Jane Doe added to your contacts.")).to_be_visible()
    page.get_by_role("link", name="Email this program").click()
    page.get_by_label("To (contact)").select_option(
        label="Jane Doe · Boston Children's Hospital Program · Pediatrics/Medical Genetics"
    )
    page.get_by_role("button", name="Create the draft").click()
    expect(page.get_by_label("Body")).to_contain_text("Do you sponsor J-1 and/or H-1B visas")
    page.get_by_role("button", name="Save").click()

    # It is sent from the applicant's own mail app; the log records the date.
    expect(page.get_by_role("link", name="Open in my mail app")).to_have_attribute(
        "href", re.compile(r"^mailto:jane\.doe@")
    )
    page.get_by_role("button", name="Log as sent").click()
    expect(page.get_by_text("Logged as sent.")).to_be_visible()
    sent = Message.objects.get(workspace=workspace, direction="out")
    assert sent.sent_at is not None

    # The coordinator's reply, saved from the mail app as .eml, keeps the reference tag.
    reply = tmp_path / "reply.eml"
    reply.write_text(REPLY.format(subject=sent.display_subject, date=format_datetime(timezone.now())))
    page.get_by_role("link", name="Upload the reply").click()
    page.get_by_label("Email files").set_input_files(str(reply))
    page.get_by_role("button", name="Upload and match").click()
    expect(page.get_by_text("1 email logged.")).to_be_visible()
    expect(page.get_by_text("matched by reference tag")).to_be_visible()
    expect(page.get_by_text("we do not sponsor H-1B visas")).to_be_visible()

    page.get_by_label("Visa sponsorship").select_option(label="J-1 only")
    page.get_by_role("button", name="Record as facts").click()
    expect(page.get_by_text("Recorded for Boston Children's Hospital Program")).to_be_visible()

    page.get_by_role("link", name="Boston Children's Hospital Program").first.click()
    h1b = visa_row(page, "Sponsors H-1B")
    expect(h1b).to_contain_text("No")
    expect(h1b).to_contain_text("Coordinator email")
    expect(visa_row(page, "Sponsors J-1")).to_contain_text("Coordinator email")
    h1b.get_by_role("link", name="Coordinator email").click()
    expect(page.get_by_text("we do not sponsor H-1B visas")).to_be_visible()
