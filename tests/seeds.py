"""Data that migrations seed (specialties, the season calendar), restored for transactional tests.

A transactional test (live server, real worker) empties every table when it ends, seeded rows
included, so the next transactional test would find no specialties. ``reseed()`` runs the seeding
functions of our data migrations again; they are idempotent.
"""

import importlib

from django.apps import apps

SEEDING_MIGRATIONS = (
    "programs.migrations.0002_seed_specialties",
    "outreach.migrations.0003_seed_deadlines",
    "scoring.migrations.0002_seed_criteria_of_existing_workspaces",
)


def reseed() -> None:
    for name in SEEDING_MIGRATIONS:
        importlib.import_module(name).seed(apps, None)
