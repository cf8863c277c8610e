"""Pausing Python's cyclic garbage collector while a page builds many objects that die with it.

Scoring a workspace of 3,000 programs builds about 130,000 small objects (resolved facts, reasons,
derived ratings) that live until the page is rendered and are then freed by reference counting;
none of them is cyclic garbage. A collection while they are alive scans them all, about a fifth of
the scores page's time when it computes every program (``scoring_cold_ms_3000`` in ``make bench``),
for nothing.

``gc_paused()`` pauses the collector for a block, and :class:`PausedCollectorMiddleware` for each
request, so the collector resumes once the page's objects are gone. Pauses nest and overlap across
threads: the collector resumes when the last one ends, and only if it was running when the first
began. Reference counting frees everything meanwhile; cyclic garbage made during a request waits
until it ends.
"""

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.http import HttpRequest, HttpResponse

_lock = threading.Lock()
_pauses = 0  # pauses under way, in every thread
_resume = False  # whether the collector was running when the first of them began


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block (also a decorator: ``@gc_paused()``)."""
    global _pauses, _resume
    with _lock:
        if _pauses == 0:
            _resume = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _resume:
                gc.enable()


class PausedCollectorMiddleware:
    """Each request runs with the cyclic collector paused (see the module's docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with gc_paused():
            return self.get_response(request)
