"""Statement counts of whole imports on PostgreSQL: deterministic, unlike timings.

An unchanged re-import writes nothing to programs, facts or tracked programs; a 10%-changed file
writes only those rows; a whole import stays under rows/1000 + a small constant statements.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programs.imports import pipeline
from programs.models import ProgramFact
from tests.catalog.helpers import csv_file, import_file, preview, require_postgres, row, rows

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
DATA_TABLES = ("programs_program", "programs_programfact", "programs_trackedprogram")
CONSTANT = (
    25  # the batch row (insert, claims, progress), savepoints, specialty and mapping lookups, bulk reads
)
_WRITE = re.compile(r'^\s*(INSERT INTO|UPDATE|DELETE FROM|COPY)\s+"?(\w+)"?', re.IGNORECASE)


def full_import(workspace, data: bytes) -> list[str]:
    """Every SQL statement of preview + confirm."""
    with CaptureQueriesContext(connection) as queries:
        batch = preview(workspace, data)
        assert pipeline.confirm_batch(batch, inline=True)
    return [q["sql"] for q in queries.captured_queries]


def data_writes(statements: list[str]) -> list[tuple[str, str]]:
    found = []
    for sql in statements:
        match = _WRITE.match(sql)
        if match and match[2] in DATA_TABLES:
            found.append((match[1].split()[0].upper(), match[2]))
    return found


@pytest.fixture(autouse=True)
def _postgres_only(db):
    require_postgres()


def test_reimporting_an_unchanged_file_writes_nothing_to_programs_facts_or_the_list(workspace):
    data = csv_file(body=rows(300))
    import_file(workspace, data)
    assert data_writes(full_import(workspace, data)) == []


def test_a_ten_percent_changed_file_inserts_only_the_changed_observations(workspace):
    import_file(workspace, csv_file(body=rows(300)))
    body = [row(i, **{"% IMG": "77.7"}) if i % 10 == 0 else row(i) for i in range(300)]
    statements = full_import(workspace, csv_file(body=body))
    assert data_writes(statements) in (
        [("COPY", "programs_programfact")],
        [("INSERT", "programs_programfact")],
    )
    assert ProgramFact.objects.filter(values__pct_img=77.7).count() == 30


def test_a_whole_import_stays_under_rows_per_thousand_plus_a_constant(workspace):
    n = 3000
    statements = full_import(workspace, csv_file(body=rows(n)))
    assert len(statements) <= n / 1000 + CONSTANT, "\n".join(s[:80] for s in statements)
    # One COPY per table on PostgreSQL (bulk_create elsewhere): no statement per row or per field.
    assert sorted(data_writes(statements)) == [
        ("COPY", "programs_program"), ("COPY", "programs_programfact"), ("COPY", "programs_trackedprogram")
    ]  # fmt: skip
