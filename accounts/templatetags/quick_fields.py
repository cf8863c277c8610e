"""``{% quick_field field %}``: crispy-bootstrap5's markup for a form field, built in Python.

crispy-forms renders a field through a dozen nested templates, and Django renders every ``<option>``
and checkbox through templates of its own. On the program list, whose filter panel and bulk bar
carry about twenty fields, that was a quarter of the page's server time (``make bench``,
``list_server_ms_13k``). For the widgets such forms use — text and number inputs, selects, multiple
selects, radio and checkbox lists — this tag writes the same Bootstrap 5 markup directly (label,
control, help text, errors and their ARIA links); any other widget goes to crispy as before.
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.forms import BoundField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_INPUT_CLASS = {"number": "numberinput form-control"}
_ASTERISK = mark_safe('<span class="asteriskField">*</span>')
_REQUIRED, _DISABLED = mark_safe(" required"), mark_safe(" disabled")


@register.simple_tag
def quick_field(field: BoundField) -> SafeString:
    """The field with its label, help text and errors, as ``{{ field|as_crispy_field }}`` shows it."""
    widget = field.field.widget
    if _has_groups(widget):
        return as_crispy_field(field)
    if isinstance(widget, forms.RadioSelect):  # radio buttons and CheckboxSelectMultiple
        return _choice_list(field, widget)
    if isinstance(widget, forms.Select):  # SelectMultiple too
        return _wrap(field, _label(field), _select(field, widget))
    if isinstance(widget, forms.widgets.Input) and widget.input_type not in ("hidden", "checkbox", "file"):
        return _wrap(field, _label(field), _input(field, widget))
    return as_crispy_field(field)


def _has_groups(widget) -> bool:
    choices = getattr(widget, "choices", ())
    return any(isinstance(label, (list, tuple)) for _value, label in choices)


def _required(field: BoundField, widget) -> SafeString:
    """`` required`` and `` disabled`` where Django sets them (``required`` never on checkbox lists or
    selects without an empty first choice)."""
    attrs = field.build_widget_attrs({}, widget)
    return format_html(
        "{}{}",
        _REQUIRED if attrs.get("required") else "",
        _DISABLED if attrs.get("disabled") else "",
    )


def _label_class(field: BoundField) -> str:
    return "form-label requiredField" if field.field.required else "form-label"


def _described_by(field: BoundField) -> str:
    ids = [f"{field.auto_id}_helptext"] if field.help_text else []
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    return " ".join(ids)


def _aria(field: BoundField) -> SafeString:
    """``aria-describedby`` (help text, errors) and ``aria-invalid`` for the control."""
    described = _described_by(field)
    return format_html(
        "{}{}",
        format_html(' aria-describedby="{}"', described) if described else "",
        mark_safe(' aria-invalid="true"') if field.errors else "",
    )


def _label(field: BoundField) -> SafeString:
    if not field.label:
        return mark_safe("")
    return format_html(
        '<label for="{}" class="{}">{}{}</label>',
        field.id_for_label,
        _label_class(field),
        field.label,
        _ASTERISK if field.field.required else "",
    )


def _errors(field: BoundField) -> SafeString:
    if not field.errors:
        return mark_safe("")
    lines = format_html_join(
        "",
        '<p id="error_{}_{}"><strong>{}</strong></p>',
        ((number, field.auto_id, error) for number, error in enumerate(field.errors, 1)),
    )
    return format_html('<div id="{}_error" class="invalid-feedback">{}</div>', field.auto_id, lines)


def _help(field: BoundField) -> SafeString:
    if not field.help_text:
        return mark_safe("")
    return format_html('<div id="{}_helptext" class="form-text">{}</div>', field.auto_id, field.help_text)


def _wrap(field: BoundField, label: SafeString, control: SafeString) -> SafeString:
    """Label, control, errors, then help text, as crispy-bootstrap5 orders them."""
    return format_html(
        '<div id="div_{}" class="mb-3">{}{}{}{}</div>',
        field.auto_id,
        label,
        control,
        _errors(field),
        _help(field),
    )


def _input(field: BoundField, widget: forms.widgets.Input) -> SafeString:
    css = _INPUT_CLASS.get(widget.input_type, "textinput form-control")
    if field.errors:
        css += " is-invalid"
    attrs = {"class": css}
    if described := _described_by(field):
        attrs["aria-describedby"] = described
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


def _selected(field: BoundField, widget) -> set[str]:
    return set(widget.format_value(field.value()))


def _select(field: BoundField, widget: forms.Select) -> SafeString:
    selected = _selected(field, widget)
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if str(value) in selected else "", label) for value, label in widget.choices),
    )
    multiple = widget.allow_multiple_selected
    size = widget.attrs.get("size")
    return format_html(
        '<select name="{}" class="{} form-select{}" id="{}"{}{}{}{}>{}</select>',
        field.html_name,
        "selectmultiple" if multiple else "select",
        " is-invalid" if field.errors else "",
        field.auto_id,
        format_html(' size="{}"', size) if size else "",
        mark_safe(" multiple") if multiple else "",
        _required(field, widget),
        _aria(field),
        options,
    )


def _choice_list(field: BoundField, widget: forms.RadioSelect) -> SafeString:
    """A fieldset of Bootstrap form-check radios or checkboxes (errors inside the last one, as crispy)."""
    selected = _selected(field, widget)
    attrs = format_html(
        "{}{}", _required(field, widget), mark_safe(' aria-invalid="true"') if field.errors else ""
    )
    css = "form-check-input is-invalid" if field.errors else "form-check-input"
    choices = list(widget.choices)
    boxes = format_html_join(
        "",
        '<div class="form-check"><input type="{}" class="{}" name="{}" value="{}" id="{}_{}"{}{}>'
        '<label for="{}_{}" class="form-check-label">{}</label>{}</div>',
        (
            (widget.input_type, css, field.html_name, value, field.auto_id, index, attrs,
             mark_safe(" checked") if str(value) in selected else "", field.auto_id, index, label,
             _errors(field) if index == len(choices) - 1 else "")
            for index, (value, label) in enumerate(choices)
        ),
    )  # fmt: skip
    described = _described_by(field)
    return format_html(
        '<div id="div_{}" class="mb-3"><fieldset{}><legend class="{} fs-6">{}{}</legend><div>{}</div>{}'
        "</fieldset></div>",
        field.auto_id,
        format_html(' aria-describedby="{}"', described) if described else "",
        _label_class(field),
        field.label,
        _ASTERISK if field.field.required else "",
        boxes,
        _help(field),
    )
