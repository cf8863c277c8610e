"""Header aliases: every spelling maps to one target, and ambiguous or protected columns are handled."""

import pytest

from programs.facts import REGISTRY
from programs.imports.headers import IDENTITY, PROGRAM_ALIASES, PROTECTED, detect_kind, map_columns, normalise


def test_no_spelling_means_two_different_things():
    seen: dict[str, str] = {}
    spellings = [(alias, target) for target, (_label, aliases) in IDENTITY.items() for alias in aliases]
    spellings += [
        (alias, f"fact:{key.key}") for key in REGISTRY.values() for alias in (*key.headers, key.key)
    ]
    clashes = []
    for alias, target in spellings:
        name = normalise(alias)
        if seen.setdefault(name, target) != target:
            clashes.append((alias, seen[name], target))
    assert not clashes
    assert not PROTECTED & set(PROGRAM_ALIASES)


@pytest.mark.parametrize(
    ("header", "target"),
    [
        ("Program ID", "number"), ("program_id", "number"), ("ACGME ID", "number"), ("accreditationID", "number"),
        ("Code", "number"), ("Program Number", "number"), ("Program City, State", "city_state"),
        ("% IMG", "fact:pct_img"), ("Percent IMG", "fact:pct_img"), ("pct_img", "fact:pct_img"),
        ("Participates in ERAS®", "fact:participates_eras"), ("J-1", "fact:visa_j1"),
        ("visa_statuses_accepted", "visa_list"), ("VISA STATUS", "visa_list"),
        ("accepting_applications_2026_2027", "season:2026-2027"),
        ("Accepting applications for training that begins in 2027-2028", "season:2027-2028"),
        ("Total Approved Resident Positions", "fact:positions_total"), ("Cordinator Email", "fact:coordinator_email"),
    ],
)  # fmt: skip
def test_the_spellings_seen_in_the_wild_are_recognised(header, target):
    assert map_columns([header]).columns[0].target == target


def test_a_more_specific_column_wins_and_the_other_is_said_to_be_a_duplicate():
    # ACGME detail scrapes carry both "Program number" and "Code" (the sponsoring institution's code).
    columns = map_columns(["Code", "Program number", "Name"]).columns
    assert [c.target for c in columns] == ["", "number", "name"]
    assert columns[0].how == "duplicate" and "Program number" in columns[0].note


def test_id_owner_and_workspace_are_never_read():
    columns = map_columns(["ID", "Owner", "workspace_id", "Program ID"], {"id": "number"}).columns
    assert [c.how for c in columns] == ["protected", "protected", "protected", "alias"]


def test_nrmp_tables_are_told_apart_from_program_lists():
    assert detect_kind(["year", "nrmp_specialty", "positions_offered"]) == "nrmp"
    assert detect_kind(["Year", "Specialty", "Program ID"]) == "programs"
