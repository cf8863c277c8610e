from django.contrib import admin

from .models import Contact, Deadline, EmailTemplate, Event, Interview, Message, Question


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    """The season calendar: staff add each season's dates with their source and check date."""

    list_display = ["season", "name", "moment", "all_day", "confidence", "verified_on"]
    list_filter = ["season", "kind", "confidence"]
    search_fields = ["name", "source_note"]
    ordering = ["-season", "moment"]


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["subject", "workspace", "direction", "status", "sent_at"]
    list_filter = ["direction", "status"]
    raw_id_fields = ["workspace", "tracked", "contact", "parent", "created_by"]
    search_fields = ["subject", "reference"]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "email", "workspace"]
    raw_id_fields = ["workspace", "tracked"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "workspace"]
    raw_id_fields = ["workspace"]


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ["tracked", "status", "interview_date", "workspace"]
    raw_id_fields = ["workspace", "tracked"]


admin.site.register(EmailTemplate)
admin.site.register(Question)
