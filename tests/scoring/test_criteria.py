"""Managing the rubric: add, rename, reweight, retire and restore criteria."""

from scoring.models import Criterion

from .helpers import criteria, url


def test_the_applicant_adds_a_criterion_of_their_own(alice_client, workspace):
    response = alice_client.post(url("criterion_add", workspace), {"name": "Call schedule", "kind": "subjective",
                                                                      "weight": 2, "description": ""})  # fmt: skip
    assert response.status_code == 302
    added = Criterion.objects.get(workspace=workspace, name="Call schedule")
    assert (added.slug, added.weight, added.position) == ("", 2, 12)
    assert len(Criterion.active_for(workspace)) == 12


def test_a_name_the_rubric_has_already_is_refused(alice_client, workspace):
    data = {"name": "  location   FIT ", "kind": "subjective", "weight": 2, "description": ""}
    response = alice_client.post(url("criterion_add", workspace), data)
    assert response.status_code == 400 and "You already weigh “Location fit”" in response.content.decode()
    assert len(Criterion.active_for(workspace)) == 11
    welcomed = criteria(workspace)["welcomed"]
    welcomed.retire()
    response = alice_client.post(url("criterion_add", workspace), {**data, "name": "How welcomed I felt"})
    assert "is a retired criterion: restore it below instead" in response.content.decode()
    research = criteria(workspace)["research"]
    response = alice_client.post(
        url("criterion_edit", workspace, pk=research.pk),
        {"name": "Overall interest", "kind": "subjective", "weight": 2},
    )
    assert "You already weigh “Overall interest”" in response.content.decode()
    research.refresh_from_db()
    assert research.name == "Research environment"
    saved = alice_client.post(
        url("criterion_edit", workspace, pk=research.pk),
        {"name": "research  environment", "kind": "objective", "weight": 2},
    )  # its own name, in other letters
    assert saved.status_code == 302
    research.refresh_from_db()
    assert research.name == "research environment"


def test_renaming_keeps_a_standard_criterions_derivation(alice_client, workspace):
    visa = criteria(workspace)["visa"]
    alice_client.post(
        url("criterion_edit", workspace, pk=visa.pk), {"name": "Visa", "kind": "objective", "weight": 4}
    )
    visa.refresh_from_db()
    assert (visa.name, visa.weight, visa.slug) == ("Visa", 4, "visa")


def test_all_weights_are_saved_at_once_and_must_be_zero_to_five(alice_client, workspace):
    active = Criterion.active_for(workspace)
    data = {f"weight_{c.pk}": c.weight for c in active}
    data[f"weight_{active[0].pk}"] = 0
    assert alice_client.post(url("criteria_weights", workspace), data).status_code == 302
    assert Criterion.objects.get(pk=active[0].pk).weight == 0
    data[f"weight_{active[1].pk}"] = 6
    assert alice_client.post(url("criteria_weights", workspace), data).status_code == 400
    assert Criterion.objects.get(pk=active[1].pk).weight == active[1].weight


def test_retiring_and_restoring_a_criterion(alice_client, workspace):
    welcomed = criteria(workspace)["welcomed"]
    alice_client.post(url("criterion_retire", workspace, pk=welcomed.pk))
    assert welcomed.pk not in {c.pk for c in Criterion.active_for(workspace)}
    page = alice_client.get(url("criteria", workspace)).content.decode()
    assert "Retired (not counted)" in page and "Count it again" in page
    alice_client.post(url("criterion_restore", workspace, pk=welcomed.pk))
    assert welcomed.pk in {c.pk for c in Criterion.active_for(workspace)}


def test_a_criterion_of_another_workspace_is_404(alice_client, workspace, charlie):
    theirs = Criterion.active_for(charlie.memberships.get().workspace)[0]
    assert alice_client.post(url("criterion_retire", workspace, pk=theirs.pk)).status_code == 404
    assert alice_client.get(url("criterion_edit", workspace, pk=theirs.pk)).status_code == 404


def test_a_viewer_sees_the_weights_without_forms(bob_client, workspace):
    page = bob_client.get(url("criteria", workspace)).content.decode()
    assert "Visa sponsorship fit" in page and "Save the weights" not in page and "Add a criterion" not in page
