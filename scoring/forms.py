"""Forms of the scoring pages. They validate; the views decide what to write (never a workspace or id field)."""

from django import forms

from .models import Criterion
from .models.criteria import WEIGHT_MAX

WEIGHT_CHOICES = [(w, str(w)) for w in range(WEIGHT_MAX + 1)]
RATING_CHOICES = [("", "—"), *((str(v), str(v)) for v in range(1, 6))]


class CriterionForm(forms.ModelForm):
    """A criterion of ``instance.workspace`` (set by the view): its name is not one it has already."""

    class Meta:
        model = Criterion
        fields = ("name", "kind", "weight", "description")
        widgets = {"weight": forms.Select(choices=WEIGHT_CHOICES)}
        help_texts = {"description": "What you look at when you rate it (optional)."}

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        same = (
            Criterion.objects.filter(workspace=self.instance.workspace, name__iexact=name)
            .exclude(pk=self.instance.pk)
            .first()
        )
        if same is not None and same.retired:
            raise forms.ValidationError(f"“{same.name}” is a retired criterion: restore it below instead.")
        if same is not None:
            raise forms.ValidationError(f"You already weigh “{same.name}”: choose another name.")
        return name


class WeightsForm(forms.Form):
    """Every active criterion's weight at once (0 ignores a criterion without retiring it)."""

    def __init__(self, *args, criteria: list[Criterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"weight_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name, choices=WEIGHT_CHOICES, coerce=int, initial=criterion.weight
            )

    def rows(self) -> list[tuple]:
        return [(c, self[f"weight_{c.pk}"]) for c in self.criteria]

    def changed_weights(self) -> dict[Criterion, int]:
        return {
            c: self.cleaned_data[f"weight_{c.pk}"]
            for c in self.criteria
            if self.cleaned_data[f"weight_{c.pk}"] != c.weight
        }


class RatingsForm(forms.Form):
    """The applicant's 1–5 for each criterion of one program, with a note; "—" keeps the derived
    rating (or leaves the criterion unrated)."""

    def __init__(self, *args, score, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = score.items
        for item in self.items:
            key = item.criterion.pk
            derived = item.derived_value
            keep = f"— (derived {derived})" if derived is not None else "— (not rated)"
            self.fields[f"value_{key}"] = forms.ChoiceField(
                label=item.criterion.name,
                choices=[("", keep), *RATING_CHOICES[1:]],
                required=False,
                initial=str(item.rating.value) if item.rating else "",
            )
            self.fields[f"note_{key}"] = forms.CharField(
                label=f"Note on {item.criterion.name.lower()}",
                max_length=500,
                required=False,
                initial=item.rating.note if item.rating else "",
            )

    def clean(self) -> dict:
        """A new or changed rating that overrides a derived one needs a note: why the facts are wrong."""
        cleaned = super().clean()
        for item in self.items:
            key = item.criterion.pk
            raw, note = cleaned.get(f"value_{key}"), cleaned.get(f"note_{key}", "").strip()
            current = str(item.rating.value) if item.rating else ""
            derived = item.derived_value
            if raw and raw != current and derived is not None and int(raw) != derived and not note:
                self.add_error(
                    f"note_{key}",
                    f"Say why you rate it {raw} when Shortlist derived {derived} ({item.derived.reason})",
                )
        return cleaned

    def bound_rows(self) -> list[tuple]:
        return [
            (item, self[f"value_{item.criterion.pk}"], self[f"note_{item.criterion.pk}"])
            for item in self.items
        ]

    def choices(self) -> list[tuple]:
        """(item, rating or None, note) for each criterion, as submitted."""
        chosen = []
        for item in self.items:
            raw = self.cleaned_data[f"value_{item.criterion.pk}"]
            chosen.append(
                (item, int(raw) if raw else None, self.cleaned_data[f"note_{item.criterion.pk}"].strip())
            )
        return chosen


class AddEntryForm(forms.Form):
    tracked = forms.ModelChoiceField(
        label="Program",
        queryset=None,
        empty_label="Choose a program…",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tracked"].queryset = candidates
        self.fields["tracked"].label_from_instance = _candidate_label


def _candidate_label(tracked) -> str:
    program = tracked.program
    where = f" · {program.location}" if program.location else ""
    return f"{program.label}{where} ({tracked.get_stage_display().lower()})"


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class MoveEntryForm(forms.Form):
    position = forms.IntegerField(label="Move to rank", min_value=1)


class NoteForm(forms.Form):
    why_here = forms.CharField(
        label="Why here", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReorderForm(forms.Form):
    """The list's entry ids in their new order (drag and drop); the view checks they are exactly its own."""

    order = forms.TypedMultipleChoiceField(coerce=int, widget=forms.MultipleHiddenInput)

    def __init__(self, *args, entry_ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].choices = [(pk, pk) for pk in entry_ids]

    def clean_order(self) -> list[int]:
        order = self.cleaned_data["order"]
        if len(order) != len(self.fields["order"].choices) or len(set(order)) != len(order):
            raise forms.ValidationError("The order does not match the list (it changed in another window).")
        return order


class SnapshotForm(forms.Form):
    label = forms.CharField(
        label="Label", max_length=120, required=False, help_text="e.g. “After the Boston interviews”"
    )


class SupplementalListForm(forms.Form):
    name = forms.CharField(
        label="Name of the supplemental list",
        max_length=120,
        help_text="e.g. “Preliminary medicine for the Duke advanced position”",
    )
