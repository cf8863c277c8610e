"""The workspace's pipeline as rows: filtered, judged, sorted — shared by the table, board and bulk moves.

Filters on the program's identity and stage run in the database; filters on resolved facts, the
eligibility verdict and the extra columns registered in ``programs.columns`` run in Python over the
rows that remain. Either way a page costs a constant number of queries: the tracked programs, their
facts (``resolve_facts``), the profile, and one call per registered column.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Case, F, Q, QuerySet, Value, When
from django.db.models.functions import Lower

from accounts.choices import STATE_REGION

from .choices import ACTIVE_STAGES, Stage
from .columns import ColumnValue, ExtraColumn, RowBatch, extra_columns
from .eligibility import ELIGIBILITY_KEYS, Status, Verdict, verdicts_for
from .facts import GROUPS, NOT_REPORTED, keys_in_group
from .models import Tag, TrackedProgram
from .resolve import EMPTY, ProgramFacts, ResolvedFact, resolve_facts

STAGE_ORDER = {stage: index for index, stage in enumerate(Stage.values)}
STATUS_ORDER = {status: index for index, status in enumerate(Status.values)}
VISA_FILTERS = (
    ("j1", "Sponsors J-1"),
    ("h1b", "Sponsors H-1B"),
    ("not_reported", "Visa sponsorship not reported"),
)
FLAG_FILTERS = (("conflict", "Sources disagree"), ("stale", "Stale facts"))
# The facts the table and board read: eligibility's and the key-fact columns, plus the keys each
# registered column declares (``ExtraColumn.fact_keys``: the score reads its derivations' facts).
# Their stale and conflict flags are the ones the list shows and filters on ("Among the facts
# eligibility and these columns use"); the detail page shows every fact.
LIST_KEYS = (*ELIGIBILITY_KEYS, "pct_img", "positions_first_year", "positions_total", "program_type")


@dataclass
class Row:
    """One tracked program as the table and the board show it."""

    tracked: TrackedProgram
    facts: ProgramFacts
    verdict: Verdict
    extras: list[tuple[ExtraColumn, ColumnValue | None]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)  # filled by ``attach_tags`` where a page shows them

    @property
    def program(self):
        return self.tracked.program

    @property
    def pk(self) -> int:
        return self.tracked.pk

    def fact(self, key: str) -> ResolvedFact | None:
        return self.facts.get(key)

    def value(self, key: str):
        return self.facts.value(key)

    @property
    def visa_cells(self) -> list[tuple[str, ResolvedFact | None]]:
        return [("J-1", self.fact("visa_j1")), ("H-1B", self.fact("visa_h1b"))]

    @property
    def pct_img(self) -> ResolvedFact | None:
        return self.fact("pct_img")

    @property
    def positions(self) -> ResolvedFact | None:
        return self.fact("positions_first_year") or self.fact("positions_total")

    @property
    def cutoffs(self) -> list[tuple[str, ResolvedFact, str]]:
        """(text before, fact, text after) of the cut-offs the program reports."""
        shown = (("Graduated within", "grad_year_cutoff", "years"), ("Step 2 CK ≥", "step2ck_min_score", ""))
        return [(before, fact, after) for before, key, after in shown if (fact := self.fact(key)) is not None]

    def extra_value(self, key: str) -> ColumnValue | None:
        return next((value for column, value in self.extras if column.key == key), None)


# --- Filtering in the database ------------------------------------------------------------------


def _search(text: str) -> Q:
    query = Q()
    for word in text.split():
        query &= (
            Q(program__name__icontains=word)
            | Q(program__institution__icontains=word)
            | Q(program__city__icontains=word)
            | Q(program__number__startswith=word)
        )
    return query


def filter_queryset(tracked: QuerySet, filters: dict, *, default_active: bool = True) -> QuerySet:
    """Apply the filters the database can answer (search, stage, specialty, place, tag)."""
    if text := (filters.get("q") or "").strip():
        tracked = tracked.filter(_search(text))
    stages = filters.get("stage") or (ACTIVE_STAGES if default_active else ())
    if stages:
        tracked = tracked.filter(stage__in=stages)
    if codes := filters.get("specialty"):
        tracked = tracked.filter(program__specialty__code__in=codes)
    if states := filters.get("state"):
        tracked = tracked.filter(program__state__in=states)
    if region := filters.get("region"):
        tracked = tracked.filter(program__state__in=[s for s, r in STATE_REGION.items() if r == region])
    if tag := filters.get("tag"):
        tracked = tracked.filter(tags__name=tag)
    return tracked


# --- Filtering and sorting in Python -------------------------------------------------------------


def _visa_matches(row: Row, wanted: str) -> bool:
    if wanted == "not_reported":
        return row.fact("visa_j1") is None and row.fact("visa_h1b") is None
    return row.value(f"visa_{wanted}") is True


def _img_matches(row: Row, low, high) -> bool:
    value = row.value("pct_img")
    if value is None:
        return False  # a range asks for programs that report % IMG
    return (low is None or value >= low) and (high is None or value <= high)


def _row_filters(filters: dict) -> list[Callable[[Row], bool]]:
    tests: list[Callable[[Row], bool]] = []
    if verdicts := filters.get("verdict"):
        tests.append(lambda row: row.verdict.status in verdicts)
    if visa := filters.get("visa"):
        tests.append(lambda row: _visa_matches(row, visa))
    low, high = filters.get("img_min"), filters.get("img_max")
    if low is not None or high is not None:
        tests.append(lambda row: _img_matches(row, low, high))
    if program_type := filters.get("program_type"):
        tests.append(lambda row: row.value("program_type") == program_type)
    flags = filters.get("flags") or ()
    if "conflict" in flags:
        tests.append(lambda row: row.facts.has_conflicts)
    if "stale" in flags:
        tests.append(lambda row: row.facts.has_stale)
    for key, wanted in (filters.get("extras") or {}).items():
        tests.append(lambda row, key=key, wanted=wanted: _extra_matches(row, key, wanted))
    return tests


def _extra_matches(row: Row, key: str, wanted: str) -> bool:
    value = row.extra_value(key)
    return value is not None and value.filter_value == wanted


def _sort_value(row: Row, sort: str):
    if sort == "name":
        return row.program.name.lower()
    if sort == "state":
        return row.program.state or None
    if sort == "pct_img":
        return row.value("pct_img")
    if sort == "positions":
        fact = row.positions
        return fact.value if fact else None
    if sort == "interest":
        return row.tracked.interest
    if sort == "stage":
        return STAGE_ORDER.get(row.tracked.stage)
    if sort == "verdict":
        return STATUS_ORDER.get(row.verdict.status)
    value = row.extra_value(sort)
    return value.sort_value if value is not None else None


def sort_rows(rows: list[Row], sort: str) -> list[Row]:
    """Sort by ``sort`` (``-`` for descending); rows without a value go last either way, by name."""
    key = sort.lstrip("-") or "name"
    rows = sorted(rows, key=lambda row: row.program.name.lower())
    present = [row for row in rows if _sort_value(row, key) is not None]
    missing = [row for row in rows if _sort_value(row, key) is None]
    present.sort(key=lambda row: _sort_value(row, key), reverse=sort.startswith("-"))
    return present + missing


# --- Putting it together -----------------------------------------------------------------------


# Loaded for every row of the table and board; the timestamps are never shown there.
DEFERRED = ("created_at", "updated_at", "stage_changed_at", "program__created_at", "program__updated_at")


def build_rows(
    workspace, tracked: QuerySet, filters: dict, *, default_active: bool = True, sort: str | None = None
) -> list[Row]:
    """Every tracked program matching ``filters`` (cleaned ``ListFilters`` data), judged and sorted."""
    queryset = (
        filter_queryset(tracked, filters, default_active=default_active).with_program().defer(*DEFERRED)
    )
    rows = judge_rows(workspace, queryset)
    tests = _row_filters(filters)
    rows = [row for row in rows if all(test(row) for test in tests)]
    return sort_rows(rows, sort if sort is not None else filters.get("sort") or "name")


def _db_order(sort: str) -> list | None:
    """The database ordering equal to :func:`sort_rows` for ``sort``, or None when only Python can sort."""
    key, descending = sort.lstrip("-") or "name", sort.startswith("-")
    name = Lower("program__name")
    if key == "name":
        return [name.desc() if descending else name.asc(), "pk"]
    if key == "state":
        blank_last = Case(When(program__state="", then=Value(1)), default=Value(0))
        state = F("program__state")
        return [blank_last, state.desc() if descending else state.asc(), name, "pk"]
    if key == "stage":
        stage = Case(*(When(stage=value, then=Value(index)) for value, index in STAGE_ORDER.items()))
        return [stage.desc() if descending else stage.asc(), name, "pk"]
    if key == "interest":
        interest = F("interest")
        return [interest.desc(nulls_last=True) if descending else interest.asc(nulls_last=True), name, "pk"]
    return None


def list_page(workspace, tracked: QuerySet, filters: dict, page_number, per_page: int) -> tuple[Page, int]:
    """One page of the table and the number of matching rows.

    When the database can answer the filters and the order, it paginates and only the page's rows
    are judged; filters and sorts on facts, verdicts or extra columns judge every row first.
    """
    order = _db_order(filters.get("sort") or "name")
    if order is None or _row_filters(filters):
        rows = build_rows(workspace, tracked, filters)
        return Paginator(rows, per_page).get_page(page_number), len(rows)
    queryset = filter_queryset(tracked, filters).with_program().defer(*DEFERRED).order_by(*order)
    page = Paginator(queryset, per_page).get_page(page_number)
    page.object_list = judge_rows(workspace, page.object_list)
    return page, page.paginator.count


def judge_rows(
    workspace, tracked_list: Iterable[TrackedProgram], *, keys: Iterable[str] | None = LIST_KEYS
) -> list[Row]:
    """Rows with resolved facts (``keys`` and the columns' ``fact_keys``; None: all), verdicts and
    extra-column values; the columns reuse the facts and verdicts (see ``programs.columns``)."""
    tracked_list = list(tracked_list)
    columns = extra_columns()
    if keys is not None:
        keys = dict.fromkeys((*keys, *(key for column in columns for key in column.fact_keys)))
    facts = resolve_facts(workspace, [t.program_id for t in tracked_list], keys=keys)
    verdicts = verdicts_for(workspace, tracked_list, facts=facts)
    batch = RowBatch(workspace, tracked_list, facts, verdicts)
    values = {column.key: column.values(batch) for column in columns}
    return [
        Row(
            tracked=t,
            facts=facts.get(t.program_id, EMPTY),
            verdict=verdicts[t.pk],
            extras=[(column, values[column.key].get(t.pk)) for column in columns],
        )
        for t in tracked_list
    ]


def funnel(rows: Iterable[Row]) -> dict:
    """Counts per stage and per verdict (the verdicts of active programs only)."""
    stages = dict.fromkeys(Stage.values, 0)
    verdicts = dict.fromkeys(Status.values, 0)
    for row in rows:
        stages[row.tracked.stage] += 1
        if row.tracked.stage in ACTIVE_STAGES:
            verdicts[row.verdict.status] += 1
    return {"stages": stages, "verdicts": verdicts}


def display(fact: ResolvedFact | None) -> str:
    return fact.display if fact is not None else NOT_REPORTED


def fact_groups(facts: ProgramFacts) -> list[dict]:
    """The registry's groups in order: each with its reported facts and the keys it lacks."""
    groups = []
    for group in GROUPS:
        keys = list(keys_in_group(group))
        groups.append(
            {
                "name": group,
                "facts": [facts[k.key] for k in keys if k.key in facts],
                "missing": [k for k in keys if k.key not in facts],
            }
        )
    return groups


def attach_tags(rows: list[Row]) -> None:
    """Each row's tag names, alphabetical, in one query (lighter than prefetching Tag objects)."""
    through = TrackedProgram.tags.through
    by_tracked: dict[int, list[str]] = {}
    for tracked_id, name in (
        through.objects.filter(trackedprogram_id__in=[row.pk for row in rows])
        .order_by("tag__name")
        .values_list("trackedprogram_id", "tag__name")
    ):
        by_tracked.setdefault(tracked_id, []).append(name)
    for row in rows:
        row.tags = by_tracked.get(row.pk, [])


def set_tags(workspace, tracked: TrackedProgram, names: list[str]) -> None:
    """Give the tracked program exactly these tags, creating the workspace's missing ones (any case)."""
    workspace_tags = {tag.name.lower(): tag for tag in workspace.tags.all()}
    missing = [name for name in names if name.lower() not in workspace_tags]
    if missing:
        Tag.objects.bulk_create(
            [Tag(workspace=workspace, name=name) for name in missing], ignore_conflicts=True
        )
        workspace_tags = {tag.name.lower(): tag for tag in workspace.tags.all()}
    tracked.tags.set([workspace_tags[name.lower()] for name in names])
