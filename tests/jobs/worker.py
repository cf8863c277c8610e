"""A real Celery worker process for end-to-end job tests (used by the jobs and reminders tests)."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection

from tests.base import REPO_DIR, require


def database_url() -> str:
    """The URL of the test database this process is using, for a worker subprocess."""
    conf = connection.settings_dict
    if conf["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{Path(conf['NAME']).resolve()}"
    auth = conf["USER"] + (f":{conf['PASSWORD']}" if conf["PASSWORD"] else "")
    return f"postgres://{auth}@{conf['HOST'] or '127.0.0.1'}:{conf['PORT'] or 5432}/{conf['NAME']}"


def redis_broker_url() -> str:
    require(settings.REDIS_AVAILABLE, "Redis is not reachable", "REQUIRE_SERVICES")
    return settings.TEST_REDIS_URL


def filesystem_transport_options(folder: Path) -> dict:
    for sub in ("queue", "control", "processed"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    return {
        "data_folder_in": str(folder / "queue"),
        "data_folder_out": str(folder / "queue"),
        "control_folder": str(folder / "control"),
        "processed_folder": str(folder / "processed"),
        "store_processed": False,
    }


class WorkerProcess:
    """``celery -A config worker`` in its own process group, on the given broker and test database."""

    def __init__(self, broker_url: str, workdir: Path, *, beat: bool = False, env: dict | None = None):
        self.broker_url = broker_url
        self.workdir = workdir
        self.beat = beat
        self.extra_env = env or {}
        self.log_path = workdir / f"worker-{uuid.uuid4().hex[:8]}.log"
        self.process: subprocess.Popen | None = None

    def environment(self) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.test",
            DATABASE_URL=database_url(),
            CELERY_BROKER_URL=self.broker_url,
            CELERY_TASK_ALWAYS_EAGER="0",
            CELERY_FILESYSTEM_BROKER_DIR=str(self.workdir / "broker"),
            SHORTLIST_VAR_DIR=str(self.workdir / "var"),
        )
        env.update(self.extra_env)
        return env

    def start(self, timeout: float = 60) -> "WorkerProcess":
        command = [
            sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=info",
            "--without-gossip", "--without-mingle", f"--hostname=test-{uuid.uuid4().hex[:8]}@%h",
        ]  # fmt: skip
        if self.beat:
            command += ["--beat", f"--schedule={self.workdir / 'beat-schedule'}"]
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            command,
            cwd=REPO_DIR,
            env=self.environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if " ready." in self.log():
                return self
            if self.process.poll() is not None:
                raise RuntimeError(f"the worker exited early:\n{self.log()}")
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the worker did not become ready in {timeout}s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, sig)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout)

    def kill(self) -> None:
        """SIGKILL, as when the machine or the container dies mid-task."""
        self.stop(signal.SIGKILL)


def wait_until(predicate, timeout: float = 30, interval: float = 0.25) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()
