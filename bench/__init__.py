"""Benchmarks for `make bench`: figures printed as `name: value unit` and written to var/bench.json.

Each ``bench/bench_<area>.py`` module defines ``run(report)`` and calls ``report.add(name, value, unit)``.
Figures are measured against a baseline in the same run where the issue asks for a ratio; they are
never asserted by timed tests.
"""
