"""The dry run: what an import would write, computed by reading the existing state in bulk.

Three reads whatever the file's size (programs by number, this scope's newest observation of the
same source kind, the workspace's tracked programs), then plain Python. Nothing is written and
nothing is rolled back, so the preview is cheap and the confirm step can simply plan again.

A row is *unchanged* when its values equal the newest observation of the same source kind in the
same scope (nothing is written), *updated* when they differ (a new observation is added; history
is kept), *new* when this scope had nothing from that source for the program, or it is new to the
catalog or to the workspace's list. For the catalog itself, only a program it did not have is new.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import Field, ForeignObject, Lookup

from ..models import Program, ProgramFact, TrackedProgram
from .cleaning import CleanRow

NEW, UPDATED, UNCHANGED = "new", "updated", "unchanged"
READ_CHUNK = 5000
IDENTITY_FIELDS = ("name", "institution", "city", "state")


@dataclass(frozen=True)
class Scope:
    """Where an import writes: one workspace, or the shared catalog (``workspace=None``, staff only)."""

    workspace: object | None
    source_kind: str
    observed_on: date

    @property
    def is_catalog(self) -> bool:
        return self.workspace is None


@dataclass(slots=True)
class PlannedRow:
    row: CleanRow
    status: str
    program_id: int | None = None
    write_fact: bool = False
    track: bool = False
    identity: dict | None = None  # catalog imports: the program's new identity when it changes


@dataclass
class Plan:
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for p in self.rows if p.status == status)

    @property
    def writes_anything(self) -> bool:
        return any(p.status != UNCHANGED for p in self.rows)


class AnyOf(Lookup):
    """``field = ANY(%s)`` with one array parameter: a 13,000-value ``__in`` costs Django far more."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*params, list(self.rhs)]


Field.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)  # foreign keys keep their own lookups


def among(field: str, values: list) -> Iterator[dict]:
    """Lookups for "``field`` is one of ``values``": one array on PostgreSQL, chunks of ``__in`` elsewhere."""
    if connection.vendor == "postgresql":
        yield {f"{field}__any_of": values}
        return
    for start in range(0, len(values), READ_CHUNK):
        yield {f"{field}__in": values[start : start + READ_CHUNK]}


def existing_programs(numbers: list[str]) -> dict[str, tuple]:
    """number -> (id, name, institution, city, state, specialty_id) of the catalog's programs."""
    found = {}
    for lookup in among("number", numbers):
        for number, *rest in Program.objects.filter(**lookup).values_list(
            "number", "id", *IDENTITY_FIELDS, "specialty_id"
        ):
            found[number] = tuple(rest)
    return found


def newest_observations(program_ids: list[int], scope: Scope) -> dict[int, dict]:
    """program id -> values of this scope's newest observation of the scope's source kind."""
    newest: dict[int, tuple] = {}
    for lookup in among("program_id", program_ids):
        rows = (
            ProgramFact.objects.filter(**lookup, workspace=scope.workspace, source_kind=scope.source_kind)
            .order_by()
            .values_list("program_id", "observed_on", "id", "values")
        )
        for program_id, observed_on, fact_id, values in rows:
            current = newest.get(program_id)
            if current is None or (observed_on, fact_id) > current[0]:
                newest[program_id] = ((observed_on, fact_id), values)
    return {program_id: values for program_id, (_key, values) in newest.items()}


def tracked_program_ids(program_ids: list[int], workspace) -> set[int]:
    tracked: set[int] = set()
    if workspace is None:
        return tracked
    for lookup in among("program_id", program_ids):
        tracked.update(
            TrackedProgram.objects.filter(workspace=workspace, **lookup).values_list("program_id", flat=True)
        )
    return tracked


def plan_rows(rows: list[CleanRow], scope: Scope, specialty_ids: dict[str, int]) -> Plan:
    """Decide, row by row, what confirming would write. Reads in bulk; writes nothing."""
    existing = existing_programs([r.number for r in rows])
    ids = [e[0] for e in existing.values()]
    newest = newest_observations(ids, scope)
    tracked = tracked_program_ids(ids, scope.workspace)
    plan, renamed = Plan(), 0
    for row in rows:
        program = existing.get(row.number)
        if program is None:
            if not row.name:
                plan.errors.append(
                    {"row": row.row, "column": "", "message": f"program {row.number} is not in the catalog "
                     "yet and the row gives no name for it"}
                )  # fmt: skip
                continue
            plan.rows.append(PlannedRow(row, NEW, None, bool(row.values), not scope.is_catalog))
            continue
        planned = _plan_existing(row, program, scope, newest, tracked, specialty_ids)
        renamed += not scope.is_catalog and bool(row.name) and row.name != program[1]
        plan.rows.append(planned)
    if renamed:
        plan.notes.append(
            f"{renamed} row(s) name a program differently from the shared catalog. The catalog keeps its "
            "name; your facts are imported all the same."
        )
    return plan


def _plan_existing(row, program, scope, newest, tracked, specialty_ids) -> PlannedRow:
    program_id = program[0]
    previous = newest.get(program_id)
    write_fact = bool(row.values) and previous != row.values
    track = not scope.is_catalog and program_id not in tracked
    identity = _identity_change(row, program, specialty_ids) if scope.is_catalog else None
    if scope.is_catalog:  # for the catalog, "new" means a program it did not have
        status = UPDATED if write_fact or identity else UNCHANGED
    elif write_fact:
        status = UPDATED if previous is not None else NEW
    elif track:
        status = NEW
    elif identity:
        status = UPDATED
    else:
        status = UNCHANGED
    return PlannedRow(row, status, program_id, write_fact, track, identity)


def _identity_change(row: CleanRow, program: tuple, specialty_ids: dict[str, int]) -> dict | None:
    """The catalog row after this import (blank cells keep what the catalog has), if it differs."""
    current = dict(zip((*IDENTITY_FIELDS, "specialty_id"), program[1:], strict=True))
    proposed = dict(current)
    for name in IDENTITY_FIELDS:
        if getattr(row, name):
            proposed[name] = getattr(row, name)
    if row.specialty:
        proposed["specialty_id"] = specialty_ids.get(row.specialty)
    return proposed if proposed != current else None
