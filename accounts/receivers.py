"""Every user owns at least one workspace from the moment the account exists."""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Workspace


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts_first_workspace")
def create_first_workspace(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        Workspace.create_for(instance, name="My residency search")
