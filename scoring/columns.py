"""The program list's score column: composite and tier, sortable by composite, filterable by tier."""

from outreach.responsiveness import responsiveness_of
from programs.columns import ColumnValue, ExtraColumn, RowBatch

from .choices import Tier
from .scores import SCORING_KEYS, score_programs


def _cell(score) -> ColumnValue:
    tier = score.tier
    if score.composite is None:
        return ColumnValue(
            f"— · {tier.label}", None, tier.tier, tier.badge, f"Not rated yet · {tier.summary}"
        )
    title = f"{score.coverage_pct}% of the weight rated · {tier.summary}"
    return ColumnValue(f"{score.composite:.1f} · {tier.label}", score.composite, tier.tier, tier.badge, title)


def score_values(batch: RowBatch) -> dict[int, ColumnValue]:
    """Composite and tier of the rows the list shows, from the facts and verdicts it resolved."""
    board = score_programs(
        batch.workspace,
        batch.tracked,
        facts=batch.facts,
        verdicts=batch.verdicts,
        figures=responsiveness_of(batch),
    )
    return {pk: _cell(score) for pk, score in board.scores.items()}


# The key must not clash with the list's own parameters or another app's column.
SCORE_COLUMN = ExtraColumn(
    key="score",
    label="Score · tier",
    values=score_values,
    filter_label="Tier",
    filter_choices=tuple(Tier.choices),
    order=60,
    fact_keys=SCORING_KEYS,
)
