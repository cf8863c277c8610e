"""Every outreach URL, tried as anonymous, owner (alice), viewer (bob) and outsider (charlie)."""

from datetime import date
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from outreach.confirm import confirm_facts
from outreach.models import Interview, OutreachSettings
from programs.choices import SourceKind
from tests.access import Case
from tests.factories import ProgramFactFactory, TrackedProgramFactory

from .factories import ContactFactory, EventFactory, OutgoingFactory, ReplyFactory

MAIL = Path(__file__).parent / "mail"


def build(world) -> None:
    ws = world.workspace
    settings = OutreachSettings.for_workspace(ws)
    settings.send_from_app = True
    settings.save()
    tracked = TrackedProgramFactory(workspace=ws)
    ProgramFactFactory(
        program=tracked.program,
        values={"coordinator_name": "Jane Doe", "coordinator_email": "jd@x.example.org"},
    )
    sent = OutgoingFactory(tracked=tracked)
    event = EventFactory(workspace=ws)
    event.programs.add(tracked)
    reply = ReplyFactory(parent=sent)
    world.objects.update(
        outreach_tracked=tracked,
        contact=ContactFactory(tracked=tracked),
        template=ws.outreach_templates.first(),
        draft=OutgoingFactory(tracked=tracked, status="draft", sent_at=None, to_address="c@x.example.org"),
        sent=sent,
        reply=reply,
        inbox_message=ReplyFactory(parent=None, workspace=ws, tracked=None, match_rule=""),
        event=event,
        question=ws.outreach_questions.first(),
        retired_question=ws.outreach_questions.create(text="Old question", retired=True, position=99),
        interview=Interview.objects.create(workspace=ws, tracked=TrackedProgramFactory(workspace=ws)),
        confirmation=confirm_facts(
            workspace=ws, tracked=tracked, values={"visa_j1": True}, source_kind=SourceKind.COORDINATOR_EMAIL,
            source_detail="x", source_url="/", observed_on=date(2026, 10, 1), message=reply,
        ),
    )  # fmt: skip


def _pk(name):
    return lambda w: {"workspace_id": w.workspace.pk, "pk": getattr(w, name).pk}


def _tracked(w):
    return {"workspace_id": w.workspace.pk, "tracked_pk": w.outreach_tracked.pk}


def _event_program(w):
    return {"workspace_id": w.workspace.pk, "pk": w.event.pk, "tracked_pk": w.outreach_tracked.pk}


def _upload(w):
    return {"files": SimpleUploadedFile("plain.eml", (MAIL / "plain.eml").read_bytes())}


def _event_data(w):
    return {"kind": "webinar", "title": "Webinar", "date": "2026-11-02", "time": "18:00",
            "timezone": "America/Chicago", "duration_minutes": 60, "programs": [w.outreach_tracked.pk]}  # fmt: skip


def _interview_data(w):
    return {"status": "scheduled", "interview_date": "2026-11-20", "timezone": "America/New_York"}


CASES = [
    Case("outreach:index"),
    Case("outreach:settings"),
    Case(
        "outreach:settings",
        method="post",
        write=True,
        data=lambda w: {"no_reply_days": 10, "follow_up_again_days": 7},
    ),
    Case("outreach:program", kwargs=_tracked),
    # Emails
    Case("outreach:message_list"),
    Case("outreach:compose", write=True),
    Case("outreach:compose", method="post", write=True, data=lambda w: {"tracked": w.outreach_tracked.pk}),
    Case("outreach:message_detail", kwargs=_pk("draft")),
    Case("outreach:message_detail", kwargs=_pk("reply"), label="reply"),
    Case("outreach:draft_edit", kwargs=_pk("draft"), write=True),
    Case(
        "outreach:draft_edit",
        kwargs=_pk("draft"),
        method="post",
        write=True,
        data=lambda w: {"subject": "S", "body": "B"},
    ),
    Case(
        "outreach:message_log_sent",
        kwargs=_pk("draft"),
        method="post",
        write=True,
        data=lambda w: {"sent_on": "2026-10-01"},
    ),
    Case("outreach:message_send", kwargs=_pk("draft"), method="post", write=True),
    Case("outreach:message_delete", kwargs=_pk("sent"), method="post", write=True),
    Case(
        "outreach:message_assign",
        kwargs=_pk("inbox_message"),
        method="post",
        write=True,
        data=lambda w: {"tracked": w.outreach_tracked.pk},
    ),
    Case(
        "outreach:message_tone",
        kwargs=_pk("reply"),
        method="post",
        write=True,
        data=lambda w: {"tone": "helpful"},
    ),
    Case(
        "outreach:message_confirm",
        kwargs=_pk("reply"),
        method="post",
        write=True,
        data=lambda w: {"visa": "j1_only"},
    ),
    Case("outreach:message_answers", kwargs=_pk("reply")),
    Case(
        "outreach:message_answers",
        kwargs=_pk("reply"),
        method="post",
        write=True,
        data=lambda w: {f"q_{w.question.pk}": "Yes"},
    ),
    Case("outreach:confirmation_delete", kwargs=_pk("confirmation"), method="post", write=True),
    # Replies
    Case("outreach:inbox"),
    Case("outreach:reply_upload", write=True),
    Case("outreach:reply_upload", method="post", write=True, data=_upload),
    Case("outreach:reply_paste", write=True),
    Case(
        "outreach:reply_paste",
        method="post",
        write=True,
        data=lambda w: {"text": "Yes", "received_on": "2026-10-02"},
    ),
    # Contacts and templates
    Case("outreach:contact_list"),
    Case("outreach:contact_new", write=True),
    Case(
        "outreach:contact_new", method="post", write=True, data=lambda w: {"name": "Sam", "role": "resident"}
    ),
    Case("outreach:contact_edit", kwargs=_pk("contact")),
    Case(
        "outreach:contact_edit",
        kwargs=_pk("contact"),
        method="post",
        write=True,
        data=lambda w: {"name": "Sam", "role": "alumnus"},
    ),
    Case("outreach:contact_delete", kwargs=_pk("contact"), method="post", write=True),
    Case(
        "outreach:contact_add_suggestion",
        kwargs=lambda w: {
            "workspace_id": w.workspace.pk,
            "tracked_pk": w.outreach_tracked.pk,
            "role": "coordinator",
        },
        method="post",
        write=True,
    ),
    Case("outreach:contacts_csv"),
    Case("outreach:contacts_vcf"),
    Case("outreach:template_list"),
    Case("outreach:template_new", write=True),
    Case(
        "outreach:template_new",
        method="post",
        write=True,
        data=lambda w: {"name": "N", "subject": "S", "body": "B"},
    ),
    Case("outreach:template_edit", kwargs=_pk("template")),
    Case(
        "outreach:template_edit",
        kwargs=_pk("template"),
        method="post",
        write=True,
        data=lambda w: {"name": "N", "subject": "S", "body": "B"},
    ),
    Case("outreach:template_delete", kwargs=_pk("template"), method="post", write=True),
    # Events, questions, matrix
    Case("outreach:event_list"),
    Case("outreach:event_new", write=True),
    Case("outreach:event_new", method="post", write=True, data=_event_data),
    Case("outreach:event_detail", kwargs=_pk("event")),
    Case("outreach:event_edit", kwargs=_pk("event")),
    Case("outreach:event_edit", kwargs=_pk("event"), method="post", write=True, data=_event_data),
    Case("outreach:event_delete", kwargs=_pk("event"), method="post", write=True),
    Case("outreach:event_answers", kwargs=_event_program),
    Case(
        "outreach:event_answers",
        kwargs=_event_program,
        method="post",
        write=True,
        data=lambda w: {f"q_{w.question.pk}": "Yes"},
    ),
    Case(
        "outreach:event_confirm",
        kwargs=_event_program,
        method="post",
        write=True,
        data=lambda w: {"visa": "both"},
    ),
    Case("outreach:question_list"),
    Case("outreach:question_add", method="post", write=True, data=lambda w: {"text": "Is parking free?"}),
    Case("outreach:question_edit", kwargs=_pk("question")),
    Case(
        "outreach:question_edit",
        kwargs=_pk("question"),
        method="post",
        write=True,
        data=lambda w: {"text": "Reworded?"},
    ),
    Case(
        "outreach:question_move",
        kwargs=_pk("question"),
        method="post",
        write=True,
        data=lambda w: {"position": 3},
    ),
    Case("outreach:question_retire", kwargs=_pk("question"), method="post", write=True),
    Case("outreach:question_restore", kwargs=_pk("retired_question"), method="post", write=True),
    Case("outreach:matrix"),
    Case("outreach:matrix_csv"),
    Case("outreach:matrix_xlsx"),
    # Interviews
    Case("outreach:interview_list"),
    Case("outreach:interview_edit", kwargs=_tracked),
    Case("outreach:interview_edit", kwargs=_tracked, method="post", write=True, data=_interview_data),
    Case("outreach:interview_delete", kwargs=_pk("interview"), method="post", write=True),
]
