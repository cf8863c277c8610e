import zoneinfo

from django import forms
from django.contrib.auth import get_user_model

from .choices import STATE_CHOICES, Interest, Region
from .models import ApplicantProfile, Membership, User, Workspace

# Grouped for the profile page; every field of ApplicantProfileForm appears in exactly one section.
PROFILE_SECTIONS = (
    (
        "About you",
        ("full_name", "citizenship_country", "medical_school", "medical_school_country", "graduation_year"),
    ),
    ("Citizenship and visa", ("citizenship", "visa_need")),
    (
        "Exams and certification",
        (
            "ecfmg_status",
            "ecfmg_certified_on",
            "step1_result",
            "step1_score",
            "step2ck_score",
            "step3_status",
            "step3_date",
            "failed_attempts",
        ),
    ),
    ("US clinical experience", ("usce_hands_on_months", "observership_months")),
    ("Genetics research", ("genetics_research_projects", "genetics_posters", "genetics_publications")),
    (
        "Prior residency training",
        (
            "prior_residency_specialty",
            "prior_residency_years",
            "prior_residency_where",
            "prior_residency_acgme",
        ),
    ),
    ("Interests and places", ("interests", "preferred_regions", "preferred_states")),
    ("Notes", ("notes",)),
)


class DateInput(forms.DateInput):
    input_type = "date"


class ApplicantProfileForm(forms.ModelForm):
    interests = forms.MultipleChoiceField(
        choices=Interest.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Interests in genetics",
    )
    preferred_regions = forms.MultipleChoiceField(
        choices=Region.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Preferred regions",
    )
    preferred_states = forms.MultipleChoiceField(
        choices=STATE_CHOICES,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "state-choice"}),
        required=False,
        label="Preferred states",
    )

    class Meta:
        model = ApplicantProfile
        fields = [name for _, names in PROFILE_SECTIONS for name in names]
        widgets = {
            "ecfmg_certified_on": DateInput(),
            "step3_date": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def sections(self):
        """(title, [bound fields]) pairs, for rendering the form in labelled groups."""
        return [(title, [self[name] for name in names]) for title, names in PROFILE_SECTIONS]


class WorkspaceForm(forms.ModelForm):
    class Meta:
        model = Workspace
        fields = ["name", "season"]


class InviteMemberForm(forms.Form):
    email = forms.EmailField(label="Email of an existing Shortlist user")
    role = forms.ChoiceField(
        choices=[
            (Membership.Role.VIEWER, "Viewer (read-only, e.g. a mentor)"),
            (Membership.Role.EDITOR, "Editor"),
        ],
        initial=Membership.Role.VIEWER,
    )

    def __init__(self, *args, workspace: Workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.workspace = workspace

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(
                "No Shortlist account uses this email. Ask them to sign up first, then invite them."
            )
        if self.workspace.memberships.filter(user=user).exists():
            raise forms.ValidationError("This person is already a member of the workspace.")
        self.cleaned_data["user"] = user
        return email


class MembershipRoleForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role"]


def _listed(tz: str) -> bool:
    return tz == "UTC" or ("/" in tz and not tz.startswith(("Etc/", "SystemV/", "posix", "right/")))


class PreferencesForm(forms.ModelForm):
    timezone = forms.ChoiceField(
        choices=[(tz, tz.replace("_", " ")) for tz in sorted(zoneinfo.available_timezones()) if _listed(tz)],
        help_text="Dates, deadlines and reminders are shown in this time zone.",
    )

    class Meta:
        model = User
        fields = ["first_name", "last_name", "timezone"]
