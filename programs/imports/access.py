"""Access helpers of the catalog pages (STYLE habits 1–2): everything is reached through a workspace.

The shared catalog is readable by every member of any workspace; adding to a workspace's list
needs write access to that workspace. Import batches are private to their workspace.
"""

from django.db.models import QuerySet
from django.http import HttpRequest

from accounts.access import get_workspace_for_user

from ..models import ImportBatch, Program, TrackedProgram


def catalog_programs_for_user(
    request: HttpRequest, workspace_id, *, write: bool = False
) -> tuple[object, QuerySet[Program]]:
    """(workspace, the shared catalog's programs): manual programs of any workspace are never in it."""
    workspace = get_workspace_for_user(request, workspace_id, write=write)
    return workspace, Program.objects.catalog().select_related("specialty")


def import_batches_for_user(request: HttpRequest, workspace_id, *, write: bool = False):
    """(workspace, its import batches, newest first)."""
    workspace = get_workspace_for_user(request, workspace_id, write=write)
    return workspace, ImportBatch.objects.filter(workspace=workspace).select_related("created_by")


def tracked_program_ids(workspace, program_ids) -> set[int]:
    """Which of these programs the workspace already tracks (one query)."""
    return set(
        TrackedProgram.objects.filter(workspace=workspace, program_id__in=list(program_ids)).values_list(
            "program_id", flat=True
        )
    )
