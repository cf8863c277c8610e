"""Filling the workspace's email templates: plain ``{placeholder}`` substitution from a fixed dict.

Templates are user text, so they are never rendered as Django (or ``str.format``) templates: only
the names below are replaced, anything else in braces is left exactly as written.
"""

import re

from accounts.choices import VisaNeed

PLACEHOLDERS = {
    "program": "the program's name",
    "institution": "the sponsoring institution",
    "city": "the program's city and state",
    "contact_name": "the contact's name (or “Program Coordinator”)",
    "season": "the Match year of this workspace, e.g. 2027",
    "application_year": "the year you apply, e.g. 2026",
    "training_start": "when training starts, e.g. July 2027",
    "my_name": "your name from the profile",
    "my_country": "your country of citizenship",
    "my_school": "your medical school",
    "my_graduation_year": "your year of graduation",
    "my_step2ck": "your Step 2 CK score",
    "my_visa_need": "the visa you need",
}
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def fill(text: str, values: dict[str, str]) -> str:
    """Replace the known ``{name}`` placeholders; unknown ones and other braces stay as they are."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def placeholder_values(workspace, tracked=None, contact=None, user=None) -> dict[str, str]:
    """The fixed dict of values for one email: from the profile, the program and the contact."""
    profile = workspace.profile
    program = tracked.program if tracked is not None else None
    visa = VisaNeed(profile.visa_need).label if profile.visa_need else ""
    my_name = profile.full_name or (user.get_full_name() if user is not None else "") or ""
    return {
        "program": program.name if program else "{program}",
        "institution": (program.institution or program.name) if program else "{institution}",
        "city": program.location if program else "{city}",
        "contact_name": (contact.name if contact is not None and contact.name else "Program Coordinator"),
        "season": str(workspace.season),
        "application_year": str(workspace.season - 1),
        "training_start": f"July {workspace.season}",
        "my_name": my_name or "{my_name}",
        "my_country": profile.citizenship_country or "{my_country}",
        "my_school": profile.medical_school or "{my_school}",
        "my_graduation_year": str(profile.graduation_year or "{my_graduation_year}"),
        "my_step2ck": str(profile.step2ck_score or "{my_step2ck}"),
        "my_visa_need": visa or "{my_visa_need}",
    }
