"""The shared program catalog, facts with their sources, imports, and each workspace's tracked list."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Case, F, Q, Value, When
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce, Concat
from django.utils import timezone

from accounts.choices import STATE_NAMES, region_of

from .choices import ACTIVE_STAGES, ApplicationCycle, SourceKind, SpecialtyKind, Stage


class Specialty(models.Model):
    """An ACGME specialty, keyed by its 3-digit code (the first digits of a program number)."""

    code = models.CharField(max_length=3, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=SpecialtyKind.choices)
    application_cycle = models.CharField(max_length=24, choices=ApplicationCycle.choices)
    aliases = models.JSONField(default=list, blank=True, help_text="Names used by ACGME, ERAS, NRMP, FREIDA")
    parent_code = models.CharField(max_length=3, blank=True, help_text="Core specialty of a subspecialty")
    requires_prior_gme = models.BooleanField(
        default=False, help_text="Entry needs prior residency training (e.g. standalone MGG, 130)"
    )
    is_genetics = models.BooleanField(default=False)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "specialties"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def short_name(self) -> str:
        return self.aliases[0] if self.aliases else self.name


def program_label(path: str):
    """:attr:`Program.label` computed by the database, for programs reached through ``path``
    (``"tracked__program"``): for rows read as values."""
    name, specialty = F(f"{path}__name"), f"{path}__specialty"
    short_name = Coalesce(
        KeyTextTransform("0", f"{specialty}__aliases"),
        F(f"{specialty}__name"),
        output_field=models.CharField(),
    )
    return Case(
        When(**{f"{specialty}__isnull": True}, then=name),
        default=Concat(name, Value(" · "), short_name),
        output_field=models.CharField(),
    )


class ProgramQuerySet(models.QuerySet):
    def catalog(self) -> "ProgramQuerySet":
        return self.filter(workspace__isnull=True)

    def visible_to(self, workspace) -> "ProgramQuerySet":
        """The catalog plus the workspace's own manual programs."""
        return self.filter(Q(workspace__isnull=True) | Q(workspace=workspace))


class Program(models.Model):
    """A residency program. Shared by everyone, except manual programs (no number) of one workspace."""

    number = models.CharField(
        "ACGME program number", max_length=10, null=True, blank=True, help_text="10 digits, kept as text"
    )
    name = models.CharField(max_length=300)
    institution = models.CharField("sponsoring institution", max_length=300, blank=True)
    city = models.CharField(max_length=120, blank=True)
    state = models.CharField(max_length=2, blank=True, choices=sorted(STATE_NAMES.items()))
    specialty = models.ForeignKey(
        Specialty, null=True, blank=True, on_delete=models.PROTECT, related_name="programs"
    )
    workspace = models.ForeignKey(
        "accounts.Workspace",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="manual_programs",
        help_text="Set only for a program added by hand without a number; it stays private to that workspace.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=Q(number__isnull=False), name="program_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(workspace__isnull=True) | Q(number__isnull=True),
                name="manual_program_has_no_number",
            ),
        ]
        indexes = [models.Index(fields=["specialty", "state"]), models.Index(fields=["state"])]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name with the specialty: an institution's tracks share a name (Baylor's Pediatrics and
        Internal Medicine/Medical Genetics programs are both "Baylor College of Medicine Program"), so
        wherever a program is named in plain text (choices, messages, reminders, downloads) use this.
        Load ``specialty`` with the program when naming many."""
        return f"{self.name} · {self.specialty.short_name}" if self.specialty_id else self.name

    @property
    def is_manual(self) -> bool:
        return self.workspace_id is not None

    @property
    def region(self) -> str | None:
        return region_of(self.state)

    @property
    def location(self) -> str:
        return ", ".join(part for part in (self.city, self.state) if part)

    @property
    def freida_url(self) -> str:
        return f"https://freida.ama-assn.org/program/{self.number}" if self.number else ""


class ImportBatch(models.Model):
    """One uploaded file: what was detected, how columns were mapped, what it did, and its errors."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", "Previewed (waiting for confirmation)"
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Failed"
        REFUSED = "refused", "Refused"
        UNDONE = "undone", "Undone"
        EXPIRED = "expired", "Expired (not confirmed)"

    class Kind(models.TextChoices):
        PROGRAMS = "programs", "Programs and facts"
        NRMP = "nrmp", "NRMP match figures"

    workspace = models.ForeignKey(
        "accounts.Workspace", null=True, blank=True, on_delete=models.CASCADE, related_name="import_batches"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file_name = models.CharField(max_length=255, help_text="As uploaded; shown escaped, never used as a path")
    stored_file = models.CharField(max_length=255, blank=True, help_text="Relative to PRIVATE_UPLOAD_DIR")
    file_size = models.PositiveIntegerField(default=0)
    file_sha256 = models.CharField(max_length=64, blank=True)
    detected_format = models.CharField(max_length=8, blank=True)
    encoding = models.CharField(max_length=20, blank=True)
    delimiter = models.CharField(max_length=4, blank=True)
    header_signature = models.CharField(max_length=64, blank=True)
    column_mapping = models.JSONField(default=dict, blank=True)
    ignored_columns = models.JSONField(default=list, blank=True)
    source_kind = models.CharField(max_length=24, choices=SourceKind.choices, default=SourceKind.SPREADSHEET)
    observed_on = models.DateField(
        null=True, blank=True, help_text="Date of the data (defaults to the import)"
    )
    rows_total = models.PositiveIntegerField(default=0)
    rows_new = models.PositiveIntegerField(default=0)
    rows_updated = models.PositiveIntegerField(default=0)
    rows_unchanged = models.PositiveIntegerField(default=0)
    rows_invalid = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PREVIEWED)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.PROGRAMS)
    message = models.CharField(
        max_length=1000,
        blank=True,
        help_text="Why the file was refused, or what stops it from being confirmed",
    )
    skip_invalid = models.BooleanField(
        default=False, help_text="Confirmed with its invalid rows left out (the person chose to)"
    )
    preview = models.JSONField(
        default=dict, blank=True, help_text="First rows as they will be stored, notes and write counts"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undo_report = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["workspace", "-created_at"]),
            models.Index(fields=["status", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_catalog(self) -> bool:
        return self.workspace_id is None

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED, self.Status.REFUSED, self.Status.UNDONE,
                               self.Status.EXPIRED}  # fmt: skip

    @property
    def is_in_progress(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}

    @property
    def can_undo(self) -> bool:
        return self.status == self.Status.DONE and self.kind == self.Kind.PROGRAMS


class ColumnMapping(models.Model):
    """A column mapping the user chose, remembered for the next file with the same headers."""

    workspace = models.ForeignKey(
        "accounts.Workspace", null=True, blank=True, on_delete=models.CASCADE, related_name="column_mappings"
    )
    header_signature = models.CharField(max_length=64)
    mapping = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "header_signature"], name="column_mapping_unique"),
        ]

    def __str__(self) -> str:
        return f"Mapping {self.header_signature[:8]}"


class SpecialtyStat(models.Model):
    """NRMP Main Match figures for one specialty and year (positions, applicants and matches by type)."""

    specialty = models.ForeignKey(
        Specialty, null=True, blank=True, on_delete=models.CASCADE, related_name="stats"
    )
    nrmp_label = models.CharField(max_length=200, help_text="The specialty as the NRMP table names it")
    year = models.PositiveSmallIntegerField()
    programs = models.PositiveIntegerField(null=True, blank=True)
    positions_offered = models.PositiveIntegerField(null=True, blank=True)
    unfilled = models.PositiveIntegerField(null=True, blank=True, help_text="Unfilled positions")
    unfilled_programs = models.PositiveIntegerField(null=True, blank=True)
    applicants_total = models.PositiveIntegerField(null=True, blank=True)
    matches_total = models.PositiveIntegerField(null=True, blank=True)
    applicants_us_md = models.PositiveIntegerField(null=True, blank=True)
    matches_us_md = models.PositiveIntegerField(null=True, blank=True)
    applicants_us_do = models.PositiveIntegerField(null=True, blank=True)
    matches_us_do = models.PositiveIntegerField(null=True, blank=True)
    applicants_us_img = models.PositiveIntegerField(null=True, blank=True)
    matches_us_img = models.PositiveIntegerField(null=True, blank=True)
    applicants_non_us_img = models.PositiveIntegerField(null=True, blank=True)
    matches_non_us_img = models.PositiveIntegerField(null=True, blank=True)
    source = models.CharField(max_length=300, blank=True)
    batch = models.ForeignKey(
        "ImportBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="stats"
    )

    class Meta:
        ordering = ["-year", "nrmp_label"]
        constraints = [models.UniqueConstraint(fields=["nrmp_label", "year"], name="specialty_stat_unique")]

    def __str__(self) -> str:
        return f"{self.nrmp_label} {self.year}"


class ProgramFactQuerySet(models.QuerySet):
    def visible_to(self, workspace) -> "ProgramFactQuerySet":
        """Catalog facts (workspace null) plus the workspace's own."""
        return self.filter(Q(workspace__isnull=True) | Q(workspace=workspace))


class ProgramFact(models.Model):
    """One observation of a program: the values one source gave on one date, with where it came from.

    ``values`` maps fact keys (``programs.facts.REGISTRY``) to JSON values; a key that the source did
    not report is absent, never false. ``workspace`` null means a catalog fact seen by everyone.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="facts")
    workspace = models.ForeignKey(
        "accounts.Workspace", null=True, blank=True, on_delete=models.CASCADE, related_name="program_facts"
    )
    values = models.JSONField(default=dict)
    source_kind = models.CharField(max_length=24, choices=SourceKind.choices)
    source_detail = models.CharField(
        max_length=500, blank=True, help_text="e.g. the file, the sender, the page"
    )
    source_url = models.CharField(
        max_length=500, blank=True, help_text="A web page, or a link to the message"
    )
    observed_on = models.DateField(help_text="When the source said it")
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.CASCADE, related_name="facts"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProgramFactQuerySet.as_manager()

    class Meta:
        ordering = ["-observed_on", "-id"]
        indexes = [
            models.Index(fields=["program", "workspace"]),
            models.Index(fields=["workspace", "program"]),
        ]

    def __str__(self) -> str:
        return f"{self.program} · {self.get_source_kind_display()} · {self.observed_on}"


class Tag(models.Model):
    """A free label the applicant puts on tracked programs (e.g. "strong research", "family nearby")."""

    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(max_length=40)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="tag_unique")]

    def __str__(self) -> str:
        return self.name


class SavedFilter(models.Model):
    """A named set of list filters (the query string), shared by the workspace's members."""

    workspace = models.ForeignKey(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="saved_filters"
    )
    name = models.CharField(max_length=80)
    query = models.CharField(max_length=1000, help_text="The list page's query string")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="saved_filter_unique")]

    def __str__(self) -> str:
        return self.name


class TrackedProgramQuerySet(models.QuerySet):
    def for_workspace(self, workspace) -> "TrackedProgramQuerySet":
        return self.filter(workspace=workspace)

    def active(self) -> "TrackedProgramQuerySet":
        return self.filter(stage__in=ACTIVE_STAGES)

    def in_stage(self, *stages: str) -> "TrackedProgramQuerySet":
        return self.filter(stage__in=stages)

    def with_program(self) -> "TrackedProgramQuerySet":
        return self.select_related("program", "program__specialty")

    @transaction.atomic
    def move_to(self, stage: str, *, by=None, reason: str = "") -> int:
        """Move every row of this queryset to ``stage`` in a constant number of queries; returns the count."""
        now = timezone.now()
        rows = list(self.exclude(stage=stage).values_list("pk", "stage"))
        if not rows:
            return 0
        StageChange.objects.bulk_create(
            StageChange(
                tracked_id=pk, from_stage=old, to_stage=stage, changed_at=now, changed_by=by, note=reason
            )
            for pk, old in rows
        )
        excluded_reason = reason if stage == Stage.EXCLUDED else ""
        TrackedProgram.objects.filter(pk__in=[pk for pk, _ in rows]).update(
            stage=stage, stage_changed_at=now, excluded_reason=excluded_reason, updated_at=now
        )
        return len(rows)


class TrackedProgram(models.Model):
    """A program in a workspace's list: the row of the applicant's old spreadsheet."""

    workspace = models.ForeignKey(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="tracked_programs"
    )
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="tracked")
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.LONG_LIST)
    stage_changed_at = models.DateTimeField(default=timezone.now)
    excluded_reason = models.CharField(max_length=300, blank=True)
    interest = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="1 (low) to 5",
    )
    notes = models.TextField(blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="tracked_programs")
    source_batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="tracked_programs"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TrackedProgramQuerySet.as_manager()

    class Meta:
        ordering = ["program__name"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "program"], name="tracked_program_unique")
        ]
        indexes = [models.Index(fields=["workspace", "stage"])]

    def __str__(self) -> str:
        return f"{self.program} ({self.get_stage_display()})"

    def move_to(self, stage: str, *, by=None, reason: str = "") -> bool:
        """Change the stage and record it; False when it already was there."""
        if stage == self.stage:
            return False
        TrackedProgram.objects.filter(pk=self.pk).move_to(stage, by=by, reason=reason)
        self.refresh_from_db(fields=["stage", "stage_changed_at", "excluded_reason", "updated_at"])
        return True


class StageChange(models.Model):
    """The small history of a tracked program's stage."""

    tracked = models.ForeignKey(TrackedProgram, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=20, choices=Stage.choices)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.from_stage} → {self.to_stage}"
