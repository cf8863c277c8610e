"""Demo outreach for ``make run``: emails (answered, unanswered, a draft), an open house and a resident
conversation with answers, for the demo workspace's first tracked programs.

The demo programs come from the catalog's demo loader; without tracked programs this does nothing.
Idempotent: once the demo emails exist, running it again changes nothing.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from programs.models import TrackedProgram

from .answers import save_answers
from .choices import ContactRole, Direction, EventKind, InKind, MatchRule, Origin, Tone
from .models import Contact, Event, Message, OutreachSettings
from .templating import fill, placeholder_values

DEMO_REPLY = """Dear Dr. Applicant,

Thank you for your interest in our program. We sponsor J-1 visas through ECFMG; we are not able to sponsor H-1B visas. We have had non-US citizen IMG residents in recent years.

We do not have a fixed minimum Step 2 CK score, but we prefer graduates of the last five years.

Best wishes,
Program Coordinator (demo)
"""
RESIDENT_ANSWERS = {
    "visa": "J-1 only, through ECFMG; the GME office handles the paperwork.",
    "img_residents": "Yes: two of the last five residents were non-US IMGs.",
    "service_education": "Protected teaching half-day; service load is reasonable.",
    "research": "Every resident presents at ACMG; travel is funded once a year.",
    "choose_again": "Yes, without hesitation.",
}


def _contact(workspace, tracked, index: int) -> Contact:
    return Contact.objects.create(
        workspace=workspace,
        tracked=tracked,
        role=ContactRole.COORDINATOR,
        name=f"Demo Coordinator {index}",
        email=f"coordinator{index}@program{index}.example.org",
        how_known="Demo data (not a real person)",
    )


def _email(workspace, tracked, contact, template, *, sent_days_ago: int | None) -> Message:
    values = placeholder_values(workspace, tracked, contact)
    draft = Message.objects.create_draft(
        workspace=workspace, tracked=tracked, contact=contact, template=template,
        subject=fill(template.subject, values), body=fill(template.body, values),
        to_name=contact.name, to_address=contact.email,
    )  # fmt: skip
    draft.origin = Origin.DEMO
    draft.save(update_fields=["origin"])
    if sent_days_ago is not None:
        draft.log_as_sent(timezone.now() - timedelta(days=sent_days_ago))
    return draft


def _reply(workspace, outgoing: Message, contact: Contact, received_days_ago: int) -> Message:
    reply = Message.objects.create(
        workspace=workspace, tracked=outgoing.tracked, direction=Direction.IN, origin=Origin.DEMO,
        kind=InKind.REPLY, parent=outgoing, match_rule=MatchRule.TAG, match_note=outgoing.tag,
        subject=outgoing.reply_subject, body=DEMO_REPLY, from_name=contact.name,
        from_address=contact.email, received_at=timezone.now() - timedelta(days=received_days_ago),
        tone=Tone.HELPFUL,
    )  # fmt: skip
    outgoing.refresh_reply_dates()
    return reply


def _events(workspace, first, second) -> None:
    zone = ZoneInfo("America/New_York")
    soon = timezone.localdate() + timedelta(days=10)
    open_house = Event.objects.create(
        workspace=workspace, kind=EventKind.OPEN_HOUSE, title="Virtual open house (demo)",
        starts_at=datetime.combine(soon, time(18, 0), zone), timezone="America/New_York",
        link="https://example.org/open-house", notes="Demo data: ask about visas and research time.",
    )  # fmt: skip
    open_house.programs.set({first, second})
    past = timezone.localdate() - timedelta(days=20)
    talk = Event.objects.create(
        workspace=workspace, kind=EventKind.RESIDENT_CONVERSATION, title="Call with a current resident (demo)",
        starts_at=datetime.combine(past, time(19, 30), zone), timezone="America/New_York", duration_minutes=30,
    )  # fmt: skip
    talk.programs.set({first})
    questions = {q.slug: q for q in workspace.outreach_questions.filter(slug__in=RESIDENT_ANSWERS)}
    texts = {questions[slug]: text for slug, text in RESIDENT_ANSWERS.items() if slug in questions}
    save_answers(workspace, first, texts, event=talk, answered_on=past)


@transaction.atomic
def load_demo_outreach(workspace) -> None:
    tracked = list(
        TrackedProgram.objects.for_workspace(workspace).with_program().order_by("program__name")[:3]
    )
    if not tracked or Message.objects.filter(workspace=workspace, origin=Origin.DEMO).exists():
        return
    OutreachSettings.for_workspace(workspace)
    template = workspace.outreach_templates.order_by("position").first()
    first, second, third = (tracked * 3)[:3]
    contacts = [
        _contact(workspace, t, i) for i, t in enumerate(dict.fromkeys((first, second, third)), start=1)
    ]
    by_program = {c.tracked_id: c for c in contacts}
    answered = _email(workspace, first, by_program[first.pk], template, sent_days_ago=12)
    _reply(workspace, answered, by_program[first.pk], received_days_ago=10)
    _email(workspace, second, by_program[second.pk], template, sent_days_ago=9)
    _email(workspace, third, by_program[third.pk], template, sent_days_ago=None)
    _events(workspace, first, second)
