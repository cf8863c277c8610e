from django.core.management.base import BaseCommand

from accounts.demo import load_all
from accounts.demo_credentials import DEMO_EMAIL, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Create or refresh the demo applicant and its workspace (safe to run repeatedly)."

    def handle(self, *args, **options) -> None:
        _user, workspace = load_all()
        self.stdout.write(self.style.SUCCESS(f"Demo workspace “{workspace.name}” is ready."))
        self.stdout.write(f"Demo login: {DEMO_EMAIL} / {DEMO_PASSWORD}")
