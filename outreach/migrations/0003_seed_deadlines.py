"""Seed the season calendar with the dates that have a public source (../shared/reference/match-rules.md §4.2).

Nothing is invented: a date a source does not state outright is marked "inferred". Later seasons are
added by staff in the admin as the NRMP and AAMC publish them.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import migrations

ET = ZoneInfo("America/New_York")
ERAS_TIMELINE = "https://students-residents.aamc.org/applying-residencies-eras/publication-chapters/eras-timeline"
NRMP_CALENDAR = "http://www.nrmp.org/residency/med-school-official/"
NRMP_PRESS = (
    "https://www.prnewswire.com/news-releases/nrmp-anticipates-exciting-2026-match-week-as-residency-applicants"
    "-and-programs-prepare-for-match-day-302708601.html"
)
NRMP_MATCH_WEEK = "https://www.nrmp.org/medical-schools/match-week-for-schools/"
UMARYLAND = "https://www.medschool.umaryland.edu/osa/residency-application-manual-/the-match-timeline-and-ranking/"
VERIFIED = datetime(2026, 11, 24).date()

# season, kind, name, local date-time (ET), all day, confidence, source, note
DEADLINES = [
    (2026, "eras_opens", "ERAS 2026 season opens", (2025, 6, 4, 0, 0), True, "confirmed", ERAS_TIMELINE, ""),
    (2026, "eras_submit", "Applicants can submit ERAS applications", (2025, 9, 3, 0, 0), True, "confirmed", ERAS_TIMELINE, ""),
    (2026, "programs_review", "Programs can start reviewing ERAS applications", (2025, 9, 24, 0, 0), True, "confirmed", ERAS_TIMELINE, ""),
    (2026, "eras_ends", "ERAS 2026 season ends", (2026, 5, 31, 0, 0), True, "confirmed", ERAS_TIMELINE, ""),
    (2026, "nrmp_registration_opens", "NRMP Main Match registration opens", (2025, 9, 15, 0, 0), True, "inferred", NRMP_CALENDAR,
     "The NRMP page lists Sep 15 next to Match Day on March 20; the year is inferred."),
    (2026, "nrmp_registration", "NRMP early registration deadline (late fee after it)", (2025, 11, 30, 0, 0), True, "inferred", NRMP_CALENDAR,
     "The 2025 Match used Jan 31 instead; the deadline changes between years."),
    (2026, "rol_opens", "Rank order list entry opens", (2026, 1, 15, 12, 0), False, "inferred", NRMP_CALENDAR,
     "Year inferred from the NRMP page that pairs it with Match Day on March 20."),
    (2026, "rol_certification", "Rank order list certification deadline", (2026, 2, 25, 21, 0), False, "inferred", NRMP_CALENDAR,
     "Inferred from the NRMP page; no changes are possible after 9 p.m. ET. Re-verify each season."),
    (2026, "match_week", "Match Week begins (10 a.m. ET: whether you matched)", (2026, 3, 16, 10, 0), False, "confirmed", NRMP_PRESS,
     "Match Week 16–20 March 2026 per the NRMP press release; Monday 10 a.m. ET per the NRMP Match Week page."),
    (2026, "match_day", "Match Day", (2026, 3, 20, 13, 0), False, "confirmed", NRMP_PRESS,
     "Match Day 20 March 2026 confirmed; 1 p.m. ET per the NRMP calendar page."),
    (2024, "rol_opens", "Rank order list entry opens", (2024, 2, 1, 0, 0), True, "confirmed", UMARYLAND, "Previous cycle, for comparison."),
    (2024, "rol_certification", "Rank order list certification deadline", (2024, 2, 28, 21, 0), False, "confirmed", UMARYLAND,
     "Previous cycle; 9 p.m. ET is the NRMP's standing cut-off."),
    (2024, "match_day", "Match Day", (2024, 3, 15, 0, 0), True, "confirmed", UMARYLAND, "Previous cycle, for comparison."),
]  # fmt: skip


def seed(apps, schema_editor):
    Deadline = apps.get_model("outreach", "Deadline")
    for season, kind, name, local, all_day, confidence, url, note in DEADLINES:
        Deadline.objects.update_or_create(
            season=season,
            kind=kind,
            name=name,
            defaults={
                "moment": datetime(*local, tzinfo=ET),
                "all_day": all_day,
                "timezone": "America/New_York",
                "applies_to": ["residency"],
                "confidence": confidence,
                "source_url": url,
                "source_note": note,
                "verified_on": VERIFIED,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("outreach", "0002_deadline")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
