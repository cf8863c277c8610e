"""Housekeeping that beat runs every hour (``CELERY_BEAT_SCHEDULE``)."""

import logging
import time
from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

logger = logging.getLogger(__name__)


def clear_stale_uploads(directory: Path, max_age_hours: int) -> int:
    """Delete uploaded files older than ``max_age_hours``; imports that still need a file are younger."""
    if not directory.exists():
        return 0
    cutoff = time.time() - max_age_hours * 3600
    removed = 0
    for path in directory.rglob("*"):
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def clear_expired_sessions() -> int:
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@shared_task(ignore_result=True)
def clear_expired_sessions_and_uploads() -> dict:
    """Safe to run twice or concurrently: each run deletes only what is expired at that moment."""
    result = {
        "sessions": clear_expired_sessions(),
        "uploads": clear_stale_uploads(Path(settings.PRIVATE_UPLOAD_DIR), settings.UPLOAD_TEMP_MAX_AGE_HOURS),
    }
    logger.info("Housekeeping removed %(sessions)d expired sessions and %(uploads)d stale uploads", result)
    return result
