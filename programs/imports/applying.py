"""Confirming: write a plan with a handful of bulk statements inside one transaction.

New programs: bulk INSERT … ON CONFLICT DO NOTHING (``writing.insert``), then one SELECT for their
ids (two people importing the same new program at once both succeed). Catalog identity changes:
``bulk_create(update_conflicts=True)`` on the id, never ``bulk_update`` (a CASE per field and row).
Observations and tracked programs: bulk INSERTs. Nothing per row.
"""

from django.conf import settings
from django.utils import timezone

from ..choices import Stage
from ..models import ImportBatch, Program, ProgramFact, TrackedProgram
from .planning import Plan, PlannedRow, Scope, among
from .writing import insert


def batch_size() -> int:
    return settings.IMPORT_BATCH_SIZE


def create_programs(planned: list[PlannedRow], specialty_ids: dict[str, int]) -> dict[str, int]:
    """Insert the catalog programs that do not exist yet; number -> id for every one of them."""
    rows = [p.row for p in planned if p.program_id is None]
    if not rows:
        return {}
    insert(
        Program,
        [
            {
                "number": r.number,
                "name": r.name,
                "institution": r.institution,
                "city": r.city,
                "state": r.state,
                "specialty_id": specialty_ids.get(r.specialty),
            }
            for r in rows
        ],
        ignore_conflicts=True,
    )
    ids = {}
    for lookup in among("number", [r.number for r in rows]):
        ids.update(Program.objects.filter(**lookup).values_list("number", "id"))
    return ids


def update_identities(planned: list[PlannedRow]) -> int:
    """Catalog imports only: rewrite the programs whose name, place or specialty changed."""
    changed = [p for p in planned if p.identity and p.program_id]
    if not changed:
        return 0
    now = timezone.now()
    Program.objects.bulk_create(
        [Program(id=p.program_id, number=p.row.number, updated_at=now, **p.identity) for p in changed],
        batch_size=batch_size(),
        update_conflicts=True,
        unique_fields=["id"],
        update_fields=["name", "institution", "city", "state", "specialty", "updated_at"],
    )
    return len(changed)


def write_observations(
    planned: list[PlannedRow], ids: dict[str, int], scope: Scope, batch: ImportBatch
) -> int:
    detail = f"{batch.file_name} (import #{batch.pk})"[:500]
    return insert(
        ProgramFact,
        [
            {
                "program_id": p.program_id or ids[p.row.number],
                "workspace_id": scope.workspace.pk if scope.workspace else None,
                "values": p.row.values,
                "source_kind": scope.source_kind,
                "source_detail": detail,
                "observed_on": p.row.observed_on or scope.observed_on,
                "batch_id": batch.pk,
                "created_by_id": batch.created_by_id,
            }
            for p in planned
            if p.write_fact
        ],
    )


def track_programs(planned: list[PlannedRow], ids: dict[str, int], scope: Scope, batch: ImportBatch) -> int:
    if scope.is_catalog:
        return 0
    return insert(
        TrackedProgram,
        [
            {
                "workspace_id": scope.workspace.pk,
                "program_id": p.program_id or ids[p.row.number],
                "stage": Stage.LONG_LIST,
                "source_batch_id": batch.pk,
            }
            for p in planned
            if p.track
        ],
        ignore_conflicts=True,
    )


def apply_plan(plan: Plan, scope: Scope, batch: ImportBatch, specialty_ids: dict[str, int]) -> dict:
    """Write everything the plan says; the caller's transaction makes it all or nothing."""
    ids = create_programs(plan.rows, specialty_ids)
    return {
        "programs_created": len(ids),
        "programs_updated": update_identities(plan.rows),
        "facts_written": write_observations(plan.rows, ids, scope, batch),
        "programs_tracked": track_programs(plan.rows, ids, scope, batch),
    }
