"""Reading real-shaped mail files: plain, HTML-only, multipart with attachments, non-UTF-8, quoted
history, forwarded, a bounce, mbox files, and files that are not email at all."""

from datetime import UTC, datetime, timedelta, timezone
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from outreach.mailparse import (
    MAX_EML_BYTES,
    MailFileError,
    html_to_text,
    looks_like_source,
    parse_bytes,
    read_uploads,
    split_mbox,
    split_quoted,
)

MAIL = Path(__file__).parent / "mail"


def parse(name: str):
    return parse_bytes((MAIL / name).read_bytes(), name)


def upload(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content if content is not None else (MAIL / name).read_bytes())


def test_it_reads_a_plain_reply_with_its_headers():
    mail = parse("plain.eml")
    assert mail.message_id == "<CAF1234plain@mail.childrens.example.org>"
    assert (mail.from_name, mail.from_address) == ("Jane Doe", "jane.doe@childrens.example.org")
    assert "[SL-7K3Q]" in mail.subject
    assert mail.date == datetime(2026, 10, 6, 13, 14, tzinfo=UTC)
    assert "We sponsor J-1 visas through\nECFMG only" in mail.body
    assert not mail.body_was_html and not mail.attachments and not mail.is_bounce


def test_an_html_only_mail_becomes_sanitised_text():
    mail = parse("html_only.eml")
    assert mail.body_was_html
    assert "We accept J-1 & H-1B visas. Our recent residents include non-US IMGs." in mail.body
    assert "• Step 2 CK: no minimum" in mail.body
    for gone in ("<", "alert", "color: red", "tracker.example.net", "onerror"):
        assert gone not in mail.body


def test_html_to_text_keeps_only_character_data():
    text = html_to_text('<p>A&nbsp;<a href="javascript:x()">link</a></p><script>x</script><br>B &lt;b&gt;')
    assert text == "A link\n\nB <b>"


def test_a_multipart_mail_keeps_the_text_and_names_the_attachments_it_drops():
    mail = parse("multipart_attachment.eml")
    assert mail.body == "Please find our program brochure attached."
    assert mail.attachments == ["Genetics Residency Brochure.pdf", "logo.png"]
    assert mail.in_reply_to == "<170000.1234.sl-7k3q@shortlist.localhost>"


def test_a_latin_1_mail_and_its_encoded_headers_are_decoded():
    mail = parse("latin1.eml")
    assert mail.from_name == "José Martínez"
    assert mail.subject == "Re: Información sobre visas"
    assert "Sí, patrocinamos visas J-1. El año pasado" in mail.body
    assert mail.date.utcoffset() == timedelta(hours=2)


def test_an_unknown_charset_falls_back_instead_of_failing():
    raw = (
        b"From: a@b.example.org\r\nSubject: x\r\nContent-Type: text/plain; charset=x-nonsense\r\n"
        b"Content-Transfer-Encoding: 8bit\r\n\r\nCaf\xe9 con leche\r\n"
    )
    assert parse_bytes(raw, "x.eml").body == "Café con leche"


def test_a_reply_separates_the_new_text_from_the_quoted_history():
    mail = parse("reply_quoted.eml")
    new, quoted = split_quoted(mail.body)
    assert new == "Yes, we have had two non-US citizen IMG residents in the last three years."
    assert quoted.startswith("On Sat, Oct 10, 2026 at 8:02 PM Priya Sharma")
    assert "> Thank you!" in quoted
    assert mail.thread_ids[0] == "<CAF1234plain@mail.childrens.example.org>"


@pytest.mark.parametrize(
    ("text", "new"),
    [
        ("Fine.\n\n-----Original Message-----\nFrom: me\n", "Fine."),
        ("Sure.\n\nFrom: Priya <p@x.org>\nSent: Monday\nTo: them\n", "Sure."),
        ("Ok\n> quoted\n> more\n", "Ok"),
        ("> only quotes\n> here", "> only quotes\n> here"),
        ("No history at all.", "No history at all."),
    ],
)
def test_quoted_history_styles_of_common_mail_apps(text, new):
    assert split_quoted(text)[0] == new


def test_a_forward_counts_as_the_original_reply():
    mail = parse("forwarded.eml")
    assert mail.from_address == "jane.doe@childrens.example.org"
    assert mail.forwarded_by == "priya.personal@example.com"
    assert mail.subject == "Re: Visa sponsorship and eligibility [SL-7K3Q]"
    assert mail.body == "We do require a minimum Step 2 CK score of 230.\n\nJane"
    # Gmail prints the forwarded date in the forwarder's zone (+05:30 here).
    assert mail.date == datetime(2026, 10, 12, 15, 10, tzinfo=timezone(timedelta(hours=5, minutes=30)))


def test_a_message_forwarded_as_an_attachment_is_read_from_the_attachment():
    inner = EmailMessage()
    inner["From"] = "Amir Khan <akhan@columbia.example.edu>"
    inner["Subject"] = "Re: visas [SL-7K3Q]"
    inner["Date"] = "Wed, 14 Oct 2026 10:00:00 -0400"
    inner["Message-ID"] = "<inner-1@columbia.example.edu>"
    inner.set_content("We sponsor H-1B as well.")
    outer = EmailMessage()
    outer["From"] = "priya@example.com"
    outer["Subject"] = "Fwd: visas"
    outer.set_content("See below.")
    outer.add_attachment(inner)
    mail = parse_bytes(outer.as_bytes(), "fwd.eml")
    assert (mail.from_address, mail.forwarded_by) == ("akhan@columbia.example.edu", "priya@example.com")
    assert mail.body == "We sponsor H-1B as well."
    assert mail.message_id == "<inner-1@columbia.example.edu>"


def test_a_bounce_is_recognised_with_the_id_of_the_mail_that_bounced():
    mail = parse("bounce.eml")
    assert mail.is_bounce
    assert mail.original_message_ids == ("<170000.1234.sl-7k3q@shortlist.localhost>",)
    assert "[SL-7K3Q]" in mail.tag_text
    assert "User unknown" in mail.body


def test_a_file_that_is_not_an_email_is_refused_with_a_clear_reason():
    with pytest.raises(MailFileError, match="no sender address"):
        parse_bytes(b"Just some notes I wrote.\nNothing else.", "notes.eml")
    with pytest.raises(MailFileError, match="binary data"):
        parse_bytes(b"%PDF-1.4\x00\x01\x02", "brochure.eml")
    with pytest.raises(MailFileError, match="empty"):
        parse_bytes(b"  \n", "empty.eml")


def test_nul_bytes_never_reach_the_database():
    raw = b"From: a@b.example.org\r\nSubject: A\r\n\r\n" + b"x" * 70000 + b"\x00y"
    assert "\x00" not in parse_bytes(raw, "x.eml").body


def mbox_of(*names: str) -> bytes:
    parts = []
    for name in names:
        body = (MAIL / name).read_bytes().replace(b"\r\n", b"\n")
        body = b"\n".join(b">" + line if line.startswith(b"From ") else line for line in body.split(b"\n"))
        parts.append(b"From MAILER-DAEMON Thu Oct  8 10:00:00 2026\n" + body.rstrip(b"\n") + b"\n\n")
    return b"".join(parts)


def test_an_mbox_is_split_into_its_messages():
    messages = split_mbox(mbox_of("plain.eml", "latin1.eml", "bounce.eml"), "box.mbox")
    assert len(messages) == 3
    assert [parse_bytes(m).message_id for m in messages][:2] == [
        "<CAF1234plain@mail.childrens.example.org>",
        "<latin1-42@correo.example.es>",
    ]


def test_an_mbox_over_the_message_limit_is_refused():
    with pytest.raises(MailFileError, match="more than 2 messages"):
        split_mbox(mbox_of("plain.eml", "latin1.eml", "bounce.eml"), "box.mbox", limit=2)


def test_read_uploads_takes_many_eml_files_or_one_mbox():
    assert len(read_uploads([upload("plain.eml"), upload("latin1.eml")])) == 2
    assert len(read_uploads([upload("box.mbox", mbox_of("plain.eml", "latin1.eml"))])) == 2


def test_read_uploads_refuses_everything_when_one_file_is_bad():
    with pytest.raises(MailFileError) as error:
        read_uploads([upload("plain.eml"), upload("notes.eml", b"hello"), upload("a.msg", b"x")])
    assert error.value.problems == [
        "a.msg: only .eml and .mbox files can be read (Outlook .msg: save the email as .eml first)."
    ]
    with pytest.raises(MailFileError) as error:
        read_uploads([upload("plain.eml"), upload("notes.eml", b"hello")])
    assert error.value.problems == ["notes.eml: no sender address (From:); is this an email?"]


def test_read_uploads_refuses_oversized_files_and_mixing_an_mbox_with_others():
    big = upload("big.eml", b"From: a@b.example.org\r\n\r\n" + b"x" * MAX_EML_BYTES)
    with pytest.raises(MailFileError, match="over the 10 MB limit"):
        read_uploads([big])
    with pytest.raises(MailFileError, match="on its own"):
        read_uploads([upload("box.mbox", mbox_of("plain.eml")), upload("plain.eml")])
    with pytest.raises(MailFileError, match="not an mbox file"):
        read_uploads([upload("box.mbox", b"Subject: no envelope\n\nhi")])


def test_pasted_message_source_is_recognised_but_plain_text_is_not():
    assert looks_like_source((MAIL / "plain.eml").read_text())
    assert not looks_like_source("Dear Priya,\nYes we sponsor J-1.\n")
    assert not looks_like_source("Subject: visas\n\nNo sender header here")
