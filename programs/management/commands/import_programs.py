"""``manage.py import_programs FILE [--catalog | --workspace EMAIL] [--dry-run] [--json]``.

The same pipeline as the browser: a refused file, a file with invalid rows (unless
``--skip-invalid``) or a failed import exits non-zero with the reason on stderr; ``--json`` prints
the batch summary (counts, errors) for scripts.
"""

import json
import uuid
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import Membership, User, Workspace
from programs.choices import IMPORT_SOURCES
from programs.imports import pipeline
from programs.imports.analysis import analyse, summary
from programs.imports.limits import ImportRefused, human_size
from programs.models import ImportBatch


class Command(BaseCommand):
    help = "Import programs (or an NRMP table) from a CSV, TSV, XLSX or NRMP JSON file."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--catalog", action="store_true", help="write the shared catalog (staff data)")
        scope.add_argument("--workspace", metavar="EMAIL_OR_ID", help="a user's email or a workspace id")
        parser.add_argument("--dry-run", action="store_true", help="preview only: write nothing")
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="import the valid rows of a file with invalid ones"
        )
        parser.add_argument(
            "--source", choices=[k.value for k in IMPORT_SOURCES], default="", help="default: detect"
        )
        parser.add_argument("--observed-on", type=date.fromisoformat, help="date of the data (YYYY-MM-DD)")

    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        if path.stat().st_size > settings.IMPORT_MAX_BYTES:
            raise CommandError(
                f"{path.name} is {human_size(path.stat().st_size)}, more than the "
                f"{human_size(settings.IMPORT_MAX_BYTES)} limit (IMPORT_MAX_BYTES)."
            )
        workspace, user = (None, None) if options["catalog"] else self.resolve(options["workspace"])
        data = path.read_bytes()
        if options["dry_run"]:
            self.dry_run(data, path.name, workspace, user, options)
        else:
            self.run(data, path.name, workspace, user, options)

    def resolve(self, value: str) -> tuple[Workspace, User | None]:
        try:
            workspace = Workspace.objects.filter(pk=uuid.UUID(value)).first()
        except ValueError:
            workspace = None
        if workspace is not None:
            owner = workspace.memberships.filter(role=Membership.Role.OWNER).select_related("user").first()
            return workspace, owner.user if owner else None
        user = User.objects.filter(email__iexact=value).first()
        if user is None:
            raise CommandError(f"No user with the email {value} and no workspace with that id.")
        owned = list(
            Workspace.objects.filter(memberships__user=user, memberships__role=Membership.Role.OWNER)
        )
        if len(owned) != 1:
            choices = ", ".join(f"{w.pk} ({w.name})" for w in owned) or "none"
            raise CommandError(f"{value} owns {len(owned)} workspaces; pass one id instead: {choices}")
        return owned[0], user

    def dry_run(self, data: bytes, name: str, workspace, user, options) -> None:
        try:
            analysis = analyse(
                data,
                name,
                workspace=workspace,
                source_kind=options["source"],
                observed_on=options["observed_on"] or timezone.localdate(),
                mapping_for=lambda signature: pipeline.remembered_mapping(workspace, signature),
                may_write_shared=workspace is None or bool(user and user.is_staff),
            )
        except ImportRefused as exc:
            self.report({"status": "refused", "file": name, "message": str(exc)}, options)
            raise CommandError(str(exc)) from None
        result = {"status": "dry-run", "file": name, **self.counts(summary(analysis))}
        self.report(result, options)
        self.fail_if_blocked(result, options)

    def run(self, data: bytes, name: str, workspace, user, options) -> None:
        batch = pipeline.create_batch(
            data=data,
            file_name=name,
            workspace=workspace,
            user=user,
            source_kind=options["source"],
            observed_on=options["observed_on"],
        )
        confirmable = batch.status == ImportBatch.Status.PREVIEWED and not batch.message
        if confirmable and (batch.rows_invalid == 0 or options["skip_invalid"]):
            pipeline.confirm_batch(batch, skip_invalid=options["skip_invalid"], inline=True)
            batch.refresh_from_db()
        result = {
            "status": batch.status,
            "file": name,
            "batch": batch.pk,
            **self.counts(self.batch_summary(batch)),
        }
        self.report(result, options)
        if batch.status != ImportBatch.Status.DONE:
            reason = batch.message
            if batch.status == ImportBatch.Status.PREVIEWED:
                pipeline.cancel_batch(batch)  # not confirmed: do not keep the upload
            self.fail_if_blocked(result, options, fallback=reason)

    @staticmethod
    def batch_summary(batch: ImportBatch) -> dict:
        fields = ("kind", "detected_format", "encoding", "delimiter", "source_kind", "rows_total", "rows_new",
                  "rows_updated", "rows_unchanged", "rows_invalid", "errors", "warnings", "message", "preview")  # fmt: skip
        return {f: getattr(batch, f) for f in fields}

    @staticmethod
    def counts(data: dict) -> dict:
        preview = data.get("preview") or {}
        return {
            "kind": data["kind"],
            "format": data["detected_format"],
            "encoding": data["encoding"],
            "delimiter": data["delimiter"],
            "source": data["source_kind"],
            "rows": {k: data[f"rows_{k}"] for k in ("total", "new", "updated", "unchanged", "invalid")},
            "errors": data["errors"],
            "warnings": data["warnings"],
            "notes": preview.get("notes", []),
            "written": preview.get("written", {}),
            "message": data["message"],
        }

    def report(self, result: dict, options) -> None:
        if options["json"]:
            self.stdout.write(json.dumps(result, indent=2, default=str))
            return
        self.stdout.write(f"{result['file']}: {result['status']}")
        if "rows" in result:
            rows = result["rows"]
            self.stdout.write(
                f"  {rows['total']} rows: {rows['new']} new, {rows['updated']} updated, "
                f"{rows['unchanged']} unchanged, {rows['invalid']} invalid"
            )
            self.stdout.write(
                f"  read as {result['format']} {result['encoding']} · source {result['source']}"
            )
            for note in result["notes"]:
                self.stdout.write(f"  note: {note}")
            for error in result["errors"][:50]:
                self.stdout.write(
                    f"  row {error['row']}: {error.get('column') or ''} {error['message']}".rstrip()
                )
            if result.get("written"):
                self.stdout.write(f"  written: {result['written']}")

    @staticmethod
    def fail_if_blocked(result: dict, options, fallback: str = "") -> None:
        message = result.get("message") or fallback
        invalid = result.get("rows", {}).get("invalid", 0)
        if message:
            raise CommandError(message)
        if invalid and (result["status"] != "dry-run" or not options["skip_invalid"]):
            raise CommandError(
                f"{invalid} row(s) are invalid (listed above); nothing was written. "
                "Fix them, or pass --skip-invalid to import the other rows."
                if result["status"] != "dry-run"
                else f"{invalid} row(s) are invalid (listed above)."
            )
