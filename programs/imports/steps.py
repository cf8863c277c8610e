"""The workspace home's next step for an empty list: import a spreadsheet or pick from the catalog."""

from django.urls import reverse

from accounts.next_steps import NextStep

from ..models import ImportBatch, TrackedProgram


def import_steps(request, workspace) -> list[NextStep]:
    """Shown until the workspace tracks a program or has started an import (two cheap queries)."""
    if TrackedProgram.objects.filter(workspace=workspace).exists():
        return []
    if ImportBatch.objects.filter(workspace=workspace).exists():
        return []
    return [
        NextStep(
            "Import your program list",
            "Upload the spreadsheet you keep (or a FREIDA or ACGME copy), or pick programs from the catalog.",
            reverse("catalog:import_new", kwargs={"workspace_id": workspace.pk}),
        )
    ]
