"""Extra columns that higher apps add to the workspace's program list (e.g. outreach's responsiveness).

The programs app cannot import outreach or scoring (imports flow one way), so those apps register
an :class:`ExtraColumn` from their ``AppConfig.ready``. The list page computes each registered
column for the rows it shows, renders it, sorts by ``?sort=<key>`` / ``?sort=-<key>`` and filters by
``?<key>=<filter_value>``. ``values`` must run a constant number of queries for any number of rows.

Each column receives a :class:`RowBatch`: the rows' tracked programs with the facts and verdicts the
list already computed, so a column never resolves them again, and ``batch.shared(name, compute)``
for figures two columns both need (outreach's reply figures feed two columns and the score), which
are then computed once per page.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ColumnValue:
    display: str  # the cell text
    sort_value: object = None  # None sorts last
    filter_value: str = ""  # matched against ?<key>=
    badge: str = ""  # a Bootstrap contextual name ("success", "warning" …) to show the cell as a badge
    title: str = ""  # a tooltip with the detail


@dataclass
class RowBatch:
    """The rows a list computes its extra columns for, with what it already knows about them."""

    workspace: Any
    tracked: list  # TrackedProgram objects with ``program__specialty`` loaded
    facts: dict  # program id -> ProgramFacts, with the keys every column asked for (``fact_keys``)
    verdicts: dict  # tracked-program pk -> eligibility Verdict
    _shared: dict[str, object] = field(default_factory=dict, repr=False)

    def shared(self, name: str, compute: Callable[[], object]):
        """``compute()``'s result, computed once per batch whichever column asks first."""
        if name not in self._shared:
            self._shared[name] = compute()
        return self._shared[name]


@dataclass(frozen=True)
class ExtraColumn:
    key: str
    label: str
    # values(batch: RowBatch) -> {tracked_program.pk: ColumnValue}; missing rows show "—".
    values: Callable[[RowBatch], dict[int, ColumnValue]]
    filter_label: str = ""
    filter_choices: Sequence[tuple[str, str]] = field(default_factory=tuple)  # (filter_value, label)
    order: int = 100
    fact_keys: tuple[str, ...] = ()  # resolved facts ``values`` reads, on top of the list's own


_columns: dict[str, ExtraColumn] = {}


def register_column(column: ExtraColumn) -> None:
    _columns[column.key] = column


def extra_columns() -> list[ExtraColumn]:
    return sorted(_columns.values(), key=lambda c: (c.order, c.key))
