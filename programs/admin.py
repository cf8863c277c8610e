from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from .imports.admin import CatalogImportMixin
from .models import ImportBatch, Program, ProgramFact, Specialty, SpecialtyStat, TrackedProgram


@admin.register(Specialty)
class SpecialtyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "application_cycle", "requires_prior_gme", "is_genetics"]
    list_filter = ["kind", "application_cycle", "is_genetics"]
    search_fields = ["code", "name"]


class ProgramFactInline(admin.TabularInline):
    model = ProgramFact
    extra = 0
    fields = ["source_kind", "observed_on", "workspace", "values", "source_detail"]
    raw_id_fields = ["workspace", "batch", "created_by"]


@admin.register(Program)
class ProgramAdmin(CatalogImportMixin, ImportExportModelAdmin):
    """The catalog; Import goes through the catalog pipeline (programs.imports.admin)."""

    list_display = ["number", "name", "city", "state", "specialty", "workspace"]
    list_filter = ["specialty", "state"]
    search_fields = ["number", "name", "institution", "city"]
    raw_id_fields = ["workspace"]
    inlines = [ProgramFactInline]


@admin.register(ProgramFact)
class ProgramFactAdmin(admin.ModelAdmin):
    list_display = ["program", "source_kind", "observed_on", "workspace", "created_at"]
    list_filter = ["source_kind"]
    search_fields = ["program__name", "program__number"]
    raw_id_fields = ["program", "workspace", "batch", "created_by"]


@admin.register(TrackedProgram)
class TrackedProgramAdmin(admin.ModelAdmin):
    list_display = ["program", "workspace", "stage", "interest", "updated_at"]
    list_filter = ["stage"]
    raw_id_fields = ["program", "workspace", "source_batch"]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = [
        "file_name",
        "workspace",
        "status",
        "rows_total",
        "rows_new",
        "rows_invalid",
        "created_at",
    ]
    list_filter = ["status", "kind", "source_kind"]
    raw_id_fields = ["workspace", "created_by"]
    readonly_fields = ["errors", "warnings", "preview", "column_mapping", "undo_report"]


@admin.register(SpecialtyStat)
class SpecialtyStatAdmin(admin.ModelAdmin):
    list_display = [
        "nrmp_label",
        "year",
        "specialty",
        "positions_offered",
        "matches_total",
        "applicants_non_us_img",
    ]
    list_filter = ["year", "specialty"]
    search_fields = ["nrmp_label"]
    raw_id_fields = ["batch"]
