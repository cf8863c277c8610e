"""The tier rule as a table: the verdict first, then the margins (Step 2 CK, graduation, % IMG, visa type)."""

from datetime import date

import pytest

from scoring.choices import Tier
from scoring.scores import score_programs

from .helpers import ELIGIBLE, applicant, track, url

# The applicant: J-1, Step 2 CK 245, graduated 2021, 2027 Match (6 years before training starts).
CASES = [
    # (id, profile changes, facts, tier, total)
    ("ineligible verdict", {}, {**ELIGIBLE, "visa_j1": False}, Tier.NOT_ELIGIBLE, 2),
    ("well above the minimum, years to spare", {}, ELIGIBLE, Tier.SAFER, 2),
    ("near the typical score", {}, {**ELIGIBLE, "step2ck_typical_score": 250}, Tier.TARGET, 1),
    ("below typical, at the edge, few IMGs", {},
     {**ELIGIBLE, "step2ck_typical_score": 255, "grad_year_cutoff": 7, "pct_img": 5.0}, Tier.REACH, -2),
    ("just over the minimum", {}, {**ELIGIBLE, "step2ck_min_score": 242, "grad_year_cutoff": 6}, Tier.REACH, -2),
    ("IMG friendly", {}, {**ELIGIBLE, "pct_img": 45.0}, Tier.SAFER, 3),
    ("no recent non-US IMGs outweighs the percentage", {},
     {**ELIGIBLE, "img_residents_recent": False, "pct_img": 45.0}, Tier.TARGET, 1),
    ("safer margins but questions open", {}, {k: v for k, v in ELIGIBLE.items() if k != "accepting_applications"},
     Tier.TARGET, 2),
    ("no visa needed", {"citizenship": "permanent_resident", "visa_need": "none"},
     {**ELIGIBLE, "step2ck_typical_score": 255}, Tier.TARGET, 1),
    ("the H-1B path", {"visa_need": "h1b", "step3_status": "passed", "step3_date": date(2025, 5, 1)},
     {**ELIGIBLE, "visa_j1": False, "visa_h1b": True, "h1b_step3_deadline": "2027-02-01",
      "step2ck_typical_score": 245}, Tier.TARGET, 0),
]  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "facts", "tier", "total"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_the_tier_rule(workspace, changes, facts, tier, total):
    applicant(workspace, **changes)
    tracked = track(workspace, **facts)
    result = score_programs(workspace, [tracked], criteria=[]).get(tracked.pk).tier
    assert (result.tier, result.total) == (tier, total), [
        (m.factor, m.points, m.text) for m in result.margins
    ]


def test_each_margin_says_why(workspace):
    applicant(workspace)
    tracked = track(workspace, **ELIGIBLE, step2ck_typical_score=255, pct_img=12.0)
    margins = {
        m.factor: m for m in score_programs(workspace, [tracked], criteria=[]).get(tracked.pk).tier.margins
    }
    assert margins["Step 2 CK"].text == "Your 245 against the typical 255 of recent matches (-10)."
    assert margins["Graduation year"].text == "4 years to spare within the 10-year cutoff."
    assert margins["% IMG"].text == "12% IMG residents." and margins["% IMG"].points == 0
    assert margins["Visa type"].points == 0


def test_a_not_eligible_tier_names_the_failed_rules(workspace):
    applicant(workspace)
    tracked = track(workspace, **{**ELIGIBLE, "visa_j1": False})
    tier = score_programs(workspace, [tracked], criteria=[]).get(tracked.pk).tier
    assert tier.label == "Not eligible" and tier.note == "Ineligible: Visa sponsorship"


def test_the_rule_is_documented_on_the_page(alice_client, workspace):
    page = alice_client.get(url("rules", workspace)).content.decode()
    for text in (
        "+2 or more is safer",
        "−2 or less is reach",
        "needs confirmation",
        "Step 2 CK vs the typical",
    ):
        assert text in page
