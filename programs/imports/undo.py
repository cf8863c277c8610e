"""Undoing an import: its observations go, and so do the list entries it created that nobody touched.

An entry counts as touched when it changed after the import (stage, notes, interest, tags), when
anything else now points at it (an email, a score, a rank — whichever app added it), or when the
workspace added a fact about that program by hand since. Those are kept, and the report says
which and why. Programs the import added to the shared catalog stay: others may use them.
"""

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from ..choices import Stage
from ..models import ImportBatch, ProgramFact, TrackedProgram

KEPT_LISTED = 50


def _touched_filter(batch: ImportBatch) -> Q:
    since = batch.finished_at or batch.created_at
    touched = Q(updated_at__gt=since) | ~Q(stage=Stage.LONG_LIST) | ~Q(notes="") | Q(interest__isnull=False)
    touched |= Q(tags__isnull=False)
    for relation in TrackedProgram._meta.related_objects:  # reverse relations other apps add later
        touched |= Q(**{f"{relation.name}__isnull": False})
    later_facts = ProgramFact.objects.filter(
        workspace_id=batch.workspace_id, program_id=OuterRef("program_id"), created_at__gt=since
    ).exclude(batch=batch)
    return touched | Q(Exists(later_facts))


def _reason(stage: str, notes: str, interest) -> str:
    if stage != Stage.LONG_LIST:
        return f"moved to {Stage(stage).label.lower()}"
    if notes:
        return "has notes"
    if interest:
        return "has an interest rating"
    return "changed or linked since the import"


def undo_batch(batch: ImportBatch) -> dict | None:
    """Undo a finished import once (claimed with a conditional UPDATE); returns the report."""
    if not batch.can_undo:
        return None
    with transaction.atomic():
        if not ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.DONE).update(
            status=ImportBatch.Status.UNDONE, undone_at=timezone.now()
        ):
            return None
        facts_removed, _ = ProgramFact.objects.filter(batch=batch).delete()
        created = TrackedProgram.objects.filter(source_batch=batch, workspace_id=batch.workspace_id)
        kept = list(
            created.filter(_touched_filter(batch))
            .distinct()
            .order_by("program__name")
            .values_list("pk", "program__name", "stage", "notes", "interest")
        )
        kept_ids = {row[0] for row in kept}
        removed = list(created.exclude(pk__in=kept_ids).values_list("pk", flat=True))
        TrackedProgram.objects.filter(pk__in=removed).delete()
        report = {
            "facts_removed": facts_removed,
            "tracked_removed": len(removed),
            "tracked_kept": len(kept),
            "kept": [
                {"name": name, "reason": _reason(stage, notes, interest)}
                for _pk, name, stage, notes, interest in kept[:KEPT_LISTED]
            ],
        }
        ImportBatch.objects.filter(pk=batch.pk).update(undo_report=report)
    batch.refresh_from_db()
    return report
