"""The registry of program facts: every key a program can have, its type, label and import headers.

A value is stored as JSON in ``ProgramFact.values``; ``FactKey.parse`` turns what arrives (an import
cell, a form field, an email confirmation) into that JSON value and raises ``ValueError`` with a
message a person can act on. Blank input means "not reported" and gives ``None``, never "no".
"""

import ast
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

NOT_REPORTED = "not reported"

_TRUE = {"yes", "y", "true", "t", "1", "x", "✓", "✔", "sponsors", "accepted", "required"}
_FALSE = {"no", "n", "false", "f", "0", "none", "not accepted", "does not sponsor", "not required"}
_BLANK = {"", "-", "--", "n/a", "na", "none reported", "not reported", "unknown", "?", "nan", "null", "[]"}


def is_blank(raw) -> bool:
    if raw is None:
        return True
    if isinstance(raw, float) and math.isnan(raw):
        return True
    return isinstance(raw, str) and raw.strip().lower() in _BLANK


def _text(raw) -> str:
    return str(raw).strip()


def parse_bool(raw) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    lowered = _text(raw).lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError(f"“{_text(raw)}” is not yes or no")


def _number(raw) -> Decimal:
    if isinstance(raw, bool):
        raise ValueError("expected a number")
    if isinstance(raw, int | float):
        return Decimal(str(raw))
    cleaned = _NUMBER_NOISE.sub("", _text(raw))
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"“{_text(raw)}” is not a number") from None


def parse_int(raw) -> int:
    number = _number(raw)
    if number != number.to_integral_value():
        raise ValueError(f"“{_text(raw)}” is not a whole number")
    return int(number)


def parse_count(raw) -> int:
    value = parse_int(raw)
    if value < 0:
        raise ValueError(f"{value} cannot be negative")
    return value


def parse_percent(raw) -> float:
    value = float(_number(raw))
    if not 0 <= value <= 100:
        raise ValueError(f"{value:g}% is not between 0 and 100")
    return round(value, 2)


def parse_decimal(raw) -> float:
    value = float(_number(raw))
    if value < 0:
        raise ValueError(f"{value:g} cannot be negative")
    return round(value, 2)


def parse_score(raw) -> int:
    value = parse_int(raw)
    if not 1 <= value <= 300:
        raise ValueError(f"{value} is not a USMLE score (1–300)")
    return value


_DATE_FORMATS = ("%m/%d/%Y", "%m/%d/%y", "%Y-%m-%d", "%d %B %Y", "%B %d, %Y", "%b %d, %Y", "%Y/%m/%d")


def parse_date(raw) -> str:
    """ISO date string; accepts MM/DD/YYYY (ACGME), ISO dates and timestamps (FREIDA), Excel dates."""
    if isinstance(raw, datetime):
        return raw.date().isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    text = _text(raw)
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    raise ValueError(f"“{text}” is not a date (use MM/DD/YYYY or YYYY-MM-DD)")


def parse_list(raw) -> list[str]:
    """A list cell: ``['July', 'June']`` (scrapes), or values separated by ; | or newlines."""
    if isinstance(raw, list | tuple):
        items = raw
    else:
        text = _text(raw)
        if text.startswith("[") and text.endswith("]"):
            try:
                items = ast.literal_eval(text)
            except (ValueError, SyntaxError):
                items = text[1:-1].split(",")
        else:
            items = re.split(r"[;|\n]", text) if re.search(r"[;|\n]", text) else text.split(",")
    cleaned = []
    for item in items:
        value = item.get("value", "") if isinstance(item, dict) else item
        value = str(value).strip().strip("'\"").strip()
        if value and value not in cleaned:
            cleaned.append(value)
    return cleaned


_NUMBER_NOISE = re.compile(r"[\s,$%]")
_URL_SEPARATORS = re.compile(r"[\s;,]+")
_SCHEME = re.compile(r"^https?://", re.IGNORECASE)


def parse_url(raw) -> str:
    """A web address; from hand-typed cells like ``http:// https://x.org`` or ``a.org; b.org`` the first."""
    text = _text(raw)
    if _SCHEME.match(text) and "." in text and not _URL_SEPARATORS.search(text):
        return text  # the usual case, kept fast for 13,000-row files
    candidates = [c for c in _URL_SEPARATORS.split(text) if "." in c and _SCHEME.sub("", c)]
    if not candidates:
        raise ValueError(f"“{text}” is not a web address")
    url = candidates[0]
    if not _SCHEME.match(url):
        url = "https://" + url
    return url


def parse_email(raw) -> str:
    text = _text(raw)
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text):
        raise ValueError(f"“{text}” is not an email address")
    return text.lower()


def parse_season_flags(raw) -> dict[str, bool]:
    """``{"2026-2027": true}``: whether the program accepts applications for training starting then."""
    if isinstance(raw, dict):
        return {str(k): parse_bool(v) for k, v in raw.items()}
    raise ValueError("expected a season and yes/no")


PROGRAM_TYPES = {
    "university": "University-based",
    "community": "Community-based",
    "community_university": "Community-based, university-affiliated",
    "military": "Military-based",
    "other": "Other",
}


def parse_program_type(raw) -> str:
    lowered = _text(raw).lower()
    if "military" in lowered:
        return "military"
    if "community" in lowered and "universit" in lowered:
        return "community_university"
    if "community" in lowered:
        return "community"
    if "universit" in lowered or "academic" in lowered:
        return "university"
    if lowered in PROGRAM_TYPES:
        return lowered
    return "other"


CLINICAL_AREAS = {
    "pediatric": "Pediatric genetics",
    "adult": "Adult genetics",
    "dysmorphology": "Dysmorphology",
    "metabolic": "Metabolic / biochemical",
    "cancer": "Cancer genetics",
    "prenatal": "Prenatal / reproductive",
    "cardio": "Cardiovascular genetics",
    "neuro": "Neurogenetics",
}
LAB_ROTATIONS = {"cytogenetics": "Cytogenetics", "molecular": "Molecular", "biochemical": "Biochemical"}


def _choice_list(choices: dict[str, str]):
    def parse(raw) -> list[str]:
        values = []
        for item in parse_list(raw):
            key = item.lower().split()[0].strip(",.") if item else item
            match = next((k for k, label in choices.items() if key in (k, label.lower().split()[0])), None)
            if match is None:
                raise ValueError(f"“{item}” is not one of: {', '.join(choices.values())}")
            if match not in values:
                values.append(match)
        return values

    return parse


@dataclass(frozen=True)
class FactKey:
    key: str
    label: str
    kind: str  # bool, int, count, score, percent, decimal, money, date, text, url, email, list, …
    group: str
    headers: tuple[str, ...] = ()
    hard_rule: bool = False  # used by eligibility: missing, stale or conflicting → needs confirmation
    stale_days: int | None = None  # None: settings.FACT_STALE_DAYS
    help: str = ""
    choices: dict = field(default_factory=dict)

    def parse(self, raw):
        """The JSON value for ``raw``, ``None`` for blank ("not reported"); ValueError if it is junk."""
        if is_blank(raw) or (isinstance(raw, list | dict) and not raw):
            return None
        return PARSERS[self.kind](raw) if self.kind not in CHOICE_PARSERS else CHOICE_PARSERS[self.kind](raw)

    def display(self, value) -> str:
        if value is None:
            return NOT_REPORTED
        if self.kind == "bool":
            return "Yes" if value else "No"
        if self.kind == "percent":
            return f"{value:g}%"
        if self.kind == "money":
            return f"${value:,}"
        if self.kind == "date":
            return date.fromisoformat(value).strftime("%b %-d, %Y")
        if self.kind == "season_flags":
            return "; ".join(f"{season}: {'yes' if ok else 'no'}" for season, ok in sorted(value.items()))
        if self.kind in {"list", "clinical_areas", "lab_rotations"}:
            labels = self.choices or {}
            return ", ".join(labels.get(v, v) for v in value)
        if self.kind == "program_type":
            return PROGRAM_TYPES.get(value, value)
        if self.kind == "decimal":
            return f"{value:g}"
        return str(value)


PARSERS = {
    "bool": parse_bool,
    "int": parse_int,
    "count": parse_count,
    "score": parse_score,
    "percent": parse_percent,
    "decimal": parse_decimal,
    "money": parse_count,
    "date": parse_date,
    "text": lambda raw: _text(raw)[:2000],
    "url": parse_url,
    "email": parse_email,
    "phone": lambda raw: _text(raw)[:40],
    "list": parse_list,
    "season_flags": parse_season_flags,
    "program_type": parse_program_type,
}
CHOICE_PARSERS = {
    "clinical_areas": _choice_list(CLINICAL_AREAS),
    "lab_rotations": _choice_list(LAB_ROTATIONS),
}

_KEYS = (
    # Visa and who is eligible at all
    FactKey("visa_j1", "Sponsors J-1 (through ECFMG)", "bool", "Visa", ("J-1", "J1", "J-1 visa", "J-1 sponsorship", "Sponsors J-1", "visa_j1"), hard_rule=True),
    FactKey("visa_h1b", "Sponsors H-1B", "bool", "Visa", ("H-1B", "H1B", "H-1B visa", "H-1B sponsorship", "Sponsors H-1B", "visa_h1b"), hard_rule=True),
    FactKey("visa_f1", "Accepts F-1 (OPT, first year)", "bool", "Visa", ("F-1", "F1", "F-1 visa", "visa_f1")),
    FactKey("h1b_step3_required", "Step 3 required before starting on H-1B", "bool", "Visa", ("Step 3 required for H-1B", "H-1B Step 3 required"), hard_rule=True, help="H-1B needs all three USMLE Steps; programs set their own deadline."),
    FactKey("h1b_step3_deadline", "Step 3 deadline for H-1B", "date", "Visa", ("Step 3 deadline", "H-1B Step 3 deadline", "Step 3 by"), hard_rule=True),
    FactKey("accepts_non_us_img", "Accepts non-US IMGs", "bool", "Visa", ("Accepts IMGs", "Accepts international medical graduates", "IMG friendly", "Accepts non-US IMGs"), hard_rule=True),
    FactKey("img_residents_recent", "Recent non-US IMG residents", "bool", "Visa", ("Recent IMG residents", "Has IMG residents"), help="From coordinators and residents: FREIDA's % IMG mixes US and non-US IMGs."),
    # Cut-offs the program applies
    FactKey("accepting_applications", "Accepting applications", "season_flags", "Eligibility", (), hard_rule=True, help="Per training year, e.g. 2027-2028 for the 2027 Match."),
    FactKey("grad_year_cutoff", "Graduated within (years)", "count", "Eligibility", ("Years since graduation", "Graduation cutoff", "Year of graduation cutoff", "YOG cutoff", "Graduated within"), hard_rule=True),
    FactKey("step1_pass_required", "Step 1 pass required", "bool", "Eligibility", ("Step 1 required", "Step 1 pass required", "USMLE Step 1 required"), hard_rule=True),
    FactKey("step1_min_score", "Step 1 minimum score (numeric results)", "score", "Eligibility", ("Step 1 minimum", "Step 1 minimum score", "USMLE Step 1 minimum score")),
    FactKey("step2ck_min_score", "Step 2 CK minimum score", "score", "Eligibility", ("Step 2 minimum", "Step 2 CK minimum", "Step 2 CK minimum score", "USMLE Step 2 minimum score"), hard_rule=True),
    FactKey("step2ck_typical_score", "Step 2 CK of recent matches (typical)", "score", "Eligibility", ("Average Step 2", "Typical Step 2 CK", "Mean Step 2 CK")),
    FactKey("max_failed_attempts", "Failed USMLE attempts allowed", "count", "Eligibility", ("Attempts allowed", "Maximum attempts"), hard_rule=True),
    FactKey("usce_required", "US clinical experience required", "bool", "Eligibility", ("USCE required", "US clinical experience required", "USCE"), hard_rule=True),
    FactKey("usce_min_months", "US clinical experience minimum (months)", "count", "Eligibility", ("USCE months", "USCE minimum months")),
    FactKey("prior_gme_required", "Prior residency (GME) required", "bool", "Eligibility", ("Requires previous GME", "Prior GME required", "Previous GME required"), hard_rule=True),
    FactKey("prior_gme_years", "Prior GME years required", "count", "Eligibility", ("Previous GME years", "Prior GME years")),
    # Residents
    FactKey("pct_img", "% IMG residents", "percent", "Residents", ("% IMG", "Percent IMG", "pct_img", "IMG %", "IMG percentage"), help="FREIDA averages 3 years and does not split US-citizen and non-US IMGs."),
    FactKey("pct_usmd", "% US MD residents", "percent", "Residents", ("% USMD", "pct_usmd", "% US MD")),
    FactKey("pct_do", "% DO residents", "percent", "Residents", ("% DO", "pct_do")),
    # Size and training
    FactKey("positions_first_year", "First-year positions", "count", "Program", ("First-year positions", "Number of 1st Yr Positions", "first_year_positions", "PGY-1 positions", "Positions", "Year 1 positions")),
    FactKey("positions_total", "Total positions", "count", "Program", ("Total positions", "Total Approved Resident Positions", "total_positions")),
    FactKey("positions_filled", "Filled positions", "count", "Program", ("Total Filled Resident Positions", "Filled positions")),
    FactKey("interviews_last_year", "Interviews last year", "count", "Program", ("Interviews conducted last year", "interviews_conducted_last_year", "Interviews last year")),
    FactKey("training_length", "Length of training (years)", "decimal", "Program", ("Accredited length of training", "accredited_training_length", "Accredited Length of Training", "Training length", "Length")),
    FactKey("program_type", "Program type", "program_type", "Program", ("Program best described as", "program_best_described_as", "Type of Program", "Program type", "Type")),
    FactKey("accreditation_status", "Accreditation status", "text", "Program", ("Accreditation Status", "accreditation_status")),
    FactKey("accreditation_date", "Accreditation effective date", "date", "Program", ("Effective Date", "Accreditation date", "accreditation_date", "Original accreditation date")),
    FactKey("start_dates", "Program start dates", "list", "Program", ("Program start dates", "program_start_dates")),
    FactKey("avg_hours_week_y1", "Average hours per week, first year", "count", "Program", ("Avg. hrs/wk on duty during first year", "avg_hours_on_duty_y1", "Average hours")),
    FactKey("salary_pgy1", "PGY-1 salary (USD)", "money", "Program", ("Salary", "PGY-1 salary", "First year salary", "Salary compensation")),
    FactKey("affiliated_us_gov", "Affiliated with US government", "text", "Program", ("Affiliated with U.S. government", "affiliated_us_government")),
    FactKey("special_features", "Special features", "text", "Program", ("Special features", "special_features_text")),
    # Applying
    FactKey("participates_eras", "Participates in ERAS", "bool", "Application", ("Participates in ERAS", "participates_in_eras", "ERAS Participation", "ERAS")),
    FactKey("participates_nrmp", "Participates in the NRMP Match", "bool", "Application", ("NRMP match", "Participates in NRMP", "NRMP Main Match")),
    FactKey("nrmp_codes", "NRMP program codes", "list", "Application", ("NRMP code", "NRMP codes", "NRMP program code")),
    FactKey("video_interviews", "Interviews by video", "bool", "Application", ("Applicants may interview remotely via video conferencing", "Virtual interviews")),
    FactKey("required_letters", "Letters of recommendation required", "count", "Application", ("Required letters of recommendation", "Letters required")),
    # Genetics training environment
    FactKey("clinical_areas", "Clinical areas covered", "clinical_areas", "Genetics training", ("Clinical areas", "Clinics"), choices=CLINICAL_AREAS),
    FactKey("lab_rotations", "Laboratory rotations", "lab_rotations", "Genetics training", ("Lab rotations", "Laboratory rotations"), choices=LAB_ROTATIONS),
    FactKey("research_environment", "Research environment", "text", "Genetics training", ("Research", "Research environment")),
    # Contacts and links
    FactKey("website", "Website", "url", "Contacts", ("Web Address", "Website", "website", "Program website", "URL", "Program URL")),
    FactKey("freida_url", "FREIDA page", "url", "Contacts", ("source_url", "FREIDA URL", "FREIDA link")),
    FactKey("director_name", "Program director", "text", "Contacts", ("Program Director", "Director", "Program director name")),
    FactKey("director_email", "Program director email", "email", "Contacts", ("Director email", "Program director email")),
    FactKey("director_phone", "Program director phone", "phone", "Contacts", ("Director phone",)),
    FactKey("coordinator_name", "Program coordinator", "text", "Contacts", ("Coordinator", "Program Coordinator", "Cordinator", "Contact name", "Coordinator name")),
    FactKey("coordinator_email", "Coordinator email", "email", "Contacts", ("Coordinator email", "Cordinator Email", "Contact email", "Email")),
    FactKey("coordinator_phone", "Coordinator phone", "phone", "Contacts", ("Coordinator phone", "Cordinator Phone Number", "Phone")),
)  # fmt: skip

REGISTRY: dict[str, FactKey] = {k.key: k for k in _KEYS}
GROUPS: tuple[str, ...] = tuple(dict.fromkeys(k.group for k in _KEYS))
VISA_KEYS = ("visa_j1", "visa_h1b", "visa_f1")


def fact_key(key: str) -> FactKey:
    try:
        return REGISTRY[key]
    except KeyError:
        raise KeyError(f"unknown fact key {key!r}; declare it in programs/facts.py") from None


def keys_in_group(group: str) -> Iterable[FactKey]:
    return (k for k in _KEYS if k.group == group)
