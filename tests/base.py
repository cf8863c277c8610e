"""Shared test data: alice (owner), bob (viewer of alice's workspace), charlie (outsider).

Every access test uses these three people (STYLE habit 4). Factories build the rest.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path

import factory
import pytest
from django.conf import settings

from accounts.models import Membership, User, Workspace

PASSWORD = "correct-horse-battery-staple"
REPO_DIR = Path(settings.BASE_DIR)
SHARED_DIR = Path(os.environ.get("SHORTLIST_SHARED_DIR", REPO_DIR.parent / "shared"))
RESEARCH_DATA = SHARED_DIR / "research-data"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    password = factory.django.Password(PASSWORD)


def first_workspace(user: User) -> Workspace:
    """The workspace every new user gets at sign-up."""
    return Workspace.objects.for_user(user).get()


def require(condition: bool, reason: str, switch: str) -> None:
    """Skip when ``condition`` is false, unless the ``switch`` env var demands it (then fail)."""
    if condition:
        return
    if os.environ.get(switch) == "1":
        pytest.fail(f"{reason} ({switch}=1 forbids skipping)")
    pytest.skip(reason)


class _Objects(dict):
    """The world's named objects; two access-case builders may not claim the same name."""

    def __setitem__(self, key, value):
        if key in self:
            raise KeyError(f"access-case builders both define {key!r}: give one of them another name")
        super().__setitem__(key, value)

    def update(self, *args, **kwargs):
        for key, value in dict(*args, **kwargs).items():
            self[key] = value


@dataclass
class World:
    """alice's workspace (bob is its viewer) and charlie's, plus objects the apps add to it."""

    alice: User
    bob: User
    charlie: User
    workspace: Workspace
    charlie_workspace: Workspace
    objects: dict = field(default_factory=_Objects)

    def __getattr__(self, name: str):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None


def build_people() -> World:
    alice = UserFactory(email="alice@example.com")
    bob = UserFactory(email="bob@example.com")
    charlie = UserFactory(email="charlie@example.com")
    workspace = first_workspace(alice)
    workspace.name = "Alice's search"
    workspace.save(update_fields=["name"])
    Membership.objects.create(workspace=workspace, user=bob, role=Membership.Role.VIEWER)
    return World(alice, bob, charlie, workspace, first_workspace(charlie))
