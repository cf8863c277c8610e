"""Differences between two versions of a rank list: moved up or down (by how much), added, removed.

Versions are the plain rows a snapshot stores (``RankList.snapshot_rows``), compared by program, so
a program removed from tracking and added again is still the same program.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DiffRow:
    name: str
    number: str
    old: int | None  # rank in the older version
    new: int | None  # rank in the newer version

    @property
    def status(self) -> str:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "up" if self.new < self.old else "down" if self.new > self.old else "same"

    @property
    def moved(self) -> int:
        return abs(self.old - self.new) if self.old is not None and self.new is not None else 0


@dataclass
class Diff:
    rows: list[DiffRow] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def changed(self) -> bool:
        return any(row.status != "same" for row in self.rows)

    @property
    def summary(self) -> str:
        parts = [
            f"{self.count(status)} {label}"
            for status, label in (
                ("up", "moved up"),
                ("down", "moved down"),
                ("added", "added"),
                ("removed", "removed"),
            )
            if self.count(status)
        ]
        return ", ".join(parts) if parts else "No difference"


def diff_rows(older: list[dict], newer: list[dict]) -> Diff:
    """The newer version in order (each row with its old rank), then what the newer one dropped."""
    old_rank = {row["program_id"]: index for index, row in enumerate(older, start=1)}
    new_ids = {row["program_id"] for row in newer}
    rows = [
        DiffRow(row["name"], row.get("number", ""), old_rank.get(row["program_id"]), index)
        for index, row in enumerate(newer, start=1)
    ]
    rows += [
        DiffRow(row["name"], row.get("number", ""), index, None)
        for index, row in enumerate(older, start=1)
        if row["program_id"] not in new_ids
    ]
    return Diff(rows)
