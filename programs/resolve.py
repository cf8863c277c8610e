"""Resolving facts: the value a workspace should believe for each key of each program, and why.

Rule (DESIGN §3): the newest observation wins; on the same date a direct confirmation from the
program outranks its website, which outranks FREIDA/ACGME-style imports. A value is **stale** when
it is older than its key's age limit, and in **conflict** when the newest value of another source
that is not stale itself says something different — unless the winner is a direct confirmation
from the program (coordinator email, phone, open house, interview) at least as new as that source:
the program's own word settles what older sources said, which stays visible in the history.

One query for any number of programs; the rest is plain Python over the rows it returns.
"""

from collections.abc import Collection, Iterable
from datetime import date, timedelta
from operator import attrgetter
from typing import NamedTuple

import orjson
from django.conf import settings
from django.db.models import BooleanField, ExpressionWrapper, F, Func, JSONField, Q, QuerySet
from django.utils import timezone

from config.collector import gc_paused

from .choices import DIRECT_SOURCES, SOURCE_RANK, SourceKind
from .facts import REGISTRY, fact_key
from .models import ProgramFact


class Observation(NamedTuple):
    """One source's value for one key of one program.

    A named tuple rather than a dataclass: resolving a workspace builds tens of thousands of them,
    and a tuple costs a fraction of a frozen dataclass to build (fields read the same way).
    """

    fact_id: int
    value: object
    source_kind: str
    source_detail: str
    source_url: str
    observed_on: date
    is_catalog: bool

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS.get(self.source_kind, self.source_kind)

    @property
    def sort_key(self) -> tuple:
        return (self.observed_on, SOURCE_RANK.get(self.source_kind, 0), self.fact_id)


class ResolvedFact(NamedTuple):
    """The value to believe for one key of one program, its source, and whether to doubt it.

    A named tuple for the same reason as :class:`Observation` (one per key of every program), and
    flat: the winning observation's fields are its own, and ``source`` builds the
    :class:`Observation` when a page asks for it (one tuple per fact instead of two).
    """

    key: str
    value: object
    fact_id: int
    source_kind: str
    source_detail: str
    source_url: str
    observed_on: date
    is_catalog: bool
    stale: bool
    conflicts: tuple[Observation, ...]  # newest differing value of each other (non-stale) source

    @property
    def source(self) -> Observation:
        """The observation this value comes from."""
        return _new(
            Observation,
            (self.fact_id, self.value, self.source_kind, self.source_detail, self.source_url, self.observed_on,
             self.is_catalog),
        )  # fmt: skip

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS.get(self.source_kind, self.source_kind)

    @property
    def conflict(self) -> bool:
        return bool(self.conflicts)

    @property
    def label(self) -> str:
        return REGISTRY[self.key].label

    @property
    def display(self) -> str:
        return REGISTRY[self.key].display(self.value)


class ProgramFacts(dict):
    """The resolved facts of one program, by key; a missing key means "not reported".

    A dict (read-only by convention) rather than a wrapper around one: the rules and derivations
    look keys up tens of thousands of times per workspace, and ``get``/``in``/``[]`` then run in C.
    """

    __slots__ = ()

    def __init__(self, facts: dict[str, ResolvedFact] | None = None):
        super().__init__(facts or ())

    def value(self, key: str, default=None):
        fact = self.get(key)
        return default if fact is None else fact.value

    @property
    def has_conflicts(self) -> bool:
        return any(f.conflicts for f in self.values())

    @property
    def has_stale(self) -> bool:
        return any(f.stale for f in self.values())


EMPTY = ProgramFacts()
SOURCE_LABELS = dict(SourceKind.choices)


def stale_limit(key: str) -> timedelta:
    days = fact_key(key).stale_days or settings.FACT_STALE_DAYS
    return timedelta(days=days)


class _FactValues(JSONField):
    """Observations' ``values`` decoded with orjson: a workspace's 6,000 observations decode in a
    quarter of the time the standard decoder takes (about a tenth of resolving 3,000 programs).

    What orjson refuses (``NaN``, which SQLite may hold) goes to the standard decoder. orjson reads an
    integer beyond 64 bits as a float; no fact holds one (scores, years, counts, dollars).
    """

    def from_db_value(self, value, expression, connection):
        if isinstance(value, str):
            try:
                return orjson.loads(value)
            except orjson.JSONDecodeError:
                pass
        return super().from_db_value(value, expression, connection)


class _ValuesWithout(Func):
    """``values`` without some keys, dropped by PostgreSQL (``jsonb - text[]``) before they travel.

    A FREIDA-like observation carries twenty-odd keys and a page reads a handful: dropping the rest
    in the query saves decoding them (about a tenth of resolving 3,000 programs). Other databases
    return the whole object; ``_resolve_rows`` skips unwanted keys either way.
    """

    output_field = _FactValues()

    def __init__(self, unwanted: list[str]):
        super().__init__(F("values"))
        self.unwanted = unwanted

    def as_sql(self, compiler, connection, **extra_context):
        return compiler.compile(self.get_source_expressions()[0])

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        if not self.unwanted:
            return sql, params
        return f"({sql} - %s::text[])", (*params, self.unwanted)


def _observation_rows(workspace, programs, *, keys: Collection[str] | None = None) -> QuerySet:
    """Rows of (id, program id, is catalog, values, kind, detail, url, observed on); ``values``
    holds at least ``keys`` of each observation's (all of them without ``keys``).

    "Is catalog" (no workspace) is computed by the database: a UUID per row costs more to decode."""
    facts = ProgramFact.objects.visible_to(workspace)
    if isinstance(programs, QuerySet):
        facts = facts.filter(program__in=programs.values("pk"))
    else:
        ids = [getattr(p, "pk", p) for p in programs]
        facts = facts.filter(program_id__in=ids)
    unwanted = [key for key in REGISTRY if key not in keys] if keys is not None else []
    return (
        facts.order_by()
        .annotate(
            wanted_values=_ValuesWithout(unwanted),
            is_catalog=ExpressionWrapper(Q(workspace=None), BooleanField()),
        )
        .values_list(
            "id",
            "program_id",
            "is_catalog",
            "wanted_values",
            "source_kind",
            "source_detail",
            "source_url",
            "observed_on",
        )
    )


def resolve_facts(
    workspace, programs: Iterable | QuerySet, *, keys: Iterable[str] | None = None, today: date | None = None
) -> dict[int, ProgramFacts]:
    """Resolved facts per program id (programs with no fact at all are absent: use ``.get(pk, EMPTY)``).

    ``programs`` is a queryset or an iterable of programs or ids; ``keys`` limits the work to the keys
    a page needs. Exactly one query.
    """
    wanted = set(keys) if keys is not None else None
    today = today or timezone.localdate()
    limits = {key: today - stale_limit(key) for key in (wanted or REGISTRY)}
    with gc_paused():
        return _resolve_rows(_observation_rows(workspace, programs, keys=limits), limits)


_new = tuple.__new__  # builds a named tuple from a tuple without a Python-level __new__ call


def _resolve_rows(rows, limits: dict[str, date]) -> dict[int, ProgramFacts]:
    """One pass: a key's first observation is resolved at once (most keys have one source); only
    keys that a second observation reaches are grouped by source and settled at the end."""
    resolved: dict[int, ProgramFacts] = {}
    # (program id, key) -> source group -> that group's newest observation, for keys with several
    contested: dict[tuple[int, str], dict[tuple, Observation]] = {}
    for fact_id, program_id, is_catalog, values, kind, detail, url, observed_on in rows:
        facts = resolved.get(program_id)
        if facts is None:
            facts = resolved[program_id] = ProgramFacts()
        for key, value in values.items():
            oldest_fresh = limits.get(key)
            if value is None or oldest_fresh is None:
                continue
            first = facts.get(key)
            if first is None:
                facts[key] = _new(
                    ResolvedFact,
                    (
                        key,
                        value,
                        fact_id,
                        kind,
                        detail,
                        url,
                        observed_on,
                        is_catalog,
                        observed_on < oldest_fresh,
                        (),
                    ),
                )
            else:
                observation = _new(Observation, (fact_id, value, kind, detail, url, observed_on, is_catalog))
                _contest(contested, (program_id, key), first.source, observation)
    for (program_id, key), groups in contested.items():
        resolved[program_id][key] = _resolve(key, groups, limits[key])
    return resolved


def _contest(contested: dict, where: tuple[int, str], first: Observation, observation: Observation) -> None:
    """Keep ``observation`` if it is the newest of its source group for this program and key."""
    groups = contested.get(where)
    if groups is None:
        groups = contested[where] = {(first.source_kind, first.is_catalog): first}
    group = (observation.source_kind, observation.is_catalog)
    current = groups.get(group)
    if current is None or observation.sort_key > current.sort_key:
        groups[group] = observation


def _resolve(key: str, groups: dict[tuple, Observation], oldest_fresh: date) -> ResolvedFact:
    """The newest of several sources' values, and the other sources' values that contest it."""
    ordered = sorted(groups.values(), key=attrgetter("sort_key"), reverse=True)
    best = ordered[0]
    # The program's own word settles what older sources said: that is history, not a conflict.
    settled_before = best.observed_on if best.source_kind in DIRECT_SOURCES else None
    conflicts = tuple(
        other
        for other in ordered[1:]
        if other.value != best.value
        and other.observed_on >= oldest_fresh
        and (settled_before is None or other.observed_on > settled_before)
    )
    stale = best.observed_on < oldest_fresh
    return _new(ResolvedFact, (key, best.value, best.fact_id, *best[2:], stale, conflicts))


def fact_history(workspace, program, key: str) -> list[Observation]:
    """Every value a source gave for ``key`` of ``program``, newest first (for the detail page)."""
    rows = _observation_rows(workspace, [program])
    history = [
        Observation(fact_id, values[key], kind, detail, url, observed_on, is_catalog)
        for fact_id, _program_id, is_catalog, values, kind, detail, url, observed_on in rows
        if values.get(key) is not None
    ]
    return sorted(history, key=lambda o: o.sort_key, reverse=True)


def fact_histories(workspace, program) -> dict[str, list[Observation]]:
    """Every value each source gave for every key of ``program``, newest first, in one query."""
    histories: dict[str, list[Observation]] = {}
    for fact_id, _program_id, is_catalog, values, kind, detail, url, observed_on in _observation_rows(
        workspace, [program]
    ):
        for key, value in values.items():
            if value is not None and key in REGISTRY:
                observation = Observation(fact_id, value, kind, detail, url, observed_on, is_catalog)
                histories.setdefault(key, []).append(observation)
    for observations in histories.values():
        observations.sort(key=lambda o: o.sort_key, reverse=True)
    return histories
