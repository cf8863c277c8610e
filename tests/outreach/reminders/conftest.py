"""Fixtures of the reminder tests: alice's workspace with a program, and a clock to travel with."""

import pytest

from tests.factories import TrackedProgramFactory


@pytest.fixture
def tracked(workspace):
    return TrackedProgramFactory(workspace=workspace, program__name="Boston Children's Hospital Program")


@pytest.fixture
def pacific(alice):
    alice.timezone = "America/Los_Angeles"
    alice.save(update_fields=["timezone"])
    return alice
