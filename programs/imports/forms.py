"""Forms of the catalog pages: upload, column mapping, confirm, catalog search and "add to my list".

Forms validate; the views decide what to write. No form carries a workspace, owner or id field:
the workspace comes from the URL through the access helpers.
"""

from django import forms
from django.conf import settings

from accounts.choices import STATE_NAMES

from ..choices import IMPORT_SOURCES, SourceKind
from ..models import ImportBatch, Specialty
from .headers import normalise, target_choices, target_label, valid_target
from .limits import human_size

ACCEPTED = ".csv,.tsv,.txt,.xlsx,.json,text/csv,text/tab-separated-values"


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Spreadsheet",
        help_text="CSV, TSV or XLSX, as saved by Excel, Google Sheets or Numbers.",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED}),
    )
    source_kind = forms.ChoiceField(
        label="Where the data comes from",
        required=False,
        choices=[("", "Detect from the column names")] + [(k.value, k.label) for k in IMPORT_SOURCES],
        help_text="Facts keep this as their source, so you can tell FREIDA from your own notes later.",
    )
    observed_on = forms.DateField(
        label="Date of the data",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave empty for today (or for the dates of a “last updated” column in the file).",
    )

    def batch_arguments(self) -> dict:
        """What ``pipeline.create_batch`` needs from a valid form (the caller adds the workspace)."""
        upload = self.cleaned_data["file"]
        return {
            "data": upload.read(),
            "file_name": upload.name,
            "source_kind": self.cleaned_data["source_kind"],
            "observed_on": self.cleaned_data["observed_on"],
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"The file is {human_size(upload.size)}, more than the "
                f"{human_size(settings.IMPORT_MAX_BYTES)} limit. Split it, or keep only the columns you need."
            )
        return upload


class MappingForm(forms.Form):
    """One choice per column of the file: which field it fills, or none."""

    def __init__(self, *args, batch: ImportBatch, **kwargs):
        super().__init__(*args, **kwargs)
        mapping = batch.column_mapping or {}
        self.kind = mapping.get("kind", "programs")
        choices = [("", "Not imported"), *target_choices(self.kind)]
        self.columns = []
        for index, column in enumerate(mapping.get("columns", [])):
            if column["how"] in {"protected", "empty"}:
                continue
            name = f"col_{index}"
            extra = (
                [(column["target"], target_label(column["target"]))]
                if column["target"].startswith("season:")
                else []
            )
            self.fields[name] = forms.ChoiceField(
                label=column["header"], choices=choices + extra, required=False, initial=column["target"]
            )
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm"
            self.columns.append((name, column))

    def clean(self):
        cleaned = super().clean()
        chosen: dict[str, str] = {}
        for name, column in self.columns:
            target = cleaned.get(name, "")
            if target and not target.startswith("season:") and target in chosen.values():
                self.add_error(name, "Another column already fills this field.")
            if not valid_target(target, self.kind):
                self.add_error(name, "Not a field this file can fill.")
            chosen[normalise(column["header"])] = target
        cleaned["manual"] = chosen
        return cleaned


class ConfirmForm(forms.Form):
    skip_invalid = forms.BooleanField(
        required=False, label="Leave out the invalid rows and import the others"
    )


class CatalogSearchForm(forms.Form):
    q = forms.CharField(
        label="Name, institution, city or number", required=False, max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "e.g. Children's, Boston, 7650"}),
    )  # fmt: skip
    specialty = forms.ModelChoiceField(
        label="Specialty",
        required=False,
        queryset=Specialty.objects.order_by("-is_genetics", "name"),
        to_field_name="code",
        empty_label="All specialties",
    )
    state = forms.ChoiceField(label="State", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        states = sorted((code, f"{name} ({code})") for code, name in STATE_NAMES.items())
        self.fields["state"].choices = [("", "All states"), *states]


class AddProgramsForm(forms.Form):
    programs = forms.ModelMultipleChoiceField(queryset=None, label="Programs to add")

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programs"].queryset = queryset
        self.fields["programs"].error_messages["required"] = "Tick at least one program to add."


def source_label(value: str) -> str:
    return SourceKind(value).label if value in SourceKind.values else "Detected from the columns"
