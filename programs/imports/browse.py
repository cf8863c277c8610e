"""Searching the shared catalog (about 13,000 programs) and adding chosen ones to a workspace's list."""

import re

from django.db.models import Q, QuerySet
from django.utils import timezone

from ..choices import Stage
from ..models import Program, TrackedProgram

MAX_ADD = 500


def search_catalog(programs: QuerySet[Program], *, q: str = "", specialty=None, state: str = "") -> QuerySet:
    """Filter on the server: digits search the number, words search name, institution and city."""
    if specialty is not None:
        programs = programs.filter(specialty=specialty)
    if state:
        programs = programs.filter(state=state)
    for word in q.split()[:5]:
        digits = re.sub(r"\D", "", word)
        if digits and len(digits) == len(word):
            programs = programs.filter(number__startswith=digits)
        else:
            programs = programs.filter(
                Q(name__icontains=word) | Q(institution__icontains=word) | Q(city__icontains=word)
            )
    return programs.order_by("-specialty__is_genetics", "name", "number")


def add_to_workspace(workspace, programs) -> tuple[int, int]:
    """Track these catalog programs (stage long list); returns (added, already there). Two queries."""
    ids = [p.pk for p in programs][:MAX_ADD]
    existing = set(
        TrackedProgram.objects.filter(workspace=workspace, program_id__in=ids).values_list(
            "program_id", flat=True
        )
    )
    now = timezone.now()
    new = [
        TrackedProgram(workspace=workspace, program_id=pk, stage=Stage.LONG_LIST, stage_changed_at=now)
        for pk in ids
        if pk not in existing
    ]
    TrackedProgram.objects.bulk_create(new, ignore_conflicts=True)
    return len(new), len(existing)
