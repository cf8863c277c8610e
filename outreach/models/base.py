"""Per-workspace outreach settings, contacts and the editable email templates."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction

from ..choices import ContactRole


class OutreachSettings(models.Model):
    """The workspace's outreach switches; created (with the seeded templates and questions) on first use."""

    workspace = models.OneToOneField(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="outreach_settings"
    )
    no_reply_days = models.PositiveSmallIntegerField(
        "no reply after (days)",
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text="An email unanswered for this many days counts as “no reply” (and is due a follow-up).",
    )
    follow_up_again_days = models.PositiveSmallIntegerField(
        "remind again after (days)",
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text="If there is still no reply, a second and last reminder comes this many days after the first.",
    )
    send_from_app = models.BooleanField(
        "send emails through Shortlist",
        default=False,
        help_text="Off: you send from your own mail app and log the date. On: a “Send now” button "
        "sends through Shortlist's mail server, with your address as Reply-To.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "outreach settings"

    def __str__(self) -> str:
        return f"Outreach settings of {self.workspace}"

    @classmethod
    def for_workspace(cls, workspace) -> "OutreachSettings":
        """The workspace's settings; the first call seeds its email templates and question bank."""
        found = cls.objects.filter(workspace=workspace).first()
        if found is not None:
            return found
        from ..seeds import seed_workspace

        try:
            with transaction.atomic():
                created = cls.objects.create(workspace=workspace)
                seed_workspace(workspace)
        except IntegrityError:  # a concurrent request seeded it first
            return cls.objects.get(workspace=workspace)
        return created


class ContactQuerySet(models.QuerySet):
    def with_program(self) -> "ContactQuerySet":
        return self.select_related("tracked__program__specialty")


class Contact(models.Model):
    """A person the applicant talks to about a program: coordinator, director, resident, alumnus …"""

    workspace = models.ForeignKey(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="outreach_contacts"
    )
    tracked = models.ForeignKey(
        "programs.TrackedProgram",
        verbose_name="program",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outreach_contacts",
    )
    role = models.CharField(max_length=24, choices=ContactRole.choices, default=ContactRole.COORDINATOR)
    name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    profile_url = models.URLField("LinkedIn or other profile", max_length=500, blank=True)
    how_known = models.CharField("how you know them", max_length=200, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["workspace", "tracked"])]

    def __str__(self) -> str:
        return self.name

    @property
    def formatted_address(self) -> str:
        """``Name <address>`` for a To: line."""
        from email.headerregistry import Address

        if not self.email:
            return ""
        try:
            return str(Address(display_name=self.name, addr_spec=self.email))
        except (ValueError, IndexError):
            return self.email


class EmailTemplate(models.Model):
    """A workspace's reusable email, filled by plain ``{placeholder}`` substitution (never a Django template)."""

    workspace = models.ForeignKey(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="outreach_templates"
    )
    name = models.CharField(max_length=120)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "name", "id"]

    def __str__(self) -> str:
        return self.name
