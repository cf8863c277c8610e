"""Scores, tiers and sensitivity: 3,000 tracked programs, 300 ranked, 12 criteria (target < 150 ms); the rank list's XLSX and PDF for 300 entries (< 300 ms, < 1.5 s).

``scoring_ms_3000`` is the scores page's work for 3,000 active programs, as a request runs it (the
cyclic collector paused until the results are gone, ``config.collector``): the standings of every
program (``scoring.standings``: composite, coverage, tier and verdict status; unchanged programs' tiers,
statuses and derived ratings from the memo, ratings, weights and reply figures applied afresh), the
first page of 50 completed with their explanations, and sensitivity over the 300 ranked ones.
``scoring_cold_ms_3000`` is the same with no memo — every program scored in full, as after a change to
the profile, on a new day or a new deployment — and ``scoring_one_changed_ms_3000`` with one program's
facts changed since the memo was kept. ``scoring_baseline_ms_3000`` is what resolving the facts and
judging eligibility alone cost in the same run (the floor under a cold page); ``scoring_ranked_ms_300``
is the rank-list page's work (300 entries, every one in full).
"""

import random
from datetime import timedelta

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from accounts.models import Workspace
from config.collector import gc_paused
from outreach.choices import Direction, InKind, InterviewStatus, OutStatus, Tone
from outreach.models import Interview, Message
from programs.choices import SourceKind, Stage
from programs.eligibility import verdicts_for
from programs.models import Program, ProgramFact, TrackedProgram
from programs.resolve import resolve_facts
from scoring.exports import rank_list_pdf, rank_list_xlsx
from scoring.models import Criterion, RankEntry, RankList, Rating
from scoring.ranking import list_view
from scoring.scores import SCORING_KEYS
from scoring.sensitivity import sensitive_pairs
from scoring.standings import shown, standings

from .pipeline_data import BATCH, applicant_workspace, catalog_programs, track_programs
from .tools import count_queries, median_seconds

TRACKED = 3000
RANKED = 300
AREAS = ["pediatric", "adult", "dysmorphology", "metabolic", "cancer", "prenatal", "cardio", "neuro"]


def _genetics_facts(rng: random.Random, programs) -> None:
    """The facts derivations read that FREIDA-like data lacks: areas, rotations, typical scores, codes."""
    ProgramFact.objects.bulk_create(
        (
            ProgramFact(
                program=p,
                source_kind=SourceKind.WEBSITE,
                observed_on=timezone.localdate() - timedelta(days=30),
                values={
                    "clinical_areas": rng.sample(AREAS, rng.randint(2, 8)),
                    "lab_rotations": rng.sample(
                        ["cytogenetics", "molecular", "biochemical"], rng.randint(1, 3)
                    ),
                    "step2ck_typical_score": rng.randint(225, 255),
                    "nrmp_codes": [f"{1000 + n:04d}130C0"],
                    "img_residents_recent": rng.random() < 0.6,
                },
            )
            for n, p in enumerate(programs)
            if rng.random() < 0.7
        ),
        batch_size=BATCH,
    )


def _outreach(rng: random.Random, workspace, ranked) -> None:
    """An interview with impressions and an email with its reply for every ranked program."""
    now = timezone.now()
    Interview.objects.bulk_create(
        Interview(workspace=workspace, tracked=t, status=InterviewStatus.COMPLETED,
                  rating_culture=rng.randint(1, 5), rating_img_support=rng.randint(1, 5),
                  rating_research=rng.randint(1, 5), rating_overall=rng.randint(1, 5))
        for t in ranked
    )  # fmt: skip
    sent = Message.objects.bulk_create(
        Message(workspace=workspace, tracked=t, direction=Direction.OUT, status=OutStatus.SENT,
                subject="Visa sponsorship", body="Do you sponsor J-1?", sent_at=now - timedelta(days=20))
        for t in ranked
    )  # fmt: skip
    Message.objects.bulk_create(
        Message(workspace=workspace, tracked_id=m.tracked_id, direction=Direction.IN, kind=InKind.REPLY,
                parent=m, subject="Re: Visa sponsorship", body="Yes.", tone=rng.choice(list(Tone.values)),
                received_at=m.sent_at + timedelta(days=rng.randint(1, 20)))
        for m in sent
        if rng.random() < 0.8
    )  # fmt: skip


def build(rng: random.Random) -> Workspace:
    workspace = applicant_workspace("bench-scoring@example.org")
    profile = workspace.profile
    profile.preferred_regions = ["northeast", "midwest"]
    profile.save(update_fields=["preferred_regions"])
    programs = catalog_programs(TRACKED, prefix="995")
    track_programs(workspace, programs)
    _genetics_facts(rng, programs)
    criteria = Criterion.active_for(workspace)
    criteria.append(
        Criterion.objects.create(workspace=workspace, name="Call schedule", weight=2, position=12)
    )
    tracked = list(TrackedProgram.objects.for_workspace(workspace).order_by("pk"))
    ranked = rng.sample(tracked, RANKED)
    TrackedProgram.objects.filter(pk__in=[t.pk for t in ranked]).update(stage=Stage.INTERVIEWED)
    _outreach(rng, workspace, ranked)
    subjective = [c for c in criteria if c.slug in ("faculty", "welcomed", "") or c.slug == "research"]
    Rating.objects.bulk_create(
        Rating(workspace=workspace, criterion=c, tracked=t, value=rng.randint(1, 5))
        for t in ranked
        for c in subjective
    )
    primary = RankList.primary_for(workspace)
    RankEntry.objects.bulk_create(
        RankEntry(
            workspace=workspace, rank_list=primary, tracked=t, position=i, why_here=f"Reason {i}: =HYPERLINK"
        )
        for i, t in enumerate(ranked, start=1)
    )
    return workspace


PAGE = 50  # the scores page's page size


def _counts(board, page, pairs) -> tuple[int, int, int]:
    return len(board.scores), len(page), len(pairs)


def run(report) -> None:
    workspace = build(random.Random(5))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    def compute():
        """The scores page (standings of every tracked program, its first page in full) and
        sensitivity over the ranked ones."""
        fresh = Workspace.objects.get(pk=workspace.pk)  # nothing cached: the profile is loaded too
        board = standings(fresh, TrackedProgram.objects.for_workspace(fresh))
        page = board.complete(shown(board, "composite", "")[:PAGE])
        primary = RankList.primary_for(fresh)
        entries = list(primary.entries.order_by("position").values_list("tracked_id", flat=True))
        pairs = sensitive_pairs([board.get(pk) for pk in entries], board.criteria)
        assert len(board.scores) == TRACKED and len(entries) == RANKED and len(page) == PAGE
        return board, page, pairs

    def page():
        """``compute`` as a request runs it: the results are dropped before the collector resumes."""
        with gc_paused():
            counts = _counts(*compute())
        return counts

    def one_change():
        """A new observation for one program: the memo is current for the 2,999 others."""
        program = TrackedProgram.objects.for_workspace(workspace).order_by("?").first().program
        ProgramFact.objects.create(
            program=program, workspace=workspace, values={"visa_j1": True},
            source_kind=SourceKind.COORDINATOR_EMAIL, observed_on=timezone.localdate(),
        )  # fmt: skip
        page()  # the memo now covers it too

    def baseline():
        """What eligibility alone costs for the same programs: facts resolved, verdicts judged."""
        fresh = Workspace.objects.get(pk=workspace.pk)
        tracked = TrackedProgram.objects.for_workspace(fresh)
        programs = Program.objects.filter(pk__in=tracked.values("program_id"))
        verdicts_for(fresh, tracked, facts=resolve_facts(fresh, programs, keys=SCORING_KEYS))

    def ranking():
        """The rank-list page's work: 300 entries' scores, tiers, checks and sensitivity."""
        fresh = Workspace.objects.get(pk=workspace.pk)
        view = list_view(fresh, RankList.primary_for(fresh))
        assert len(view.rows) == RANKED
        return view.pairs

    page()  # warm the connection and the code paths, and keep the memo
    warm = median_seconds(page, repeat=7)
    report.add("scoring_ms_3000", round(warm * 1000, 1), "ms")
    report.add("scoring_queries_3000", count_queries(compute), "queries")
    cold = median_seconds(page, repeat=5, setup=cache.clear)
    report.add("scoring_cold_ms_3000", round(cold * 1000, 1), "ms")
    cache.clear()
    report.add("scoring_cold_queries_3000", count_queries(compute), "queries")
    ones = median_seconds(page, repeat=5, setup=one_change)
    report.add("scoring_one_changed_ms_3000", round(ones * 1000, 1), "ms")
    floor = median_seconds(baseline, repeat=7)
    report.add("scoring_baseline_ms_3000", round(floor * 1000, 1), "ms")
    report.add(
        "scoring_ratio_vs_baseline", round(warm / floor, 2), "× (scores page / facts + verdicts alone)"
    )
    report.add(
        "scoring_cold_ratio_vs_baseline", round(cold / floor, 2), "× (cold scores page / facts + verdicts)"
    )
    report.add("scoring_ranked_ms_300", round(median_seconds(ranking, repeat=7) * 1000, 1), "ms")
    report.add("scoring_ranked_queries_300", count_queries(ranking), "queries")
    board = compute()[0]
    tiers: dict[str, int] = {}
    for score in board.scores.values():
        tiers[score.tier_code] = tiers.get(score.tier_code, 0) + 1
    print(
        "# tiers:", ", ".join(f"{t} {n}" for t, n in sorted(tiers.items())),
        f"· sensitive pairs {len(compute()[2])}",
    )  # fmt: skip

    view = list_view(workspace, RankList.primary_for(workspace))
    xlsx = median_seconds(lambda: rank_list_xlsx(workspace, view), repeat=5)
    pdf = median_seconds(lambda: rank_list_pdf(workspace, view), repeat=3)
    report.add("export_xlsx_ms_300", round(xlsx * 1000, 1), "ms")
    report.add("export_pdf_ms_300", round(pdf * 1000, 1), "ms")
