"""Sensitivity: which neighbours on the rank list would trade places by score if one weight moved by ±1.

For every adjacent pair of the current order (both with a composite score) and every criterion,
the weight is moved one step down and one step up (staying within 0–5). When the difference of the
two composites changes sign, the pair "depends on" that weight: "your #3 and #4 depend on how much
you weigh research". Ties are not swaps. Pure arithmetic on the scoreboard: no queries.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from .models import Criterion
from .models.criteria import WEIGHT_MAX
from .scores import ProgramScore

EPSILON = 1e-9


@dataclass(frozen=True)
class Swap:
    criterion: Criterion
    weight: int  # the weight at which the two trade places

    @property
    def direction(self) -> str:
        return "more" if self.weight > self.criterion.weight else "less"


@dataclass(frozen=True)
class SensitivePair:
    position: int  # the upper one's rank; the lower one is position + 1
    upper: ProgramScore
    lower: ProgramScore
    swaps: tuple[Swap, ...]

    SHOWN = 3

    @property
    def names(self) -> list[str]:
        return list(dict.fromkeys(swap.criterion.name for swap in self.swaps))

    @property
    def criteria_names(self) -> str:
        """ "Research", "Research or Location fit", "Research, Location fit, Visa fit and 2 more"."""
        names = self.names
        if len(names) > self.SHOWN:
            return ", ".join(names[: self.SHOWN]) + f" and {len(names) - self.SHOWN} more"
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]

    @property
    def example(self) -> Swap:
        return self.swaps[0]


def _sign(value: float) -> int:
    return 1 if value > EPSILON else -1 if value < -EPSILON else 0


def pair_swaps(upper: ProgramScore, lower: ProgramScore, criteria: Sequence[Criterion]) -> tuple[Swap, ...]:
    """The single-step weight changes under which ``upper`` and ``lower`` trade places by score."""
    a, b = upper.composite, lower.composite
    if a is None or b is None:
        return ()
    before = _sign(a - b)
    swaps = []
    for criterion in criteria:
        for weight in (criterion.weight - 1, criterion.weight + 1):
            if not 0 <= weight <= WEIGHT_MAX:
                continue
            new_a, new_b = upper.composite_with(criterion, weight), lower.composite_with(criterion, weight)
            if new_a is None or new_b is None:
                continue
            after = _sign(new_a - new_b)
            if before and after and before != after:
                swaps.append(Swap(criterion, weight))
    return tuple(swaps)


def sensitive_pairs(
    ordered: Sequence[ProgramScore | None], criteria: Sequence[Criterion]
) -> list[SensitivePair]:
    """The adjacent pairs of ``ordered`` (the list's scores, rank 1 first) that one weight could swap."""
    pairs = []
    for index in range(len(ordered) - 1):
        upper, lower = ordered[index], ordered[index + 1]
        if upper is None or lower is None:
            continue
        swaps = pair_swaps(upper, lower, criteria)
        if swaps:
            pairs.append(SensitivePair(index + 1, upper, lower, swaps))
    return pairs
