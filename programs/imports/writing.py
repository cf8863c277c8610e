"""Bulk INSERTs for the import (and the reminders pass): PostgreSQL ``COPY`` where it runs, Django's
``bulk_create`` elsewhere.

``bulk_create`` spends most of its time preparing each field of each object in Python; for the
13,000-row catalog that is seconds, while ``COPY`` of the same rows takes a fraction of one
(``bench/bench_import.py`` measures both). Rows are dicts of attribute values; every other
column gets its model default (``auto_now`` fields: now), so a field added later with a default
needs no change here. With ``ignore_conflicts`` a conflict (a concurrent import of the same
program, or a program added to the list meanwhile) rolls back to a savepoint and the rows go again
through a temporary table and one ``INSERT … SELECT … ON CONFLICT DO NOTHING``: skipped, not an
error. SQLite uses ``bulk_create``.
"""

import json
import time
import uuid

from django.conf import settings
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone


def insert(model: type[models.Model], rows: list[dict], *, ignore_conflicts: bool = False) -> int:
    """Insert ``rows`` (attribute name → value) into ``model``'s table; returns how many were sent.

    Call it inside a transaction (the temporary table lives until the commit).
    """
    if not rows:
        return 0
    if connection.vendor == "postgresql":
        _copy(model, rows, ignore_conflicts)
    else:
        model.objects.bulk_create(
            [model(**row) for row in rows],
            batch_size=settings.IMPORT_BATCH_SIZE,
            ignore_conflicts=ignore_conflicts,
        )
    return len(rows)


def _columns(model: type[models.Model]) -> list[tuple[models.Field, object]]:
    """(field, value when the row has none) for every column but an automatic primary key."""
    now = timezone.now()
    columns = []
    for field in model._meta.concrete_fields:
        if field.primary_key and isinstance(field, models.AutoField):
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            default = now
        else:
            default = field.get_default()  # the declared default, else "" for text and None otherwise
        columns.append((field, default))
    return columns


def _cell(field: models.Field, value):
    if isinstance(field, models.JSONField):
        return None if value is None else json.dumps(value, cls=field.encoder)
    return value


def _copy(model: type[models.Model], rows: list[dict], ignore_conflicts: bool) -> None:
    columns = _columns(model)
    if not ignore_conflicts:
        _copy_into(model._meta.db_table, columns, rows)
        return
    try:
        with transaction.atomic():  # a savepoint: a conflict undoes only this attempt
            _copy_into(model._meta.db_table, columns, rows)
    except IntegrityError:
        _copy_and_merge(model._meta.db_table, columns, rows)


def _names(columns) -> str:
    return ", ".join(connection.ops.quote_name(field.column) for field, _ in columns)


def _copy_into(table: str, columns, rows: list[dict]) -> None:
    sql = f'COPY "{table}" ({_names(columns)}) FROM STDIN'
    start = time.perf_counter()
    with connection.wrap_database_errors, connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row([_cell(f, row.get(f.attname, default)) for f, default in columns])
    _record(sql, start, len(rows))


def _copy_and_merge(table: str, columns, rows: list[dict]) -> None:
    """The rare case where another request inserted some of these rows first: skip those."""
    names, temporary = _names(columns), f"import_{uuid.uuid4().hex[:12]}"
    # Table and column names come from the model's metadata and a random hex name, never from a file.
    with connection.cursor() as cursor:
        create = f'CREATE TEMPORARY TABLE "{temporary}" ON COMMIT DROP AS SELECT {names} FROM "{table}" WITH NO DATA'  # noqa: S608
        cursor.execute(create)
        _copy_into(temporary, columns, rows)
        merge = f'INSERT INTO "{table}" ({names}) SELECT {names} FROM "{temporary}" ON CONFLICT DO NOTHING'  # noqa: S608
        cursor.execute(merge)


def _record(sql: str, start: float, count: int) -> None:
    """COPY bypasses Django's cursor wrapper; log it like any statement so query counts stay honest."""
    if connection.queries_logged:
        connection.queries_log.append(
            {"sql": f"{sql} -- {count} rows", "time": f"{time.perf_counter() - start:.3f}"}
        )
