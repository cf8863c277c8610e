"""Factories for the outreach log (STYLE: factories from each test folder)."""

from datetime import UTC, datetime

import factory

from outreach.choices import ContactRole, Direction, EventKind, InKind, MatchRule, Origin, OutStatus
from outreach.models import Contact, Event, Interview, Message
from outreach.models.messages import TAG_ALPHABET
from tests.factories import TrackedProgramFactory

FIXTURE_TAG = "SL-7K3Q"
FIXTURE_MESSAGE_ID = "<170000.1234.sl-7k3q@shortlist.localhost>"


def tag_for(n: int) -> str:
    """A valid reference tag, unique per sequence number (never the fixtures' SL-7K3Q)."""
    return "SL-A" + "".join(TAG_ALPHABET[(n // 32**i) % 32] for i in range(3))


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    workspace = factory.LazyAttribute(lambda o: o.tracked.workspace if o.tracked else None)
    tracked = None
    role = ContactRole.COORDINATOR
    name = factory.Sequence(lambda n: f"Coordinator {n}")
    email = factory.Sequence(lambda n: f"coordinator{n}@program{n}.example.org")


class OutgoingFactory(factory.django.DjangoModelFactory):
    """An outgoing email, sent by default."""

    class Meta:
        model = Message

    tracked = factory.SubFactory(TrackedProgramFactory)
    workspace = factory.LazyAttribute(lambda o: o.tracked.workspace)
    direction = Direction.OUT
    origin = Origin.APP
    status = OutStatus.SENT
    tag = factory.Sequence(tag_for)
    message_id = factory.LazyAttribute(lambda o: f"<{o.tag.lower()}.test@shortlist.localhost>")
    subject = "Visa sponsorship and eligibility"
    body = "Do you sponsor J-1 and/or H-1B visas?"
    to_address = factory.Sequence(lambda n: f"coordinator{n}@program{n}.example.org")
    sent_at = datetime(2026, 10, 1, 14, 0, tzinfo=UTC)


class ReplyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    parent = factory.SubFactory(OutgoingFactory)
    tracked = factory.LazyAttribute(lambda o: o.parent.tracked if o.parent else None)
    workspace = factory.LazyAttribute(lambda o: o.parent.workspace)
    direction = Direction.IN
    origin = Origin.PASTE
    kind = InKind.REPLY
    match_rule = MatchRule.TAG
    subject = factory.LazyAttribute(lambda o: f"Re: {o.parent.display_subject}" if o.parent else "Hello")
    body = "We sponsor J-1 visas only."
    from_name = "Jane Doe"
    from_address = "jane.doe@childrens.example.org"
    received_at = datetime(2026, 10, 3, 9, 0, tzinfo=UTC)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    kind = EventKind.OPEN_HOUSE
    title = factory.Sequence(lambda n: f"Open house {n}")
    starts_at = datetime(2026, 10, 20, 22, 0, tzinfo=UTC)
    timezone = "America/New_York"


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interview

    tracked = factory.SubFactory(TrackedProgramFactory)
    workspace = factory.LazyAttribute(lambda o: o.tracked.workspace)
