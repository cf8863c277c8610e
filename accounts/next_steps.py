"""What the workspace home shows: next steps and panels contributed by the apps above accounts.

Imports flow one way (scoring → outreach → programs → accounts), so accounts cannot ask the other
apps for their numbers; instead each app registers its providers here from ``AppConfig.ready``.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NextStep:
    title: str
    detail: str
    url: str


@dataclass(frozen=True)
class HomePanel:
    """A card on the workspace home: ``context(request, workspace)`` feeds ``template``."""

    order: int
    template: str
    context: Callable


StepProvider = Callable[..., list[NextStep]]
_step_providers: list[StepProvider] = []
_panels: list[HomePanel] = []


def register_next_steps(provider: StepProvider) -> StepProvider:
    if provider not in _step_providers:
        _step_providers.append(provider)
    return provider


def register_home_panel(panel: HomePanel) -> None:
    if panel not in _panels:
        _panels.append(panel)
        _panels.sort(key=lambda p: p.order)


def profile_steps(request, workspace) -> list[NextStep]:
    missing = workspace.profile.missing_items()
    if not missing:
        return []
    return [
        NextStep(
            "Complete your applicant profile",
            "Still missing: " + ", ".join(missing) + ". Eligibility checks use these answers.",
            reverse("accounts:profile", kwargs={"workspace_id": workspace.pk}),
        )
    ]


register_next_steps(profile_steps)


def next_steps(request, workspace) -> list[NextStep]:
    return [step for provider in _step_providers for step in provider(request, workspace)]


def home_panels(request, workspace) -> list[tuple[str, dict]]:
    """(template, context) for each registered panel, in display order."""
    return [(panel.template, panel.context(request, workspace)) for panel in _panels]
