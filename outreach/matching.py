"""Matching a received email to the program (and the outgoing email) it answers, then logging it.

Rules, in order (the first that gives exactly one program wins):
1. thread headers: ``In-Reply-To`` / ``References`` (or a bounce's embedded Message-ID) name a
   message we already know: one we generated, or an earlier reply of the same thread;
2. the reference tag (``[SL-7K3Q]``) in the subject, then in the quoted or embedded text;
3. the sender's address: a contact's, one we wrote to, or the program's coordinator/director email
   in the workspace's facts;
4. the sender's domain (never a webmail domain that thousands of people share).
Anything else (or a sender shared by several programs) waits in the inbox to be assigned by hand.

A reply never answers an email sent after it: one dated before the email its headers or tag name
(a wrong date on either side) keeps the program but answers no email, with a note saying why, so
that email still counts as awaiting a reply; the sender and domain rules only pick emails sent
before the reply.

Everything the rules look at is loaded once per batch, so an mbox of 500 messages costs the same
handful of queries as a single pasted reply.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from programs.models import TrackedProgram
from programs.resolve import resolve_facts

from .choices import Direction, InKind, MatchRule, Origin
from .mailparse import ParsedEmail, clean_text
from .models import Contact, Message
from .models.messages import received_before_sent, reply_subject

TAG_PATTERN = re.compile(r"\bSL-[A-HJ-NP-Z2-9]{4}\b", re.IGNORECASE)
CONTACT_FACT_KEYS = ("coordinator_email", "director_email")
# Shared by many unrelated senders: a domain match on these would mean nothing.
WEBMAIL_DOMAINS = frozenset(
    {
        "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.in", "outlook.com", "hotmail.com",
        "live.com", "msn.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me",
        "protonmail.com", "gmx.com", "gmx.net", "mail.com", "yandex.com", "zoho.com", "rediffmail.com",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Match:
    tracked_id: int | None
    parent_id: int | None
    rule: str
    note: str = ""
    candidates: tuple[int, ...] = ()


@dataclass
class LogResult:
    created: list[Message] = field(default_factory=list)
    duplicates: list[ParsedEmail] = field(default_factory=list)

    @property
    def matched(self) -> list[Message]:
        return [m for m in self.created if m.tracked_id]

    @property
    def unmatched(self) -> list[Message]:
        return [m for m in self.created if not m.tracked_id]


def _norm_id(message_id: str) -> str:
    return message_id.strip().lower()


def _domain(address: str) -> str:
    return address.rpartition("@")[2].lower()


class Matcher:
    """The workspace's known Message-IDs, tags, addresses and domains, loaded in four queries."""

    def __init__(self, workspace):
        self.by_message_id: dict[str, tuple[int | None, int | None]] = {}
        self.by_tag: dict[str, tuple[int, int]] = {}
        self.sent: dict[int, list[tuple[datetime, int]]] = defaultdict(list)
        self.sent_when: dict[int, tuple[datetime, bool]] = {}  # outgoing id -> (sent at, time known)
        self.reply_subjects: dict[int, str] = {}  # outgoing id -> what a reply without a subject carries
        self.addresses: dict[str, set[int]] = defaultdict(set)
        self.domains: dict[str, set[int]] = defaultdict(set)
        tracked = dict(TrackedProgram.objects.filter(workspace=workspace).values_list("pk", "program__name"))
        self.names = tracked
        self._load_messages(workspace)
        for email, tracked_id in (
            Contact.objects.filter(workspace=workspace, tracked__isnull=False)
            .exclude(email="")
            .values_list("email", "tracked_id")
        ):
            self._add_address(email, tracked_id)
        program_to_tracked = dict(
            TrackedProgram.objects.filter(workspace=workspace).values_list("program_id", "pk")
        )
        for program_id, facts in resolve_facts(workspace, program_to_tracked, keys=CONTACT_FACT_KEYS).items():
            for key in CONTACT_FACT_KEYS:
                if facts.value(key):
                    self._add_address(str(facts.value(key)), program_to_tracked[program_id])

    def _load_messages(self, workspace) -> None:
        rows = Message.objects.filter(workspace=workspace).values(
            "pk", "direction", "tracked_id", "parent_id", "message_id", "tag", "to_address", "sent_at",
            "time_known", "subject",
        )  # fmt: skip
        for row in rows:
            pk, tracked_id = row["pk"], row["tracked_id"]
            outgoing = row["direction"] == Direction.OUT
            if row["message_id"]:
                answers = pk if outgoing else row["parent_id"]
                self.by_message_id[_norm_id(row["message_id"])] = (tracked_id, answers)
            if not outgoing or tracked_id is None:
                continue
            self.reply_subjects[pk] = reply_subject(row["subject"], row["tag"])
            if row["tag"]:
                self.by_tag[row["tag"].upper()] = (tracked_id, pk)
            if row["sent_at"] is not None:
                self.sent[tracked_id].append((row["sent_at"], pk))
                self.sent_when[pk] = (row["sent_at"], row["time_known"])
            self._add_address(row["to_address"], tracked_id)

    def _add_address(self, address: str, tracked_id: int) -> None:
        address = (address or "").strip().lower()
        if "@" not in address:
            return
        self.addresses[address].add(tracked_id)
        if _domain(address) not in WEBMAIL_DOMAINS:
            self.domains[_domain(address)].add(tracked_id)

    def sent_after(self, parent_id: int | None, parsed: ParsedEmail) -> bool:
        """Whether that outgoing email was sent after this reply is dated (so it cannot answer it)."""
        when = self.sent_when.get(parent_id) if parent_id is not None else None
        return when is not None and received_before_sent(parsed.date, parsed.time_known, *when)

    def latest_sent(self, tracked_id: int, parsed: ParsedEmail) -> int | None:
        """The outgoing email a reply found by sender answers: the last one sent before it."""
        sent = sorted(s for s in self.sent.get(tracked_id, []) if not self.sent_after(s[1], parsed))
        return sent[-1][1] if sent else None

    def reply_subject(self, parent_id: int) -> str:
        return self.reply_subjects.get(parent_id, "")

    def _one_of(self, ids: set[int], rule: str, note: str, parsed: ParsedEmail) -> Match | None:
        if len(ids) == 1:
            (tracked_id,) = ids
            return Match(tracked_id, self.latest_sent(tracked_id, parsed), rule, note)
        return None

    def _named(self, tracked_id: int, parent_id: int | None, rule: str, note: str, parsed) -> Match:
        """The program and email that headers or a tag name, unless the reply predates that email."""
        if not self.sent_after(parent_id, parsed):
            return Match(tracked_id, parent_id, rule, note)
        sent_on = date_format(timezone.localdate(self.sent_when[parent_id][0]), "M j, Y")
        why = f"dated before the email it names was sent ({sent_on}), so not counted as its reply"
        return Match(tracked_id, None, rule, f"{why} · {note}"[:300])

    def match(self, parsed: ParsedEmail) -> Match:
        for ref in parsed.thread_ids:
            tracked_id, parent_id = self.by_message_id.get(_norm_id(ref), (None, None))
            if tracked_id is not None:
                return self._named(tracked_id, parent_id, MatchRule.THREAD, ref[:200], parsed)
        for text in (parsed.subject, parsed.tag_text):
            tags = [t.upper() for t in TAG_PATTERN.findall(text) if t.upper() in self.by_tag]
            hits = {self.by_tag[t] for t in tags}
            if len(hits) == 1:
                tracked_id, parent_id = hits.pop()
                return self._named(tracked_id, parent_id, MatchRule.TAG, tags[0], parsed)
        address = parsed.from_address.lower()
        by_sender = self.addresses.get(address, set())
        found = self._one_of(by_sender, MatchRule.SENDER, address, parsed)
        domain = _domain(address)
        by_domain = set() if domain in WEBMAIL_DOMAINS else self.domains.get(domain, set())
        found = found or (not by_sender and self._one_of(by_domain, MatchRule.DOMAIN, domain, parsed))
        if found:
            return found
        candidates = tuple(sorted(by_sender or by_domain))
        note = "Could be: " + ", ".join(self.names.get(c, "?") for c in candidates) if candidates else ""
        return Match(None, None, MatchRule.NONE, note[:300], candidates)

    def remember(self, parsed: ParsedEmail, match: Match) -> None:
        """Later messages of the same batch can thread onto this one."""
        if parsed.message_id:
            self.by_message_id[_norm_id(parsed.message_id)] = (match.tracked_id, match.parent_id)


def build_message(workspace, parsed: ParsedEmail, match: Match, *, origin: str, by, now) -> Message:
    return Message(
        workspace=workspace,
        direction=Direction.IN,
        origin=origin,
        kind=InKind.BOUNCE if parsed.is_bounce else InKind.REPLY,
        tracked_id=match.tracked_id,
        parent_id=match.parent_id,
        match_rule=match.rule,
        match_note=match.note,
        subject=clean_text(parsed.subject, 998),
        body=parsed.body,
        from_name=clean_text(parsed.from_name, 200),
        from_address=clean_text(parsed.from_address, 320),
        to_name=clean_text(parsed.to_name, 200),
        to_address=clean_text(parsed.to_address, 320),
        message_id=clean_text(parsed.message_id, 998),
        in_reply_to=clean_text(parsed.in_reply_to, 998),
        references=clean_text(" ".join(parsed.references), 20_000),
        received_at=parsed.date or now,
        time_known=parsed.date is not None and parsed.time_known,
        forwarded_by=clean_text(parsed.forwarded_by, 320),
        body_was_html=parsed.body_was_html,
        attachment_names=parsed.attachments,
        created_by=by,
    )


@transaction.atomic
def log_replies(
    workspace, parsed_emails: list[ParsedEmail], *, origin: str = Origin.UPLOAD, by=None
) -> LogResult:
    """Match and store received emails in a constant number of queries; a known Message-ID is skipped."""
    now = timezone.now()
    matcher = Matcher(workspace)
    result = LogResult()
    seen: set[str] = set(matcher.by_message_id)
    for parsed in sorted(parsed_emails, key=lambda p: p.date or now):
        key = _norm_id(parsed.message_id)
        if key and key in seen:
            result.duplicates.append(parsed)
            continue
        seen.add(key)
        match = matcher.match(parsed)
        message = build_message(workspace, parsed, match, origin=origin, by=by, now=now)
        if origin == Origin.PASTE and not message.subject and match.parent_id:
            message.subject = matcher.reply_subject(match.parent_id)  # pasted text has no headers
        result.created.append(message)
        matcher.remember(parsed, match)
    Message.objects.bulk_create(result.created)
    parents = {m.parent_id for m in result.created if m.parent_id}
    if parents:
        Message.objects.filter(pk__in=parents).refresh_reply_dates()
    return result
