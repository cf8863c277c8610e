"""The Celery app: settings from Django (``CELERY_*``), tasks discovered in each app's tasks.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

# The Django fixup makes DjangoTask (with delay_on_commit) the default task class.
app = Celery("shortlist")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
