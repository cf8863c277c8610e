from django.utils.functional import SimpleLazyObject

from .access import workspaces_of
from .navigation import nav_links


def workspace_navigation(request) -> dict:
    """The current workspace (set by the access helper), its section links and the user's others."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    workspace = getattr(request, "workspace", None)
    return {
        "current_workspace": workspace,
        "current_membership": getattr(request, "membership", None),
        "workspace_nav": nav_links(request, workspace) if workspace else [],
        "user_workspaces": SimpleLazyObject(lambda: list(workspaces_of(user).order_by("-season", "name"))),
    }
