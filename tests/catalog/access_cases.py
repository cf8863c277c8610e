"""Access cases for the catalog pages (``catalog`` namespace), run by tests/test_access.py."""

from django.utils import timezone

from programs.models import ImportBatch
from tests.access import Case
from tests.factories import ProgramFactory


def build(world) -> None:
    """A previewed and a finished import in alice's workspace, and a catalog program (no files needed)."""
    common = {
        "workspace": world.workspace,
        "created_by": world.alice,
        "file_name": "list.csv",
        "rows_total": 1,
    }
    world.objects["preview_batch"] = ImportBatch.objects.create(status=ImportBatch.Status.PREVIEWED, **common)
    world.objects["done_batch"] = ImportBatch.objects.create(
        status=ImportBatch.Status.DONE, finished_at=timezone.now(), **common
    )
    world.objects["catalog_program"] = ProgramFactory(number="7659999001", name="Access Test Program")


def _batch(name: str):
    return lambda world: {"workspace_id": world.workspace.pk, "pk": getattr(world, name).pk}


CASES = [
    Case("catalog:browse"),
    Case("catalog:add", method="post", write=True, data=lambda w: {"programs": [w.catalog_program.pk]}),
    Case("catalog:specialty_list"),
    Case("catalog:specialty", kwargs=lambda w: {"workspace_id": w.workspace.pk, "code": "765"}),
    Case("catalog:import_list"),
    Case("catalog:import_new", write=True),
    Case("catalog:import_new", method="post", write=True, ok=(400,), label="no-file"),
    Case("catalog:import_detail", kwargs=_batch("preview_batch")),
    Case("catalog:import_detail", kwargs=_batch("done_batch"), label="done"),
    Case("catalog:import_mapping", kwargs=_batch("preview_batch"), method="post", write=True),
    Case("catalog:import_confirm", kwargs=_batch("preview_batch"), method="post", write=True),
    Case("catalog:import_cancel", kwargs=_batch("preview_batch"), method="post", write=True),
    Case("catalog:import_undo", kwargs=_batch("done_batch"), method="post", write=True),
    Case("catalog:import_progress", kwargs=_batch("done_batch"), htmx=True),
    Case("catalog:import_errors", kwargs=_batch("done_batch")),
]
