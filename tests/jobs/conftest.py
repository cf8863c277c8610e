import pytest

from config.celery import app as celery_app


@pytest.fixture
def real_broker():
    """Send tasks through a real broker instead of running them in-process (the unit-test default)."""
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield celery_app
    celery_app.conf.task_always_eager = eager
