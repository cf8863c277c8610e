"""Facts to re-verify: hard-rule facts (visa, cut-offs) that are stale, not confirmed by the program
itself, or contradicted by another source, on programs the applicant is actually pursuing.

Eligibility treats such facts as "needs confirmation"; before applications and again before the
rank-list deadline the applicant should ask the program. Two queries for a whole workspace.
"""

from dataclasses import dataclass
from datetime import date

from programs.choices import SourceKind, Stage
from programs.facts import REGISTRY
from programs.models import TrackedProgram
from programs.resolve import ResolvedFact, resolve_facts, stale_limit

# The program itself said it (by email, phone, at an open house or interview).
CONFIRMING_SOURCES = (
    SourceKind.COORDINATOR_EMAIL,
    SourceKind.PHONE,
    SourceKind.OPEN_HOUSE,
    SourceKind.INTERVIEW,
)
PURSUED_STAGES = (Stage.SHORT_LIST, Stage.APPLIED, Stage.INTERVIEW_INVITED, Stage.INTERVIEWED, Stage.RANKED)
HARD_RULE_KEYS = tuple(key for key, fact in REGISTRY.items() if fact.hard_rule)


@dataclass(frozen=True)
class FactToCheck:
    fact: ResolvedFact
    reasons: tuple[str, ...]

    def as_dict(self) -> dict:
        return {
            "label": self.fact.label,
            "value": self.fact.display,
            "source": self.fact.source.source_label,
            "observed_on": self.fact.observed_on.isoformat(),
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class ProgramToCheck:
    tracked: TrackedProgram
    facts: tuple[FactToCheck, ...]


def reasons_to_check(fact: ResolvedFact) -> tuple[str, ...]:
    reasons = []
    if fact.stale:
        reasons.append(f"older than {stale_limit(fact.key).days} days")
    if fact.source.source_kind not in CONFIRMING_SOURCES:
        reasons.append(f"not confirmed by the program (source: {fact.source.source_label})")
    if fact.conflict:
        reasons.append("sources disagree")
    return tuple(reasons)


def facts_to_reverify(workspace, *, today: date | None = None) -> list[ProgramToCheck]:
    """Pursued programs (short list onwards) with the hard-rule facts to ask them about again."""
    tracked = list(
        TrackedProgram.objects.for_workspace(workspace)
        .in_stage(*PURSUED_STAGES)
        .with_program()
        .order_by("program__name")
    )
    resolved = resolve_facts(workspace, [t.program_id for t in tracked], keys=HARD_RULE_KEYS, today=today)
    found = []
    for item in tracked:
        facts = resolved.get(item.program_id, {})
        checks = tuple(
            FactToCheck(facts[key], reasons)
            for key in HARD_RULE_KEYS
            if key in facts and (reasons := reasons_to_check(facts[key]))
        )
        if checks:
            found.append(ProgramToCheck(item, checks))
    return found
