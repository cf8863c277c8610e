"""Eligibility verdicts for a whole workspace: 3,000 tracked programs with realistic facts (target < 200 ms)."""

from django.db import connection

from accounts.models import Workspace
from programs.eligibility import verdicts_for
from programs.models import TrackedProgram

from .pipeline_data import applicant_workspace, catalog_programs, track_programs
from .tools import count_queries, median_seconds

COUNT = 3000


def run(report) -> None:
    workspace = applicant_workspace("bench-eligibility@example.org")
    track_programs(workspace, catalog_programs(COUNT, prefix="997"))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    def judge():
        fresh = Workspace.objects.get(pk=workspace.pk)  # nothing cached: the profile is loaded too
        verdicts = verdicts_for(fresh, TrackedProgram.objects.for_workspace(fresh))
        assert len(verdicts) == COUNT
        return verdicts

    judge()  # warm the connection and the code paths
    report.add("eligibility_ms_3000", round(median_seconds(judge, repeat=7) * 1000, 1), "ms")
    report.add("eligibility_queries_3000", count_queries(judge), "queries")
    statuses = {}
    for verdict in judge().values():
        statuses[verdict.status] = statuses.get(verdict.status, 0) + 1
    print("# verdicts:", ", ".join(f"{status} {n}" for status, n in sorted(statuses.items())), flush=True)
