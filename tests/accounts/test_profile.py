import pytest
from django.urls import reverse

VALID = {
    "full_name": "Priya Raman",
    "citizenship": "non_us",
    "visa_need": "j1",
    "ecfmg_status": "certified",
    "ecfmg_certified_on": "2024-06-14",
    "step1_result": "pass",
    "step2ck_score": "245",
    "step3_status": "not_planned",
    "failed_attempts": "0",
    "graduation_year": "2021",
    "usce_hands_on_months": "0",
    "observership_months": "1",
    "genetics_research_projects": "0",
    "genetics_posters": "1",
    "genetics_publications": "0",
    "prior_residency_years": "0",
    "interests": ["pediatric", "metabolic"],
    "preferred_states": ["NY", "MA"],
    "preferred_regions": ["northeast"],
}


def url(workspace):
    return reverse("accounts:profile", kwargs={"workspace_id": workspace.pk})


def test_the_owner_saves_the_profile(alice_client, workspace):
    response = alice_client.post(url(workspace), VALID)
    assert response.status_code == 302
    profile = workspace.profile.__class__.objects.get(pk=workspace.profile.pk)
    assert profile.visa_need == "j1"
    assert profile.step2ck_score == 245
    assert profile.preferred_states == ["NY", "MA"]
    assert profile.interests == ["pediatric", "metabolic"]


def test_the_saved_profile_shows_on_the_workspace_home(alice_client, workspace):
    alice_client.post(url(workspace), VALID)
    page = alice_client.get(reverse("accounts:home", kwargs={"workspace_id": workspace.pk})).content.decode()
    assert "J-1 (sponsored by ECFMG)" in page
    assert "245" in page
    assert "2021" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("step2ck_score", "400", "less than or equal to 300"),
        ("graduation_year", "2090", "Enter a graduation year between 1950 and"),
        ("observership_months", "-1", "greater than or equal to 0"),
        ("usce_hands_on_months", "-3", "greater than or equal to 0"),
        ("preferred_states", ["NY", "ZZ"], "Select a valid choice"),
        ("step1_score", "250", "only makes sense for a passed"),
    ],
)
def test_bad_answers_are_refused_with_a_clear_message_and_nothing_is_saved(
    alice_client, workspace, field, value, message
):
    data = {**VALID, field: value}
    if field == "step1_score":
        data["step1_result"] = "not_taken"
    response = alice_client.post(url(workspace), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    workspace.profile.refresh_from_db()
    assert workspace.profile.visa_need == ""  # nothing of the bad submission was written


def test_a_green_card_holder_needs_no_visa(alice_client, workspace):
    response = alice_client.post(url(workspace), {**VALID, "citizenship": "permanent_resident"})
    assert "do not need a visa" in response.content.decode()
    response = alice_client.post(
        url(workspace), {**VALID, "citizenship": "permanent_resident", "visa_need": "none"}
    )
    assert response.status_code == 302


def test_a_planned_step3_needs_a_date(alice_client, workspace):
    response = alice_client.post(url(workspace), {**VALID, "visa_need": "h1b", "step3_status": "planned"})
    assert "planned Step 3 date" in response.content.decode()


def test_a_viewer_sees_the_profile_read_only_and_cannot_save_it(bob_client, workspace):
    page = bob_client.get(url(workspace)).content.decode()
    assert "read-only access" in page
    assert 'name="step2ck_score"' in page and "disabled" in page
    assert "Save profile" not in page
    assert bob_client.post(url(workspace), VALID).status_code == 403
    workspace.profile.refresh_from_db()
    assert workspace.profile.step2ck_score is None


def test_every_field_has_a_label(alice_client, workspace):
    page = alice_client.get(url(workspace)).content.decode()
    form_class = __import__("accounts.forms", fromlist=["ApplicantProfileForm"]).ApplicantProfileForm
    for name in form_class.Meta.fields:
        if name in {"interests", "preferred_states", "preferred_regions"}:
            continue  # checkbox groups: each box has its own label
        assert f'for="id_{name}"' in page, name


def test_completeness_counts_the_answers_eligibility_needs(workspace):
    profile = workspace.profile
    assert "your visa need" in profile.missing_items()
    assert profile.completeness < 50
    profile.visa_need = "j1"
    profile.graduation_year = 2021
    profile.step1_result = "pass"
    profile.step2ck_score = 245
    profile.ecfmg_status = "certified"
    profile.observership_months = 1
    profile.interests = ["pediatric"]
    profile.preferred_regions = ["northeast"]
    profile.medical_school = "AIIMS"
    assert profile.missing_items() == []
    assert profile.completeness == 100
