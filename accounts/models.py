"""Users (email login), workspaces (the unit of privacy), memberships and the applicant profile."""

import uuid
import zoneinfo
from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.deconstruct import deconstructible

from .choices import (
    STATE_NAMES,
    Citizenship,
    EcfmgStatus,
    Interest,
    Region,
    Step3Status,
    StepResult,
    VisaNeed,
)


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"{value!r} is not a known time zone (for example America/New_York).")


class UserManager(DjangoUserManager):
    """Users are identified by email; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):  # type: ignore[override]
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):  # type: ignore[override]
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):  # type: ignore[override]
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None  # type: ignore[assignment]
    email = models.EmailField("email address", unique=True)
    timezone = models.CharField(
        max_length=64,
        default=settings.SHORTLIST_DEFAULT_USER_TIMEZONE,
        validators=[validate_timezone],
        help_text="Dates and reminders are shown in this time zone.",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.email


def default_season() -> int:
    """The NRMP Match year an applicant prepares for today: ERAS opens in June for next year's Match."""
    today = timezone.localdate()
    return today.year + 1 if today.month >= 6 else today.year


class WorkspaceQuerySet(models.QuerySet):
    def for_user(self, user) -> "WorkspaceQuerySet":
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)


class Workspace(models.Model):
    """One applicant's research for one season; every private row belongs to exactly one."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=120)
    season = models.PositiveSmallIntegerField(
        default=default_season,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="The year of the Match you are applying for (e.g. 2027 for training starting July 2027).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WorkspaceQuerySet.as_manager()

    class Meta:
        ordering = ["-season", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def season_label(self) -> str:
        return f"{self.season} Match (applications from {self.season - 1})"

    @classmethod
    @transaction.atomic
    def create_for(cls, user, name: str, season: int | None = None) -> "Workspace":
        """Create a workspace owned by ``user``, with its (empty) applicant profile."""
        workspace = cls.objects.create(name=name, season=season or default_season())
        Membership.objects.create(workspace=workspace, user=user, role=Membership.Role.OWNER)
        ApplicantProfile.objects.create(workspace=workspace)
        return workspace

    def add_member(self, user, role: str) -> "Membership":
        return Membership.objects.create(workspace=self, user=user, role=role)


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", "Owner"
        EDITOR = "editor", "Editor"
        VIEWER = "viewer", "Viewer (read-only)"

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "user"], name="membership_unique")]
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.user} is {self.get_role_display()} of {self.workspace}"

    @property
    def can_write(self) -> bool:
        return self.role in (self.Role.OWNER, self.Role.EDITOR)

    @property
    def is_owner(self) -> bool:
        return self.role == self.Role.OWNER


def _validate_graduation_year(value: int) -> None:
    latest = date.today().year + 2
    if not 1950 <= value <= latest:
        raise ValidationError(f"Enter a graduation year between 1950 and {latest}.")


@deconstructible
class ChoiceListValidator:
    """Checks that a JSON list holds only known codes (states, regions, interests)."""

    def __init__(self, allowed: list[str], label: str):
        self.allowed = list(allowed)
        self.label = label

    def __call__(self, value) -> None:
        if not isinstance(value, list):
            raise ValidationError(f"Expected a list of {self.label}s.")
        unknown = [v for v in value if v not in self.allowed]
        if unknown:
            raise ValidationError(f"Unknown {self.label}: {', '.join(map(str, unknown))}.")

    def __eq__(self, other) -> bool:
        return isinstance(other, ChoiceListValidator) and (self.allowed, self.label) == (
            other.allowed,
            other.label,
        )


USMLE_SCORE = [MinValueValidator(1), MaxValueValidator(300)]


class ApplicantProfile(models.Model):
    """What programs judge the applicant by; one per workspace."""

    workspace = models.OneToOneField(Workspace, on_delete=models.CASCADE, related_name="profile")
    full_name = models.CharField(max_length=120, blank=True)
    citizenship_country = models.CharField("country of citizenship", max_length=80, blank=True)
    medical_school = models.CharField(max_length=200, blank=True)
    medical_school_country = models.CharField(max_length=80, blank=True)

    citizenship = models.CharField(
        "citizenship category",
        max_length=20,
        choices=Citizenship.choices,
        default=Citizenship.NON_US,
        help_text="The NRMP counts green-card holders as non-US IMGs; visa need is a separate question.",
    )
    visa_need = models.CharField(
        "visa needed for residency",
        max_length=10,
        choices=VisaNeed.choices,
        blank=True,
    )

    ecfmg_status = models.CharField(
        "ECFMG certification",
        max_length=20,
        choices=EcfmgStatus.choices,
        default=EcfmgStatus.NOT_STARTED,
    )
    ecfmg_certified_on = models.DateField("ECFMG certified on", null=True, blank=True)

    step1_result = models.CharField(
        "USMLE Step 1", max_length=10, choices=StepResult.choices, default=StepResult.NOT_TAKEN
    )
    step1_score = models.PositiveSmallIntegerField(
        "Step 1 score",
        null=True,
        blank=True,
        validators=USMLE_SCORE,
        help_text="Only for results from before pass/fail reporting (January 2022).",
    )
    step2ck_score = models.PositiveSmallIntegerField(
        "Step 2 CK score", null=True, blank=True, validators=USMLE_SCORE
    )
    step3_status = models.CharField(
        "USMLE Step 3", max_length=12, choices=Step3Status.choices, default=Step3Status.NOT_PLANNED
    )
    step3_date = models.DateField(
        "Step 3 date",
        null=True,
        blank=True,
        help_text="The planned exam date, or the date you passed.",
    )
    failed_attempts = models.PositiveSmallIntegerField(
        "failed USMLE attempts",
        default=0,
        validators=[MaxValueValidator(20)],
        help_text="Total failed attempts across all Steps (0 if every Step was passed first time).",
    )
    graduation_year = models.PositiveSmallIntegerField(
        "year of medical school graduation",
        null=True,
        blank=True,
        validators=[_validate_graduation_year],
    )
    usce_hands_on_months = models.DecimalField(
        "hands-on US clinical experience (months)",
        max_digits=4,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(120)],
    )
    observership_months = models.DecimalField(
        "US observerships (months)",
        max_digits=4,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(120)],
    )

    genetics_research_projects = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(500)]
    )
    genetics_posters = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(500)])
    genetics_publications = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(500)])

    prior_residency_specialty = models.CharField("prior residency: specialty", max_length=120, blank=True)
    prior_residency_years = models.DecimalField(
        "prior residency: years completed",
        max_digits=3,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(15)],
    )
    prior_residency_where = models.CharField(
        "prior residency: institution and country", max_length=200, blank=True
    )
    prior_residency_acgme = models.BooleanField(
        "prior residency was ACGME-accredited (in the US)",
        default=False,
        help_text="Standalone Medical Genetics and Genomics usually needs prior ACGME training.",
    )

    interests = models.JSONField(
        default=list, blank=True, validators=[ChoiceListValidator(Interest.values, "interest")]
    )
    preferred_states = models.JSONField(
        default=list,
        blank=True,
        validators=[ChoiceListValidator(sorted(STATE_NAMES), "state code")],
    )
    preferred_regions = models.JSONField(
        default=list, blank=True, validators=[ChoiceListValidator(Region.values, "region")]
    )
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Profile of {self.workspace}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.citizenship != Citizenship.NON_US and self.visa_need not in ("", VisaNeed.NONE):
            errors["visa_need"] = (
                "US citizens and permanent residents do not need a visa: choose “No visa needed”."
            )
        if self.step1_score is not None and self.step1_result != StepResult.PASS:
            errors["step1_score"] = "A Step 1 score only makes sense for a passed Step 1."
        if self.step3_status == Step3Status.PLANNED and not self.step3_date:
            errors["step3_date"] = "Give the planned Step 3 date, even an approximate one."
        if self.step3_status == Step3Status.PASSED and self.step3_date and self.step3_date > date.today():
            errors["step3_date"] = "A passed Step 3 cannot have a date in the future."
        if (
            self.ecfmg_status == EcfmgStatus.CERTIFIED
            and self.ecfmg_certified_on
            and self.ecfmg_certified_on > date.today()
        ):
            errors["ecfmg_certified_on"] = "The certification date cannot be in the future."
        if self.prior_residency_years and not self.prior_residency_specialty:
            errors["prior_residency_specialty"] = "Name the specialty of your prior residency."
        if errors:
            raise ValidationError(errors)

    @property
    def has_prior_residency(self) -> bool:
        return bool(self.prior_residency_years)

    @property
    def usce_months(self):
        return self.usce_hands_on_months + self.observership_months

    COMPLETENESS_FIELDS = (
        ("visa_need", "your visa need"),
        ("graduation_year", "your graduation year"),
        ("step1_result", "your Step 1 result"),
        ("step2ck_score", "your Step 2 CK score"),
        ("step3_status", "your Step 3 plans"),
        ("ecfmg_status", "your ECFMG certification status"),
        ("usce", "your US clinical experience"),
        ("interests", "your interests in genetics"),
        ("preferred_locations", "preferred states or regions"),
        ("medical_school", "your medical school"),
    )

    def missing_items(self) -> list[str]:
        """Labels of the profile answers still missing, in the order they matter to eligibility."""
        filled = {
            "visa_need": bool(self.visa_need),
            "graduation_year": self.graduation_year is not None,
            "step1_result": self.step1_result != StepResult.NOT_TAKEN,
            "step2ck_score": self.step2ck_score is not None,
            "step3_status": self.step3_status != Step3Status.NOT_PLANNED
            or self.visa_need in (VisaNeed.J1, VisaNeed.NONE),
            "ecfmg_status": self.ecfmg_status != EcfmgStatus.NOT_STARTED,
            "usce": bool(self.usce_months),
            "interests": bool(self.interests),
            "preferred_locations": bool(self.preferred_states or self.preferred_regions),
            "medical_school": bool(self.medical_school),
        }
        return [label for key, label in self.COMPLETENESS_FIELDS if not filled[key]]

    @property
    def completeness(self) -> int:
        """Share of the profile filled in, as a whole percentage."""
        total = len(self.COMPLETENESS_FIELDS)
        return round(100 * (total - len(self.missing_items())) / total)
