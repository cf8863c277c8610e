import os
import shutil

import pytest
from django.conf import settings
from django.core.cache import cache

from tests.base import World, build_people
from tests.seeds import reseed


def pytest_report_header(config) -> list[str]:
    backends = getattr(settings, "SHORTLIST_TEST_BACKENDS", {})
    return [
        f"shortlist: database={backends.get('database')}; redis={backends.get('redis')}; "
        f"chromium={shutil.which('chromium') or 'not installed'}",
        "shortlist: REQUIRE_SERVICES={} REQUIRE_BROWSER={} REQUIRE_SHARED_DATA={}".format(
            *(os.environ.get(k, "0") for k in ("REQUIRE_SERVICES", "REQUIRE_BROWSER", "REQUIRE_SHARED_DATA"))
        ),
    ]


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters live in the cache; every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _seeded_data_for_transactional_tests(request):
    """Put back what data migrations seed: an earlier transactional test flushed it."""
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    )
    if transactional or "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        reseed()


@pytest.fixture
def world(db) -> World:
    return build_people()


@pytest.fixture
def alice(world):
    return world.alice


@pytest.fixture
def bob(world):
    return world.bob


@pytest.fixture
def charlie(world):
    return world.charlie


@pytest.fixture
def workspace(world):
    return world.workspace


@pytest.fixture
def alice_client(client, world):
    client.force_login(world.alice)
    return client


@pytest.fixture
def bob_client(client, world):
    client.force_login(world.bob)
    return client


@pytest.fixture
def charlie_client(client, world):
    client.force_login(world.charlie)
    return client
