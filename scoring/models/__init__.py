"""The applicant's rubric (criteria, ratings) and rank lists (entries, snapshots)."""

from .criteria import Criterion, Rating
from .ranklists import RankEntry, RankList, RankListFull, RankSnapshot

__all__ = ["Criterion", "RankEntry", "RankList", "RankListFull", "RankSnapshot", "Rating"]
