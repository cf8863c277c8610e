"""`make run`: migrate, load the demo, then run the web server and one Celery worker with beat.

Embedded defaults only: SQLite and the filesystem broker under var/, mail written to var/mail/.
Ctrl-C stops everything. Safe to run again: migrations and the demo loader are idempotent.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from accounts.demo_credentials import DEMO_EMAIL, DEMO_PASSWORD  # noqa: E402 - needs ROOT on the path

PYTHON = sys.executable
HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PORT", "8000"))
MAIL_DIR = Path(
    os.environ.get("EMAIL_FILE_PATH") or Path(os.environ.get("SHORTLIST_VAR_DIR", ROOT / "var")) / "mail"
)


def manage(*args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, check=True)


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex((HOST, port)) != 0


def wait_for(url: str, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own local server
                return response.status == 200
        except OSError:
            time.sleep(0.5)
    return False


def start(command: list[str]) -> subprocess.Popen:
    # Own process group, so Ctrl-C here can stop each child and everything it started.
    return subprocess.Popen(command, cwd=ROOT, start_new_session=True)


def stop(processes: list[subprocess.Popen]) -> None:
    """SIGTERM to each main process (Celery then shuts its pool down warmly), SIGKILL what remains."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=20)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # e.g. runserver's reloader child


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    if not port_is_free(PORT):
        print(
            f"Port {PORT} is already in use. Stop the other server or run: make run PORT=8001",
            file=sys.stderr,
        )
        return 1
    manage("migrate", "--noinput", "-v", "0")
    manage("load_demo")
    processes = [
        start([PYTHON, "manage.py", "runserver", f"{HOST}:{PORT}"]),
        start(
            [PYTHON, "-m", "celery", "-A", "config", "worker", "--beat", "--loglevel=info", "--concurrency=2"]
        ),
    ]
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        url = f"http://{HOST}:{PORT}/"
        if not wait_for(url + "healthz"):
            print("The web server did not start; see the messages above.", file=sys.stderr)
            stop(processes)
            return 1
        print(
            "\n"
            + "=" * 64
            + f"\n  Shortlist is running at {url}"
            + f"\n  Demo login: {DEMO_EMAIL} / {DEMO_PASSWORD}"
            + f"\n  Emails (verification, reminders) are written to {MAIL_DIR}"
            + "\n  Press Ctrl-C to stop the web server, the worker and beat."
            + "\n"
            + "=" * 64
            + "\n",
            flush=True,
        )
        while all(process.poll() is None for process in processes):
            time.sleep(1)
        print("A process stopped unexpectedly; shutting down the others.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nStopping Shortlist…", flush=True)
        return 0
    finally:
        stop(processes)


if __name__ == "__main__":
    sys.exit(main())
