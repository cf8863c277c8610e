"""docker-compose.yml cannot run here (no Docker engine), so check what it names really exists."""

import importlib

import yaml
from django.core.management import get_commands

from tests.base import REPO_DIR

COMPOSE = yaml.safe_load((REPO_DIR / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def check_command(command: list[str]) -> None:
    program = command[0]
    if program == "gunicorn":
        module_name, attribute = command[1].split(":")
        assert hasattr(importlib.import_module(module_name), attribute), command
    elif program == "celery":
        app_module = command[command.index("-A") + 1]
        assert importlib.import_module(app_module).celery_app.main == "shortlist"
        assert command[command.index("-A") + 2] in {"worker", "beat"}
    elif program == "python":
        assert command[1] == "manage.py" and (REPO_DIR / "manage.py").exists()
        assert command[2] in get_commands(), f"no management command {command[2]!r}"
    else:
        raise AssertionError(f"unexpected program in compose: {command}")


def test_every_service_command_names_modules_that_exist():
    commands = {
        name: s["command"] for name, s in SERVICES.items() if "command" in s and name not in {"db", "redis"}
    }
    assert set(commands) == {"migrate", "web", "worker", "beat"}
    for command in commands.values():
        check_command(command)


def test_there_is_exactly_one_beat_and_workers_do_not_embed_one():
    beats = [name for name, s in SERVICES.items() if "command" in s and "beat" in s["command"][:4]]
    assert beats == ["beat"]
    assert SERVICES["beat"]["deploy"]["replicas"] == 1
    assert "-B" not in SERVICES["worker"]["command"] and "--beat" not in SERVICES["worker"]["command"]


def test_the_app_runs_with_production_settings_on_postgres_and_redis():
    env = SERVICES["web"]["environment"]
    assert env["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    assert env["DATABASE_URL"].startswith("postgres://")
    assert env["REDIS_URL"].startswith("redis://")
    assert "--appendonly" in SERVICES["redis"]["command"]


def test_the_web_healthcheck_url_exists(client, db):
    assert "/healthz" in " ".join(SERVICES["web"]["healthcheck"]["test"])
    assert client.get("/healthz").content == b"ok"
