"""The applicant as the rules read them: the profile's answers and their labels, taken once.

Judging a whole workspace reads the same profile thousands of times; a plain snapshot keeps the
choice-label lookups (``get_…_display``) out of that loop.
"""

from dataclasses import dataclass
from datetime import date

from accounts.choices import Citizenship, Step3Status, StepResult, VisaNeed


def _count(value, unit: str) -> str:
    """ "1 month", "2.5 months": profile durations are decimals."""
    number = float(value or 0)
    return f"{number:g} {unit}" + ("" if number == 1 else "s")


@dataclass(frozen=True, slots=True)
class Applicant:
    citizenship: str
    citizenship_label: str
    visa_need: str  # what the rules use: "none" for US citizens and green-card holders
    visa_label: str
    step1_result: str
    step1_score: int | None
    step1_label: str
    step2ck_score: int | None
    step3_status: str
    step3_date: date | None
    step3_label: str
    graduation_year: int | None
    failed_attempts: int
    usce_hands_on_months: float
    observership_months: float
    usce_label: str
    prior_residency_years: float
    prior_residency_acgme: bool
    prior_label: str

    @classmethod
    def of(cls, profile) -> "Applicant":
        citizenship = profile.citizenship
        visa_need = profile.visa_need if citizenship == Citizenship.NON_US else VisaNeed.NONE
        step3_date = profile.step3_date
        step3_label = Step3Status(profile.step3_status).label + (
            f" · {step3_date:%b %-d, %Y}" if step3_date else ""
        )
        hands, observed = float(profile.usce_hands_on_months or 0), float(profile.observership_months or 0)
        years = float(profile.prior_residency_years or 0)
        where = "ACGME" if profile.prior_residency_acgme else "outside ACGME"
        return cls(
            citizenship=citizenship,
            citizenship_label=Citizenship(citizenship).label,
            visa_need=visa_need,
            visa_label=VisaNeed(profile.visa_need).label if profile.visa_need else "not answered",
            step1_result=profile.step1_result,
            step1_score=profile.step1_score,
            step1_label=StepResult(profile.step1_result).label
            + (f" ({profile.step1_score})" if profile.step1_score else ""),
            step2ck_score=profile.step2ck_score,
            step3_status=profile.step3_status,
            step3_date=step3_date,
            step3_label=step3_label,
            graduation_year=profile.graduation_year,
            failed_attempts=profile.failed_attempts or 0,
            usce_hands_on_months=hands,
            observership_months=observed,
            usce_label=f"{_count(hands, 'month')} hands-on, {_count(observed, 'month')} observership",
            prior_residency_years=years,
            prior_residency_acgme=profile.prior_residency_acgme,
            prior_label=f"{_count(years, 'year')} of {profile.prior_residency_specialty} ({where})"
            if years
            else "none",
        )
