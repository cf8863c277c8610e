"""Vocabularies of the scoring app: criterion kinds, tiers, rank-list kinds and snapshot kinds."""

from django.db import models


class CriterionKind(models.TextChoices):
    OBJECTIVE = "objective", "Objective (from facts)"
    SUBJECTIVE = "subjective", "Subjective (your own view)"


class Tier(models.TextChoices):
    SAFER = "safer", "Safer"
    TARGET = "target", "Target"
    REACH = "reach", "Reach"
    NOT_ELIGIBLE = "not_eligible", "Not eligible"


TIER_BADGES = {
    Tier.SAFER: "success",
    Tier.TARGET: "primary",
    Tier.REACH: "warning",
    Tier.NOT_ELIGIBLE: "secondary",
}
TIER_ORDER = {tier: index for index, tier in enumerate(Tier.values)}


class ListKind(models.TextChoices):
    PRIMARY = "primary", "Primary rank order list"
    SUPPLEMENTAL = "supplemental", "Supplemental list"


class SnapshotKind(models.TextChoices):
    AUTO = "auto", "Automatic (before the day's first change)"
    MANUAL = "manual", "Taken by hand"
    CERTIFIED = "certified", "Certified in NRMP R3"
    BEFORE_RESTORE = "before_restore", "Before a restore"


# Snapshots that count as the applicant having reviewed the list (``scoring.status``).
REVIEW_KINDS = (SnapshotKind.MANUAL, SnapshotKind.CERTIFIED)
