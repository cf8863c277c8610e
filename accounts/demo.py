"""Demo data for ``make run``: a demo applicant whose workspace later apps fill in.

Each app registers a loader with :func:`register_demo_loader` from its ``AppConfig.ready``; the
``load_demo`` command runs them in order. Every loader must be idempotent: ``make run`` calls the
command on every start.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from allauth.account.models import EmailAddress
from django.db import transaction

from .demo_credentials import DEMO_EMAIL, DEMO_PASSWORD
from .models import User, Workspace

DEMO_WORKSPACE_NAME = "Demo: Medical Genetics search"


@dataclass(frozen=True)
class DemoLoader:
    order: int
    name: str
    load: Callable[[Workspace], None]


_loaders: list[DemoLoader] = []


def register_demo_loader(loader: DemoLoader) -> None:
    if all(existing.name != loader.name for existing in _loaders):
        _loaders.append(loader)
        _loaders.sort(key=lambda item: item.order)


def demo_profile_values() -> dict:
    """The worked example: an IMG from India who needs a J-1 visa."""
    return {
        "full_name": "Demo Applicant",
        "citizenship_country": "India",
        "medical_school": "A medical college in India (demo)",
        "medical_school_country": "India",
        "citizenship": "non_us",
        "visa_need": "j1",
        "ecfmg_status": "certified",
        "ecfmg_certified_on": date(2024, 6, 14),
        "step1_result": "pass",
        "step2ck_score": 245,
        "step3_status": "not_planned",
        "graduation_year": 2021,
        "usce_hands_on_months": 0,
        "observership_months": 1,
        "genetics_posters": 1,
        "interests": ["pediatric", "metabolic", "dysmorphology"],
        "preferred_regions": ["northeast", "midwest"],
    }


@transaction.atomic
def load_demo_account() -> tuple[User, Workspace]:
    """Create (or find) the demo user, its verified email and the demo workspace with its profile."""
    user = User.objects.filter(email=DEMO_EMAIL).first()
    if user is None:
        user = User.objects.create_user(DEMO_EMAIL, DEMO_PASSWORD, first_name="Demo", last_name="Applicant")
        user.memberships.get().workspace.delete()  # the automatic first workspace; the demo one follows
    EmailAddress.objects.update_or_create(
        user=user, email=DEMO_EMAIL, defaults={"verified": True, "primary": True}
    )
    workspace = Workspace.objects.for_user(user).filter(name=DEMO_WORKSPACE_NAME).first()
    if workspace is None:
        workspace = Workspace.create_for(user, DEMO_WORKSPACE_NAME, season=2027)
        profile = workspace.profile
        for field, value in demo_profile_values().items():
            setattr(profile, field, value)
        profile.full_clean()
        profile.save()
    return user, workspace


def load_all() -> tuple[User, Workspace]:
    user, workspace = load_demo_account()
    for loader in _loaders:
        with transaction.atomic():
            loader.load(workspace)
    return user, workspace
