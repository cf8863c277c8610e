"""Forms of the outreach log. Querysets of every choice are scoped to the workspace (a forged id of
another workspace is simply not a valid choice); no form has a workspace, owner or id field."""

import zoneinfo
from datetime import datetime

from django import forms
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.formats import date_format

from accounts.forms import DateInput
from programs.models import TrackedProgram

from .choices import ContactRole, InterviewFormat, InterviewStatus, Tone
from .confirm import VISA_OPTIONS, VISA_VALUES, parse_values
from .mailparse import MailFileError, ParsedEmail, looks_like_source, parse_bytes
from .models import Contact, EmailTemplate, Event, Message, OutreachSettings, Question
from .models.messages import received_before_sent
from .templating import PLACEHOLDERS

US_ZONES = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Puerto_Rico",
)
TIMEZONE_CHOICES = [
    ("US time zones", [(z, z.replace("_", " ")) for z in US_ZONES]),
    (
        "Everywhere",
        [(z, z.replace("_", " ")) for z in sorted(zoneinfo.available_timezones()) if z not in US_ZONES],
    ),
]
YES_NO = [("", "Not covered"), ("yes", "Yes"), ("no", "No")]


class TimeInput(forms.TimeInput):
    input_type = "time"


class ProgramChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.program.label


class ProgramsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.program.label


def tracked_choices(workspace):
    return (
        TrackedProgram.objects.for_workspace(workspace).with_program().order_by(Lower("program__name"), "pk")
    )


def local_moment(day, time=None):
    """An aware datetime in the active (user's) time zone; a bare date today means "now"."""
    zone = timezone.get_current_timezone()
    if time is None:
        now = timezone.localtime()
        if day == now.date():
            return now
        time = datetime.min.time().replace(hour=12)
    return datetime.combine(day, time, zone)


class OutreachSettingsForm(forms.ModelForm):
    class Meta:
        model = OutreachSettings
        fields = ["no_reply_days", "follow_up_again_days", "send_from_app"]


class ContactForm(forms.ModelForm):
    tracked = ProgramChoiceField(queryset=TrackedProgram.objects.none(), required=False, label="Program")
    profile_url = forms.URLField(
        label="LinkedIn or other profile", required=False, max_length=500, assume_scheme="https"
    )

    class Meta:
        model = Contact
        fields = ["tracked", "role", "name", "email", "phone", "profile_url", "how_known", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tracked"].queryset = tracked_choices(workspace)
        self.fields["role"].choices = ContactRole.choices


class EmailTemplateForm(forms.ModelForm):
    class Meta:
        model = EmailTemplate
        fields = ["name", "subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}
        help_texts = {
            "body": "Placeholders: " + ", ".join("{" + name + "}" for name in PLACEHOLDERS),
        }


class ContactChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} · {obj.tracked.program.label}" if obj.tracked_id else obj.name


class ComposeForm(forms.Form):
    tracked = ProgramChoiceField(queryset=TrackedProgram.objects.none(), label="Program")
    contact = ContactChoiceField(
        queryset=Contact.objects.none(),
        required=False,
        label="To (contact)",
        empty_label="The program's contact, if you have one",
    )
    template = forms.ModelChoiceField(
        queryset=EmailTemplate.objects.none(), required=False, empty_label="Blank email"
    )

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tracked"].queryset = tracked_choices(workspace)
        self.fields["contact"].queryset = (
            Contact.objects.filter(workspace=workspace).exclude(email="").with_program().order_by("name")
        )
        self.fields["template"].queryset = EmailTemplate.objects.filter(workspace=workspace)

    def clean(self):
        cleaned = super().clean()
        tracked, contact = cleaned.get("tracked"), cleaned.get("contact")
        if tracked and contact and contact.tracked_id not in (None, tracked.pk):
            self.add_error("contact", "This contact belongs to another program.")
        return cleaned


class DraftForm(forms.ModelForm):
    to_address = forms.EmailField(label="To (email address)", required=False, max_length=254)

    class Meta:
        model = Message
        fields = ["to_name", "to_address", "subject", "body"]
        labels = {"to_name": "To (name)", "subject": "Subject (the reference tag is added for you)"}
        widgets = {"body": forms.Textarea(attrs={"rows": 16})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].required = True
        self.fields["body"].required = True


class LogSentForm(forms.Form):
    sent_on = forms.DateField(label="Sent on", widget=DateInput())
    sent_time = forms.TimeField(label="At (optional)", required=False, widget=TimeInput())

    def __init__(self, *args, message=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.message = message  # the email being logged: never sent after a reply already tied to it
        self.first_reply = None

    def clean_sent_on(self):
        day = self.cleaned_data["sent_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return day

    def clean(self):
        cleaned = super().clean()
        if self.message is None or "sent_on" not in cleaned:
            return cleaned
        first = self.message.responses.exclude(received_at=None).order_by("received_at").first()
        if first and received_before_sent(
            first.received_at, first.time_known, self.moment(), self.time_known
        ):
            day = date_format(timezone.localdate(first.received_at), "M j, Y")
            self.add_error("sent_on", f"A reply to this email is dated before that ({day}). Check the date.")
        self.first_reply = first
        return cleaned

    def moment(self):
        when = local_moment(self.cleaned_data["sent_on"], self.cleaned_data.get("sent_time"))
        if not self.time_known and self.first_reply and self.first_reply.received_at < when:
            return self.first_reply.received_at  # the same day, hour not given: it went before the reply
        return when

    @property
    def time_known(self) -> bool:
        return self.cleaned_data.get("sent_time") is not None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked later by ``mailparse.read_uploads``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".eml,.mbox,message/rfc822"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class UploadRepliesForm(forms.Form):
    files = MultipleFileField(
        label="Email files",
        help_text="One or more .eml files (“Download message” / “Save as” in your mail app), or one .mbox.",
    )


class OutgoingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        program = obj.tracked.program.label if obj.tracked_id else "no program"
        return f"{obj.display_subject} ({program})"


def outgoing_choices(workspace):
    return Message.objects.filter(workspace=workspace).outgoing().with_program().order_by("-created_at")


def dated_before_error(outgoing, check: str = "the date") -> str:
    """The error for a reply dated before ``outgoing`` was sent; the sent time only when it decides."""
    sent = (
        outgoing.sent_label
        if check == "the time"
        else date_format(timezone.localdate(outgoing.sent_at), "M j, Y")
    )
    return f"This reply is dated before your email was sent ({sent}). Check {check}."


class PasteReplyForm(forms.Form):
    text = forms.CharField(
        label="The reply",
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=200_000,
        help_text="Paste the text of the email. A whole message with its headers (“Show original”) works too.",
    )
    from_address = forms.EmailField(label="From (email address)", required=False)
    from_name = forms.CharField(label="From (name)", required=False, max_length=200)
    subject = forms.CharField(required=False, max_length=998)
    received_on = forms.DateField(label="Received on", widget=DateInput())
    received_time = forms.TimeField(label="At (optional)", required=False, widget=TimeInput())
    parent = OutgoingChoiceField(
        queryset=Message.objects.none(),
        required=False,
        label="Answers which of your emails?",
        empty_label="Find it for me (tag, sender, domain)",
    )

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = outgoing_choices(workspace)
        self.email: ParsedEmail | None = None

    def clean_received_on(self):
        day = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return day

    def clean(self):
        """Read the reply into ``self.email``; refuse one dated before the email it is said to answer."""
        cleaned = super().clean()
        if "text" not in cleaned or "received_on" not in cleaned:
            return cleaned
        try:
            email = self._read(cleaned)
        except MailFileError as error:
            self.add_error("text", error.problems[0])
            return cleaned
        dated_by_fields = email.date is None or cleaned.get("received_time") is not None
        if dated_by_fields:
            email.date = local_moment(cleaned["received_on"], cleaned.get("received_time"))
            email.time_known = cleaned.get("received_time") is not None
        parent = cleaned.get("parent")
        if parent is not None:
            if parent.answered_before_sent(email.date, email.time_known):
                self.add_error(*self._dated_before(email, parent, dated_by_fields))
                return cleaned
            if not email.time_known and parent.sent_at and email.date < parent.sent_at:
                email.date = parent.sent_at  # the same day, hour not given: it came after the email
            email.subject = email.subject or parent.reply_subject
        self.email = email
        return cleaned

    @staticmethod
    def _dated_before(email: ParsedEmail, parent, dated_by_fields: bool) -> tuple[str, str]:
        """(field, error): the date, the time, or the pasted headers that put the reply first."""
        if not dated_by_fields:
            return "text", dated_before_error(parent, "the Date in the pasted headers")
        if timezone.localdate(email.date) < timezone.localdate(parent.sent_at):
            return "received_on", dated_before_error(parent)
        return "received_time", dated_before_error(parent, "the time")

    @staticmethod
    def _read(cleaned) -> ParsedEmail:
        text = cleaned["text"]
        email = (
            parse_bytes(text.encode("utf-8"), "Pasted text")
            if looks_like_source(text)
            else ParsedEmail(body=text.strip())
        )
        email.from_address = (cleaned.get("from_address") or email.from_address).lower()
        email.from_name = cleaned.get("from_name") or email.from_name
        email.subject = cleaned.get("subject") or email.subject
        return email


class AssignForm(forms.Form):
    tracked = ProgramChoiceField(queryset=TrackedProgram.objects.none(), label="Program")
    parent = OutgoingChoiceField(
        queryset=Message.objects.none(),
        required=False,
        label="Answers which of your emails?",
        empty_label="The latest one I sent this program",
    )

    def __init__(self, *args, workspace, message=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tracked"].queryset = tracked_choices(workspace)
        self.fields["parent"].queryset = outgoing_choices(workspace)
        self.message = message  # the received email being assigned (checked against the parent's date)

    def clean(self):
        cleaned = super().clean()
        tracked, parent = cleaned.get("tracked"), cleaned.get("parent")
        if tracked and parent and parent.tracked_id != tracked.pk:
            self.add_error("parent", "That email was about another program.")
        elif (
            parent
            and self.message
            and parent.answered_before_sent(self.message.received_at, self.message.time_known)
        ):
            self.add_error("parent", dated_before_error(parent))
        return cleaned


class ToneForm(forms.Form):
    tone = forms.ChoiceField(
        label="Tone of this reply",
        choices=[("", "Not rated"), *Tone.choices],
        required=False,
        widget=forms.RadioSelect,
    )


class ConfirmFactsForm(forms.Form):
    """What a reply or an event confirmed, turned into fact values with the fact registry."""

    visa = forms.ChoiceField(
        label="Visa sponsorship",
        required=False,
        choices=[("", "Not covered"), *((code, label) for code, label, _v in VISA_OPTIONS)],
    )
    img_residents_recent = forms.ChoiceField(
        label="Recent non-US IMG residents", choices=YES_NO, required=False
    )
    accepts_non_us_img = forms.ChoiceField(label="Accepts non-US IMGs", choices=YES_NO, required=False)
    step2ck_min_score = forms.IntegerField(
        label="Minimum Step 2 CK score", required=False, min_value=1, max_value=300
    )
    grad_year_cutoff = forms.IntegerField(
        label="Graduated within (years)", required=False, min_value=0, max_value=60
    )
    usce_required = forms.ChoiceField(label="US clinical experience required", choices=YES_NO, required=False)

    FACT_FIELDS = (
        "img_residents_recent",
        "accepts_non_us_img",
        "step2ck_min_score",
        "grad_year_cutoff",
        "usce_required",
    )

    def clean(self):
        cleaned = super().clean()
        raw = {key: cleaned.get(key) for key in self.FACT_FIELDS}
        try:
            values = parse_values(raw)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        values.update(VISA_VALUES.get(cleaned.get("visa") or "", {}))
        if not values:
            raise forms.ValidationError("Choose at least one thing this source confirmed.")
        self.values = values
        self.visa_code = cleaned.get("visa") or ""
        return cleaned


class AnswersForm(forms.Form):
    """One text box per active bank question, pre-filled with what this source already answered."""

    def __init__(self, *args, questions, existing: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"q_{question.pk}"] = forms.CharField(
                label=question.text,
                required=False,
                max_length=5000,
                initial=existing.get(question.pk, ""),
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def texts(self) -> dict:
        """{question: answer text ('' to remove)}"""
        return {q: self.cleaned_data.get(f"q_{q.pk}", "").strip() for q in self.questions}


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["text"]
        labels = {"text": "Question"}


class QuestionMoveForm(forms.Form):
    position = forms.IntegerField(min_value=1, max_value=10_000)


class EventForm(forms.ModelForm):
    link = forms.URLField(label="Meeting link or page", required=False, max_length=500, assume_scheme="https")
    date = forms.DateField(widget=DateInput())
    time = forms.TimeField(label="Start time", widget=TimeInput())
    timezone = forms.ChoiceField(label="Time zone of the start time", choices=TIMEZONE_CHOICES)
    programs = ProgramsChoiceField(
        queryset=TrackedProgram.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    contacts = forms.ModelMultipleChoiceField(
        queryset=Contact.objects.none(), required=False, widget=forms.CheckboxSelectMultiple, label="People"
    )

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "date",
            "time",
            "timezone",
            "duration_minutes",
            "link",
            "programs",
            "contacts",
            "notes",
        ]
        labels = {"duration_minutes": "Length (minutes)"}
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programs"].queryset = tracked_choices(workspace)
        self.fields["contacts"].queryset = Contact.objects.filter(workspace=workspace)
        if self.instance.pk:
            local = self.instance.local_start
            self.initial.update(
                date=local.date(), time=local.time().replace(second=0), timezone=self.instance.timezone
            )
        else:
            self.initial.setdefault("timezone", timezone.get_current_timezone_name())

    def clean(self):
        cleaned = super().clean()
        day, time, zone = cleaned.get("date"), cleaned.get("time"), cleaned.get("timezone")
        if day and time and zone:
            self.instance.starts_at = datetime.combine(day, time, zoneinfo.ZoneInfo(zone))
        return cleaned


RATING_CHOICES = [
    ("", "Not rated"),
    (1, "1 – poor"),
    (2, "2"),
    (3, "3 – fine"),
    (4, "4"),
    (5, "5 – excellent"),
]


def rating_field(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, choices=RATING_CHOICES, coerce=int, empty_value=None, required=False
    )


INTERVIEW_SECTIONS = (
    (
        "Invitation and date",
        ("status", "invited_on", "interview_date", "interview_time", "timezone", "format"),
    ),
    (
        "Impressions right after (1–5)",
        (
            "rating_culture",
            "rating_img_support",
            "rating_clinical",
            "rating_research",
            "rating_location",
            "rating_overall",
        ),
    ),
    ("What stood out", ("red_flags", "positive_surprises", "people_met")),
    (
        "After the interview",
        ("thank_you_sent_on", "post_interview_communication", "second_look", "second_look_on", "notes"),
    ),
)


class InterviewForm(forms.ModelForm):
    timezone = forms.ChoiceField(label="Time zone of the interview time", choices=TIMEZONE_CHOICES)
    rating_culture = rating_field("Program culture")
    rating_img_support = rating_field("Support for IMGs")
    rating_clinical = rating_field("Clinical training")
    rating_research = rating_field("Research")
    rating_location = rating_field("Location")
    rating_overall = rating_field("Overall")

    class Meta:
        from .models import Interview

        model = Interview
        fields = [name for _title, names in INTERVIEW_SECTIONS for name in names]
        widgets = {
            "invited_on": DateInput(),
            "interview_date": DateInput(),
            "interview_time": TimeInput(),
            "thank_you_sent_on": DateInput(),
            "second_look_on": DateInput(),
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in (
                    "red_flags",
                    "positive_surprises",
                    "people_met",
                    "post_interview_communication",
                    "notes",
                )
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format"].choices = [("", "Not known yet"), *InterviewFormat.choices]
        if not self.instance.pk:
            self.initial.setdefault("timezone", timezone.get_current_timezone_name())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") in ("scheduled", "completed") and not cleaned.get("interview_date"):
            self.add_error(
                "interview_date", "Give the interview date for a scheduled or completed interview."
            )
        today = timezone.localdate()
        invited = cleaned.get("invited_on")
        if invited and invited > today:
            self.add_error("invited_on", "The invitation date cannot be in the future.")
        day = cleaned.get("interview_date")
        if cleaned.get("status") == InterviewStatus.COMPLETED and day and day > today:
            self.add_error(
                "interview_date",
                f"A completed interview cannot be dated after today ({date_format(today, 'M j, Y')}). "
                "Check the date, or mark it as scheduled.",
            )
        return cleaned

    def sections(self):
        return [(title, [self[name] for name in names]) for title, names in INTERVIEW_SECTIONS]
