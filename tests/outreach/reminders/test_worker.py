"""Reminders end to end with a real Celery worker process: a beat tick through Redis ends in a mail
file; a worker SIGKILLed mid-send loses nothing and sends once; a refusing SMTP server ends in
"failed" after the retries; and `make run`'s embedded beat delivers the demo's follow-up."""

import email
import email.policy
import socket
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from aiosmtpd.controller import Controller
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.demo import load_all
from config.celery import app as celery_app
from outreach.models import Message, Notification, Reminder, ReminderStatus
from outreach.tasks import send_due_reminders
from tests.factories import TrackedProgramFactory
from tests.jobs.worker import WorkerProcess, redis_broker_url, wait_until
from tests.outreach.factories import OutgoingFactory

# Transactional (the worker must see committed rows): the database is flushed after each test, so
# these tests do not rely on seeded rows such as specialties.
pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
BACKENDS = "tests.outreach.reminders.mailbackends"
TASK = "outreach.tasks.send_due_reminders"


@pytest.fixture
def broker():
    """Tasks go through the test Redis database (emptied before and after: a killed worker leaves
    its unacknowledged message there) instead of running in-process."""
    url = redis_broker_url()
    redis.Redis.from_url(url).flushdb()
    eager, celery_app.conf.task_always_eager = celery_app.conf.task_always_eager, False
    yield url
    celery_app.conf.task_always_eager = eager
    redis.Redis.from_url(url).flushdb()


def tick(url: str) -> None:
    """What beat does every few minutes: put one send_due_reminders on the queue."""
    with celery_app.connection_for_write(url) as conn:
        send_due_reminders.apply_async(connection=conn)


def finished_passes(worker: WorkerProcess) -> int:
    return sum(1 for line in worker.log().splitlines() if f"{TASK}[" in line and "succeeded" in line)


def mail_files(folder: Path) -> list[str]:
    return [p.read_text() for p in sorted(folder.glob("*.log"))] if folder.exists() else []


def unanswered_email(workspace, days: int = 8):
    tracked = TrackedProgramFactory(
        workspace=workspace, program__name="Iowa Program", program__specialty=None
    )
    return OutgoingFactory(tracked=tracked, sent_at=timezone.now() - timedelta(days=days))


def test_a_beat_tick_through_redis_ends_in_a_mail_file_and_a_notification(tmp_path, broker, workspace, alice):
    mail_dir = tmp_path / "mail"
    env = {"TEST_EMAIL_BACKEND": FILE_BACKEND, "EMAIL_FILE_PATH": str(mail_dir)}
    worker = WorkerProcess(broker, tmp_path, env=env).start()
    try:
        assert wait_until(lambda: finished_passes(worker) >= 1), (
            worker.log()
        )  # the pass a starting worker runs
        unanswered_email(workspace)
        tick(broker)
        assert wait_until(lambda: Reminder.objects.filter(status=ReminderStatus.SENT).exists()), worker.log()
        (sent,) = mail_files(mail_dir)
        assert "Subject: [Shortlist] No reply from Iowa Program after 8 days" not in sent  # due at day 7
        assert "Subject: [Shortlist] No reply from Iowa Program after 7 days" in sent
        assert "To: alice@example.com" in sent and "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in sent
        assert Notification.objects.filter(user=alice).count() == 1
    finally:
        worker.stop()


def test_a_worker_killed_mid_send_loses_nothing_and_the_reminder_goes_out_once(tmp_path, broker, workspace):
    unanswered_email(workspace)
    mail_dir, marker = tmp_path / "mail", tmp_path / "sending.marker"
    common = {"EMAIL_FILE_PATH": str(mail_dir), "REMINDERS_CLAIM_TIMEOUT_SECONDS": "3"}
    slow = {**common, "TEST_EMAIL_BACKEND": f"{BACKENDS}.SlowFileBackend", "SLOW_MAIL_MARKER": str(marker)}
    doomed = WorkerProcess(broker, tmp_path, env=slow).start()
    try:
        tick(broker)
        assert wait_until(marker.exists), doomed.log()
        doomed.kill()  # SIGKILL in the middle of the SMTP conversation
    finally:
        doomed.stop()
    assert mail_files(mail_dir) == []
    assert Reminder.objects.get().status == ReminderStatus.SENDING  # held by a dead worker

    restarted = WorkerProcess(broker, tmp_path, env={**common, "TEST_EMAIL_BACKEND": FILE_BACKEND}).start()
    try:

        def delivered() -> bool:
            tick(broker)  # beat keeps ticking; after the claim timeout the row is reclaimed
            return wait_until(lambda: bool(mail_files(mail_dir)), timeout=3)

        assert wait_until(delivered, timeout=45, interval=0.5), restarted.log()
        done = finished_passes(restarted)
        tick(broker)
        tick(broker)
        assert wait_until(lambda: finished_passes(restarted) >= done + 2), restarted.log()
        assert len(mail_files(mail_dir)) == 1
        reminder = Reminder.objects.get()
        assert (reminder.status, reminder.attempts) == (ReminderStatus.SENT, 1)
        assert Notification.objects.count() == 1
    finally:
        restarted.stop()


class RefusingSMTP:
    """A mail server that is up but refuses every message (a full queue, a greylist, an outage)."""

    def __init__(self) -> None:
        self.refused = 0

    async def handle_DATA(self, server, session, envelope):
        self.refused += 1
        return "451 4.3.0 Mailbox busy, try again later"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_refusing_smtp_server_means_retries_then_failed_and_the_app_says_so(
    tmp_path, broker, workspace, alice
):
    unanswered_email(workspace)
    handler, port = RefusingSMTP(), free_port()
    stub = Controller(handler, hostname="127.0.0.1", port=port)
    stub.start()
    env = {"TEST_EMAIL_BACKEND": f"{BACKENDS}.StubSMTPBackend", "SMTP_STUB_PORT": str(port),
           "REMINDERS_MAX_ATTEMPTS": "3", "REMINDERS_RETRY_BASE_SECONDS": "1"}  # fmt: skip
    worker = WorkerProcess(broker, tmp_path, env=env).start()
    try:

        def failed() -> bool:
            tick(broker)
            return wait_until(
                lambda: Reminder.objects.filter(status=ReminderStatus.FAILED).exists(), timeout=1.5
            )

        assert wait_until(failed, timeout=60, interval=0.2), worker.log()
    finally:
        worker.stop()
        stub.stop()
    reminder = Reminder.objects.get()
    assert reminder.attempts == 3 and handler.refused == 3
    assert "451" in reminder.last_error and "try again later" in reminder.last_error
    client = Client()
    client.force_login(alice)
    page = client.get(
        reverse("outreach:notifications", kwargs={"workspace_id": workspace.pk})
    ).content.decode()
    assert "1 reminder email could not be delivered" in page
    assert Notification.objects.filter(user=alice).count() == 1  # the bell still told her


def test_make_runs_embedded_beat_delivers_the_demo_follow_up_to_the_app_and_the_mail_folder(tmp_path):
    # The demo catalog's long list, then outreach's demo: one email answered, one unanswered, a draft.
    user, workspace = load_all()
    mail_dir = tmp_path / "mail"
    env = {
        "REMINDERS_INTERVAL_SECONDS": "5",
        "TEST_EMAIL_BACKEND": FILE_BACKEND,
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    worker = WorkerProcess("filesystem://", tmp_path, beat=True, env=env).start()
    try:
        assert wait_until(lambda: bool(mail_files(mail_dir)), timeout=45), worker.log()
    finally:
        worker.stop()
    unanswered = Message.objects.get(
        workspace=workspace, direction="out", sent_at__isnull=False, replied_at__isnull=True
    )
    title = f"No reply from {unanswered.tracked.program.label} after 7 days"
    (sent,) = mail_files(mail_dir)
    message = email.message_from_string(sent.split("\n---", 1)[0], policy=email.policy.default)
    # A long non-ASCII subject is folded after "Subject:"; the parser keeps that leading space.
    assert message["Subject"].lstrip() == f"[Shortlist] {title}" and message["To"] == user.email
    assert list(Notification.objects.filter(user=user).values_list("title", flat=True)) == [title]
