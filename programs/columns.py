"""Extra columns that higher apps add to the workspace's program list (e.g. outreach's responsiveness).

The programs app cannot import outreach or scoring (imports flow one way), so those apps register
an :class:`ExtraColumn` from their ``AppConfig.ready``. The list page computes each registered
column for the rows it shows, renders it, sorts by ``?sort=<key>`` / ``?sort=-<key>`` and filters by
``?<key>=<filter_value>``. ``values`` must run a constant number of queries for any number of rows.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ColumnValue:
    display: str  # the cell text
    sort_value: object = None  # None sorts last
    filter_value: str = ""  # matched against ?<key>=
    badge: str = ""  # a Bootstrap contextual name ("success", "warning" …) to show the cell as a badge
    title: str = ""  # a tooltip with the detail


@dataclass(frozen=True)
class ExtraColumn:
    key: str
    label: str
    # values(workspace, tracked_programs) -> {tracked_program.pk: ColumnValue}; missing rows show "—".
    values: Callable[..., dict[int, ColumnValue]]
    filter_label: str = ""
    filter_choices: Sequence[tuple[str, str]] = field(default_factory=tuple)  # (filter_value, label)
    order: int = 100


_columns: dict[str, ExtraColumn] = {}


def register_column(column: ExtraColumn) -> None:
    _columns[column.key] = column


def extra_columns() -> list[ExtraColumn]:
    return sorted(_columns.values(), key=lambda c: (c.order, c.key))
