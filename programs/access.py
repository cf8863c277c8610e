"""Access helpers for the programs app (STYLE habits 1–2): every lookup is scoped by workspace."""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from accounts.access import get_private_object, get_workspace_for_user

from .models import ImportBatch, Program, SavedFilter, TrackedProgram


def get_tracked_program_for_user(
    request: HttpRequest, workspace_id, pk: int, *, write: bool = False
) -> TrackedProgram:
    return get_private_object(
        request, TrackedProgram.objects.with_program(), workspace_id, write=write, pk=pk
    )


def tracked_programs_for_user(request: HttpRequest, workspace_id, *, write: bool = False):
    """(workspace, its tracked programs): ids posted by a form are filtered through this queryset."""
    workspace = get_workspace_for_user(request, workspace_id, write=write)
    return workspace, TrackedProgram.objects.for_workspace(workspace).with_program()


def get_program_for_user(request: HttpRequest, workspace_id, pk: int, *, write: bool = False) -> Program:
    """A catalog program, or one of this workspace's manual programs; other manual programs are 404."""
    workspace = get_workspace_for_user(request, workspace_id, write=write)
    return get_object_or_404(Program.objects.visible_to(workspace).select_related("specialty"), pk=pk)


def visible_programs_for_user(request: HttpRequest, workspace_id) -> tuple[object, QuerySet[Program]]:
    workspace = get_workspace_for_user(request, workspace_id)
    return workspace, Program.objects.visible_to(workspace).select_related("specialty")


def get_import_batch_for_user(
    request: HttpRequest, workspace_id, pk: int, *, write: bool = False
) -> ImportBatch:
    return get_private_object(request, ImportBatch, workspace_id, write=write, pk=pk)


def tracked_program_for_user(request: HttpRequest, workspace_id, pk: int, *, write: bool = False):
    """(workspace, tracked program with its program and specialty) for the detail page and its forms."""
    workspace = get_workspace_for_user(request, workspace_id, write=write)
    tracked = get_object_or_404(TrackedProgram.objects.with_program(), workspace=workspace, pk=pk)
    return workspace, tracked


def get_saved_filter_for_user(
    request: HttpRequest, workspace_id, pk: int, *, write: bool = False
) -> SavedFilter:
    return get_private_object(request, SavedFilter, workspace_id, write=write, pk=pk)
