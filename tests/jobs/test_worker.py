"""Jobs end to end: a task sent from the web side runs in a real worker process."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts.tasks import clear_expired_sessions_and_uploads
from tests.jobs.worker import WorkerProcess, filesystem_transport_options, redis_broker_url, wait_until

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def expired_session() -> None:
    Session.objects.create(
        session_key="expired", session_data="x", expire_date=timezone.now() - timedelta(hours=1)
    )


def session_is_gone() -> bool:
    return not Session.objects.filter(session_key="expired").exists()


def test_a_task_runs_in_a_worker_through_redis(tmp_path, real_broker):
    url = redis_broker_url()
    expired_session()
    worker = WorkerProcess(url, tmp_path).start()
    try:
        with real_broker.connection_for_write(url) as conn:
            clear_expired_sessions_and_uploads.apply_async(connection=conn)
        assert wait_until(session_is_gone), worker.log()
    finally:
        worker.stop()


def test_a_task_runs_in_a_worker_through_the_filesystem_broker(tmp_path, real_broker):
    expired_session()
    worker = WorkerProcess("filesystem://", tmp_path).start()
    try:
        options = filesystem_transport_options(tmp_path / "broker")
        with real_broker.connection_for_write("filesystem://", transport_options=options) as conn:
            clear_expired_sessions_and_uploads.apply_async(connection=conn)
        assert wait_until(session_is_gone), worker.log()
    finally:
        worker.stop()


def test_beat_schedules_housekeeping_on_the_filesystem_broker(tmp_path):
    """The `make run` set-up: one worker with an embedded beat, no Redis."""
    expired_session()
    worker = WorkerProcess("filesystem://", tmp_path, beat=True, env={"HOUSEKEEPING_INTERVAL_SECONDS": "5"})
    worker.start()
    try:
        assert wait_until(session_is_gone, timeout=45), worker.log()
        assert "accounts.tasks.clear_expired_sessions_and_uploads" in worker.log()
    finally:
        worker.stop()
