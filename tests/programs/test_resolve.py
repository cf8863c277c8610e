import json
import math
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programs.choices import SourceKind
from programs.resolve import EMPTY, _FactValues, fact_history, resolve_facts
from tests.factories import ProgramFactFactory, ProgramFactory

TODAY = date(2026, 11, 24)


@pytest.fixture
def program(db):
    return ProgramFactory()


def fact(program, workspace=None, days_ago=0, kind=SourceKind.FREIDA, **values):
    return ProgramFactFactory(
        program=program,
        workspace=workspace,
        source_kind=kind,
        observed_on=TODAY - timedelta(days=days_ago),
        values=values,
    )


def resolved(workspace, program, **kwargs):
    return resolve_facts(workspace, [program], today=TODAY, **kwargs).get(program.pk, EMPTY)


def test_the_newest_value_wins(workspace, program):
    fact(program, days_ago=300, visa_j1=False)
    fact(program, workspace, days_ago=10, kind=SourceKind.SPREADSHEET, visa_j1=True)
    result = resolved(workspace, program)["visa_j1"]
    assert result.value is True
    assert result.source.source_kind == SourceKind.SPREADSHEET


def test_on_the_same_date_a_coordinator_outranks_the_website_which_outranks_freida(workspace, program):
    fact(program, days_ago=5, kind=SourceKind.FREIDA, pct_img=10)
    fact(program, workspace, days_ago=5, kind=SourceKind.WEBSITE, pct_img=20)
    assert resolved(workspace, program)["pct_img"].value == 20
    fact(program, workspace, days_ago=5, kind=SourceKind.COORDINATOR_EMAIL, pct_img=30)
    assert resolved(workspace, program)["pct_img"].value == 30


def test_a_newer_import_beats_an_older_confirmation(workspace, program):
    fact(program, workspace, days_ago=100, kind=SourceKind.COORDINATOR_EMAIL, visa_h1b=True)
    fact(program, workspace, days_ago=1, kind=SourceKind.FREIDA, visa_h1b=False)
    assert resolved(workspace, program)["visa_h1b"].value is False


def test_disagreeing_fresh_sources_are_flagged_as_a_conflict(workspace, program):
    fact(program, days_ago=30, kind=SourceKind.FREIDA, visa_h1b=True)
    fact(program, workspace, days_ago=2, kind=SourceKind.WEBSITE, visa_h1b=False)
    result = resolved(workspace, program)["visa_h1b"]
    assert result.value is False
    assert result.conflict
    assert result.conflicts[0].value is True
    assert result.conflicts[0].source_kind == SourceKind.FREIDA


def test_the_programs_own_newer_word_settles_a_disagreement(workspace, program):
    fact(program, days_ago=30, kind=SourceKind.FREIDA, visa_h1b=True)
    fact(program, workspace, days_ago=2, kind=SourceKind.COORDINATOR_EMAIL, visa_h1b=False)
    result = resolved(workspace, program)["visa_h1b"]
    assert result.value is False and not result.conflict
    assert [o.source_kind for o in fact_history(workspace, program, "visa_h1b")] == [
        SourceKind.COORDINATOR_EMAIL,
        SourceKind.FREIDA,
    ]


def test_a_newer_source_contradicting_the_program_is_a_conflict_again(workspace, program):
    fact(program, workspace, days_ago=60, kind=SourceKind.COORDINATOR_EMAIL, visa_h1b=False)
    fact(program, days_ago=5, kind=SourceKind.FREIDA, visa_h1b=True)
    result = resolved(workspace, program)["visa_h1b"]
    assert result.value is True and result.conflict


def test_an_older_value_of_the_same_source_is_history_not_a_conflict(workspace, program):
    fact(program, workspace, days_ago=200, kind=SourceKind.FREIDA, pct_img=5)
    fact(program, workspace, days_ago=20, kind=SourceKind.FREIDA, pct_img=8)
    result = resolved(workspace, program)["pct_img"]
    assert result.value == 8
    assert not result.conflict
    assert [o.value for o in fact_history(workspace, program, "pct_img")] == [8, 5]


def test_a_stale_disagreement_is_not_a_conflict_but_an_old_value_is_stale(workspace, program, settings):
    settings.FACT_STALE_DAYS = 365
    fact(program, days_ago=400, kind=SourceKind.FREIDA, visa_j1=False)
    fact(program, workspace, days_ago=10, kind=SourceKind.WEBSITE, visa_j1=True)
    assert not resolved(workspace, program)["visa_j1"].conflict
    fact(program, days_ago=500, kind=SourceKind.ACGME, positions_total=4)
    assert resolved(workspace, program)["positions_total"].stale


def test_blank_means_not_reported_and_another_workspace_is_invisible(workspace, program, world):
    fact(program, world.charlie_workspace, kind=SourceKind.COORDINATOR_EMAIL, visa_j1=False)
    fact(program, workspace, visa_j1=None)
    assert "visa_j1" not in resolved(workspace, program)
    assert resolved(world.charlie_workspace, program).value("visa_j1") is False


def test_keys_limit_the_result(workspace, program):
    fact(program, visa_j1=True, pct_img=12)
    assert set(resolved(workspace, program, keys=["pct_img"])) == {"pct_img"}


@pytest.mark.parametrize("count", [3, 60])
def test_one_query_whatever_the_number_of_programs(workspace, count):
    programs = ProgramFactory.create_batch(count)
    for p in programs:
        fact(p, visa_j1=True)
        fact(p, workspace, kind=SourceKind.WEBSITE, pct_img=3)
    with CaptureQueriesContext(connection) as queries:
        result = resolve_facts(workspace, programs, today=TODAY)
    assert len(queries) == 1
    assert len(result) == count


def test_observation_values_decode_as_the_standard_decoder_would():
    """orjson reads the rows; what it refuses (NaN, which SQLite can hold) goes to the standard decoder."""
    field = _FactValues()
    text = '{"visa_j1": true, "step2ck_min_score": 220, "usce_min_months": 2.5, "areas": ["prenatal"], "x": null}'
    assert field.from_db_value(text, None, None) == json.loads(text)
    assert math.isnan(field.from_db_value('{"pct_img": NaN}', None, None)["pct_img"])
    assert field.from_db_value(None, None, None) is None
