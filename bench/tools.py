"""Measuring helpers shared by the benchmark modules."""

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext

ROOT = Path(__file__).resolve().parent.parent


def median_seconds(
    fn: Callable[[], object], repeat: int = 5, setup: Callable[[], object] | None = None
) -> float:
    """Median wall time of ``fn`` over ``repeat`` runs (``setup`` runs untimed before each)."""
    times = []
    for _ in range(repeat):
        if setup is not None:
            setup()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def count_queries(fn: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as queries:
        fn()
    return len(queries)


def run_isolated(target: str, *args: str) -> dict:
    """Run ``module:function(*args)`` in a fresh Python process; returns its JSON result plus ``peak_mb``.

    The function must return a JSON-serialisable dict. Peak memory is the child's maximum resident
    set size, so one measurement never inherits another's heap.
    """
    code = (
        "import json, sys, django; django.setup(); import importlib, resource;"
        f"m, f = {target!r}.split(':'); result = getattr(importlib.import_module(m), f)(*sys.argv[1:]);"
        "result['peak_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024;"
        "print('BENCH-RESULT ' + json.dumps(result))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        check=False,
    )
    for line in completed.stdout.splitlines():
        if line.startswith("BENCH-RESULT "):
            return json.loads(line.removeprefix("BENCH-RESULT "))
    raise RuntimeError(f"{target} failed:\n{completed.stdout}\n{completed.stderr}")


def current_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
