"""Run every benchmark module against a fresh PostgreSQL database (``BENCH_DATABASE_URL``).

python -m bench                 # all modules
python -m bench --only import   # modules whose name contains "import"
"""

import argparse
import importlib
import json
import os
import pkgutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/shortlist_bench"
DEFAULT_CACHE_URL = "redis://127.0.0.1:6379/14"  # production keeps its cache (the scoring memo) in Redis


def prepare_environment() -> str:
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DEBUG="0",  # no query log in memory, as in production
        DATABASE_URL=url,
        CELERY_TASK_ALWAYS_EAGER="1",
        SHORTLIST_VAR_DIR=str(ROOT / "var" / "bench"),
    )
    cache_url = os.environ.get("BENCH_CACHE_URL", DEFAULT_CACHE_URL)
    if _redis_answers(cache_url):
        os.environ["CACHE_URL"] = cache_url
        print(f"# cache: Redis ({cache_url})", flush=True)
    else:
        os.environ.pop("CACHE_URL", None)
        print(f"# cache: in-process memory (Redis at {cache_url} does not answer)", flush=True)
    return url


def _redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def recreate_database(url: str) -> None:
    """Drop and create the bench database so every run starts from the same empty state."""
    import environ
    import psycopg
    from psycopg import sql

    conf = environ.Env.db_url_config(url)
    if conf["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("make bench measures on PostgreSQL: set BENCH_DATABASE_URL=postgres://…")
    admin = psycopg.connect(
        host=conf["HOST"] or "127.0.0.1", port=conf["PORT"] or 5432, user=conf["USER"],
        password=conf["PASSWORD"] or None, dbname="postgres", autocommit=True,
    )  # fmt: skip
    with admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(conf["NAME"])))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(conf["NAME"])))


class Report:
    def __init__(self) -> None:
        self.figures: dict[str, float] = {}

    def add(self, name: str, value: float, unit: str) -> None:
        self.figures[name] = value
        print(f"{name}: {value:g} {unit}", flush=True)


def modules(only: str | None):
    for info in sorted(pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda m: m.name):
        if info.name.startswith("bench_") and (not only or only in info.name):
            yield importlib.import_module(f"bench.{info.name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", help="run only the modules whose name contains this")
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    url = prepare_environment()
    recreate_database(url)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", "--noinput", verbosity=0)
    report = Report()
    for module in modules(options.only):
        print(f"# {module.__name__}: {(module.__doc__ or '').strip().splitlines()[0]}", flush=True)
        module.run(report)
    out = ROOT / "var" / "bench.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    previous = json.loads(out.read_text()) if out.exists() and options.only else {}
    out.write_text(json.dumps({**previous, **report.figures}, indent=2, sort_keys=True) + "\n")
    print(f"# figures written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
