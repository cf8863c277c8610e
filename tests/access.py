"""Declarative access tests: every URL of our apps, tried as anonymous, alice, bob and charlie.

Each ``tests/<app>/access_cases.py`` declares ``CASES`` (a list of :class:`Case`) and may define
``build(world)`` to add the objects its URLs need to alice's workspace. ``tests/test_access.py``
runs every case and fails when one of our URL patterns has no case at all.
"""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

import tests

from .base import World


def _workspace_kwargs(world: World) -> dict:
    return {"workspace_id": world.workspace.pk}


@dataclass(frozen=True)
class Case:
    url_name: str
    kwargs: Callable[[World], dict] = _workspace_kwargs
    method: str = "get"
    data: Callable[[World], dict] | None = None
    write: bool = False  # a viewer (bob) must get 403
    ok: tuple[int, ...] = ()  # statuses accepted for the owner; default 200 (GET) or 200/302 (POST)
    scoped: bool = True  # takes a workspace or private object: an outsider (charlie) gets 404
    htmx: bool = False
    label: str = ""
    extra: dict = field(default_factory=dict)  # extra client kwargs, e.g. {"format": "multipart"}

    @property
    def id(self) -> str:
        return f"{self.url_name}[{self.method}{'-' + self.label if self.label else ''}]"

    def owner_statuses(self) -> tuple[int, ...]:
        if self.ok:
            return self.ok
        return (200,) if self.method == "get" else (200, 302)

    def viewer_statuses(self) -> tuple[int, ...]:
        return (403,) if self.write else self.owner_statuses()

    def request(self, client, world: World):
        from django.urls import reverse

        url = reverse(self.url_name, kwargs=self.kwargs(world))
        data = self.data(world) if self.data else {}
        headers = {"HX-Request": "true"} if self.htmx else {}
        return getattr(client, self.method)(url, data, headers=headers, **self.extra)


def _case_modules():
    for module in pkgutil.walk_packages(tests.__path__, prefix="tests."):
        if module.name.endswith(".access_cases"):
            yield importlib.import_module(module.name)


def all_cases() -> list[Case]:
    return [case for module in _case_modules() for case in module.CASES]


def build_world_objects(world: World) -> World:
    for module in _case_modules():
        builder = getattr(module, "build", None)
        if builder is not None:
            builder(world)
    return world


OUR_NAMESPACES = {"accounts", "programs", "catalog", "outreach", "scoring"}


def our_url_names() -> set[str]:
    """Every named URL pattern of our own apps (and the project's root patterns)."""
    names: set[str] = set()

    def walk(patterns, namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or namespace
                if pattern.namespace and pattern.namespace not in OUR_NAMESPACES:
                    continue  # admin and the like
                if pattern.urlconf_name and getattr(pattern.urlconf_module, "__name__", "").startswith(
                    "allauth"
                ):
                    continue  # allauth's own views, tested upstream
                walk(pattern.url_patterns, ns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return names
