"""The import pipeline end to end: idempotence, changes, undo, scoping, mappings, jobs, NRMP tables."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.models import Workspace
from programs.choices import SourceKind, Stage
from programs.imports import pipeline
from programs.imports.undo import undo_batch
from programs.models import ImportBatch, Program, ProgramFact, SpecialtyStat, TrackedProgram
from programs.resolve import resolve_facts
from programs.tasks import expire_import_batches, run_import_task
from tests.catalog.helpers import HEADER, csv_file, import_file, number, preview, row, rows, written
from tests.factories import ProgramFactory, specialty

pytestmark = pytest.mark.django_db
Status = ImportBatch.Status


def test_an_import_adds_programs_facts_and_long_list_entries(workspace, alice):
    batch = import_file(workspace, csv_file(body=rows(3)), user=alice)
    assert written() == {"programs": 3, "facts": 3, "tracked": 3, "stats": 0}
    tracked = TrackedProgram.objects.get(program__number=number(1))
    assert (tracked.workspace, tracked.stage, tracked.source_batch) == (workspace, Stage.LONG_LIST, batch)
    fact = ProgramFact.objects.get(program__number=number(1))
    assert fact.workspace == workspace and fact.batch == batch and fact.created_by == alice
    assert fact.values == {
        "visa_j1": True, "visa_h1b": True, "visa_f1": False, "pct_img": 7.5, "positions_first_year": 6,
        "program_type": "university", "website": "https://hospital1.example.org/im",
    }  # fmt: skip
    program = Program.objects.get(number=number(1))
    assert (program.name, program.state, program.specialty.code, program.workspace) == (
        "Hospital 1 Internal Medicine Program", "NY", "140", None
    )  # fmt: skip


def test_a_blank_visa_list_means_not_reported_never_no(workspace):
    import_file(workspace, csv_file(body=[row(2)]))  # row 2 has "[]"
    assert "visa_j1" not in ProgramFact.objects.get().values


def test_reimporting_the_same_file_changes_nothing_and_says_so(workspace):
    data = csv_file(body=rows(20))
    import_file(workspace, data)
    before = written()
    again = preview(workspace, data)
    assert (again.rows_new, again.rows_updated, again.rows_unchanged) == (0, 0, 20)
    assert "changes nothing" in _confirm_text(again)
    assert pipeline.confirm_batch(again, inline=True)
    again.refresh_from_db()
    assert again.preview["written"] == {
        "programs_created": 0, "programs_updated": 0, "facts_written": 0, "programs_tracked": 0
    }  # fmt: skip
    assert written() == before


def _confirm_text(batch) -> str:
    return "changes nothing" if not (batch.rows_new or batch.rows_updated) else ""


def test_a_file_with_ten_percent_changed_rows_adds_observations_for_exactly_those(workspace):
    import_file(workspace, csv_file(body=rows(50)))
    changed = {i: row(i, **{"% IMG": "88.8"}) for i in range(0, 50, 10)}
    body = [changed.get(i, row(i)) for i in range(50)]
    batch = preview(workspace, csv_file(body=body))
    assert (batch.rows_new, batch.rows_updated, batch.rows_unchanged) == (0, 5, 45)
    pipeline.confirm_batch(batch, inline=True)
    assert written() == {"programs": 50, "facts": 55, "tracked": 50, "stats": 0}
    programs = Program.objects.filter(number__in=[number(i) for i in changed])
    resolved = resolve_facts(workspace, programs)
    assert {facts["pct_img"].value for facts in resolved.values()} == {88.8}
    assert ProgramFact.objects.filter(program__number=number(0)).count() == 2  # the history is kept


def test_confirming_plans_again_against_what_is_there_now(workspace):
    data = csv_file(body=rows(4))
    first, second = preview(workspace, data), preview(workspace, data)
    assert pipeline.confirm_batch(first, inline=True)
    assert pipeline.confirm_batch(second, inline=True)
    second.refresh_from_db()
    assert (second.status, second.rows_new, second.rows_unchanged) == (Status.DONE, 0, 4)
    assert written()["facts"] == 4


def test_a_batch_is_confirmed_once(workspace):
    batch = preview(workspace, csv_file())
    assert pipeline.confirm_batch(batch, inline=True)
    assert not pipeline.confirm_batch(batch, inline=True)
    stale_copy = ImportBatch.objects.get(pk=batch.pk)
    stale_copy.status = Status.PREVIEWED  # a second request that loaded the batch before the first
    assert not pipeline.confirm_batch(stale_copy, inline=True)
    assert written()["facts"] == 3


def test_the_upload_is_deleted_when_the_import_ends(workspace, private_uploads):
    batch = preview(workspace, csv_file())
    assert len(list(private_uploads.rglob("*.upload"))) == 1
    pipeline.confirm_batch(batch, inline=True)
    batch.refresh_from_db()
    assert batch.stored_file == "" and not list(private_uploads.rglob("*.upload"))


def test_cancelling_a_preview_deletes_the_upload_and_writes_nothing(workspace, private_uploads):
    batch = preview(workspace, csv_file())
    assert pipeline.cancel_batch(batch)
    assert batch.status == Status.EXPIRED and not list(private_uploads.rglob("*.upload"))
    assert written()["programs"] == 0


# Undo ------------------------------------------------------------------------------------------------


def test_undo_removes_the_facts_and_the_untouched_list_entries_and_says_what_it_kept(workspace, alice):
    batch = import_file(workspace, csv_file(body=rows(5)))
    TrackedProgram.objects.get(program__number=number(0)).move_to(Stage.SHORT_LIST, by=alice)
    TrackedProgram.objects.filter(program__number=number(1)).update(
        notes="Great research", updated_at=timezone.now()
    )
    ProgramFact.objects.create(
        program=Program.objects.get(number=number(2)), workspace=workspace, values={"visa_j1": True},
        source_kind=SourceKind.COORDINATOR_EMAIL, observed_on=date.today(),
    )  # fmt: skip
    report = undo_batch(batch)
    assert report["facts_removed"] == 5
    assert (report["tracked_removed"], report["tracked_kept"]) == (2, 3)
    assert {k["reason"] for k in report["kept"]} == {
        "moved to short list", "has notes", "changed or linked since the import"
    }  # fmt: skip
    assert set(TrackedProgram.objects.values_list("program__number", flat=True)) == {
        number(i) for i in range(3)
    }
    assert ProgramFact.objects.filter(batch=batch).count() == 0
    assert Program.objects.count() == 5  # shared identities stay in the catalog
    batch.refresh_from_db()
    assert batch.status == Status.UNDONE and batch.undo_report == report


def test_an_import_is_undone_once_and_only_when_it_finished(workspace):
    batch = import_file(workspace, csv_file())
    assert undo_batch(batch) is not None
    assert undo_batch(batch) is None
    assert undo_batch(preview(workspace, csv_file())) is None


def test_undoing_a_reimport_keeps_what_the_first_import_wrote(workspace):
    import_file(workspace, csv_file(body=rows(3)))
    second = import_file(workspace, csv_file(body=[row(0, **{"% IMG": "50"}), row(1), row(2)]))
    undo_batch(second)
    assert written() == {"programs": 3, "facts": 3, "tracked": 3, "stats": 0}


# Scoping -----------------------------------------------------------------------------------------------


def test_an_import_with_someone_elses_numbers_and_owner_columns_stays_in_its_own_workspace(world):
    alice_batch = import_file(world.workspace, csv_file(body=rows(3)), user=world.alice)
    alice_facts = list(ProgramFact.objects.filter(workspace=world.workspace).values_list("id", "values"))
    bob_workspace = Workspace.objects.get(memberships__user=world.bob, memberships__role="owner")
    header = ["id", "owner", "workspace", *HEADER]
    body = [[str(alice_batch.pk), str(world.alice.pk), str(world.workspace.pk), *row(i, **{"% IMG": "1"})]
            for i in range(3)]  # fmt: skip
    bob_batch = import_file(bob_workspace, csv_file(header, body), user=world.bob)
    assert (
        list(ProgramFact.objects.filter(workspace=world.workspace).values_list("id", "values")) == alice_facts
    )
    assert ProgramFact.objects.filter(workspace=bob_workspace, batch=bob_batch).count() == 3
    assert TrackedProgram.objects.filter(workspace=world.workspace).count() == 3
    assert TrackedProgram.objects.filter(workspace=bob_workspace).count() == 3
    assert [c["how"] for c in bob_batch.column_mapping["columns"][:3]] == ["protected"] * 3
    assert Program.objects.count() == 3  # the shared identities were reused, not re-owned


def test_protected_columns_cannot_be_mapped_by_hand(workspace):
    batch = preview(workspace, csv_file(["workspace", *HEADER], [["x", *row(1)]]))
    pipeline.change_mapping(batch, {"workspace": "fact:website"})
    assert batch.column_mapping["columns"][0]["how"] == "protected"


def test_a_users_import_never_edits_a_shared_program(workspace):
    program = ProgramFactory(
        number=number(1), name="Catalog Name Program", city="Albany", specialty=specialty("140")
    )
    batch = import_file(workspace, csv_file(body=[row(1, **{"Program Name": "My Own Name"})]))
    program.refresh_from_db()
    assert (program.name, program.city) == ("Catalog Name Program", "Albany")
    assert any("name a program differently" in note for note in batch.preview["notes"])


def test_a_catalog_import_writes_catalog_facts_and_updates_identities(db):
    ProgramFactory(number=number(1), name="Old Name Program", city="", specialty=specialty("140"))
    batch = import_file(None, csv_file(body=[row(1, **{"Program Name": "New Name Program"}), row(2)]))
    assert (batch.rows_new, batch.rows_updated) == (1, 1)
    assert Program.objects.get(number=number(1)).name == "New Name Program"
    assert set(ProgramFact.objects.values_list("workspace", flat=True)) == {None}
    assert TrackedProgram.objects.count() == 0


def test_a_new_program_needs_a_name(workspace):
    batch = preview(workspace, csv_file(["Program ID", "% IMG"], [[number(1), "5"]]))
    assert batch.errors == [{"row": 2, "column": "", "message": f"program {number(1)} is not in the catalog yet "
                             "and the row gives no name for it"}]  # fmt: skip


def test_an_existing_program_can_be_imported_by_number_alone(workspace):
    ProgramFactory(number=number(1), specialty=specialty("140"))
    import_file(workspace, csv_file(["Program ID", "% IMG"], [[number(1), "5"]]))
    assert ProgramFact.objects.get().values == {"pct_img": 5.0}


# Columns -------------------------------------------------------------------------------------------


def test_a_hand_made_mapping_is_used_and_remembered_for_the_next_file(workspace):
    header = ["Nummer", "Programm", "Visum J-1"]
    data = csv_file(header, [[number(1), "Hamburg Program", "ja"]])
    batch = preview(workspace, data)
    assert "No column gives the ACGME program number" in batch.message
    manual = {"nummer": "number", "programm": "name", "visum j 1": ""}
    pipeline.change_mapping(batch, manual)
    assert batch.message == "" and batch.rows_new == 1
    later = preview(workspace, csv_file(header, [[number(2), "Bremen Program", "ja"]]))
    assert later.rows_new == 1
    assert [c["how"] for c in later.column_mapping["columns"]] == ["manual"] * 3


def test_freida_style_columns_fill_seasons_dates_and_the_source(workspace):
    header = ["program_id", "program_name_suffix", "city", "state", "data_last_updated",
              "accepting_applications_2025_2026", "accepting_applications_2026_2027", "visa_statuses_accepted"]  # fmt: skip
    body = [
        [
            number(1),
            "A Program",
            "Boston",
            "MA",
            "2025-03-28T08:08:20+00:00",
            "False",
            "True",
            "['J-1 through ECFMG']",
        ]
    ]
    batch = import_file(workspace, csv_file(header, body))
    fact = ProgramFact.objects.get()
    assert batch.source_kind == SourceKind.FREIDA and fact.source_kind == SourceKind.FREIDA
    assert fact.observed_on == date(2025, 3, 28)
    assert fact.values["accepting_applications"] == {"2025-2026": False, "2026-2027": True}
    assert any("state MA, but the number" in w["message"] for w in batch.warnings)


def test_yes_no_visa_columns_and_a_city_state_column_are_read(workspace):
    header = ["ACGME ID", "Program", "Program City, State", "J-1", "H-1B", "F-1"]
    import_file(workspace, csv_file(header, [[number(1), "B Program", "Buffalo, NY", "Yes", "No", ""]]))
    program = Program.objects.get()
    assert (program.city, program.state) == ("Buffalo", "NY")
    assert ProgramFact.objects.get().values == {"visa_j1": True, "visa_h1b": False}


def test_the_chosen_source_and_date_are_kept(workspace):
    import_file(workspace, csv_file(), source_kind=SourceKind.ACGME, observed_on=date(2026, 1, 5))
    assert set(ProgramFact.objects.values_list("source_kind", "observed_on")) == {
        (SourceKind.ACGME, date(2026, 1, 5))
    }


# Large files and housekeeping ---------------------------------------------------------------------


def test_a_large_file_is_imported_by_a_task_after_the_commit(
    workspace, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_INLINE_MAX_ROWS = 2
    batch = preview(workspace, csv_file(body=rows(5)))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert pipeline.confirm_batch(batch)
        batch.refresh_from_db()
        assert batch.status == Status.QUEUED and written()["facts"] == 0
    assert len(callbacks) == 1
    batch.refresh_from_db()
    assert (batch.status, batch.progress, written()["facts"]) == (Status.DONE, 100, 5)


def test_the_import_task_skips_a_missing_or_already_claimed_batch(workspace):
    run_import_task(987654)
    batch = import_file(workspace, csv_file())
    run_import_task(batch.pk)
    assert written()["facts"] == 3


def test_housekeeping_expires_old_previews_and_fails_imports_a_dead_worker_left(workspace, private_uploads):
    old = preview(workspace, csv_file())
    stuck = preview(workspace, csv_file())
    ImportBatch.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    ImportBatch.objects.filter(pk=stuck.pk).update(
        status=Status.RUNNING, confirmed_at=timezone.now() - timedelta(hours=3)
    )
    assert expire_import_batches() == {"expired": 1, "failed": 1}
    assert dict(ImportBatch.objects.values_list("pk", "status")) == {
        old.pk: Status.EXPIRED,
        stuck.pk: Status.FAILED,
    }
    assert not list(private_uploads.rglob("*.upload"))
    assert expire_import_batches() == {"expired": 0, "failed": 0}


def test_a_failing_write_leaves_nothing_behind(workspace, monkeypatch):
    from programs.imports import applying

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(applying, "track_programs", explode)
    batch = preview(workspace, csv_file())
    pipeline.confirm_batch(batch, inline=True)
    batch.refresh_from_db()
    assert batch.status == Status.FAILED and "nothing was written" in batch.message
    assert written() == {"programs": 0, "facts": 0, "tracked": 0, "stats": 0}


# NRMP tables ------------------------------------------------------------------------------------


NRMP_HEADER = ["year", "nrmp_specialty", "applicants_us_md", "matches_us_md", "applicants_non_us_img",
               "matches_non_us_img", "unfilled", "source"]  # fmt: skip
NRMP_BODY = [["2025", "Pediatrics-Medical Genetics", "49", "17", "21", "5", "1", "NRMP 2025"],
             ["2025", "Medicine-Medical Genetics", "9", "4", "6", "5", "0", "NRMP 2025"]]  # fmt: skip


def test_staff_import_nrmp_tables_into_the_specialty_figures(workspace, alice):
    alice.is_staff = True
    alice.save(update_fields=["is_staff"])
    batch = import_file(workspace, csv_file(NRMP_HEADER, NRMP_BODY), user=alice)
    assert batch.kind == ImportBatch.Kind.NRMP and batch.rows_new == 2
    stat = SpecialtyStat.objects.get(specialty=specialty("765"))
    assert (stat.year, stat.applicants_non_us_img, stat.matches_non_us_img, stat.unfilled) == (2025, 21, 5, 1)
    again = preview(workspace, csv_file(NRMP_HEADER, NRMP_BODY), user=alice)
    assert again.rows_unchanged == 2


def test_a_later_nrmp_table_keeps_the_figures_it_does_not_give(db):
    import_file(None, csv_file(NRMP_HEADER, NRMP_BODY))
    import_file(
        None,
        csv_file(
            ["year", "nrmp_specialty", "positions_offered"], [["2025", "Pediatrics-Medical Genetics", "31"]]
        ),
    )
    stat = SpecialtyStat.objects.get(nrmp_label="Pediatrics-Medical Genetics")
    assert (stat.positions_offered, stat.applicants_non_us_img) == (31, 21)


def test_an_applicant_cannot_change_the_shared_nrmp_figures(workspace, alice):
    batch = preview(workspace, csv_file(NRMP_HEADER, NRMP_BODY), user=alice)
    assert "only staff can import them" in batch.message
    assert not pipeline.confirm_batch(batch, inline=True)
    assert SpecialtyStat.objects.count() == 0


def test_confirming_reuses_the_previews_cleaned_rows_and_plans_them_again(workspace, private_uploads):
    batch = preview(workspace, csv_file(body=rows(3)))
    (private_uploads / batch.stored_file).write_bytes(b"not read again")
    ProgramFactory(number=number(0), specialty=specialty("140"))  # appears between preview and confirm
    assert pipeline.confirm_batch(batch, inline=True)
    batch.refresh_from_db()
    assert (batch.status, batch.preview["written"]["programs_created"]) == (Status.DONE, 2)
    assert not [
        p for p in private_uploads.rglob("*") if p.is_file()
    ]  # the upload and its cleaned rows are gone


def test_a_new_mapping_makes_the_confirm_read_the_file_again(workspace):
    batch = preview(workspace, csv_file(["Nummer", "Programm"], [[number(1), "Kiel Program"]]))
    pipeline.change_mapping(batch, {"nummer": "number", "programm": "name"})
    assert pipeline.confirm_batch(batch, inline=True)
    assert Program.objects.get().name == "Kiel Program"
