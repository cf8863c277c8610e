"""Rank lists: the primary list (and supplemental lists), their ordered entries and their snapshots.

The NRMP keeps no history of a rank order list (only the latest saved version), so Shortlist does:
the day's first change takes an automatic snapshot of the list as it stood before it, the applicant
takes labelled snapshots by hand, and any snapshot can be compared and restored (a restore first
snapshots the list it replaces). Every change runs in one transaction holding the list's row lock,
so two windows reordering at once apply one after the other.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone

from ..choices import ListKind, SnapshotKind


class RankListFull(Exception):
    """The NRMP accepts at most ``ROL_MAX_RANKS`` ranks on one list."""


class RankList(models.Model):
    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="rank_lists")
    kind = models.CharField(max_length=12, choices=ListKind.choices, default=ListKind.PRIMARY)
    name = models.CharField(max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(
        null=True, blank=True, help_text="When entries were last added, removed or reordered"
    )
    reviewed_at = models.DateTimeField(
        null=True, blank=True, help_text="Last snapshot taken by hand, or certification in R3"
    )
    certified_at = models.DateTimeField(
        null=True, blank=True, help_text="When the applicant said they certified this list in R3"
    )

    class Meta:
        ordering = ["kind", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace"], condition=Q(kind=ListKind.PRIMARY), name="scoring_one_primary_list"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def primary_for(cls, workspace) -> "RankList":
        found = cls.objects.filter(workspace=workspace, kind=ListKind.PRIMARY).first()
        if found is not None:
            return found
        try:
            with transaction.atomic():
                return cls.objects.create(workspace=workspace, kind=ListKind.PRIMARY, name="Primary list")
        except IntegrityError:  # created meanwhile by a concurrent request
            return cls.objects.get(workspace=workspace, kind=ListKind.PRIMARY)

    @classmethod
    def all_for(cls, workspace) -> list["RankList"]:
        """The primary list first, then the supplemental lists by creation."""
        return list(cls.objects.filter(workspace=workspace).order_by("kind", "created_at", "id"))

    @classmethod
    def create_supplemental(cls, workspace, name: str) -> "RankList":
        return cls.objects.create(workspace=workspace, kind=ListKind.SUPPLEMENTAL, name=name)

    @property
    def is_primary(self) -> bool:
        return self.kind == ListKind.PRIMARY

    @property
    def has_unreviewed_changes(self) -> bool:
        return self.changed_at is not None and (
            self.reviewed_at is None or self.changed_at > self.reviewed_at
        )

    def ordered_entries(self) -> models.QuerySet:
        return self.entries.select_related("tracked__program__specialty").order_by("position", "id")

    # --- Changes -----------------------------------------------------------------------------

    @contextmanager
    def _changing(self, by=None) -> Iterator["RankList"]:
        """Lock the list, snapshot it before the day's first change, and record the change."""
        with transaction.atomic():
            locked = RankList.objects.select_for_update().get(pk=self.pk)
            first_today = locked.changed_at is None or (
                timezone.localdate(locked.changed_at) < timezone.localdate()
            )
            if first_today:
                locked._snapshot_if_changed(SnapshotKind.AUTO, "Before the day's first change", by)
            yield locked
            self.changed_at = timezone.now()
            RankList.objects.filter(pk=self.pk).update(changed_at=self.changed_at)

    def _entry_ids(self) -> list[int]:
        return list(self.entries.order_by("position", "id").values_list("pk", flat=True))

    def _renumber(self, ordered_ids: list[int]) -> None:
        current = dict(self.entries.values_list("pk", "position"))
        changed = [
            RankEntry(pk=pk, position=index)
            for index, pk in enumerate(ordered_ids, start=1)
            if current.get(pk) != index
        ]
        RankEntry.objects.bulk_update(changed, ["position"])

    def add(self, tracked, *, confirmed: Iterable[str] = (), by=None) -> "RankEntry":
        """Put a tracked program at the bottom; ``confirmed`` names the warnings the applicant accepted."""
        with self._changing(by) as locked:
            count = locked.entries.count()
            if count >= settings.ROL_MAX_RANKS:
                raise RankListFull(f"A rank order list holds at most {settings.ROL_MAX_RANKS} programs.")
            entry = RankEntry.objects.create(
                workspace_id=self.workspace_id, rank_list=locked, tracked=tracked,
                position=count + 1, confirmed_flags=sorted(set(confirmed)),
            )  # fmt: skip
            sync_ranked_stages(self.workspace_id, [tracked.pk], by=by)
            return entry

    def remove(self, entry: "RankEntry", *, by=None) -> None:
        with self._changing(by) as locked:
            entry.delete()
            locked._renumber(locked._entry_ids())
            sync_ranked_stages(self.workspace_id, [entry.tracked_id], by=by)

    def move(self, entry: "RankEntry", position: int, *, by=None) -> int:
        """Move one entry to ``position`` (clamped to the list); returns where it landed."""
        with self._changing(by) as locked:
            ids = [pk for pk in locked._entry_ids() if pk != entry.pk]
            index = max(0, min(position - 1, len(ids)))
            ids.insert(index, entry.pk)
            locked._renumber(ids)
            return index + 1

    def reorder(self, entry_ids: list[int], *, by=None) -> None:
        """The whole order at once (drag and drop); ``entry_ids`` must be exactly this list's entries."""
        with self._changing(by) as locked:
            if sorted(entry_ids) != sorted(locked._entry_ids()) or len(set(entry_ids)) != len(entry_ids):
                raise ValueError("The order does not match the list's entries (it changed meanwhile).")
            locked._renumber(entry_ids)

    def apply_program_order(self, tracked_ids: list[int], *, by=None) -> None:
        """Reorder by tracked-program ids (an accepted suggestion); entries not named keep their turn last."""
        by_tracked = dict(self.entries.values_list("tracked_id", "pk"))
        ordered = [by_tracked[t] for t in tracked_ids if t in by_tracked]
        ordered += [pk for pk in self._entry_ids() if pk not in set(ordered)]
        self.reorder(ordered, by=by)

    # --- Snapshots ---------------------------------------------------------------------------

    def snapshot_rows(self) -> list[dict]:
        """The list as plain data: what a snapshot stores (names kept, in case a program goes)."""
        return [
            {
                "program_id": entry.tracked.program_id,
                "tracked_id": entry.tracked_id,
                "name": entry.tracked.program.name,
                "number": entry.tracked.program.number or "",
                "location": entry.tracked.program.location,
                "why_here": entry.why_here,
            }
            for entry in self.entries.select_related("tracked__program").order_by("position", "id")
        ]

    def _snapshot_if_changed(self, kind: str, label: str, by) -> "RankSnapshot | None":
        rows = self.snapshot_rows()
        latest = self.snapshots.order_by("-created_at", "-id").first()
        if not rows or (latest is not None and _order(latest.entries) == _order(rows)):
            return None
        return RankSnapshot.objects.create(
            workspace_id=self.workspace_id,
            rank_list=self,
            kind=kind,
            label=label,
            entries=rows,
            created_by=by,
        )

    @transaction.atomic
    def take_snapshot(self, label: str = "", *, kind: str = SnapshotKind.MANUAL, by=None) -> "RankSnapshot":
        """A snapshot by hand (or at certification): it also marks the list as reviewed."""
        snapshot = RankSnapshot.objects.create(
            workspace_id=self.workspace_id, rank_list=self, kind=kind,
            label=label or f"Snapshot of {timezone.localdate():%b %-d, %Y}", entries=self.snapshot_rows(),
            created_by=by,
        )  # fmt: skip
        self.reviewed_at = snapshot.created_at
        fields = ["reviewed_at"]
        if kind == SnapshotKind.CERTIFIED:
            self.certified_at = snapshot.created_at
            fields.append("certified_at")
        self.save(update_fields=fields)
        return snapshot

    def restore(self, snapshot: "RankSnapshot", tracked_by_program: dict[int, int], *, by=None) -> "Restored":
        """Make the list what ``snapshot`` holds; ``tracked_by_program`` maps the workspace's programs."""
        rows = snapshot.entries[: settings.ROL_MAX_RANKS]
        kept = [row for row in rows if row["program_id"] in tracked_by_program]
        with self._changing(by) as locked:
            locked._snapshot_if_changed(
                SnapshotKind.BEFORE_RESTORE, f"Before restoring “{snapshot.label}”", by
            )
            before = list(locked.entries.values_list("tracked_id", flat=True))
            locked.entries.all().delete()
            RankEntry.objects.bulk_create(
                RankEntry(workspace_id=self.workspace_id, rank_list=locked, position=index,
                          tracked_id=tracked_by_program[row["program_id"]], why_here=row.get("why_here", ""))
                for index, row in enumerate(kept, start=1)
            )  # fmt: skip
            restored = [tracked_by_program[row["program_id"]] for row in kept]
            sync_ranked_stages(self.workspace_id, [*before, *restored], by=by)
        skipped = [row["name"] for row in snapshot.entries if row["program_id"] not in tracked_by_program]
        return Restored(len(kept), skipped)


def sync_ranked_stages(workspace_id, tracked_ids: Iterable[int], *, by=None) -> None:
    """Keep the pipeline's "Ranked" stage in step with the rank lists, in three queries.

    An interviewed program put on a list becomes "Ranked"; a ranked program that is on no list any
    more goes back to "Interviewed". Programs at other stages (say, ranked without an interview)
    keep their stage, so the "not interviewed" warning stays true.
    """
    from programs.choices import Stage
    from programs.models import TrackedProgram

    ids = set(tracked_ids)
    on_a_list = set(RankEntry.objects.filter(tracked_id__in=ids).values_list("tracked_id", flat=True))
    rows = TrackedProgram.objects.filter(workspace_id=workspace_id, pk__in=ids)
    rows.filter(pk__in=on_a_list, stage=Stage.INTERVIEWED).move_to(Stage.RANKED, by=by)
    rows.filter(stage=Stage.RANKED).exclude(pk__in=on_a_list).move_to(Stage.INTERVIEWED, by=by)


@dataclass(frozen=True)
class Restored:
    count: int
    skipped: list[str]  # programs no longer tracked in the workspace


def _order(rows: list[dict]) -> list[int]:
    return [row["program_id"] for row in rows]


class RankEntry(models.Model):
    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="rank_entries")
    rank_list = models.ForeignKey(RankList, on_delete=models.CASCADE, related_name="entries")
    tracked = models.ForeignKey(
        "programs.TrackedProgram", on_delete=models.CASCADE, related_name="rank_entries"
    )
    position = models.PositiveIntegerField()
    why_here = models.CharField("why here", max_length=1000, blank=True)
    confirmed_flags = models.JSONField(
        default=list, blank=True, help_text="Warnings the applicant accepted when adding the program"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["rank_list", "tracked"], name="scoring_entry_unique")]
        indexes = [models.Index(fields=["rank_list", "position"])]

    def __str__(self) -> str:
        return f"#{self.position} {self.tracked.program}"

    def save_note(self, text: str) -> None:
        self.why_here = text
        self.save(update_fields=["why_here"])


class RankSnapshot(models.Model):
    """The list as it stood at one moment: program ids, names and notes in order."""

    workspace = models.ForeignKey(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="rank_snapshots"
    )
    rank_list = models.ForeignKey(RankList, on_delete=models.CASCADE, related_name="snapshots")
    kind = models.CharField(max_length=16, choices=SnapshotKind.choices, default=SnapshotKind.MANUAL)
    label = models.CharField(max_length=120, blank=True)
    entries = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.label or f"Snapshot {self.pk}"

    @property
    def size(self) -> int:
        return len(self.entries)
