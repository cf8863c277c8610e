"""``manage.py import_programs``: the catalog, a user's workspace, dry runs, JSON, refusals."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import Workspace
from programs.models import ImportBatch, ProgramFact, TrackedProgram
from tests.catalog.helpers import NOTHING, csv_file, row, rows, written

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("import_programs", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def file(tmp_path):
    def write(data: bytes, name: str = "programs.csv"):
        path = tmp_path / name
        path.write_bytes(data)
        return str(path)

    return write


def test_a_catalog_import_writes_shared_programs_and_facts(file):
    output = run(file(csv_file(body=rows(4))), "--catalog")
    assert "programs.csv: done" in output and "4 rows: 4 new" in output
    assert written() == {"programs": 4, "facts": 4, "tracked": 0, "stats": 0}
    assert set(ProgramFact.objects.values_list("workspace", flat=True)) == {None}


def test_an_import_into_a_users_workspace_by_email(file, alice, workspace):
    run(file(csv_file()), "--workspace", "ALICE@example.com")
    assert TrackedProgram.objects.filter(workspace=workspace).count() == 3
    assert ImportBatch.objects.get().created_by == alice


def test_an_ambiguous_email_asks_for_a_workspace_id(file, alice, workspace):
    other = Workspace.create_for(alice, "Second season", 2028)
    with pytest.raises(CommandError, match="owns 2 workspaces"):
        run(file(csv_file()), "--workspace", "alice@example.com")
    run(file(csv_file()), "--workspace", str(other.pk))
    assert TrackedProgram.objects.filter(workspace=other).count() == 3


def test_a_dry_run_writes_nothing_and_json_is_for_scripts(file):
    result = json.loads(run(file(csv_file(body=rows(2))), "--catalog", "--dry-run", "--json"))
    assert result["status"] == "dry-run"
    assert result["rows"] == {"total": 2, "new": 2, "updated": 0, "unchanged": 0, "invalid": 0}
    assert written() == NOTHING and not ImportBatch.objects.exists()


def test_a_refused_file_exits_non_zero_with_the_reason(file):
    with pytest.raises(CommandError, match=r"The file has a header row but no data rows\."):
        run(file(csv_file(body=[])), "--catalog")
    assert written() == NOTHING


def test_invalid_rows_stop_the_import_unless_they_are_skipped(file):
    data = file(csv_file(body=[row(1), row(2, **{"% IMG": "abc"})]))
    with pytest.raises(CommandError, match=r"1 row\(s\) are invalid"):
        run(data, "--catalog", "--json")
    assert written() == NOTHING
    assert ImportBatch.objects.get().status == ImportBatch.Status.EXPIRED
    result = json.loads(run(data, "--catalog", "--json", "--skip-invalid"))
    assert result["status"] == "done" and result["errors"][0]["row"] == 3
    assert written()["programs"] == 1


def test_the_command_runs_as_a_process_and_exits_1_with_the_reason_on_stderr(tmp_path):
    """The real exit status and stderr, as a script sees them."""
    import subprocess
    import sys

    from tests.base import REPO_DIR

    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_programs", str(path), "--catalog", "--dry-run"],
        cwd=REPO_DIR, capture_output=True, text=True, check=False, env=_child_env(),
    )  # fmt: skip
    assert result.returncode == 1
    assert "The file is empty." in result.stderr


def _child_env() -> dict:
    import os

    from tests.jobs.worker import database_url

    return {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": database_url()}
