"""Every view of ours: anonymous → login, outsider → 404, viewer → read but 403 on writes, owner → ok."""

import pytest
from django.conf import settings
from django.urls import reverse

from .access import all_cases, build_world_objects, our_url_names
from .base import build_people

# Pages that are meant to be public, with the reason. Anything else needs an access case.
PUBLIC = {
    "landing": "the public landing page",
    "healthz": "the load balancer's health check",
    "outreach:unsubscribe": "one-click unsubscribe from reminder emails: a signed token is the key (RFC 8058)",
    "outreach:calendar_feed": "calendar apps subscribe without a session: the rotatable secret token is the key",
}

CASES = all_cases()
SCOPED = [c for c in CASES if c.scoped]


@pytest.fixture
def access_world(db):
    return build_world_objects(build_people())


def test_every_url_pattern_of_ours_has_an_access_case():
    covered = {case.url_name for case in CASES}
    missing = sorted(our_url_names() - covered - set(PUBLIC))
    assert not missing, f"URL patterns without an access case in tests/<app>/access_cases.py: {missing}"


def test_every_access_case_names_a_real_url():
    unknown = sorted({case.url_name for case in CASES} - our_url_names())
    assert not unknown, f"access cases for URL names that do not exist: {unknown}"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_anonymous_visitors_are_sent_to_log_in(client, access_world, case):
    response = case.request(client, access_world)
    assert response.status_code == 302, response
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


@pytest.mark.parametrize("case", SCOPED, ids=lambda c: c.id)
def test_outsiders_get_404(client, access_world, case):
    client.force_login(access_world.charlie)
    assert case.request(client, access_world).status_code == 404


@pytest.mark.parametrize("case", SCOPED, ids=lambda c: c.id)
def test_viewers_can_read_but_not_write(client, access_world, case):
    client.force_login(access_world.bob)
    response = case.request(client, access_world)
    assert response.status_code in case.viewer_statuses(), response


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_owners_get_through(client, access_world, case):
    client.force_login(access_world.alice)
    response = case.request(client, access_world)
    assert response.status_code in case.owner_statuses(), response
