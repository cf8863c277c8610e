"""Every workspace starts with the standard criteria, from the moment it exists."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.models import Workspace

from .models import Criterion


@receiver(post_save, sender=Workspace, dispatch_uid="scoring_standard_criteria")
def seed_criteria(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        Criterion.seed(instance)
