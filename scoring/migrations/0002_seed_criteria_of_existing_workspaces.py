"""Give the workspaces that existed before scoring the standard criteria (new ones get them on creation)."""

from django.db import migrations

from scoring.seeds import STANDARD_CRITERIA


def seed(apps, schema_editor):
    Workspace = apps.get_model("accounts", "Workspace")
    Criterion = apps.get_model("scoring", "Criterion")
    seeded = set(Criterion.objects.values_list("workspace_id", flat=True))
    Criterion.objects.bulk_create(
        Criterion(workspace_id=workspace_id, slug=slug, name=name, kind=kind, weight=weight,
                  description=description, position=index)
        for workspace_id in Workspace.objects.exclude(pk__in=seeded).values_list("pk", flat=True)
        for index, (slug, name, kind, weight, description) in enumerate(STANDARD_CRITERIA, 1)
    )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("scoring", "0001_criteria_ratings_rank_lists"), ("accounts", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
