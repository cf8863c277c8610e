from pathlib import Path

from django.conf import settings

from tests.seeds import SEEDING_MIGRATIONS


def test_every_data_migration_of_ours_is_reseeded_for_transactional_tests():
    base = Path(settings.BASE_DIR)
    found = {
        f"{path.parent.parent.name}.migrations.{path.stem}"
        for app in ("accounts", "programs", "outreach", "scoring")
        for path in (base / app / "migrations").glob("0*.py")
        if "RunPython" in path.read_text()
    }
    assert found == set(SEEDING_MIGRATIONS)
