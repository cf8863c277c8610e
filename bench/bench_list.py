"""The program-list page's server time with 13,000 catalog programs with facts and 500 tracked (target < 50 ms)."""

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
    report.add("list_server_ms_13k", round(median_seconds(lambda: get(url), repeat=9) * 1000, 1), "ms")
    report.add("list_queries_13k", count_queries(lambda: get(url)), "queries")
    report.add(
        "list_filtered_server_ms_13k", round(median_seconds(lambda: get(filtered), repeat=9) * 1000, 1), "ms"
    )
    board = reverse("programs:board", kwargs={"workspace_id": workspace.pk})
    get(board)
    report.add("board_server_ms_500", round(median_seconds(lambda: get(board), repeat=5) * 1000, 1), "ms")
