"""Downloads of the rank list and of the scored table: CSV, XLSX and PDF.

CSV and XLSX go through ``accounts.spreadsheets`` (text cells that start with ``= + - @``, tab or CR
are neutralised in CSV and written as string cells in XLSX; numbers stay numbers); the PDF escapes
every piece of user text (``scoring.pdf``). File names are built from our own data — the list's
kind and id, the season and the date — never from names the applicant typed.
"""

from collections.abc import Iterable, Sequence

from django.utils import timezone

from accounts.spreadsheets import XLSX_TYPE, csv_bytes, download, safe_filename, xlsx_bytes
from programs.eligibility import Status

from .checks import certification_countdown
from .pdf import TABLE_WIDTH, fit_widths, table_pdf
from .ranking import ListView
from .scores import ProgramScore, Scoreboard

RANK_HEADER = (
    "Rank", "Program", "Program number", "NRMP code", "City/State", "Visa", "Tier", "Composite score", "Why here",
)  # fmt: skip
RANK_WIDTHS = (1.1, 6.3, 2.1, 2.2, 3.0, 2.2, 1.8, 1.9, None)
RANK_WRAP = {1, 4, 8}
FORMATS = ("csv", "xlsx", "pdf")


def _composite(score) -> float | None:
    return round(score.composite, 2) if score is not None and score.composite is not None else None


def rank_rows(view: ListView) -> list[list]:
    return [
        [
            row.entry.position,
            row.program.label,
            row.program.number or "",
            ", ".join(row.codes),
            row.program.location,
            row.visa,
            row.score.tier.label if row.score else "",
            _composite(row.score),
            row.entry.why_here,
        ]
        for row in view.rows
    ]


def rank_filename(workspace, view: ListView, extension: str) -> str:
    rank_list = view.rank_list
    kind = "primary" if rank_list.is_primary else f"supplemental-{rank_list.pk}"
    stamp = timezone.localdate().isoformat()
    return safe_filename("rank-list", kind, f"{workspace.season}-match", stamp, extension=extension)


def _deadline_line(workspace) -> str:
    countdown = certification_countdown(workspace)
    if countdown.deadline is None:
        return (
            f"No certification deadline for the {workspace.season} Match is on file: check the NRMP calendar."
        )
    moment = countdown.deadline.local_moment
    return f"Certify in NRMP R3 before {moment:%B %-d, %Y, %-I:%M %p} ET ({countdown.deadline.get_confidence_display()})."


def rank_list_csv(workspace, view: ListView) -> bytes:
    return csv_bytes(RANK_HEADER, rank_rows(view))


def rank_list_xlsx(workspace, view: ListView) -> bytes:
    return xlsx_bytes(RANK_HEADER, rank_rows(view), title="Rank list")


def rank_list_pdf(workspace, view: ListView) -> bytes:
    title = f"{'Primary rank order list' if view.rank_list.is_primary else 'Supplemental list'} · {workspace.season} Match"
    meta = [
        f"{len(view.rows)} programs, as of {timezone.localtime():%B %-d, %Y %-I:%M %p}. {_deadline_line(workspace)}",
        "Tiers and scores are Shortlist's estimates from your profile and ratings; the NRMP keeps only the list you certify.",
    ]
    return table_pdf(title, meta, RANK_HEADER, rank_rows(view), RANK_WIDTHS, wrap=RANK_WRAP)


# --- The scored table --------------------------------------------------------------------------


SCORE_COLUMNS = ("Program", "Program number", "City/State", "Stage", "Eligibility", "Tier", "Composite score",
                 "Coverage %")  # fmt: skip


def score_header(board: Scoreboard) -> list[str]:
    return [*SCORE_COLUMNS, *(c.name for c in board.criteria)]


def score_rows(scores: Iterable[ProgramScore]) -> list[list]:
    """One row per score, in the order given (the page's: ``scores_download``)."""
    rows = []
    for score in scores:
        program = score.tracked.program
        rows.append([
            program.label, program.number or "", program.location, score.tracked.get_stage_display(),
            Status(score.verdict.status).label, score.tier.label, _composite(score), score.coverage_pct,
            *(item.value for item in score.items),
        ])  # fmt: skip
    return rows


def best_first(score: ProgramScore) -> tuple:
    """The scored table's default order: best composite first, unscored last, then by name."""
    return (score.composite is None, -(score.composite or 0), score.name.lower())


def scores_filename(workspace, extension: str) -> str:
    return safe_filename(
        "scores", f"{workspace.season}-match", timezone.localdate().isoformat(), extension=extension
    )


SCORES_PDF_COLUMNS = (*SCORE_COLUMNS[:6], "Composite", "Coverage")  # short enough for their columns
SCORES_PDF_WIDTHS = (4.2, 1.9, 2.2, 2.0, 2.2, 1.6, 1.9, 1.9)  # cm; the criteria share what is left


def scores_pdf(
    workspace, board: Scoreboard, scores: Sequence[ProgramScore], order: str, tier: str = ""
) -> bytes:
    """The scored table on landscape pages: the criteria are numbered columns with a key above the
    table (a dozen criteria's names do not fit across a page), every column sized to fit."""
    count = len(board.criteria)
    header = [*SCORES_PDF_COLUMNS, *(str(n) for n in range(1, count + 1))]
    each = max(0.6, min(1.8, (TABLE_WIDTH - sum(SCORES_PDF_WIDTHS)) / max(1, count)))
    widths = fit_widths([*SCORES_PDF_WIDTHS, *[each] * count])
    programs = f"{len(scores)} {tier.lower() + ' ' if tier else ''}program{'s' if len(scores) != 1 else ''}"
    meta = [
        f"{programs}, {order}, as of {timezone.localtime():%B %-d, %Y}. Composite = weighted mean of the rated "
        "criteria; coverage = % of the weight that is rated; blank = unrated.",
        "Criteria (weight): "
        + "; ".join(f"{n} {c.name} ({c.weight})" for n, c in enumerate(board.criteria, 1))
        + ".",
    ]
    return table_pdf(f"Scores · {workspace.season} Match", meta, header, score_rows(scores), widths,
                     wrap={0, 2, 3, 4, 5})  # fmt: skip


def respond(content: bytes, filename: str, extension: str):
    types = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX_TYPE, "pdf": "application/pdf"}
    return download(content, filename, types[extension])
