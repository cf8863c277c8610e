"""Demo scores and rank list for ``make run``: three interviews with impressions, a few ratings (one an
override with a note), and a primary list of five programs with "why here" notes and a snapshot.

Runs after the catalog and outreach demo loaders (order 60). Without tracked programs it does
nothing; once the demo list exists, running it again changes nothing.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from outreach.choices import InterviewFormat, InterviewStatus
from outreach.models import Interview
from programs.eligibility import Status, verdicts_for
from programs.models import TrackedProgram

from .models import Criterion, RankList, Rating
from .scores import score_programs

# (culture, support for IMGs, research, clinical, overall) for the three interviews
IMPRESSIONS = ((5, 5, 4, 4, 5), (4, 3, 5, 4, 4), (3, 4, 3, 5, 3))
WHY_HERE = (
    "Warmest interview day; two current residents are IMGs on J-1.",
    "Strongest research in metabolic genetics; protected time in year 3.",
    "Broad clinics and a big biochemical lab; close to family.",
    "Good fit on paper; have not interviewed yet.",
    "Safety option: responsive coordinator, J-1 confirmed by email.",
)
# (criterion slug, rating, note) given on the first three programs
RATINGS = (("faculty", (5, 4, 3)), ("welcomed", (5, 3, 4)))


def _picks(workspace) -> list:
    """Five demo programs the applicant can apply to (not ineligible), combined programs first."""
    tracked = list(TrackedProgram.objects.for_workspace(workspace).with_program().order_by("program__name"))
    verdicts = verdicts_for(workspace, tracked)
    usable = [t for t in tracked if verdicts[t.pk].status != Status.INELIGIBLE]
    return sorted(usable, key=lambda t: (t.program.number or "")[:3] not in ("765", "766"))[:5]


def _interview(workspace, tracked, impressions, days_ago: int) -> None:
    culture, support, research, clinical, overall = impressions
    interview, _created = Interview.objects.get_or_create(
        workspace=workspace, tracked=tracked,
        defaults={"status": InterviewStatus.COMPLETED, "format": InterviewFormat.VIRTUAL,
                  "interview_date": timezone.localdate() - timedelta(days=days_ago),
                  "rating_culture": culture, "rating_img_support": support, "rating_research": research,
                  "rating_clinical": clinical, "rating_overall": overall,
                  "notes": "Demo data (not real)."},
    )  # fmt: skip
    interview.apply_stage()


@transaction.atomic
def load_demo_scoring(workspace) -> None:
    primary = RankList.primary_for(workspace)
    if primary.entries.exists() or primary.snapshots.exists():
        return
    picks = _picks(workspace)
    if not picks:
        return
    criteria = {c.slug: c for c in Criterion.active_for(workspace)}
    for index, tracked in enumerate(picks[:3]):
        _interview(workspace, tracked, IMPRESSIONS[index], days_ago=30 - 7 * index)
    Rating.objects.bulk_create(
        Rating(workspace=workspace, criterion=criteria[slug], tracked=tracked, value=values[index])
        for slug, values in RATINGS
        if slug in criteria
        for index, tracked in enumerate(picks[:3])
    )
    if "location" in criteria:
        location = criteria["location"]
        derived = score_programs(workspace, [picks[-1]], criteria=[location]).get(picks[-1].pk).items[0]
        Rating.objects.create(
            workspace=workspace, criterion=location, tracked=picks[-1], value=5,
            note="My family lives two hours away (demo).", derived_value=derived.derived_value,
        )  # fmt: skip
    for index, tracked in enumerate(picks):
        tracked.refresh_from_db(fields=["stage"])
        entry = primary.add(tracked, confirmed=() if index < 3 else ("not_interviewed",))
        entry.save_note(WHY_HERE[index % len(WHY_HERE)])
    primary.take_snapshot("First draft (demo)")
