"""Forms of the pipeline pages: list filters, bulk moves, stage moves, notes, manual facts and programs."""

from django import forms
from django.http import QueryDict
from django.utils import timezone

from accounts.choices import STATE_CHOICES, Region

from .choices import MANUAL_SOURCES, SourceKind, Stage
from .columns import ExtraColumn
from .eligibility import Status, training_year
from .facts import GROUPS, PROGRAM_TYPES, REGISTRY, is_blank, keys_in_group, parse_bool
from .models import Program, SavedFilter, TrackedProgram
from .pipeline import FLAG_FILTERS, VISA_FILTERS

BASE_SORTS = [
    ("name", "Name (A–Z)"),
    ("-name", "Name (Z–A)"),
    ("state", "State"),
    ("-pct_img", "% IMG (high first)"),
    ("pct_img", "% IMG (low first)"),
    ("-positions", "Positions (most first)"),
    ("positions", "Positions (fewest first)"),
    ("verdict", "Eligibility"),
    ("stage", "Stage"),
    ("-interest", "Interest (high first)"),
]
ANY = [("", "Any")]


class ListFilters(forms.Form):
    """The table's (and board's) filters, read from the query string; invalid values are ignored."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Name, institution, city or number"}),
    )
    verdict = forms.MultipleChoiceField(
        label="Eligibility", choices=Status.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    stage = forms.MultipleChoiceField(
        label="Stage",
        choices=Stage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: every stage except withdrawn and excluded.",
    )
    specialty = forms.MultipleChoiceField(
        label="Specialty", required=False, widget=forms.CheckboxSelectMultiple
    )
    program_type = forms.ChoiceField(
        label="Program type", choices=ANY + list(PROGRAM_TYPES.items()), required=False
    )
    region = forms.ChoiceField(label="Region", choices=ANY + list(Region.choices), required=False)
    state = forms.MultipleChoiceField(
        label="States",
        choices=STATE_CHOICES,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    visa = forms.ChoiceField(label="Visa", choices=ANY + list(VISA_FILTERS), required=False)
    img_min = forms.IntegerField(label="% IMG from", min_value=0, max_value=100, required=False)
    img_max = forms.IntegerField(
        label="% IMG to",
        min_value=0,
        max_value=100,
        required=False,
        help_text="A range leaves out programs that do not report % IMG.",
    )
    flags = forms.MultipleChoiceField(
        label="Fact quality",
        choices=FLAG_FILTERS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Among the facts eligibility and these columns use.",
    )
    tag = forms.ChoiceField(label="Tag", required=False)
    sort = forms.ChoiceField(label="Sort by", required=False)

    def __init__(self, data, *, specialties, tags, columns: list[ExtraColumn]):
        super().__init__(data)
        self.columns = [c for c in columns if c.filter_choices]
        self.fields["specialty"].choices = list(specialties)
        self.fields["tag"].choices = ANY + [(t, t) for t in tags]
        self.fields["sort"].choices = BASE_SORTS + [
            choice for c in columns for choice in ((c.key, c.label), (f"-{c.key}", f"{c.label} (descending)"))
        ]
        for column in self.columns:
            self.fields[column.key] = forms.ChoiceField(
                label=column.filter_label or column.label,
                choices=ANY + list(column.filter_choices),
                required=False,
            )

    LAYOUT = (
        ("verdict", "flags"),
        ("stage",),
        ("specialty", "program_type", "tag"),
        ("visa", "region", "state"),
        ("img_min", "img_max"),
    )

    def field_groups(self) -> list[list]:
        """Bound fields in columns for the collapsible filter panel (extra columns' filters last)."""
        groups = [
            [self[name] for name in names] for names in self.LAYOUT if all(n in self.fields for n in names)
        ]
        if self.columns:
            groups.append([self[column.key] for column in self.columns])
        return groups

    def filters(self) -> dict:
        """The valid part of the query: a bad value in one field does not drop the others."""
        self.is_valid()
        cleaned = dict(self.cleaned_data)
        cleaned["extras"] = {c.key: cleaned.pop(c.key) for c in self.columns if cleaned.get(c.key)}
        return cleaned

    @property
    def active_count(self) -> int:
        filters = self.filters()
        return sum(1 for name, value in filters.items() if name not in {"sort", "q"} and value) + len(
            filters["extras"]
        )


class IdListField(forms.Field):
    """Tracked-program ids ticked in the table (only ever used to narrow the workspace's own rows)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[int]:
        if not value:
            return []
        try:
            return sorted({int(item) for item in value})
        except (TypeError, ValueError):
            raise forms.ValidationError("Pick programs from the list.") from None


class BulkForm(forms.Form):
    """Which rows a bulk action touches: the ticked ones, or every row matching the list's filters."""

    SCOPES = [("selected", "The ticked programs"), ("all", "Every program matching the filters")]
    scope = forms.ChoiceField(label="Apply to", choices=SCOPES, initial="selected", widget=forms.RadioSelect)
    ids = IdListField(required=False)
    query = forms.CharField(required=False, max_length=1000, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("scope") == "selected" and not cleaned.get("ids"):
            raise forms.ValidationError(
                "Tick at least one program, or apply to every program matching the filters."
            )
        return cleaned


class BulkMoveForm(BulkForm):
    stage = forms.ChoiceField(label="Move to", choices=[c for c in Stage.choices if c[0] != Stage.EXCLUDED])

    def target(self) -> tuple[str, str]:
        """(stage, reason) of the move, once valid."""
        return self.cleaned_data["stage"], ""


class BulkExcludeForm(BulkForm):
    reason = forms.CharField(
        label="Reason for excluding",
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": "e.g. no J-1 sponsorship"}),
    )

    def target(self) -> tuple[str, str]:
        return Stage.EXCLUDED, self.cleaned_data["reason"].strip()


class MoveForm(forms.Form):
    stage = forms.ChoiceField(label="Stage", choices=Stage.choices)
    reason = forms.CharField(label="Reason (for excluding)", max_length=300, required=False)


class TrackedProgramForm(forms.ModelForm):
    """Interest, notes and free tags of one tracked program."""

    interest = forms.TypedChoiceField(
        label="Interest",
        choices=[("", "Not rated"), *[(n, f"{n} of 5") for n in range(1, 6)]],
        coerce=int,
        empty_value=None,
        required=False,
    )
    tag_names = forms.CharField(
        label="Tags",
        required=False,
        max_length=400,
        help_text="Separate tags with commas, e.g. strong research, family nearby.",
    )

    class Meta:
        model = TrackedProgram
        fields = ["interest", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 6})}
        help_texts = {"notes": "Markdown works: **bold**, lists, links."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["tag_names"].initial = ", ".join(t.name for t in self.instance.tags.all())

    def clean_tag_names(self) -> list[str]:
        names = []
        for raw in self.cleaned_data["tag_names"].split(","):
            name = " ".join(raw.split())[:40]
            if name and name.lower() not in {n.lower() for n in names}:
                names.append(name)
        if len(names) > 20:
            raise forms.ValidationError("Use at most 20 tags on one program.")
        return names


def _fact_key_choices() -> list:
    return [(group, [(k.key, k.label) for k in keys_in_group(group)]) for group in GROUPS]


class ManualFactForm(forms.Form):
    """A fact the applicant learnt themselves (website, email, phone …), with its source and date."""

    key = forms.ChoiceField(label="Fact", choices=_fact_key_choices)
    value = forms.CharField(
        label="Value",
        max_length=2000,
        help_text="Yes/No, a number, a date (MM/DD/YYYY) or text, as the fact needs.",
    )
    source_kind = forms.ChoiceField(
        label="Source", choices=[(k.value, k.label) for k in MANUAL_SOURCES], initial=SourceKind.WEBSITE
    )
    source_detail = forms.CharField(
        label="Source detail",
        max_length=500,
        required=False,
        help_text="e.g. who wrote, which page, which open house.",
    )
    source_url = forms.URLField(label="Link", max_length=500, required=False, assume_scheme="https")
    observed_on = forms.DateField(
        label="Date", widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )

    def __init__(self, *args, season: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.season = season

    def clean_observed_on(self):
        observed_on = self.cleaned_data["observed_on"]
        if observed_on > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return observed_on

    def clean(self):
        cleaned = super().clean()
        key, raw = cleaned.get("key"), cleaned.get("value")
        if not key or raw is None:
            return cleaned
        fact_key = REGISTRY[key]
        try:
            if fact_key.kind == "season_flags":  # a yes/no for the workspace's training year
                value = None if is_blank(raw) else {training_year(self.season): parse_bool(raw)}
            else:
                value = fact_key.parse(raw)
        except ValueError as error:
            self.add_error("value", str(error))
            return cleaned
        if value is None:
            self.add_error("value", "Give the value the source reported (blank means “not reported”).")
        cleaned["parsed"] = value
        return cleaned


class ManualProgramForm(forms.ModelForm):
    """A program that is in no import: it has no number and stays private to the workspace."""

    class Meta:
        model = Program
        fields = ["name", "institution", "city", "state", "specialty"]
        labels = {"name": "Program name"}


class SavedFilterForm(forms.ModelForm):
    class Meta:
        model = SavedFilter
        fields = ["name", "query"]
        labels = {"name": "Name these filters"}
        widgets = {"query": forms.HiddenInput}

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if self.instance.workspace.saved_filters.filter(name=name).exists():
            raise forms.ValidationError("You already have saved filters with this name.")
        return name

    def clean_query(self) -> str:
        query = QueryDict(self.cleaned_data["query"] or "", mutable=True)
        query.pop("page", None)
        if not query:
            raise forms.ValidationError("Choose some filters first.")
        return query.urlencode()


class ComparePickForm(forms.Form):
    """The programs to put side by side (2–4 of the workspace's active ones)."""

    ids = forms.MultipleChoiceField(
        label="Programs to compare", widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, data, *, choices):
        """``choices``: tracked programs with their program and specialty (``with_program()``)."""
        super().__init__(data)
        self.fields["ids"].choices = [
            (str(t.pk), f"{t.program.label} ({t.program.state})" if t.program.state else t.program.label)
            for t in choices
        ]

    @property
    def choices_count(self) -> int:
        return len(self.fields["ids"].choices)
