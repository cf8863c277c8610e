"""The program-list page's server time with 13,000 catalog programs with facts and 500 tracked (target < 50 ms).

Server time is measured through Django's test client (middleware, session, access helper, queries
and rendering; no network), as the median of repeated requests for the first page of 50 rows.
"""

from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import Membership

from .pipeline_data import applicant_workspace, catalog_programs, track_programs
from .tools import count_queries, median_seconds

CATALOG = 13_000
TRACKED = 500


def run(report) -> None:
    programs = catalog_programs(CATALOG, prefix="996")
    workspace = applicant_workspace("bench-list@example.org")
    track_programs(workspace, programs[::26][:TRACKED])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    client = Client(HTTP_HOST="localhost")
    client.force_login(Membership.objects.get(workspace=workspace).user)
    url = reverse("programs:list", kwargs={"workspace_id": workspace.pk})
    filtered = url + "?verdict=needs_confirmation&region=northeast&sort=-pct_img"

    def get(target):
        response = client.get(target)
        assert response.status_code == 200, response.status_code
        return response

    get(url)  # warm up (and the session write of the first visit)
    listed = median_seconds(lambda: get(url), repeat=15)
    report.add("list_server_ms_13k", round(listed * 1000, 1), "ms")
    # The same stack's cheapest signed-in page (session, access, navigation) in the same run: the
    # ratio says what the list costs on any machine, however fast or busy.
    bare = reverse("accounts:workspace_list")
    get(bare)
    baseline = median_seconds(lambda: get(bare), repeat=15)
    report.add("list_baseline_page_ms", round(baseline * 1000, 1), "ms (the workspace list page)")
    report.add("list_ratio_vs_baseline_page", round(listed / baseline, 1), "× (list / baseline page)")
    report.add("list_queries_13k", count_queries(lambda: get(url)), "queries")
    report.add(
        "list_filtered_server_ms_13k", round(median_seconds(lambda: get(filtered), repeat=9) * 1000, 1), "ms"
    )
    board = reverse("programs:board", kwargs={"workspace_id": workspace.pk})
    get(board)
    report.add("board_server_ms_500", round(median_seconds(lambda: get(board), repeat=5) * 1000, 1), "ms")
