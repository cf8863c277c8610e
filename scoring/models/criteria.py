"""Criteria (the workspace's weighted rubric) and the applicant's 1–5 ratings of tracked programs."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Q

from ..choices import CriterionKind
from ..seeds import STANDARD_CRITERIA

WEIGHT_MAX = 5
RATING = [MinValueValidator(1), MaxValueValidator(5)]


class Criterion(models.Model):
    """One thing the applicant weighs (0–5); seeded criteria carry the slug their derivation uses."""

    workspace = models.ForeignKey(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="scoring_criteria"
    )
    name = models.CharField(max_length=120)
    slug = models.SlugField(
        max_length=40, blank=True, help_text="Set on the seeded criteria; ties one to its derived rating"
    )
    kind = models.CharField(max_length=12, choices=CriterionKind.choices, default=CriterionKind.SUBJECTIVE)
    weight = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(0), MaxValueValidator(WEIGHT_MAX)],
        help_text="0 (ignore) to 5 (matters most)",
    )
    description = models.CharField(max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)
    retired = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["retired", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "slug"], condition=~Q(slug=""), name="scoring_criterion_slug_unique"
            ),
            models.CheckConstraint(condition=Q(weight__lte=WEIGHT_MAX), name="scoring_criterion_weight_max"),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def seed(cls, workspace) -> None:
        """The standard criteria, for a new workspace (``scoring.receivers``) or one that has none."""
        try:
            with transaction.atomic():
                cls.objects.bulk_create(
                    cls(workspace=workspace, slug=slug, name=name, kind=kind, weight=weight,
                        description=description, position=index)
                    for index, (slug, name, kind, weight, description) in enumerate(STANDARD_CRITERIA, 1)
                )  # fmt: skip
        except IntegrityError:  # a concurrent request seeded them first
            pass

    @classmethod
    def all_for(cls, workspace) -> list["Criterion"]:
        """Every criterion of the workspace (retired last). Workspaces get the standard ones when they
        are created; one without any (made before scoring existed, or in bulk) gets them here."""
        found = list(cls.objects.filter(workspace=workspace))
        if found:
            return found
        cls.seed(workspace)
        return list(cls.objects.filter(workspace=workspace))

    @classmethod
    def active_for(cls, workspace) -> list["Criterion"]:
        return [c for c in cls.all_for(workspace) if not c.retired]

    @classmethod
    def next_position(cls, workspace) -> int:
        top = cls.objects.filter(workspace=workspace).aggregate(top=models.Max("position"))["top"]
        return (top or 0) + 1

    @classmethod
    def set_weights(cls, changed: dict["Criterion", int]) -> None:
        """New weights for several criteria in one statement."""
        for criterion, weight in changed.items():
            criterion.weight = weight
        cls.objects.bulk_update(list(changed), ["weight"])

    def retire(self) -> None:
        self.retired = True
        self.save(update_fields=["retired"])

    def restore(self) -> None:
        self.retired, self.position = False, Criterion.next_position(self.workspace_id)
        self.save(update_fields=["retired", "position"])

    @property
    def is_objective(self) -> bool:
        return self.kind == CriterionKind.OBJECTIVE


class RatingQuerySet(models.QuerySet):
    def for_programs(self, workspace, tracked_ids) -> "RatingQuerySet":
        return self.filter(workspace=workspace, tracked_id__in=list(tracked_ids))


class Rating(models.Model):
    """The applicant's own 1–5 for one program and criterion; on a derived criterion, an override.

    ``derived_value`` keeps the derived rating the applicant saw when setting this one, so a later
    change of the facts can be shown ("the facts now say 2") without touching the override.
    """

    workspace = models.ForeignKey(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="scoring_ratings"
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="ratings")
    tracked = models.ForeignKey(
        "programs.TrackedProgram", on_delete=models.CASCADE, related_name="scoring_ratings"
    )
    value = models.PositiveSmallIntegerField(validators=RATING)
    note = models.CharField(max_length=500, blank=True)
    derived_value = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=RATING, help_text="The derived rating when this one was set"
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RatingQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "tracked"], name="scoring_rating_unique"),
            models.CheckConstraint(condition=Q(value__gte=1, value__lte=5), name="scoring_rating_range"),
        ]
        indexes = [models.Index(fields=["workspace", "tracked"])]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"

    def acknowledge(self, derived: int | None) -> None:
        """Keep this rating although the facts changed: the current derived value becomes the baseline."""
        self.derived_value = derived
        self.save(update_fields=["derived_value", "updated_at"])
