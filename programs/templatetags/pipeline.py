"""Template helpers of the pipeline pages: sort links and fact cells with their source badges."""

import functools
import html

from django import template
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import mark_safe

from programs.choices import Stage
from programs.facts import NOT_REPORTED, REGISTRY
from programs.notes import render_notes

register = template.Library()


@register.simple_tag
def next_sort(current: str, key: str, descending_first: bool = False) -> str:
    """The ``sort`` value a column header links to: toggles direction when already sorted by it."""
    if current == key:
        return f"-{key}"
    if current == f"-{key}":
        return key
    return f"-{key}" if descending_first else key


@register.simple_tag
def sort_state(current: str, key: str) -> str:
    """``ascending``/``descending``/``none`` for the header's aria-sort attribute."""
    if current == key:
        return "ascending"
    if current == f"-{key}":
        return "descending"
    return "none"


_CONFLICT_BADGE = mark_safe(  # constant markup, no data in it
    ' <span class="badge text-bg-danger-subtle border border-danger-subtle text-danger-emphasis"'
    ' title="Sources disagree: see the program page"><i class="bi bi-exclamation-triangle" aria-hidden="true">'
    '</i><span class="visually-hidden">Sources disagree</span></span>'
)
_NOT_REPORTED = format_html('<span class="not-reported">{}</span>', NOT_REPORTED)


def _day(value) -> str:
    return f"{value:%b %-d, %Y}"


@register.simple_tag
def fact_value(fact, show_source: bool = False) -> str:
    """A resolved fact's value ("not reported" when missing) with conflict and stale badges.

    Built with format_html rather than an included template: tables call it for every cell.
    """
    if fact is None:
        return _NOT_REPORTED
    parts = [format_html('<span class="fact-value">{}</span>', fact.display)]
    if fact.conflict:
        parts.append(_CONFLICT_BADGE)
    if fact.stale:
        parts.append(
            format_html(
                ' <span class="badge text-bg-warning-subtle border border-warning-subtle text-warning-emphasis"'
                ' title="Stale: observed {}"><i class="bi bi-clock-history" aria-hidden="true"></i>'
                '<span class="visually-hidden">Stale</span></span>',
                _day(fact.observed_on),
            )
        )
    if show_source:
        parts.append(
            format_html(
                '<div class="small text-body-secondary">{} · {}</div>',
                fact.source.source_label,
                _day(fact.observed_on),
            )
        )
    return format_html_join("", "{}", ((part,) for part in parts))


_VISA_BADGES = {
    None: '<span class="badge visa-badge visa-unknown" title="{name}: not reported">{name} ?'
    '<span class="visually-hidden"> not reported</span></span>',
    True: '<span class="badge visa-badge text-bg-success" title="Sponsors {name} ({source}, {day})">{name}'
    '<span class="visually-hidden"> sponsored</span></span>',
    False: '<span class="badge visa-badge visa-no" title="Does not sponsor {name} ({source}, {day})"><s>{name}</s>'
    '<span class="visually-hidden"> not sponsored</span></span>',
}
_VISA_DOUBT = (
    ' <i class="bi bi-exclamation-triangle text-danger" title="Sources disagree or the value is stale"'
    ' aria-label="{name} needs confirming"></i>'
)


@register.simple_tag
def visa_badges(row) -> str:
    """J-1 and H-1B sponsorship as badges: sponsored, not sponsored, or not reported (a dashed "?")."""
    parts = []
    for name, fact in row.visa_cells:
        state = None if fact is None else bool(fact.value)
        source, day = (fact.source.source_label, _day(fact.observed_on)) if fact is not None else ("", "")
        parts.append(format_html(_VISA_BADGES[state], name=name, source=source, day=day))
        if fact is not None and (fact.conflict or fact.stale):
            parts.append(format_html(_VISA_DOUBT, name=name))
    return format_html_join("", "{}", ((part,) for part in parts))


@register.simple_tag
def verdict_badge(verdict) -> str:
    """The verdict as a coloured badge, its open rules in the tooltip."""
    return format_html(
        '<span class="badge text-bg-{} verdict-badge" title="{}"><i class="bi bi-{}" aria-hidden="true"></i> {}</span>',
        verdict.badge,
        verdict.summary,
        verdict.icon,
        verdict.label,
    )


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in a template (None when absent)."""
    return mapping.get(key) if mapping else None


@register.simple_tag
def display_observation(key: str, observation) -> str:
    """An observation's value as the registry shows it (escaped by the template engine)."""
    return REGISTRY[key].display(observation.value)


@register.filter
def notes_text(notes: str) -> str:
    """The notes as plain text (markdown rendered, then tags stripped) for short previews."""
    return html.unescape(strip_tags(render_notes(notes))).strip()


_CURRENT = mark_safe(' disabled aria-current="true"')  # constant markup


@register.simple_tag
def stage_buttons(current: str) -> str:
    """The "Move to" menu's buttons, the current stage disabled (the board renders hundreds of menus)."""
    return _stage_buttons(current)


@functools.cache
def _stage_buttons(current: str) -> str:
    return format_html_join(
        "",
        '<button type="submit" name="stage" value="{}" class="dropdown-item" data-stage-option="{}"{}>{}</button>',
        ((value, value, _CURRENT if value == current else "", label) for value, label in Stage.choices),
    )
