import pytest

from programs.facts import REGISTRY, fact_key


@pytest.mark.parametrize(
    ("key", "raw", "value"),
    [
        ("visa_j1", "Yes", True),
        ("visa_j1", "no", False),
        ("visa_j1", "", None),
        ("visa_j1", "N/A", None),
        ("pct_img", "2.3", 2.3),
        ("pct_img", "45.10%", 45.1),
        ("positions_first_year", "95.0", 95),
        ("positions_first_year", 12, 12),
        ("salary_pgy1", "$82,481", 82481),
        ("accreditation_date", "07/01/2025", "2025-07-01"),
        ("accreditation_date", "2025-03-28T08:08:20+00:00", "2025-03-28"),
        ("start_dates", "['June', 'July']", ["June", "July"]),
        ("nrmp_codes", "2978140C0; 2978140P0", ["2978140C0", "2978140P0"]),
        ("program_type", "Community-based university affiliated", "community_university"),
        ("website", "www.example.org/genetics", "https://www.example.org/genetics"),
        ("clinical_areas", "Pediatric, metabolic, Cancer genetics", ["pediatric", "metabolic", "cancer"]),
    ],
)
def test_values_are_parsed_from_what_spreadsheets_hold(key, raw, value):
    assert fact_key(key).parse(raw) == value


@pytest.mark.parametrize(
    ("key", "raw", "message"),
    [
        ("visa_j1", "maybe", "is not yes or no"),
        ("positions_first_year", "abc", "is not a number"),
        ("positions_first_year", "-5", "cannot be negative"),
        ("pct_img", "140", "not between 0 and 100"),
        ("step2ck_min_score", "400", "not a USMLE score"),
        ("accreditation_date", "next July", "is not a date"),
        ("coordinator_email", "coordinator at example", "not an email address"),
    ],
)
def test_junk_is_refused_with_a_message(key, raw, message):
    with pytest.raises(ValueError, match=message):
        fact_key(key).parse(raw)


def test_display_says_not_reported_for_missing_values():
    assert REGISTRY["visa_h1b"].display(None) == "not reported"
    assert REGISTRY["visa_h1b"].display(False) == "No"
    assert REGISTRY["pct_img"].display(2.3) == "2.3%"


def test_the_registry_declares_what_the_catalog_issue_needs():
    needed = {
        "visa_j1", "visa_h1b", "visa_f1", "accepts_non_us_img", "pct_img", "grad_year_cutoff", "step1_pass_required",
        "step2ck_min_score", "h1b_step3_required", "h1b_step3_deadline", "usce_required", "prior_gme_required",
        "positions_first_year", "positions_total", "training_length", "participates_eras", "participates_nrmp",
        "nrmp_codes", "interviews_last_year", "salary_pgy1", "website", "program_type", "accreditation_status",
        "accreditation_date", "director_name", "coordinator_name", "coordinator_email",
    }  # fmt: skip
    assert needed <= set(REGISTRY)


def test_an_unknown_key_is_a_clear_error():
    with pytest.raises(KeyError, match=r"declare it in programs/facts\.py"):
        fact_key("visa_o1")
