"""Reading replies from ``.eml`` / ``.mbox`` files and pasted text, with the standard library only.

Nothing here executes or fetches anything: HTML is reduced to text by a parser that only collects
character data, attachments are counted by name and dropped, and every charset problem falls back
to a lossless-enough decoding instead of failing. A file that is not an email at all is refused
with a message a person can act on (``MailFileError``); callers write nothing in that case.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from email import policy
from email.errors import HeaderParseError
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser

MAX_EML_BYTES = 10 * 1024 * 1024  # one message with its attachments (which are not kept)
MAX_MBOX_BYTES = 25 * 1024 * 1024
MAX_FILES = 25
MAX_MBOX_MESSAGES = 500
MAX_BODY_CHARS = 100_000
ACCEPTED_EXTENSIONS = (".eml", ".mbox")

_HEADER_ERRORS = (HeaderParseError, ValueError, TypeError, IndexError, AttributeError, LookupError)
_MSGID = re.compile(r"<[^<>\s]+>")


class MailFileError(Exception):
    """One or more uploaded files cannot be read as email; ``problems`` says which and why."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class ParsedEmail:
    source_name: str = ""
    message_id: str = ""
    in_reply_to: str = ""
    references: tuple[str, ...] = ()
    from_name: str = ""
    from_address: str = ""
    to_name: str = ""
    to_address: str = ""
    subject: str = ""
    date: datetime | None = None
    time_known: bool = True  # False: only the day was given (a pasted reply without its time)
    body: str = ""
    body_was_html: bool = False
    attachments: list[str] = field(default_factory=list)
    is_bounce: bool = False
    original_message_ids: tuple[str, ...] = ()  # a bounce: the Message-IDs of the mail that bounced
    original_text: str = ""  # a bounce or a forward: the embedded headers, searched for our tag
    forwarded_by: str = ""

    @property
    def thread_ids(self) -> list[str]:
        """Message-IDs this message answers, most direct first."""
        ids = [self.in_reply_to] if self.in_reply_to else []
        ids += [ref for ref in reversed(self.references) if ref not in ids]
        return ids + [ref for ref in self.original_message_ids if ref not in ids]

    @property
    def tag_text(self) -> str:
        return "\n".join((self.subject, self.original_text, self.body))


# -- small helpers ---------------------------------------------------------------------------------


def clean_text(value: str, limit: int | None = None) -> str:
    """No NUL bytes (PostgreSQL refuses them); at most ``limit`` characters."""
    value = (value or "").replace("\x00", "")
    return value[:limit] if limit else value


def _header(message, name: str) -> str:
    try:
        value = message.get(name)
        return clean_text(" ".join(str(value).split())) if value is not None else ""
    except _HEADER_ERRORS:
        return ""


def _address(message, name: str) -> tuple[str, str]:
    raw = _header(message, name)
    try:
        pairs = getaddresses([raw])
    except _HEADER_ERRORS:
        return "", ""
    for display, address in pairs:
        if "@" in address:
            return clean_text(display, 200), clean_text(address.strip().lower(), 320)
    return "", ""


def parse_date(raw: str, zone=UTC) -> datetime | None:
    """An aware datetime from a Date header (or a forwarded "Date:" line); None when unreadable.

    A date without a zone is taken to be in ``zone``: mail apps print forwarded dates in the
    forwarder's own zone, which is the zone of the forward's Date header.
    """
    if not raw:
        return None
    try:
        moment = parsedate_to_datetime(raw)
    except _HEADER_ERRORS:
        moment = _parse_loose_date(raw)
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


_ZONES = {
    "UTC": 0,
    "GMT": 0,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
}
_LOOSE_FORMATS = (
    "%a, %b %d, %Y %I:%M %p",
    "%A, %B %d, %Y %I:%M %p",
    "%B %d, %Y %I:%M:%S %p",
    "%B %d, %Y %I:%M %p",
    "%a, %d %b %Y %H:%M",
    "%m/%d/%Y %I:%M %p",
    "%A, %B %d, %Y %I:%M:%S %p",
)


def _parse_loose_date(raw: str) -> datetime | None:
    """Dates as mail apps print them in forwarded headers: "Mon, Oct 6, 2026 at 9:14 AM"."""
    text = " ".join(raw.replace(" at ", " ").split())
    offset = None
    zone = re.search(r"\s([A-Z]{3})$", text)
    if zone and zone.group(1) in _ZONES:
        offset = timezone(timedelta(hours=_ZONES[zone.group(1)]))
        text = text[: zone.start()]
    for fmt in _LOOSE_FORMATS:
        try:
            moment = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return moment.replace(tzinfo=offset) if offset else moment
    return None


def _message_ids(raw: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(clean_text(m, 998) for m in _MSGID.findall(raw or "")))


def _decode(part) -> str:
    """The text of a part: its declared charset, else UTF-8, else Windows-1252 (never an exception)."""
    try:
        payload = part.get_payload(decode=True) or b""
    except _HEADER_ERRORS:
        payload = b""
    if isinstance(payload, str):
        return payload
    charset = part.get_content_charset() or "us-ascii"
    for candidate in (charset, "utf-8"):
        try:
            return payload.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    return payload.decode("cp1252", errors="replace")


class _TextExtractor(HTMLParser):
    """Collects the visible text of an HTML mail; scripts, styles and the head are skipped."""

    SKIP = frozenset({"script", "style", "head", "title", "template", "noscript", "svg"})
    BLOCK = frozenset(
        {"p", "div", "tr", "table", "blockquote", "section", "article", "header", "footer", "ul", "ol"}
        | {"h1", "h2", "h3", "h4", "h5", "h6", "hr", "pre"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n• ")
        elif tag in ("td", "th"):
            self.parts.append(" ")
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Sanitised text of an HTML mail: only character data survives, whitespace tidied."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    lines = [" ".join(line.split()) for line in "".join(extractor.parts).replace("\xa0", " ").splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# -- quoted history and forwards -------------------------------------------------------------------

_QUOTE_START = re.compile(
    r"^(?:On\b[^\n]{0,300}?(?:\n[^\n]{0,200})?\bwrote:[ \t]*$"
    r"|-{2,}\s*Original Message\s*-{2,}[ \t]*$"
    r"|_{10,}[ \t]*\n(?:From|De|Von):"
    r"|From:[^\n]+\n(?:Sent|Date):[^\n]+\n)",
    re.MULTILINE | re.IGNORECASE,
)


def split_quoted(text: str) -> tuple[str, str]:
    """(what the sender wrote, the quoted history below it); the history may be empty."""
    text = text or ""
    found = _QUOTE_START.search(text)
    cut = found.start() if found else None
    offset = 0
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):  # a trailing block of "> " lines is history too
        if line.startswith(">") and all(not rest.strip() or rest.startswith(">") for rest in lines[index:]):
            cut = offset if cut is None else min(cut, offset)
            break
        offset += len(line)
    if cut is None or not text[:cut].strip():  # nothing quoted, or nothing but quotes
        return text.strip(), ""
    return text[:cut].rstrip(), text[cut:].strip()


_FORWARD_MARKER = re.compile(
    r"^(?:-{2,}\s*Forwarded message\s*-{2,}|Begin forwarded message:|-{2,}\s*Original Message\s*-{2,})[ \t]*$",
    re.MULTILINE | re.IGNORECASE,
)
_FORWARD_FIELD = re.compile(r"^(From|Date|Sent|Subject|To|Cc):\s*(.*)$", re.IGNORECASE)
_FORWARD_SUBJECT = re.compile(r"^\s*(?:fwd?|tr|wg|rv)\s*:", re.IGNORECASE)


def _forwarded_block(body: str) -> tuple[dict[str, str], str] | None:
    """The header fields and text of an inline-forwarded message, if the body holds one."""
    marker = _FORWARD_MARKER.search(body)
    if marker is None:
        return None
    fields: dict[str, str] = {}
    lines = body[marker.end() :].lstrip("\r\n").splitlines()
    index = 0
    while index < len(lines):
        found = _FORWARD_FIELD.match(lines[index].strip())
        if not found:
            break
        fields[found.group(1).lower()] = found.group(2).strip()
        index += 1
    if "from" not in fields:
        return None
    return fields, "\n".join(lines[index:]).strip()


def _apply_inline_forward(parsed: ParsedEmail) -> None:
    block = _forwarded_block(parsed.body)
    if block is None:
        return
    fields, text = block
    pairs = getaddresses([fields["from"]])
    name, address = pairs[0] if pairs else ("", "")
    if "@" not in address:
        return
    parsed.forwarded_by = parsed.from_address
    parsed.from_name, parsed.from_address = clean_text(name, 200), clean_text(address.lower(), 320)
    zone = parsed.date.tzinfo if parsed.date else UTC
    parsed.date = parse_date(fields.get("date") or fields.get("sent", ""), zone) or parsed.date
    parsed.original_text = "\n".join(f"{key}: {value}" for key, value in fields.items())
    if fields.get("subject"):
        parsed.subject = clean_text(fields["subject"], 998)
    parsed.body = text


# -- whole messages --------------------------------------------------------------------------------


def _is_bounce(message, from_address: str, subject: str) -> bool:
    if message.get_content_type() == "multipart/report":
        return True
    local = from_address.partition("@")[0]
    return local in {"mailer-daemon", "postmaster"} and bool(
        re.search(r"undeliver|delivery (status|failure)|failed|returned mail", subject, re.IGNORECASE)
    )


def _embedded(message) -> list[tuple[str, str]]:
    """(Message-ID, headers text) of the messages embedded in a bounce or forwarded as attachments."""
    found = []
    for part in message.walk():
        if part is message:
            continue
        content_type = part.get_content_type()
        if content_type == "message/rfc822":
            inner = part.get_payload()[0] if part.is_multipart() else None
            if inner is not None:
                headers = "\n".join(f"{k}: {_header(inner, k)}" for k in ("From", "Subject", "Message-ID"))
                found.append((_header(inner, "Message-ID"), headers))
        elif content_type == "text/rfc822-headers":
            text = _decode(part)
            match = re.search(r"^Message-ID:\s*(<[^>]+>)", text, re.MULTILINE | re.IGNORECASE)
            found.append((match.group(1) if match else "", text))
    return found


def _attachment_names(message, body_part) -> list[str]:
    names = []
    for part in message.walk():
        if part is message or part is body_part or part.get_content_maintype() == "multipart":
            continue
        try:
            name = part.get_filename()
        except _HEADER_ERRORS:
            name = None
        if name:
            names.append(clean_text(" ".join(name.split()), 120))
        elif part.get_content_type() == "message/rfc822":
            names.append("forwarded message")
    return names[:50]


def _forwarded_attachment(message) -> EmailMessage | None:
    for part in message.iter_attachments():
        if part.get_content_type() == "message/rfc822" and part.is_multipart():
            inner = part.get_payload()[0]
            if _address(inner, "From")[1]:
                return inner
    return None


def from_message(message, source_name: str = "") -> ParsedEmail:
    """A ParsedEmail from an already-parsed ``EmailMessage`` (a file, an mbox entry, pasted source)."""
    from_name, from_address = _address(message, "From")
    if not from_address:
        raise MailFileError([f"{source_name or 'The message'}: no sender address (From:); is this an email?"])
    subject = clean_text(_header(message, "Subject"), 998)
    to_name, to_address = _address(message, "To")
    parsed = ParsedEmail(
        source_name=source_name,
        message_id=(_message_ids(_header(message, "Message-ID")) or ("",))[0],
        in_reply_to=(_message_ids(_header(message, "In-Reply-To")) or ("",))[0],
        references=_message_ids(_header(message, "References")),
        from_name=from_name,
        from_address=from_address,
        to_name=to_name,
        to_address=to_address,
        subject=subject,
        date=parse_date(_header(message, "Date")),
    )
    body_part = message.get_body(preferencelist=("plain", "html"))
    if body_part is not None:
        text = _decode(body_part)
        parsed.body_was_html = body_part.get_content_subtype() == "html"
        parsed.body = html_to_text(text) if parsed.body_was_html else text.replace("\r\n", "\n")
    parsed.attachments = _attachment_names(message, body_part)
    parsed.is_bounce = _is_bounce(message, from_address, subject)
    if parsed.is_bounce:
        embedded = _embedded(message)
        parsed.original_message_ids = tuple(mid for mid, _ in embedded if mid)
        parsed.original_text = "\n".join(text for _, text in embedded)
    elif _FORWARD_SUBJECT.match(subject):
        parsed = _forwarded(parsed, message)
    parsed.body = clean_text(parsed.body.strip(), MAX_BODY_CHARS)
    return parsed


def _forwarded(parsed: ParsedEmail, message) -> ParsedEmail:
    """A forward of the program's reply counts as that reply: its sender, date and text."""
    inner = _forwarded_attachment(message)
    if inner is None:
        _apply_inline_forward(parsed)
        return parsed
    original = from_message(inner, parsed.source_name)
    original.forwarded_by = parsed.from_address
    original.attachments = [name for name in parsed.attachments if name != "forwarded message"]
    original.original_text = parsed.subject
    original.date = original.date or parsed.date
    return original


def parse_bytes(data: bytes, source_name: str = "") -> ParsedEmail:
    """Parse one message; MailFileError when it is empty, binary or has no sender."""
    label = source_name or "The message"
    if not data.strip():
        raise MailFileError([f"{label}: the file is empty."])
    if b"\x00" in data[:65536]:
        raise MailFileError([f"{label}: this is not an email file (it contains binary data)."])
    try:
        message = BytesParser(policy=policy.default).parsebytes(data)
    except Exception as exc:  # the stdlib parser is lenient; whatever still breaks it is refused
        raise MailFileError([f"{label}: could not be read as an email ({exc.__class__.__name__})."]) from exc
    return from_message(message, source_name)


_MBOX_ENVELOPE = re.compile(rb"^From \S+ +\S")


def split_mbox(data: bytes, source_name: str = "", limit: int = MAX_MBOX_MESSAGES) -> list[bytes]:
    """The messages of an mbox file (``From `` envelope lines), refusing more than ``limit``."""
    if not _MBOX_ENVELOPE.match(data):
        raise MailFileError([f"{source_name}: this is not an mbox file (it must start with a “From ” line)."])
    messages: list[bytes] = []
    current: list[bytes] = []
    previous_blank = True
    for line in data.splitlines(keepends=True):
        if previous_blank and _MBOX_ENVELOPE.match(line):
            if current:
                messages.append(b"".join(current))
            if len(messages) >= limit:
                raise MailFileError([f"{source_name}: more than {limit} messages; split the mailbox."])
            current, previous_blank = [], False
            continue
        current.append(line[1:] if re.match(rb">+From ", line) else line)
        previous_blank = not line.strip()
    if current:
        messages.append(b"".join(current))
    return messages


def read_uploads(files) -> list[ParsedEmail]:
    """Every message in the uploaded ``.eml`` files or single ``.mbox``; all-or-nothing.

    Raises MailFileError listing every problem, so the page can say exactly what to fix.
    """
    files = list(files)
    if not files:
        raise MailFileError(["Choose at least one .eml file or one .mbox file."])
    if len(files) > MAX_FILES:
        raise MailFileError([f"At most {MAX_FILES} files at a time (you chose {len(files)})."])
    names = [(f.name or "file")[:100] for f in files]
    problems = [
        f"{name}: only .eml and .mbox files can be read (Outlook .msg: save the email as .eml first)."
        for name in names
        if not name.lower().endswith(ACCEPTED_EXTENSIONS)
    ]
    if any(n.lower().endswith(".mbox") for n in names) and len(files) > 1:
        problems.append("Upload a .mbox file on its own, not together with other files.")
    if problems:
        raise MailFileError(problems)
    parsed: list[ParsedEmail] = []
    for upload, name in zip(files, names, strict=True):
        is_mbox = name.lower().endswith(".mbox")
        limit = MAX_MBOX_BYTES if is_mbox else MAX_EML_BYTES
        if upload.size > limit:
            problems.append(
                f"{name}: {upload.size / 1048576:.1f} MB is over the {limit // 1048576} MB limit."
            )
            continue
        data = upload.read(limit + 1)
        try:
            chunks = split_mbox(data, name) if is_mbox else [data]
            parsed += [
                parse_bytes(chunk, f"{name} #{i}" if is_mbox else name) for i, chunk in enumerate(chunks, 1)
            ]
        except MailFileError as error:
            problems += error.problems
    if problems:
        raise MailFileError(problems)
    return parsed


_HEADER_LINE = re.compile(r"^[A-Za-z][A-Za-z0-9-]*:[ \t]")


def looks_like_source(text: str) -> bool:
    """Pasted text that is a whole message with headers ("show original"), not just a body."""
    head = text.lstrip().split("\n\n", 1)[0].replace("\r", "").splitlines()
    return (
        bool(head)
        and all(_HEADER_LINE.match(line) or line[:1] in " \t" for line in head)
        and any(line.lower().startswith("from:") for line in head)
    )
