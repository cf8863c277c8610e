import os
import time
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts.tasks import clear_expired_sessions_and_uploads, clear_stale_uploads

pytestmark = pytest.mark.django_db


def test_housekeeping_removes_expired_sessions_only():
    now = timezone.now()
    Session.objects.create(session_key="old", session_data="x", expire_date=now - timedelta(minutes=1))
    Session.objects.create(session_key="new", session_data="x", expire_date=now + timedelta(days=1))
    result = clear_expired_sessions_and_uploads.delay().get()
    assert result["sessions"] == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["new"]


def test_housekeeping_removes_stale_upload_files_and_keeps_fresh_ones(tmp_path):
    old = tmp_path / "batch-1" / "upload.csv"
    old.parent.mkdir()
    old.write_text("a,b")
    two_days_ago = time.time() - 48 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    fresh = tmp_path / "fresh.csv"
    fresh.write_text("a,b")
    assert clear_stale_uploads(tmp_path, max_age_hours=24) == 1
    assert not old.exists() and fresh.exists()


def test_housekeeping_twice_is_harmless(tmp_path):
    assert clear_stale_uploads(tmp_path / "missing", 24) == 0
    clear_expired_sessions_and_uploads()
    assert clear_expired_sessions_and_uploads()["sessions"] == 0
