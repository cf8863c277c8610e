"""The season calendar as data: each deadline with its source, how sure we are, and when it was checked.

Dates move every season, so none is a constant in code (DESIGN §4). Staff keep them in the admin;
a date that a source does not state outright is marked "inferred" or "not confirmed" and shown so.
"""

import zoneinfo
from datetime import datetime

from django.db import models
from django.utils import timezone

from programs.choices import ApplicationCycle


class DeadlineKind(models.TextChoices):
    ERAS_OPENS = "eras_opens", "ERAS season opens"
    ERAS_SUBMIT = "eras_submit", "Applications can be submitted"
    PROGRAMS_REVIEW = "programs_review", "Programs can start reviewing applications"
    ERAS_ENDS = "eras_ends", "ERAS season ends"
    NRMP_REGISTRATION_OPENS = "nrmp_registration_opens", "NRMP registration opens"
    NRMP_REGISTRATION = "nrmp_registration", "NRMP registration deadline"
    ROL_OPENS = "rol_opens", "Rank order list entry opens"
    ROL_CERTIFICATION = "rol_certification", "Rank order list certification deadline"
    MATCH_WEEK = "match_week", "Match Week begins"
    MATCH_DAY = "match_day", "Match Day"
    OTHER = "other", "Other"


class Confidence(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed by the source"
    INFERRED = "inferred", "Inferred from the source: re-verify"
    UNCONFIRMED = "unconfirmed", "Not confirmed"


class DeadlineQuerySet(models.QuerySet):
    def for_season(self, season: int) -> "DeadlineQuerySet":
        return self.filter(season=season)

    def upcoming(self, now: datetime | None = None) -> "DeadlineQuerySet":
        return self.filter(moment__gte=now or timezone.now())


class Deadline(models.Model):
    season = models.PositiveSmallIntegerField(
        help_text="The Match year (e.g. 2026 for Match Day in March 2026)"
    )
    kind = models.CharField(max_length=32, choices=DeadlineKind.choices)
    name = models.CharField(max_length=200)
    moment = models.DateTimeField(help_text="Stored in UTC; shown in the deadline's own time zone")
    all_day = models.BooleanField(default=False, help_text="Only the date is known, not the time")
    timezone = models.CharField(max_length=64, default="America/New_York")
    applies_to = models.JSONField(
        default=list,
        blank=True,
        help_text=f"Application cycles ({', '.join(ApplicationCycle.values)}); empty = all",
    )
    confidence = models.CharField(max_length=12, choices=Confidence.choices, default=Confidence.CONFIRMED)
    source_url = models.URLField(max_length=500)
    source_note = models.CharField(max_length=300, blank=True)
    verified_on = models.DateField(help_text="When someone last checked the date against the source")

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        ordering = ["moment", "name"]
        constraints = [models.UniqueConstraint(fields=["season", "kind", "name"], name="deadline_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.season})"

    @property
    def local_moment(self) -> datetime:
        return timezone.localtime(self.moment, zoneinfo.ZoneInfo(self.timezone))

    @property
    def is_confirmed(self) -> bool:
        return self.confidence == Confidence.CONFIRMED

    def applies_to_any(self, cycles) -> bool:
        """Whether the deadline concerns any of these application cycles (an empty list: all)."""
        return not self.applies_to or bool(set(cycles) & set(self.applies_to))
