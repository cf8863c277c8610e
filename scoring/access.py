"""Access helpers of the scoring app (STYLE habits 1–2): every lookup is scoped by workspace membership.

Strangers get 404 for any id (theirs or not), viewers 403 on writes. Ids posted by a form (entry ids
of a reorder) are matched against the list the helper returned, never looked up on their own.
"""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from accounts.access import get_private_object, get_workspace_for_user

from .models import Criterion, RankEntry, RankList, RankSnapshot, Rating


def get_criterion_for_user(request: HttpRequest, workspace_id, pk: int, *, write: bool = False) -> Criterion:
    return get_private_object(request, Criterion, workspace_id, write=write, pk=pk)


def get_rating_for_user(request: HttpRequest, workspace_id, pk: int, *, write: bool = False) -> Rating:
    queryset = Rating.objects.select_related("criterion", "tracked__program")
    return get_private_object(request, queryset, workspace_id, write=write, pk=pk)


def get_rank_list_for_user(request: HttpRequest, workspace_id, pk: int, *, write: bool = False) -> RankList:
    return get_private_object(request, RankList, workspace_id, write=write, pk=pk)


def primary_rank_list_for_user(request: HttpRequest, workspace_id, *, write: bool = False):
    """(workspace, its primary rank list, created on first use)."""
    workspace = get_workspace_for_user(request, workspace_id, write=write)
    return workspace, RankList.primary_for(workspace)


def get_rank_entry_for_user(request: HttpRequest, workspace_id, pk: int, *, write: bool = False) -> RankEntry:
    queryset = RankEntry.objects.select_related("rank_list", "tracked__program")
    return get_private_object(request, queryset, workspace_id, write=write, pk=pk)


def get_snapshot_for_user(
    request: HttpRequest, workspace_id, pk: int, *, write: bool = False
) -> RankSnapshot:
    return get_private_object(
        request, RankSnapshot.objects.select_related("rank_list"), workspace_id, write=write, pk=pk
    )


def get_other_snapshot(snapshot: RankSnapshot, pk) -> RankSnapshot:
    """A second snapshot to compare with, from the same list (so from the same workspace)."""
    return get_object_or_404(RankSnapshot, rank_list_id=snapshot.rank_list_id, pk=pk)
