"""Template helpers of the pipeline pages: sort links and fact cells with their source badges."""

import functools
import html

from django import template
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

from programs.choices import Stage
from programs.facts import NOT_REPORTED, REGISTRY
from programs.notes import render_notes

register = template.Library()


def _escape(value) -> str:
    """Django's ``conditional_escape`` without its lazy-string wrapper (the same ``html.escape``)."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def _html(template_string: str, *args, **kwargs) -> SafeString:
    """``format_html`` for the cells of the table and board, which call it thousands of times a page:
    every argument is escaped (or kept when already safe) exactly as there, at half the cost."""
    escaped = template_string.format(*map(_escape, args), **{k: _escape(v) for k, v in kwargs.items()})
    return mark_safe(escaped)  # noqa: S308 - a constant template, every argument escaped above


def _html_join(separator: str, template_string: str, rows) -> SafeString:
    """``format_html_join`` on :func:`_html`."""
    return mark_safe(_escape(separator).join(_html(template_string, *row) for row in rows))  # noqa: S308 - see _html


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
_NOT_REPORTED = _html('<span class="not-reported">{}</span>', NOT_REPORTED)


def _day(value) -> str:
    return f"{value:%b %-d, %Y}"


@register.simple_tag
def fact_value(fact, show_source: bool = False) -> str:
    """A resolved fact's value ("not reported" when missing) with conflict and stale badges.

    Built with format_html rather than an included template: tables call it for every cell.
    """
    if fact is None:
        return _NOT_REPORTED
    parts = [_html('<span class="fact-value">{}</span>', fact.display)]
    if fact.conflict:
        parts.append(_CONFLICT_BADGE)
    if fact.stale:
        parts.append(
            _html(
                ' <span class="badge text-bg-warning-subtle border border-warning-subtle text-warning-emphasis"'
                ' title="Stale: observed {}"><i class="bi bi-clock-history" aria-hidden="true"></i>'
                '<span class="visually-hidden">Stale</span></span>',
                _day(fact.observed_on),
            )
        )
    if show_source:
        parts.append(
            _html(
                '<div class="small text-body-secondary">{} · {}</div>',
                fact.source.source_label,
                _day(fact.observed_on),
            )
        )
    return _html_join("", "{}", ((part,) for part in parts))


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
        parts.append(_html(_VISA_BADGES[state], name=name, source=source, day=day))
        if fact is not None and (fact.conflict or fact.stale):
            parts.append(_html(_VISA_DOUBT, name=name))
    return _html_join("", "{}", ((part,) for part in parts))


@register.simple_tag
def verdict_badge(verdict) -> str:
    """The verdict as a coloured badge, its open rules in the tooltip."""
    return _html(
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
    return _html_join(
        "",
        '<button type="submit" name="stage" value="{}" class="dropdown-item" data-stage-option="{}"{}>{}</button>',
        ((value, value, _CURRENT if value == current else "", label) for value, label in Stage.choices),
    )


# --- The table's rows --------------------------------------------------------------------------

_DASH = mark_safe('<span class="text-body-secondary">—</span>')
_BY_HAND = mark_safe('<span class="badge text-bg-secondary">Added by hand</span>')
_CONFLICTS = mark_safe(
    '<span class="badge text-bg-danger-subtle text-danger-emphasis border border-danger-subtle">'
    '<i class="bi bi-exclamation-triangle" aria-hidden="true"></i> Sources disagree</span>'
)
_STALE = mark_safe(
    '<span class="badge text-bg-warning-subtle text-warning-emphasis border border-warning-subtle">'
    '<i class="bi bi-clock-history" aria-hidden="true"></i> Stale facts</span>'
)
_NO_CUTOFFS = mark_safe('<span class="not-reported">not reported</span>')
_ROW = (
    "<tr>"
    '<td><input class="form-check-input" type="checkbox" name="ids" value="{pk}" aria-label="Tick {name}"></td>'
    '<td class="program-cell"><a class="fw-semibold" href="{url}">{name}</a>'
    '<div class="small text-body-secondary">{identity}</div>'
    '<div class="d-md-none mt-1">{verdict} <span class="small">{stage}</span></div>{flags}</td>'
    "<td>{verdict}{brief}</td>"
    "<td>{stage}{excluded}</td>"
    '<td class="text-nowrap">{visa}</td>'
    "<td>{pct_img}</td>"
    "<td>{positions}</td>"
    '<td class="small">{cutoffs}</td>'
    "<td>{interest}</td>"
    "{extras}"
    '<td class="small notes-cell">{notes}</td>'
    "</tr>"
)


@register.simple_tag(takes_context=True)
def program_row(context, row) -> str:
    """One row of the program table, built in Python rather than template tags: a page shows fifty,
    and the template engine spent about half a millisecond on each (``make bench``)."""
    program, tracked, verdict = row.program, row.tracked, row.verdict
    stage = tracked.get_stage_display()
    badge = verdict_badge(verdict)
    return _html(
        _ROW,
        pk=row.pk,
        name=program.name,
        url=reverse("programs:detail", kwargs={"workspace_id": context["workspace"].pk, "pk": row.pk}),
        identity=_identity(program),
        verdict=badge,
        stage=stage,
        flags=_flags(row),
        brief=_html('<div class="small text-body-secondary verdict-summary">{}</div>', verdict.brief)
        if verdict.open_reasons
        else "",
        excluded=_html('<div class="small text-body-secondary">{}</div>', tracked.excluded_reason)
        if tracked.excluded_reason
        else "",
        visa=visa_badges(row),
        pct_img=fact_value(row.pct_img),
        positions=fact_value(row.positions),
        cutoffs=_html_join(
            "",
            '<div class="text-nowrap">{} {} {}</div>',
            ((before, fact_value(fact), after) for before, fact, after in row.cutoffs),
        )
        or _NO_CUTOFFS,
        interest=_html(
            '<span title="Interest {} of 5"><i class="bi bi-star-fill text-warning" aria-hidden="true"></i> {}</span>',
            tracked.interest,
            tracked.interest,
        )
        if tracked.interest
        else _DASH,
        extras=_html_join("", "<td>{}</td>", ((_extra_cell(value),) for _column, value in row.extras)),
        notes=truncatechars(notes_text(tracked.notes), 80) if tracked.notes else "",
    )


def _identity(program) -> str:
    parts = [_html("{}", program.number) if program.number else _BY_HAND]
    if program.specialty:
        parts.append(_html(" · {}", program.specialty.short_name))
    if location := program.location:
        parts.append(_html(" · {}", location))
    return _html_join("", "{}", ((part,) for part in parts))


def _flags(row) -> str:
    tags = row.tags
    conflicts, stale = row.facts.has_conflicts, row.facts.has_stale
    if not (conflicts or stale or tags):
        return ""
    badges = _html_join(
        "", '<span class="badge rounded-pill text-bg-light border">{}</span>', ((tag,) for tag in tags)
    )
    return _html(
        '<div class="d-flex flex-wrap gap-1 mt-1">{}{}{}</div>',
        _CONFLICTS if conflicts else "",
        _STALE if stale else "",
        badges,
    )


def _extra_cell(value) -> str:
    if not value:
        return _DASH
    if value.badge:
        return _html(
            '<span class="badge text-bg-{}" title="{}">{}</span>', value.badge, value.title, value.display
        )
    return _html('<span title="{}">{}</span>', value.title, value.display)
