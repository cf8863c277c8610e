"""The staff catalog import in the admin: django-import-export's buttons and pages, our pipeline.

``ImportExportModelAdmin`` gives the Program changelist its Import and Export buttons. Its import
views are replaced so a staff upload goes through exactly the checks of every other import
(limits, encodings, aliases, per-row errors, a dry run that writes nothing, an all-or-nothing
confirm) and writes the shared catalog (``workspace=None``). Exports neutralise formulas.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from import_export import fields, resources, widgets
from import_export.formats import base_formats

from accounts.spreadsheets import csv_bytes, xlsx_bytes

from ..models import ImportBatch, Program, Specialty
from . import pipeline
from .forms import UploadForm


class CatalogProgramResource(resources.ModelResource):
    """The catalog's public identity columns, for export (never ``id`` or ``workspace``)."""

    specialty = fields.Field(
        attribute="specialty",
        column_name="specialty_code",
        widget=widgets.ForeignKeyWidget(Specialty, "code"),
    )

    class Meta:
        model = Program
        fields = ("number", "name", "institution", "city", "state", "specialty")
        export_order = fields
        import_id_fields = ("number",)

    def get_queryset(self):
        return Program.objects.catalog().select_related("specialty")


class SafeCSV(base_formats.CSV):
    """CSV export whose text cells can never run as formulas (accounts.spreadsheets)."""

    def export_data(self, dataset, **kwargs):
        return csv_bytes(dataset.headers, dataset).decode("utf-8")


class SafeXLSX(base_formats.XLSX):
    def export_data(self, dataset, **kwargs):
        return xlsx_bytes(dataset.headers, dataset, title="Programs")


class CatalogImportMixin:
    """Swap import-export's import and confirm views for the catalog pipeline."""

    resource_classes = [CatalogProgramResource]
    export_formats = [SafeCSV, SafeXLSX]
    import_template_name = "admin/programs/catalog_import.html"

    def import_action(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
        batch = None
        if request.method == "POST" and form.is_valid():
            batch = pipeline.create_batch(**form.batch_arguments(), workspace=None, user=request.user)
        context = {
            **self.admin_site.each_context(request),
            "title": "Import into the shared catalog",
            "opts": self.model._meta,
            "form": form,
            "batch": batch,
            "can_confirm": batch is not None and pipeline.can_confirm(batch),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.import_template_name, context)

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        batch = get_object_or_404(
            ImportBatch,
            pk=request.POST.get("batch"),
            workspace__isnull=True,
            status=ImportBatch.Status.PREVIEWED,
        )
        skip_invalid = request.POST.get("skip_invalid") == "on"
        if pipeline.confirm_batch(batch, skip_invalid=skip_invalid, inline=True):
            batch.refresh_from_db()
        if batch.status == ImportBatch.Status.DONE:
            written = batch.preview.get("written", {})
            messages.success(request, f"Imported {batch.file_name}: {written}.")
        else:
            messages.error(request, f"{batch.file_name} was not imported. {batch.message}".strip())
        return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))
