"""STYLE habit 3: make the access rule checkable. Views never query a private model directly."""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings

OUR_APPS = ("accounts", "programs", "outreach", "scoring")


def private_model_names() -> set[str]:
    """Models that carry a ``workspace``: reaching them must go through an access helper."""
    names = set()
    for model in apps.get_models():
        if model._meta.app_label in OUR_APPS:
            field_names = {f.name for f in model._meta.get_fields()}
            if "workspace" in field_names or model._meta.model_name in {"membership", "applicantprofile"}:
                names.add(model.__name__)
    return names


def view_files() -> list[Path]:
    base = Path(settings.BASE_DIR)
    files = []
    for app in OUR_APPS:
        files += list((base / app).rglob("views*.py")) + list((base / app).glob("views/*.py"))  # nested too
    return files


def direct_queries(path: Path, private: set[str]) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in {"objects", "_default_manager"}
            and isinstance(node.value, ast.Name)
            and node.value.id in private
        ):
            found.append(f"{path.relative_to(settings.BASE_DIR)}:{node.lineno} {node.value.id}.{node.attr}")
    return found


def test_private_models_are_known():
    assert {"Membership", "ApplicantProfile"} <= private_model_names()


def test_views_reach_private_models_only_through_access_helpers():
    private = private_model_names()
    offenders = [hit for path in view_files() for hit in direct_queries(path, private)]
    assert not offenders, "use the app's get_<model>_for_user helper instead of:\n" + "\n".join(offenders)


def test_the_check_catches_a_direct_query(tmp_path):
    bad = Path(settings.BASE_DIR) / "accounts" / "views_probe_tmp.py"
    try:
        bad.write_text("from accounts.models import Membership\nMembership.objects.get(pk=1)\n")
        assert direct_queries(bad, private_model_names())
    finally:
        bad.unlink()
