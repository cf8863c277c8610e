"""``{% quick_field %}`` writes the markup crispy-bootstrap5 writes, for every widget it handles."""

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.http import QueryDict
from django.test.html import parse_html

from accounts.templatetags.quick_fields import quick_field
from programs.forms import BulkExcludeForm, BulkMoveForm, ListFilters


class Sample(forms.Form):
    name = forms.CharField(label="Name", max_length=20, help_text="As on your passport.")
    count = forms.IntegerField(label="Count", min_value=0, required=False)
    colour = forms.ChoiceField(label="Colour", choices=[("", "Any"), ("red", "Red"), ("blue", "Blue")])
    sizes = forms.MultipleChoiceField(
        label="Sizes",
        choices=[("s", "Small"), ("m", "Medium")],
        widget=forms.SelectMultiple(attrs={"size": 2}),
    )
    flags = forms.MultipleChoiceField(
        label="Flags", choices=[("a", "A & B"), ("c", "<C>")], widget=forms.CheckboxSelectMultiple,
        help_text="Tick any.",
    )  # fmt: skip
    scope = forms.ChoiceField(
        label="Scope", choices=[("one", "One"), ("all", "All")], widget=forms.RadioSelect
    )
    grouped = forms.ChoiceField(label="Grouped", choices=[("Group", [("x", "X")])], required=False)
    agree = forms.BooleanField(label="Agree", required=False)
    locked = forms.ChoiceField(label="Locked", choices=[("a", "A")], disabled=True, required=False)
    locked_list = forms.MultipleChoiceField(
        label="Locked list", choices=[("a", "A")], widget=forms.CheckboxSelectMultiple, disabled=True
    )


def _filters(query: str) -> ListFilters:
    return ListFilters(QueryDict(query), specialties=[("130", "Genetics (130)")], tags=["visa"], columns=[])


FORMS = {
    "unbound": lambda: Sample(),
    "valid": lambda: Sample(
        {"name": "Ana", "count": "2", "colour": "red", "sizes": ["m"], "flags": ["a", "c"], "scope": "all"}
    ),
    "invalid": lambda: Sample({"name": "x" * 30, "count": "-1", "colour": "green", "flags": ["z"]}),
    "filters": lambda: _filters(
        "q=boston&verdict=eligible&state=NY&state=MA&img_min=abc&specialty=130&tag=visa"
    ),
    "filters_empty": lambda: _filters(""),
    "bulk_move": lambda: BulkMoveForm(initial={"query": "q=x"}),
    "bulk_exclude": lambda: BulkExcludeForm(initial={"query": ""}, use_required_attribute=False),
}


@pytest.mark.parametrize("name", FORMS)
def test_quick_field_renders_what_crispy_renders(name):
    form = FORMS[name]()
    if form.is_bound:
        form.is_valid()
    for field in form:
        assert parse_html(quick_field(field)) == parse_html(as_crispy_field(field)), field.name


def test_values_are_escaped():
    html = quick_field(Sample({"name": '"><script>x</script>'})["name"])
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&lt;C&gt;" in quick_field(Sample()["flags"])
