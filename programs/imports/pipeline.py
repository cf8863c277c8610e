"""The life of an import batch: upload → preview → confirm → done (or refused, failed, undone).

Confirming claims the batch with a conditional UPDATE (a double click or a retried task imports
once), re-reads the stored file and plans again against the state of that moment, then writes
everything in one transaction. Large files are confirmed by a Celery task; the page polls.
"""

import hashlib
import logging
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..models import ColumnMapping, ImportBatch
from . import cache, storage
from .analysis import Analysis, analyse, summary
from .applying import apply_plan
from .headers import NRMP
from .limits import ImportRefused
from .nrmp import apply_stats

logger = logging.getLogger(__name__)
Status = ImportBatch.Status


def remembered_mapping(workspace, signature: str) -> dict:
    mapping = ColumnMapping.objects.filter(workspace=workspace, header_signature=signature).first()
    return mapping.mapping if mapping else {}


def remember_mapping(workspace, signature: str, manual: dict) -> None:
    ColumnMapping.objects.update_or_create(
        workspace=workspace, header_signature=signature, defaults={"mapping": manual}
    )


def create_batch(
    *,
    data: bytes,
    file_name: str,
    workspace,
    user=None,
    source_kind: str = "",
    observed_on: date | None = None,
) -> ImportBatch:
    """Store the upload and preview it. The batch is REFUSED (with its reason) or PREVIEWED."""
    batch = ImportBatch.objects.create(
        workspace=workspace,
        created_by=user if user is not None and user.is_authenticated else None,
        file_name=file_name[:255],
        file_size=len(data),
        file_sha256=hashlib.sha256(data).hexdigest(),
        source_kind=source_kind,
        observed_on=observed_on,
        stored_file=storage.save_upload(data),
    )
    preview_batch(batch, data=data, chosen_source=source_kind)
    return batch


def _analyse_batch(batch: ImportBatch, data: bytes, source: str, manual: dict | None) -> Analysis:
    user = batch.created_by
    return analyse(
        data,
        batch.file_name,
        workspace=batch.workspace,
        source_kind=source,
        observed_on=batch.observed_on or timezone.localdate(),
        manual=manual,
        mapping_for=lambda signature: remembered_mapping(batch.workspace, signature),
        may_write_shared=bool(user and user.is_staff),
    )


def preview_batch(
    batch: ImportBatch,
    *,
    data: bytes | None = None,
    chosen_source: str | None = None,
    manual: dict | None = None,
) -> Analysis | None:
    """(Re)compute the preview; without ``manual`` the mapping remembered for these headers applies."""
    try:
        data = storage.read_upload(batch.stored_file) if data is None else data
        source = _chosen_source(batch) if chosen_source is None else chosen_source
        analysis = _analyse_batch(batch, data, source, manual)
    except ImportRefused as exc:
        _refuse(batch, str(exc))
        return None
    for name, value in summary(analysis).items():
        setattr(batch, name, value)
    batch.preview["chosen_source"] = source
    batch.status = Status.PREVIEWED
    batch.save()
    cache.save(batch.stored_file, _cache_key(batch), analysis)
    return analysis


def _cache_key(batch: ImportBatch) -> str:
    return cache.cache_key(batch.file_sha256, _manual(batch), batch.source_kind)


def _chosen_source(batch: ImportBatch) -> str:
    """What the person chose on upload ("" = detect from the headers)."""
    return batch.preview.get("chosen_source", batch.source_kind)


def _manual(batch: ImportBatch) -> dict:
    return batch.column_mapping.get("manual", {}) if batch.column_mapping else {}


def _refuse(batch: ImportBatch, message: str) -> None:
    storage.delete_upload(batch.stored_file)
    batch.status, batch.message, batch.stored_file = Status.REFUSED, message[:1000], ""
    batch.finished_at = timezone.now()
    batch.save()


def change_mapping(batch: ImportBatch, manual: dict) -> Analysis | None:
    """Apply a hand-made mapping, remember it for files with the same headers, and preview again."""
    remember_mapping(batch.workspace, batch.header_signature, manual)
    return preview_batch(batch, manual=manual)


def can_confirm(batch: ImportBatch) -> bool:
    return batch.status == Status.PREVIEWED and not batch.message


def confirm_batch(batch: ImportBatch, *, skip_invalid: bool = False, inline: bool = False) -> bool:
    """Queue the import (claiming it once); small files (or ``inline``) run now, large ones in Celery."""
    if not can_confirm(batch) or (batch.rows_invalid and not skip_invalid):
        return False
    claimed = ImportBatch.objects.filter(pk=batch.pk, status=Status.PREVIEWED).update(
        status=Status.QUEUED, skip_invalid=skip_invalid, progress=5, confirmed_at=timezone.now()
    )
    if not claimed:
        return False
    batch.refresh_from_db()
    if not inline and batch.rows_total > settings.IMPORT_INLINE_MAX_ROWS:
        from ..tasks import run_import_task

        run_import_task.delay_on_commit(batch.pk)
    else:
        run_import(batch.pk)
        batch.refresh_from_db()
    return True


def _progress(batch: ImportBatch, percent: int) -> None:
    ImportBatch.objects.filter(pk=batch.pk).update(progress=percent)


def run_import(batch_id: int) -> ImportBatch | None:
    """Import a queued batch: re-plan, refuse if rows became invalid, else write all or nothing."""
    if not ImportBatch.objects.filter(pk=batch_id, status=Status.QUEUED).update(status=Status.RUNNING):
        return None  # gone, or another worker has it
    batch = ImportBatch.objects.select_related("workspace", "created_by").get(pk=batch_id)
    try:
        observed_on = batch.observed_on or timezone.localdate()
        analysis = cache.load(
            batch.stored_file, _cache_key(batch), workspace=batch.workspace, observed_on=observed_on
        )
        if analysis is None:  # no preview cache (or another mapping): read and clean the file again
            data = storage.read_upload(batch.stored_file)
            analysis = _analyse_batch(batch, data, batch.source_kind, _manual(batch))
        _progress(batch, 60)
        _write(batch, analysis)
    except ImportRefused as exc:
        _finish(batch, Status.FAILED, str(exc))
    except Exception:
        logger.exception("Import batch %s failed", batch_id)
        _finish(batch, Status.FAILED, "The import failed and nothing was written. Try again, or tell us.")
    return batch


def _write(batch: ImportBatch, analysis: Analysis) -> None:
    if analysis.blocking:
        raise ImportRefused(analysis.blocking)
    if analysis.invalid and not batch.skip_invalid:
        raise ImportRefused(f"{analysis.invalid} row(s) are invalid now; nothing was written.")
    with transaction.atomic():  # the data and the batch's DONE status commit together, or neither
        if analysis.kind == NRMP:
            report = apply_stats(analysis.stats, batch, analysis.specialties.ids)
        else:
            scope_plan = analysis.plan
            report = apply_plan(scope_plan, _scope(batch, analysis), batch, analysis.specialties.ids)
        for name, value in summary(analysis).items():
            if name != "message":
                setattr(batch, name, value)
        batch.preview["written"] = report
        _finish(batch, Status.DONE, "")


def _scope(batch: ImportBatch, analysis: Analysis):
    from .planning import Scope

    return Scope(batch.workspace, analysis.source_kind, batch.observed_on or timezone.localdate())


def _finish(batch: ImportBatch, status: str, message: str) -> None:
    storage.delete_upload(batch.stored_file)
    batch.status, batch.message, batch.stored_file = status, message[:1000], ""
    batch.progress, batch.finished_at = 100, timezone.now()
    batch.save()


def cancel_batch(batch: ImportBatch) -> bool:
    """Drop a preview that will not be confirmed (its upload is deleted now)."""
    if batch.status != Status.PREVIEWED:
        return False
    _finish(batch, Status.EXPIRED, "Cancelled before it was confirmed.")
    return True


def expire_stale_batches(*, previews_before, running_before) -> dict:
    """Expire unconfirmed previews and fail imports stuck by a dead worker; both lose their upload."""
    counts = {"expired": 0, "failed": 0}
    stale = ImportBatch.objects.filter(
        Q(status=Status.PREVIEWED, created_at__lt=previews_before)
        | Q(status__in=[Status.QUEUED, Status.RUNNING], confirmed_at__lt=running_before)
    )
    for batch in stale:
        if batch.status == Status.PREVIEWED:
            claimed = ImportBatch.objects.filter(pk=batch.pk, status=Status.PREVIEWED).update(
                status=Status.EXPIRED, message="Not confirmed in time; the upload was deleted."
            )
            counts["expired"] += claimed
        else:
            claimed = ImportBatch.objects.filter(pk=batch.pk, status=batch.status).update(
                status=Status.FAILED,
                message="The import was interrupted; nothing was written. Upload it again.",
            )
            counts["failed"] += claimed
        if claimed:
            storage.delete_upload(batch.stored_file)
            ImportBatch.objects.filter(pk=batch.pk).update(stored_file="", finished_at=timezone.now())
    return counts
