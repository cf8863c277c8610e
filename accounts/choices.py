"""Fixed vocabularies of the applicant profile, shared by forms, eligibility and scoring."""

from django.db import models


class Citizenship(models.TextChoices):
    NON_US = "non_us", "Not a US citizen or permanent resident"
    PERMANENT_RESIDENT = "permanent_resident", "US permanent resident (green card)"
    US_CITIZEN = "us_citizen", "US citizen"


class VisaNeed(models.TextChoices):
    J1 = "j1", "J-1 (sponsored by ECFMG)"
    H1B = "h1b", "H-1B"
    EITHER = "either", "Either J-1 or H-1B"
    NONE = "none", "No visa needed"


class EcfmgStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    CERTIFIED = "certified", "Certified"


class StepResult(models.TextChoices):
    NOT_TAKEN = "not_taken", "Not taken yet"
    PASS = "pass", "Passed"
    FAIL = "fail", "Failed (not yet passed)"


class Step3Status(models.TextChoices):
    NOT_PLANNED = "not_planned", "Not planned"
    PLANNED = "planned", "Planned"
    PASSED = "passed", "Passed"


class Interest(models.TextChoices):
    PEDIATRIC = "pediatric", "Pediatric genetics"
    ADULT = "adult", "Adult genetics"
    CANCER = "cancer", "Cancer genetics"
    METABOLIC = "metabolic", "Metabolic / biochemical"
    PRENATAL = "prenatal", "Prenatal / reproductive"
    NEURO = "neuro", "Neurogenetics"
    CARDIO = "cardio", "Cardiovascular genetics"
    DYSMORPHOLOGY = "dysmorphology", "Dysmorphology"
    LABORATORY = "laboratory", "Laboratory genetics"
    RESEARCH = "research", "Research"


class Region(models.TextChoices):
    NORTHEAST = "northeast", "Northeast"
    MIDWEST = "midwest", "Midwest"
    SOUTH = "south", "South"
    WEST = "west", "West"


# US Census regions; the two-letter codes follow USPS.
STATE_NAMES = {
    "AL": "Alabama",
    "AK": "Alaska",
    "AZ": "Arizona",
    "AR": "Arkansas",
    "CA": "California",
    "CO": "Colorado",
    "CT": "Connecticut",
    "DE": "Delaware",
    "DC": "District of Columbia",
    "FL": "Florida",
    "GA": "Georgia",
    "HI": "Hawaii",
    "ID": "Idaho",
    "IL": "Illinois",
    "IN": "Indiana",
    "IA": "Iowa",
    "KS": "Kansas",
    "KY": "Kentucky",
    "LA": "Louisiana",
    "ME": "Maine",
    "MD": "Maryland",
    "MA": "Massachusetts",
    "MI": "Michigan",
    "MN": "Minnesota",
    "MS": "Mississippi",
    "MO": "Missouri",
    "MT": "Montana",
    "NE": "Nebraska",
    "NV": "Nevada",
    "NH": "New Hampshire",
    "NJ": "New Jersey",
    "NM": "New Mexico",
    "NY": "New York",
    "NC": "North Carolina",
    "ND": "North Dakota",
    "OH": "Ohio",
    "OK": "Oklahoma",
    "OR": "Oregon",
    "PA": "Pennsylvania",
    "PR": "Puerto Rico",
    "RI": "Rhode Island",
    "SC": "South Carolina",
    "SD": "South Dakota",
    "TN": "Tennessee",
    "TX": "Texas",
    "UT": "Utah",
    "VT": "Vermont",
    "VA": "Virginia",
    "WA": "Washington",
    "WV": "West Virginia",
    "WI": "Wisconsin",
    "WY": "Wyoming",
}

STATE_REGION = {
    **dict.fromkeys(["CT", "ME", "MA", "NH", "RI", "VT", "NJ", "NY", "PA"], Region.NORTHEAST),
    **dict.fromkeys(["IL", "IN", "MI", "OH", "WI", "IA", "KS", "MN", "MO", "NE", "ND", "SD"], Region.MIDWEST),
    **dict.fromkeys(
        [
            "DE",
            "DC",
            "FL",
            "GA",
            "MD",
            "NC",
            "SC",
            "VA",
            "WV",
            "AL",
            "KY",
            "MS",
            "TN",
            "AR",
            "LA",
            "OK",
            "TX",
            "PR",
        ],
        Region.SOUTH,
    ),
    **dict.fromkeys(
        ["AZ", "CO", "ID", "MT", "NV", "NM", "UT", "WY", "AK", "CA", "HI", "OR", "WA"], Region.WEST
    ),
}

STATE_CHOICES = sorted(STATE_NAMES.items(), key=lambda item: item[1])


def region_of(state: str) -> str | None:
    """The Census region of a two-letter state code, or None when unknown."""
    return STATE_REGION.get((state or "").upper())
