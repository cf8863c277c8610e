"""The one way views reach private data: scoped by the requesting user's workspace membership.

Strangers get 404 (the same answer as "does not exist"), never 403 and never the object; members
without write access get 403 on writes. Every app's ``access.py`` builds its per-model helpers
(``get_<model>_for_user``) on :func:`get_private_object`.
"""

from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from .models import Membership, Workspace

M = TypeVar("M", bound=models.Model)

SESSION_LAST_WORKSPACE = "last_workspace_id"


def workspaces_of(user) -> models.QuerySet[Workspace]:
    """Every workspace the user is a member of, in any role."""
    return Workspace.objects.for_user(user)


def get_membership_for_user(
    request: HttpRequest, workspace_id, *, write: bool = False, owner: bool = False
) -> Membership:
    """The user's membership of the workspace; 404 for non-members, 403 when the role is too weak."""
    if not request.user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.select_related("workspace")
        .filter(workspace_id=workspace_id, user=request.user)
        .first()
    )
    if membership is None:
        raise Http404("No such workspace.")
    if owner and not membership.is_owner:
        raise PermissionDenied("Only the workspace owner can do this.")
    if write and not membership.can_write:
        raise PermissionDenied("You have read-only access to this workspace.")
    # For the navigation (context processor) and for the next visit to /app/.
    request.workspace = membership.workspace  # type: ignore[attr-defined]
    request.membership = membership  # type: ignore[attr-defined]
    if hasattr(request, "session") and request.session.get(SESSION_LAST_WORKSPACE) != str(workspace_id):
        request.session[SESSION_LAST_WORKSPACE] = str(workspace_id)
    return membership


def get_workspace_for_user(
    request: HttpRequest, workspace_id, *, write: bool = False, owner: bool = False
) -> Workspace:
    """The workspace if the user is a member (404 otherwise); ``write``/``owner`` demand a role."""
    return get_membership_for_user(request, workspace_id, write=write, owner=owner).workspace


def get_private_object(
    request: HttpRequest,
    model: type[M] | models.QuerySet[M],
    workspace_id,
    *,
    write: bool = False,
    owner: bool = False,
    **lookup,
) -> M:
    """A row of a private model (one with a ``workspace`` field) inside the user's workspace.

    The workspace is part of the lookup, so an id from another workspace is simply "not found".
    """
    workspace = get_workspace_for_user(request, workspace_id, write=write, owner=owner)
    return get_object_or_404(model, workspace=workspace, **lookup)


def get_membership_row_for_user(
    request: HttpRequest, workspace_id, pk: int, *, owner: bool = False
) -> Membership:
    """Another member's membership row, for the owner's member management."""
    return get_private_object(
        request, Membership.objects.select_related("user"), workspace_id, owner=owner, pk=pk
    )
