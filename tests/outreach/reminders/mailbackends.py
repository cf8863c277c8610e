"""Email backends for the worker-process tests (selected with TEST_EMAIL_BACKEND in the worker's env)."""

import os
import time
from pathlib import Path

from django.core.mail.backends import filebased, smtp


class SlowFileBackend(filebased.EmailBackend):
    """Says that sending started (a marker file), then takes its time: the test kills the worker then."""

    def send_messages(self, email_messages):
        Path(os.environ["SLOW_MAIL_MARKER"]).write_text("sending")
        time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "60")))
        return super().send_messages(email_messages)


class StubSMTPBackend(smtp.EmailBackend):
    """Real SMTP to the test's local stub server (its port in SMTP_STUB_PORT), no TLS."""

    def __init__(self, **kwargs):
        kwargs.update(host="127.0.0.1", port=int(os.environ["SMTP_STUB_PORT"]), use_tls=False, use_ssl=False)
        kwargs.update(username="", password="", timeout=5)
        super().__init__(**kwargs)
