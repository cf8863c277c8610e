"""Interviews: one per tracked program, from invitation to thank-you note and second look."""

import zoneinfo
from datetime import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from accounts.models import validate_timezone
from programs.choices import CLOSED_STAGES, Stage

from ..choices import InterviewFormat, InterviewStatus, SecondLook

RATING = [MinValueValidator(1), MaxValueValidator(5)]
# Forward order of the pipeline; recording an interview only ever moves a program forward.
STAGE_ORDER = (
    Stage.LONG_LIST,
    Stage.SHORT_LIST,
    Stage.APPLIED,
    Stage.INTERVIEW_INVITED,
    Stage.INTERVIEWED,
    Stage.RANKED,
)
RATING_FIELDS = (
    ("rating_culture", "Program culture"),
    ("rating_img_support", "Support for IMGs"),
    ("rating_clinical", "Clinical training"),
    ("rating_research", "Research"),
    ("rating_location", "Location"),
    ("rating_overall", "Overall"),
)


def _rating(label: str):
    return models.PositiveSmallIntegerField(label, null=True, blank=True, validators=RATING)


class Interview(models.Model):
    workspace = models.ForeignKey(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="outreach_interviews"
    )
    tracked = models.ForeignKey(
        "programs.TrackedProgram", on_delete=models.CASCADE, related_name="outreach_interviews"
    )
    status = models.CharField(max_length=12, choices=InterviewStatus.choices, default=InterviewStatus.INVITED)
    invited_on = models.DateField("invitation received on", null=True, blank=True)
    interview_date = models.DateField(null=True, blank=True)
    interview_time = models.TimeField(null=True, blank=True, help_text="In the time zone below")
    timezone = models.CharField(max_length=64, default="America/New_York", validators=[validate_timezone])
    starts_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="UTC; set from the date, time and time zone"
    )
    format = models.CharField(max_length=10, choices=InterviewFormat.choices, blank=True)
    rating_culture = _rating("program culture")
    rating_img_support = _rating("support for IMGs")
    rating_clinical = _rating("clinical training")
    rating_research = _rating("research")
    rating_location = _rating("location")
    rating_overall = _rating("overall")
    red_flags = models.TextField(blank=True)
    positive_surprises = models.TextField(blank=True)
    people_met = models.TextField("people you met", blank=True)
    thank_you_sent_on = models.DateField("thank-you note sent on", null=True, blank=True)
    post_interview_communication = models.TextField("post-interview communication", blank=True)
    second_look = models.CharField(max_length=10, choices=SecondLook.choices, blank=True)
    second_look_on = models.DateField("second look on", null=True, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["interview_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "tracked"], name="outreach_interview_unique")
        ]

    def __str__(self) -> str:
        return f"Interview with {self.tracked.program}"

    def save(self, *args, **kwargs) -> None:
        self.starts_at = self.compute_starts_at()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "starts_at"}
        super().save(*args, **kwargs)

    def compute_starts_at(self):
        if not (self.interview_date and self.interview_time and self.timezone):
            return None
        local = datetime.combine(self.interview_date, self.interview_time, zoneinfo.ZoneInfo(self.timezone))
        return local.astimezone(zoneinfo.ZoneInfo("UTC"))

    @property
    def ratings(self) -> list[tuple[str, int | None]]:
        return [(label, getattr(self, name)) for name, label in RATING_FIELDS]

    def target_stage(self) -> str | None:
        """The pipeline stage this interview record implies (None: it implies no move)."""
        if self.status == InterviewStatus.COMPLETED:
            return Stage.INTERVIEWED
        if self.status in (InterviewStatus.INVITED, InterviewStatus.SCHEDULED):
            return Stage.INTERVIEW_INVITED
        return None

    def apply_stage(self, *, by=None) -> str | None:
        """Move the program forward (never back, never out of withdrawn/excluded); the new stage or None."""
        target, tracked = self.target_stage(), self.tracked
        if target is None or tracked.stage in CLOSED_STAGES:
            return None
        if STAGE_ORDER.index(target) <= STAGE_ORDER.index(tracked.stage):
            return None
        tracked.move_to(target, by=by, reason="Recorded in the interview log")
        return target
