"""Sections that higher apps add to a tracked program's detail page (outreach log, scores …).

The programs app renders every registered panel on the detail page, in order; each panel's
``context(request, workspace, tracked_program)`` returns the context for its ``template`` (a dict,
or None to hide the panel). A panel reaches private data only through its app's access helpers.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DetailPanel:
    order: int
    template: str
    context: Callable[..., dict | None]


_panels: list[DetailPanel] = []


def register_detail_panel(panel: DetailPanel) -> None:
    if panel not in _panels:
        _panels.append(panel)
        _panels.sort(key=lambda p: p.order)


def detail_panels(request, workspace, tracked) -> list[tuple[str, dict]]:
    rendered = []
    for panel in _panels:
        context = panel.context(request, workspace, tracked)
        if context is not None:
            rendered.append((panel.template, context))
    return rendered
