"""Open houses, webinars, resident conversations, interviews and second looks; the question bank;
answers per (event or reply, program, question); facts confirmed from what was heard."""

import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import validate_timezone

from ..choices import EventKind


class QuestionQuerySet(models.QuerySet):
    def active(self) -> "QuestionQuerySet":
        return self.filter(retired=False)


class Question(models.Model):
    """One question of the workspace's standard bank, asked of every program so answers line up."""

    workspace = models.ForeignKey(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="outreach_questions"
    )
    text = models.CharField(max_length=500)
    slug = models.SlugField(
        max_length=40, blank=True, help_text="Set on the seeded standard questions that facts also answer"
    )
    position = models.PositiveIntegerField(default=0)
    retired = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["retired", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "slug"], condition=~Q(slug=""), name="outreach_question_slug_unique"
            )
        ]

    def __str__(self) -> str:
        return self.text

    @transaction.atomic
    def move_to(self, position: int) -> None:
        """Put the question at ``position`` (1-based) among the workspace's active questions."""
        siblings = list(
            Question.objects.filter(workspace_id=self.workspace_id, retired=False)
            .exclude(pk=self.pk)
            .order_by("position", "id")
            .values_list("pk", flat=True)
        )
        index = max(0, min(position - 1, len(siblings)))
        siblings.insert(index, self.pk)
        Question.objects.bulk_update(
            [Question(pk=pk, position=i + 1) for i, pk in enumerate(siblings)], ["position"]
        )
        self.position = index + 1

    def retire(self) -> None:
        self.retired = True
        self.save(update_fields=["retired"])

    def restore(self) -> None:
        last = Question.objects.filter(workspace_id=self.workspace_id, retired=False).aggregate(
            top=models.Max("position")
        )["top"]
        self.retired, self.position = False, (last or 0) + 1
        self.save(update_fields=["retired", "position"])


class EventQuerySet(models.QuerySet):
    def upcoming(self, now=None) -> "EventQuerySet":
        return self.filter(starts_at__gte=(now or timezone.now()) - timedelta(hours=2)).order_by("starts_at")

    def past(self, now=None) -> "EventQuerySet":
        return self.filter(starts_at__lt=(now or timezone.now()) - timedelta(hours=2)).order_by("-starts_at")


class Event(models.Model):
    """A virtual open house, webinar, resident conversation, interview or second look.

    ``starts_at`` is stored in UTC; ``timezone`` is the zone the program announced it in, so the page
    can show both the program's time and the applicant's.
    """

    workspace = models.ForeignKey(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="outreach_events"
    )
    kind = models.CharField(max_length=24, choices=EventKind.choices, default=EventKind.OPEN_HOUSE)
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField(help_text="UTC")
    timezone = models.CharField(max_length=64, default="America/New_York", validators=[validate_timezone])
    duration_minutes = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(5), MaxValueValidator(24 * 60)]
    )
    link = models.URLField("meeting link or page", max_length=500, blank=True)
    programs = models.ManyToManyField("programs.TrackedProgram", blank=True, related_name="outreach_events")
    contacts = models.ManyToManyField("outreach.Contact", blank=True, related_name="events")
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["workspace", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def local_start(self):
        """The start in the event's own time zone."""
        return self.starts_at.astimezone(self.zone)

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @transaction.atomic
    def delete_with_facts(self) -> None:
        """Delete the event, its answers and the facts confirmed at it (their source would be gone)."""
        self.confirmations.all().delete_facts()
        self.delete()


class Answer(models.Model):
    """What one program answered to one bank question, heard at one event or read in one reply."""

    workspace = models.ForeignKey(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="outreach_answers"
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    tracked = models.ForeignKey(
        "programs.TrackedProgram", on_delete=models.CASCADE, related_name="outreach_answers"
    )
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.CASCADE, related_name="answers")
    message = models.ForeignKey(
        "outreach.Message", null=True, blank=True, on_delete=models.CASCADE, related_name="answers"
    )
    text = models.TextField()
    answered_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-answered_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "tracked", "event"],
                condition=Q(event__isnull=False),
                name="outreach_answer_event_unique",
            ),
            models.UniqueConstraint(
                fields=["question", "tracked", "message"],
                condition=Q(message__isnull=False),
                name="outreach_answer_message_unique",
            ),
            models.CheckConstraint(
                condition=Q(event__isnull=True) ^ Q(message__isnull=True), name="outreach_answer_one_source"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def source_label(self) -> str:
        if self.event_id:
            return self.event.get_kind_display()
        return "Email reply"

    @property
    def source_title(self) -> str:
        if self.event_id:
            return self.event.title
        return self.message.sender or self.message.subject


class ConfirmationQuerySet(models.QuerySet):
    def delete_facts(self) -> int:
        """Delete the facts these confirmations wrote (the confirmations go with them)."""
        from programs.models import ProgramFact

        deleted, _ = ProgramFact.objects.filter(pk__in=self.values("fact_id")).delete()
        return deleted


class Confirmation(models.Model):
    """The link between a fact the applicant confirmed and the reply or event it came from."""

    workspace = models.ForeignKey(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="outreach_confirmations"
    )
    tracked = models.ForeignKey(
        "programs.TrackedProgram", on_delete=models.CASCADE, related_name="outreach_confirmations"
    )
    fact = models.OneToOneField("programs.ProgramFact", on_delete=models.CASCADE, related_name="+")
    message = models.ForeignKey(
        "outreach.Message", null=True, blank=True, on_delete=models.CASCADE, related_name="confirmations"
    )
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.CASCADE, related_name="confirmations"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ConfirmationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Confirmation {self.pk}"

    @property
    def summary(self) -> str:
        from programs.facts import REGISTRY

        return " · ".join(
            f"{REGISTRY[key].label}: {REGISTRY[key].display(value)}"
            for key, value in self.fact.values.items()
            if key in REGISTRY
        )
