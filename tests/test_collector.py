"""The cyclic garbage collector is paused for a block or a request and always resumes after it."""

import gc
import threading

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from config.collector import PausedCollectorMiddleware, gc_paused


@pytest.fixture(autouse=True)
def _collector_running():
    was = gc.isenabled()
    gc.enable()
    yield
    gc.enable() if was else gc.disable()


def test_a_pause_resumes_the_collector_even_when_the_block_fails():
    with pytest.raises(ValueError), gc_paused():
        assert not gc.isenabled()
        raise ValueError("boom")
    assert gc.isenabled()


def test_nested_pauses_resume_only_when_the_outermost_ends():
    with gc_paused():
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_pause_leaves_a_collector_that_was_off_off():
    gc.disable()
    with gc_paused():
        pass
    assert not gc.isenabled()


def test_overlapping_pauses_in_two_threads_resume_when_the_last_ends():
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen = {}

    def first():
        with gc_paused():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    thread = threading.Thread(target=first)
    thread.start()
    first_in.wait(5)
    with gc_paused():
        second_in.set()
        first_out.wait(5)
        seen["after the first ended"] = gc.isenabled()
    thread.join(5)
    assert seen == {"after the first ended": False}
    assert gc.isenabled()


def test_the_middleware_pauses_the_collector_for_the_request_only():
    seen = []

    def view(request):
        seen.append(gc.isenabled())
        return HttpResponse("ok")

    response = PausedCollectorMiddleware(view)(RequestFactory().get("/"))
    assert response.status_code == 200
    assert seen == [False]
    assert gc.isenabled()


def test_the_scores_page_runs_with_the_collector_paused(alice_client, workspace, monkeypatch):
    """The middleware is installed: a real page builds its scoreboard with the collector paused."""
    from scoring import views_scores

    seen = []
    real = views_scores.standings

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(views_scores, "standings", spy)
    response = alice_client.get(reverse("scoring:scores", kwargs={"workspace_id": workspace.pk}))
    assert response.status_code == 200
    assert seen == [False]
    assert gc.isenabled()
