"""The scoring memo: each tracked program's verdict status, tier and derived ratings as last computed,
with everything they were computed from, kept between requests (in the cache) so that the scores
page recomputes only the programs whose inputs changed.

An entry is used only when its inputs compare equal to the current ones: nothing relies on whoever
changed something remembering to invalidate it.

* **The workspace's inputs**: the code (a digest of the apps' source), today's date (facts go stale
  by the day), the season, the profile as the rules read it (``Applicant``) with the preferred
  states and regions, the fact age limit setting, and the active criteria's derivation slugs.
* **Each program's**: its facts — every visible observation's id and row version (PostgreSQL's
  ``xmin``, new with every transaction that writes the row, and ``ctid``, new with every write
  within one), so an edit, an addition, a removal or a change of owner shows — and its program,
  state and specialty, the applicant's interest, interview impressions and the answers that
  derivations quote.

What changes with the clock within a day (reply figures: "no reply" after N days) and what the
applicant changes most (ratings, weights) are never kept: they are read and applied on every request.

A caller reads the signatures before it computes the programs they describe, so an entry's results
are never older than its signature: a change that lands in between costs one more computation, not
a wrong tier. PostgreSQL only (row versions): elsewhere — SQLite, the local default — every request
computes every program.
"""

import functools
import hashlib
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from programs.models import ProgramFact

ROOT = Path(__file__).resolve().parent.parent
APPS = ("accounts", "programs", "outreach", "scoring")  # the code every kept result depends on
TIMEOUT = 24 * 3600  # no memo outlives its day: today's date is one of its inputs
_ROW_VERSION = RawSQL(
    '"programs_programfact"."id" || \':\' || "programs_programfact"."xmin" || \':\' '
    '|| "programs_programfact"."ctid"',
    (),
)


class Entry(NamedTuple):
    """One program's kept results and what they were computed from."""

    signature: tuple
    status: str  # the verdict's
    tier: str
    values: tuple  # the derived ratings of the workspace inputs' slugs, in that order


def available(db: str) -> bool:
    return connections[db].vendor == "postgresql"


@functools.cache
def code_version() -> str:
    """A digest of the apps' Python source: a deployment that changes a rule starts a new memo."""
    digest = hashlib.sha256()
    for path in sorted(path for app in APPS for path in (ROOT / app).rglob("*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def workspace_inputs(workspace, applicant, slugs: tuple[str, ...]) -> tuple:
    """What every program's kept results depend on alike (``slugs``: the derivations kept)."""
    profile = workspace.profile
    return (
        code_version(),
        timezone.localdate(),
        workspace.season,
        applicant,
        tuple(profile.preferred_states or ()),
        tuple(profile.preferred_regions or ()),
        settings.FACT_STALE_DAYS,
        slugs,
    )


def fact_versions(workspace, programs: QuerySet) -> dict[int, tuple[str, ...]]:
    """Per program id, the id and row version of each observation ``workspace`` sees (one query).

    Grouped here rather than by the database: aggregating the text costs it more than sending it."""
    versions: dict[int, list[str]] = {}
    rows = (
        ProgramFact.objects.visible_to(workspace)
        .filter(program__in=programs.values("pk"))
        .annotate(version=_ROW_VERSION)
        .order_by("id")
        .values_list("program_id", "version")
    )
    for program_id, version in rows:
        found = versions.get(program_id)
        if found is None:
            versions[program_id] = [version]
        else:
            found.append(version)
    return {program_id: tuple(found) for program_id, found in versions.items()}


def _key(workspace) -> str:
    return f"scoring-memo:{workspace.pk}"


def load(workspace, inputs: tuple) -> dict[int, Entry]:
    """The kept entries by tracked-program pk, or none when the workspace's inputs changed."""
    kept = cache.get(_key(workspace))
    if kept is None or kept[0] != inputs:
        return {}
    return kept[1]


def store(workspace, inputs: tuple, entries: dict[int, Entry]) -> None:
    cache.set(_key(workspace), (inputs, entries), TIMEOUT)
