"""Template helpers of the scoring pages: rating cells, tier badges and signed numbers."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

_UNRATED = mark_safe('<span class="text-body-secondary" title="Not rated">—</span>')  # constant markup
_SOURCE_TITLES = {
    "derived": "Derived from the facts",
    "override": "Your rating, over the derived {derived}",
    "yours": "Your rating",
}


@register.simple_tag
def rating_cell(item) -> str:
    """A criterion's rating in the scored table: the value, how it was set, and a mark when the
    facts changed since an override (built with format_html: the table calls it for every cell)."""
    if item.value is None:
        return _UNRATED
    title = _SOURCE_TITLES[item.source].format(derived=item.derived_value)
    marker = {"derived": "rating-derived", "override": "rating-override", "yours": "rating-yours"}[
        item.source
    ]
    warn = (
        format_html(
            ' <i class="bi bi-exclamation-triangle-fill text-warning" title="The facts now say {}" aria-label="The facts now say {}"></i>',
            item.derived_value,
            item.derived_value,
        )
        if item.disagrees
        else ""
    )
    return format_html(
        '<span class="rating-value {}" title="{}">{}</span>{}', marker, title, item.value, warn
    )


@register.simple_tag
def tier_badge(tier) -> str:
    return format_html(
        '<span class="badge text-bg-{} tier-badge" title="{}">{}</span>', tier.badge, tier.summary, tier.label
    )


@register.filter
def signed(value: int) -> str:
    return f"{value:+d}" if value else "0"


@register.filter
def pct(value) -> str:
    return "" if value is None else f"{round(100 * value)}%"
