"""Celery tasks of the programs app: thin wrappers that take ids and call plain functions."""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from .imports.pipeline import expire_stale_batches, run_import

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def run_import_task(batch_id: int) -> None:
    """Confirm a large import; a missing or already-claimed batch is simply skipped."""
    run_import(batch_id)


@shared_task(ignore_result=True)
def expire_import_batches() -> dict:
    """Beat: drop previews nobody confirmed and mark imports a dead worker left running as failed."""
    now = timezone.now()
    result = expire_stale_batches(
        previews_before=now - timedelta(hours=settings.UPLOAD_TEMP_MAX_AGE_HOURS),
        running_before=now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT * 2),
    )
    logger.info("Import housekeeping: %(expired)d previews expired, %(failed)d stuck imports failed", result)
    return result
