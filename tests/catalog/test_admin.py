"""The staff catalog import in the admin: import-export's buttons, the catalog pipeline underneath."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programs.models import ImportBatch, Program, ProgramFact, TrackedProgram
from tests.base import UserFactory
from tests.catalog.helpers import csv_file, row, rows
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(email="staff@example.com", is_staff=True, is_superuser=True))
    return client


def test_the_program_changelist_offers_import_and_export(staff_client):
    page = staff_client.get(reverse("admin:programs_program_changelist")).content.decode()
    assert (
        reverse("admin:programs_program_import") in page and reverse("admin:programs_program_export") in page
    )


def test_a_staff_import_previews_then_writes_the_shared_catalog(staff_client):
    upload = SimpleUploadedFile("catalog.csv", csv_file(body=rows(3)), content_type="text/csv")
    page = staff_client.post(reverse("admin:programs_program_import"), {"file": upload}).content.decode()
    batch = ImportBatch.objects.get()
    assert batch.workspace is None and batch.status == ImportBatch.Status.PREVIEWED
    assert "3 new" in page and "Confirm the import" in page and Program.objects.count() == 0
    response = staff_client.post(reverse("admin:programs_program_process_import"), {"batch": batch.pk})
    assert response.status_code == 302
    assert Program.objects.count() == 3 and ProgramFact.objects.filter(workspace=None).count() == 3
    assert not TrackedProgram.objects.exists()


def test_a_workspace_batch_cannot_be_confirmed_from_the_admin(staff_client, workspace):
    from programs.imports.pipeline import create_batch

    batch = create_batch(data=csv_file(), file_name="x.csv", workspace=workspace)
    response = staff_client.post(reverse("admin:programs_program_process_import"), {"batch": batch.pk})
    assert response.status_code == 404


def test_the_admin_import_needs_the_add_permission(client):
    client.force_login(UserFactory(email="helper@example.com", is_staff=True))
    assert client.get(reverse("admin:programs_program_import")).status_code == 403


def test_the_export_neutralises_formulas(staff_client):
    ProgramFactory(number="7650000001", name='=HYPERLINK("http://x.example","y")')
    response = staff_client.post(reverse("admin:programs_program_export"), {"format": "0", **_all_fields()})
    text = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "7650000001" in text


def _all_fields() -> dict:
    names = ("number", "name", "institution", "city", "state", "specialty")
    return {f"catalogprogramresource_{name}": "on" for name in names}


def test_a_refused_file_shows_the_reason_in_the_admin(staff_client):
    upload = SimpleUploadedFile("bad.csv", csv_file(body=[]), content_type="text/csv")
    page = staff_client.post(reverse("admin:programs_program_import"), {"file": upload}).content.decode()
    assert "The file has a header row but no data rows." in page
    assert not Program.objects.exists()


def test_invalid_rows_need_an_explicit_choice_in_the_admin_too(staff_client):
    upload = SimpleUploadedFile(
        "c.csv", csv_file(body=[row(1), row(2, **{"% IMG": "?!"})]), content_type="text/csv"
    )
    staff_client.post(reverse("admin:programs_program_import"), {"file": upload})
    batch = ImportBatch.objects.get()
    staff_client.post(reverse("admin:programs_program_process_import"), {"batch": batch.pk})
    assert not Program.objects.exists()
    staff_client.post(
        reverse("admin:programs_program_process_import"), {"batch": batch.pk, "skip_invalid": "on"}
    )
    assert Program.objects.count() == 1
