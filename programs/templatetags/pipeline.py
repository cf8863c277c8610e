"""Template helpers of the pipeline pages: sort links and fact cells with their source badges."""

import html

from django import template
from django.utils.html import strip_tags

from programs.facts import REGISTRY
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


@register.inclusion_tag("programs/_fact_value.html")
def fact_value(fact, show_source: bool = False) -> dict:
    """A resolved fact's value ("not reported" when missing) with conflict and stale badges."""
    return {"fact": fact, "show_source": show_source}


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
