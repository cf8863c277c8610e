"""The workspace section links in the top navigation, registered by each app in ``ready()``."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    order: int
    label: str
    url_name: str  # takes ``workspace_id`` only
    icon: str  # a Bootstrap Icons name, e.g. "house"
    namespace: str  # the item is active on every page of this URL namespace…
    url_names: tuple[str, ...] = ()  # …or, when given, only on these views


_items: list[NavItem] = []


def register_nav_item(item: NavItem) -> None:
    if item not in _items:
        _items.append(item)
        _items.sort(key=lambda i: i.order)


register_nav_item(NavItem(0, "Home", "accounts:home", "house", "accounts", ("home",)))
register_nav_item(NavItem(90, "Profile", "accounts:profile", "person-vcard", "accounts", ("profile",)))


def nav_links(request, workspace) -> list[dict]:
    match = getattr(request, "resolver_match", None)
    links = []
    for item in _items:
        active = bool(match) and match.namespace == item.namespace
        if active and item.url_names:
            active = match.url_name in item.url_names
        url = reverse(item.url_name, kwargs={"workspace_id": workspace.pk})
        links.append({"label": item.label, "url": url, "icon": item.icon, "active": active})
    return links
