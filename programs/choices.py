"""Vocabularies of the programs app: source kinds (with their authority), stages, specialty kinds."""

from django.db import models


class SourceKind(models.TextChoices):
    FREIDA = "freida", "FREIDA"
    ACGME = "acgme", "ACGME"
    ERAS = "eras", "ERAS"
    NRMP = "nrmp", "NRMP"
    SPREADSHEET = "spreadsheet", "Spreadsheet import"
    WEBSITE = "website", "Program website"
    COORDINATOR_EMAIL = "coordinator_email", "Coordinator email"
    PHONE = "phone", "Phone call with the program"
    OPEN_HOUSE = "open_house", "Open house"
    INTERVIEW = "interview", "Interview"
    RESIDENT = "resident", "Current resident or alumnus"
    OTHER = "other", "Other"
    DEMO = "demo", "Demo data (not real)"


# How much a source is trusted when two report the same key on the same date (DESIGN §3): a direct
# confirmation from the program outranks its website, which outranks FREIDA/ACGME-style imports.
SOURCE_RANK = {
    SourceKind.COORDINATOR_EMAIL: 40,
    SourceKind.PHONE: 40,
    SourceKind.INTERVIEW: 35,
    SourceKind.OPEN_HOUSE: 35,
    SourceKind.WEBSITE: 30,
    SourceKind.RESIDENT: 20,
    SourceKind.FREIDA: 10,
    SourceKind.ACGME: 10,
    SourceKind.ERAS: 10,
    SourceKind.NRMP: 10,
    SourceKind.SPREADSHEET: 10,
    SourceKind.OTHER: 5,
    SourceKind.DEMO: 0,
}

# A direct confirmation from the program: it settles what older sources said (no conflict flag).
DIRECT_SOURCES = (SourceKind.COORDINATOR_EMAIL, SourceKind.PHONE, SourceKind.INTERVIEW, SourceKind.OPEN_HOUSE)

IMPORT_SOURCES = (
    SourceKind.FREIDA,
    SourceKind.ACGME,
    SourceKind.ERAS,
    SourceKind.NRMP,
    SourceKind.SPREADSHEET,
)
# What an applicant can pick when adding a fact by hand.
MANUAL_SOURCES = (
    SourceKind.WEBSITE,
    SourceKind.COORDINATOR_EMAIL,
    SourceKind.PHONE,
    SourceKind.OPEN_HOUSE,
    SourceKind.INTERVIEW,
    SourceKind.RESIDENT,
    SourceKind.OTHER,
)


class Stage(models.TextChoices):
    LONG_LIST = "long_list", "Long list"
    SHORT_LIST = "short_list", "Short list"
    APPLIED = "applied", "Applied"
    INTERVIEW_INVITED = "interview_invited", "Interview invited"
    INTERVIEWED = "interviewed", "Interviewed"
    RANKED = "ranked", "Ranked"
    WITHDRAWN = "withdrawn", "Withdrawn"
    EXCLUDED = "excluded", "Excluded"


ACTIVE_STAGES = (
    Stage.LONG_LIST,
    Stage.SHORT_LIST,
    Stage.APPLIED,
    Stage.INTERVIEW_INVITED,
    Stage.INTERVIEWED,
    Stage.RANKED,
)
CLOSED_STAGES = (Stage.WITHDRAWN, Stage.EXCLUDED)


class SpecialtyKind(models.TextChoices):
    RESIDENCY = "residency", "Residency"
    FELLOWSHIP = "fellowship", "Fellowship / subspecialty"
    COMBINED = "combined", "Combined program"


class ApplicationCycle(models.TextChoices):
    """Which application season a specialty recruits in (ERAS PAR, ERAS 2027)."""

    RESIDENCY = "residency", "ERAS residency season (NRMP Main Match)"
    FELLOWSHIP_JULY = "fellowship_july", "ERAS fellowships, July cycle"
    FELLOWSHIP_DECEMBER = "fellowship_december", "ERAS fellowships, December cycle"
    OTHER = "other", "Not in ERAS (apply to the program directly)"
