"""Contacts beyond the table: suggestions from the workspace's facts, CSV rows and vCards."""

from dataclasses import dataclass

import vobject

from programs.resolve import resolve_facts

from .choices import ContactRole
from .models import Contact

# (role, name key, email key, phone key) of the people an import or a fact can carry.
SUGGESTED_ROLES = (
    (ContactRole.COORDINATOR, "coordinator_name", "coordinator_email", "coordinator_phone"),
    (ContactRole.DIRECTOR, "director_name", "director_email", "director_phone"),
)
FACT_KEYS = tuple(key for row in SUGGESTED_ROLES for key in row[1:])
CSV_HEADER = ["Name", "Role", "Program", "Email", "Phone", "Profile", "How you know them", "Notes"]


@dataclass(frozen=True)
class Suggestion:
    tracked: object
    role: str
    name: str
    email: str
    phone: str
    source: str  # where the fact came from, e.g. "FREIDA, 2026-08-01"

    @property
    def role_label(self) -> str:
        return ContactRole(self.role).label


def _already_known(existing: list[Contact], name: str, email: str) -> bool:
    for contact in existing:
        if email and contact.email and contact.email.lower() == email.lower():
            return True
        if not email and name and contact.name.strip().lower() == name.strip().lower():
            return True
    return False


def suggestions(workspace, tracked_programs, contacts=None) -> list[Suggestion]:
    """Coordinators and directors named in the resolved facts that are not contacts yet (2 queries)."""
    tracked_programs = list(tracked_programs)
    if contacts is None:
        contacts = Contact.objects.filter(workspace=workspace, tracked__in=tracked_programs)
    by_tracked: dict[int, list[Contact]] = {}
    for contact in contacts:
        by_tracked.setdefault(contact.tracked_id, []).append(contact)
    facts = resolve_facts(workspace, [t.program_id for t in tracked_programs], keys=FACT_KEYS)
    found = []
    for tracked in tracked_programs:
        program_facts = facts.get(tracked.program_id)
        if not program_facts:
            continue
        for role, name_key, email_key, phone_key in SUGGESTED_ROLES:
            name, email = program_facts.value(name_key, ""), program_facts.value(email_key, "")
            if not (name or email) or _already_known(by_tracked.get(tracked.pk, []), name, email):
                continue
            source = program_facts.get(email_key) or program_facts.get(name_key)
            found.append(
                Suggestion(
                    tracked=tracked,
                    role=role,
                    name=name or email,
                    email=email,
                    phone=program_facts.value(phone_key, ""),
                    source=f"{source.source.source_label}, {source.observed_on.isoformat()}",
                )
            )
    return found


def add_suggested_contact(workspace, tracked, role: str) -> Contact | None:
    """Add the person the program's facts name for ``role``; None when they are a contact already."""
    found = [s for s in suggestions(workspace, [tracked]) if s.role == role]
    if not found:
        return None
    s = found[0]
    return Contact.objects.create(
        workspace=workspace, tracked=tracked, role=s.role, name=s.name[:200], email=s.email, phone=s.phone[:40],
        how_known=f"From the program's facts ({s.source})"[:200],
    )  # fmt: skip


def csv_rows(contacts):
    for c in contacts:
        program = c.tracked.program.name if c.tracked_id else ""
        yield [c.name, c.get_role_display(), program, c.email, c.phone, c.profile_url, c.how_known, c.notes]


def vcards(contacts) -> str:
    """vCard 3.0 for every contact; vobject escapes commas, semicolons and line breaks in values."""
    cards = []
    for c in contacts:
        card = vobject.vCard()
        card.add("fn").value = c.name
        parts = c.name.rsplit(" ", 1)
        card.add("n").value = vobject.vcard.Name(family=parts[-1], given=parts[0] if len(parts) > 1 else "")
        if c.email:
            card.add("email").value = c.email
            card.email.type_param = "INTERNET"
        if c.phone:
            card.add("tel").value = c.phone
        if c.tracked_id:
            card.add("org").value = [c.tracked.program.name]
        card.add("title").value = c.get_role_display()
        if c.profile_url:
            card.add("url").value = c.profile_url
        note = "\n".join(part for part in (c.how_known, c.notes) if part)
        if note:
            card.add("note").value = note
        cards.append(card.serialize())
    return "".join(cards)
