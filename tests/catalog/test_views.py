"""The catalog pages through the test client: upload → preview → confirm → result, and the rest."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Workspace
from programs.models import ImportBatch, Program, SpecialtyStat, TrackedProgram
from tests.catalog.helpers import HEADER, csv_file, import_file, preview, row, rows
from tests.factories import ProgramFactFactory, ProgramFactory, specialty

pytestmark = pytest.mark.django_db
Status = ImportBatch.Status


def url(name: str, workspace, **kwargs) -> str:
    return reverse(f"catalog:{name}", kwargs={"workspace_id": workspace.pk, **kwargs})


def upload(client, workspace, data: bytes, name: str = "list.csv", **fields):
    payload = {"file": SimpleUploadedFile(name, data, content_type="text/csv"), **fields}
    return client.post(url("import_new", workspace), payload)


def latest_batch() -> ImportBatch:
    return ImportBatch.objects.latest("pk")


# Upload, preview, confirm -------------------------------------------------------------------


def test_upload_preview_confirm_and_the_result_page(alice_client, workspace):
    body = [row(1, **{"Program Name": "<script>alert(1)</script> Program"}), row(2)]
    response = upload(alice_client, workspace, csv_file(body=body), "my list.csv")
    batch = latest_batch()
    assert response.status_code == 302 and response["Location"] == url(
        "import_detail", workspace, pk=batch.pk
    )
    page = alice_client.get(response["Location"]).content.decode()
    assert "Preview: my list.csv" in page and "Nothing is saved yet" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Program" in page and "<script>alert(1)" not in page
    assert Program.objects.count() == 0
    response = alice_client.post(url("import_confirm", workspace, pk=batch.pk))
    assert response.status_code == 302
    page = alice_client.get(response["Location"]).content.decode()
    assert "Imported" in page and "2 program(s) added to your long list" in page
    assert TrackedProgram.objects.filter(workspace=workspace).count() == 2
    assert "my list.csv" in alice_client.get(url("import_list", workspace)).content.decode()


def test_a_refused_file_shows_why(alice_client, workspace):
    upload(alice_client, workspace, csv_file(body=[]), "header-only.csv")
    page = alice_client.get(url("import_detail", workspace, pk=latest_batch().pk)).content.decode()
    assert "This file cannot be imported" in page and "The file has a header row but no data rows." in page


def test_an_empty_upload_is_refused_by_the_form(alice_client, workspace):
    response = upload(alice_client, workspace, b"", "empty.csv")
    assert response.status_code == 400 and "The submitted file is empty." in response.content.decode()


def test_a_file_over_the_limit_is_refused_by_the_form_before_it_is_read(alice_client, workspace, settings):
    settings.IMPORT_MAX_BYTES = 1024
    response = upload(alice_client, workspace, csv_file(body=rows(40)))
    assert response.status_code == 400
    assert "more than the 1 KB limit" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_invalid_rows_block_the_confirm_until_the_person_chooses_to_leave_them_out(alice_client, workspace):
    upload(alice_client, workspace, csv_file(body=[row(1), row(2, **{"% IMG": "lots"})]))
    batch = latest_batch()
    page = alice_client.get(url("import_detail", workspace, pk=batch.pk)).content.decode()
    assert "1 invalid row" in page and "“lots” is not a number" in page
    response = alice_client.post(url("import_confirm", workspace, pk=batch.pk), follow=True)
    assert "Some rows are invalid" in response.content.decode()
    assert Program.objects.count() == 0
    alice_client.post(url("import_confirm", workspace, pk=batch.pk), {"skip_invalid": "on"})
    batch.refresh_from_db()
    assert batch.status == Status.DONE and Program.objects.count() == 1


def test_the_invalid_rows_download_lists_every_one(alice_client, workspace):
    batch = preview(workspace, csv_file(body=[row(1, **{"% IMG": "=1+2"}), row(2, **{"% IMG": "x"})]))
    response = alice_client.get(url("import_errors", workspace, pk=batch.pk))
    assert response["Content-Disposition"] == f'attachment; filename="import-{batch.pk}-invalid-rows.csv"'
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines == ["Row,Column,Problem", "2,% IMG,“=1+2” is not a number", "3,% IMG,“x” is not a number"]


def test_mapping_a_column_by_hand_reads_the_file_again(alice_client, workspace):
    upload(alice_client, workspace, csv_file(["Nummer", "Programm"], [["1403500001", "Kiel Program"]]))
    batch = latest_batch()
    page = alice_client.get(url("import_detail", workspace, pk=batch.pk)).content.decode()
    assert "No column gives the ACGME program number" in page and "Choose which column holds what" in page
    alice_client.post(url("import_mapping", workspace, pk=batch.pk), {"col_0": "number", "col_1": "name"})
    batch.refresh_from_db()
    assert (batch.message, batch.rows_new) == ("", 1)


def test_a_mapping_that_fills_one_field_twice_is_refused(alice_client, workspace):
    upload(alice_client, workspace, csv_file(["A", "B"], [["1403500001", "1403500002"]]))
    batch = latest_batch()
    response = alice_client.post(
        url("import_mapping", workspace, pk=batch.pk), {"col_0": "number", "col_1": "number"}, follow=True
    )
    assert "Another column already fills this field." in response.content.decode()


def test_undo_from_the_result_page(alice_client, workspace):
    batch = import_file(workspace, csv_file())
    response = alice_client.post(url("import_undo", workspace, pk=batch.pk), follow=True)
    assert (
        "Import undone: removed 3 observation(s) and 3 program(s) from your list."
        in response.content.decode()
    )
    response = alice_client.post(url("import_undo", workspace, pk=batch.pk), follow=True)
    assert "only once" in response.content.decode()


def test_the_progress_fragment_polls_while_running_and_reloads_at_the_end(alice_client, workspace):
    batch = preview(workspace, csv_file())
    ImportBatch.objects.filter(pk=batch.pk).update(status=Status.RUNNING, progress=60)
    response = alice_client.get(
        url("import_progress", workspace, pk=batch.pk), headers={"HX-Request": "true"}
    )
    assert 'hx-trigger="every 1s"' in response.content.decode() and "HX-Refresh" not in response
    ImportBatch.objects.filter(pk=batch.pk).update(status=Status.DONE, progress=100)
    response = alice_client.get(
        url("import_progress", workspace, pk=batch.pk), headers={"HX-Request": "true"}
    )
    assert response["HX-Refresh"] == "true" and "hx-trigger" not in response.content.decode()


def test_a_viewer_sees_the_preview_without_the_buttons(bob_client, workspace):
    batch = preview(workspace, csv_file())
    page = bob_client.get(url("import_detail", workspace, pk=batch.pk)).content.decode()
    assert "read-only access" in page and "Confirm the import" not in page


def test_the_history_shows_only_this_workspaces_imports(alice_client, workspace, charlie):
    preview(workspace, csv_file(), "alice.csv")
    preview(Workspace.objects.for_user(charlie).get(), csv_file(), "charlie.csv")
    page = alice_client.get(url("import_list", workspace)).content.decode()
    assert "alice.csv" in page and "charlie.csv" not in page


# Browse and add ----------------------------------------------------------------------------------


def test_the_catalog_is_searched_on_the_server(alice_client, workspace):
    ProgramFactory(number="7653544001", name="Icahn Mount Sinai Program", city="New York", state="NY")
    ProgramFactory(number="7652444017", name="Boston Children's Program", city="Boston", state="MA")
    ProgramFactory(number="1403521292", name="NYU Program", state="NY", specialty=specialty("140"))

    def names(**query):
        response = alice_client.get(url("browse", workspace), query)
        return [p.name for p, _facts, _tracked in response.context["rows"]]

    assert names(q="boston") == ["Boston Children's Program"]
    assert names(q="7653") == ["Icahn Mount Sinai Program"]
    assert names(state="NY") == ["Icahn Mount Sinai Program", "NYU Program"]  # genetics first
    assert names(specialty="140") == ["NYU Program"]
    assert names(q="no such thing") == []


def test_browsing_runs_the_same_number_of_queries_for_any_number_of_programs(alice_client, workspace):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert alice_client.get(url("browse", workspace)).status_code == 200
        return len(queries)

    alice_client.get(
        url("browse", workspace)
    )  # the first visit also stores the last workspace in the session
    for i in range(5):
        ProgramFactFactory(program=ProgramFactory(number=f"765000{i:04d}"), values={"visa_j1": True})
    few = count()
    for i in range(5, 60):
        ProgramFactFactory(program=ProgramFactory(number=f"765000{i:04d}"), values={"visa_j1": True})
    assert count() == few


def test_visas_show_as_reported_or_not_reported(alice_client, workspace):
    ProgramFactFactory(
        program=ProgramFactory(name="Sponsor Program"), values={"visa_j1": True, "visa_h1b": False}
    )
    ProgramFactory(name="Silent Program")
    page = alice_client.get(url("browse", workspace)).content.decode()
    assert "J-1 yes" in page and "H-1B no" in page and "not reported" in page


def test_adding_programs_to_the_long_list(alice_client, workspace):
    one, two = ProgramFactory(), ProgramFactory()
    TrackedProgram.objects.create(workspace=workspace, program=one)
    response = alice_client.post(
        url("add", workspace), {"programs": [one.pk, two.pk], "query": "q=x"}, follow=True
    )
    assert "Added 1 program(s) to your long list (1 already were)." in response.content.decode()
    assert response.redirect_chain[-1][0] == url("browse", workspace) + "?q=x"
    assert set(TrackedProgram.objects.filter(workspace=workspace).values_list("program", flat=True)) == {
        one.pk,
        two.pk,
    }


def test_another_workspaces_manual_program_cannot_be_added(alice_client, workspace, charlie):
    private = Program.objects.create(
        name="Charlie's own", workspace=Workspace.objects.for_user(charlie).get()
    )
    response = alice_client.post(url("add", workspace), {"programs": [private.pk]}, follow=True)
    assert "Select a valid choice" in response.content.decode()
    assert not TrackedProgram.objects.filter(workspace=workspace).exists()


# Specialties, navigation, home ---------------------------------------------------------------


def test_the_specialty_page_shows_its_nrmp_figures(alice_client, workspace):
    SpecialtyStat.objects.create(
        specialty=specialty("765"), nrmp_label="Pediatrics-Medical Genetics", year=2024, positions_offered=31,
        matches_total=26, applicants_total=45, source="NRMP tables",
    )  # fmt: skip
    page = alice_client.get(url("specialty", workspace, code="765")).content.decode()
    assert "Pediatrics/Medical Genetics and Genomics" in page and "84%" in page and "w-84-pct" in page
    assert alice_client.get(url("specialty", workspace, code="999x")).status_code == 404
    assert (
        "Medical Genetics and Genomics" in alice_client.get(url("specialty_list", workspace)).content.decode()
    )


def test_the_navigation_links_the_catalog_and_the_home_suggests_an_import(alice_client, workspace):
    page = alice_client.get(reverse("accounts:home", kwargs={"workspace_id": workspace.pk})).content.decode()
    assert url("browse", workspace) in page
    assert "Import or add programs" in page
    assert url("import_new", workspace) in page
    import_file(workspace, csv_file(HEADER, rows(1)))
    page = alice_client.get(reverse("accounts:home", kwargs={"workspace_id": workspace.pk})).content.decode()
    assert "Import or add programs" not in page
