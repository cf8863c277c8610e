"""Contacts (with suggestions from facts, CSV and vCard downloads) and the editable email templates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from accounts.access import get_workspace_for_user
from accounts.spreadsheets import csv_response, download, safe_filename
from programs.access import get_tracked_program_for_user, tracked_programs_for_user

from .access import get_contact_for_user, get_outreach_settings_for_user, get_template_for_user
from .contacts import CSV_HEADER, add_suggested_contact, csv_rows, suggestions, vcards
from .forms import ContactForm, EmailTemplateForm
from .models import Contact, EmailTemplate
from .pages import render_page
from .templating import PLACEHOLDERS


@login_required
@require_GET
def contact_list(request: HttpRequest, workspace_id) -> HttpResponse:
    workspace, tracked = tracked_programs_for_user(request, workspace_id)
    contacts = list(workspace.outreach_contacts.with_program().order_by("tracked__program__name", "name"))
    context = {"contacts": contacts, "suggestions": suggestions(workspace, tracked.active(), contacts)}
    return render_page(request, "outreach/contacts/list.html", workspace, "contacts", context)


def _contact_form_page(request, workspace, form, contact=None) -> HttpResponse:
    context = {"form": form, "contact": contact}
    return render_page(request, "outreach/contacts/form.html", workspace, "contacts", context)


@login_required
def contact_new(request: HttpRequest, workspace_id) -> HttpResponse:
    workspace = get_workspace_for_user(request, workspace_id, write=True)
    initial = {"tracked": request.GET.get("program")}
    form = ContactForm(
        request.POST or None, instance=Contact(workspace=workspace), workspace=workspace, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        contact = form.save()
        messages.success(request, f"{contact.name} added to your contacts.")
        return redirect("outreach:contact_list", workspace_id=workspace_id)
    return _contact_form_page(request, workspace, form)


@login_required
def contact_edit(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    contact = get_contact_for_user(request, workspace_id, pk, write=request.method == "POST")
    form = ContactForm(request.POST or None, instance=contact, workspace=contact.workspace)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Contact saved.")
        return redirect("outreach:contact_list", workspace_id=workspace_id)
    return _contact_form_page(request, contact.workspace, form, contact)


@login_required
@require_POST
def contact_delete(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    contact = get_contact_for_user(request, workspace_id, pk, write=True)
    contact.delete()
    messages.success(request, f"{contact.name} removed from your contacts.")
    return redirect("outreach:contact_list", workspace_id=workspace_id)


@login_required
@require_POST
def contact_add_suggestion(request: HttpRequest, workspace_id, tracked_pk: int, role: str) -> HttpResponse:
    """Add the coordinator or director the facts name; the values are re-read from the facts here."""
    tracked = get_tracked_program_for_user(request, workspace_id, tracked_pk, write=True)
    contact = add_suggested_contact(tracked.workspace, tracked, role)
    if contact is None:
        messages.info(request, "Nothing to add: that person is already one of your contacts.")
    else:
        messages.success(request, f"{contact.name} added to your contacts.")
    if request.POST.get("next") == "program":
        return redirect("outreach:program", workspace_id=workspace_id, tracked_pk=tracked.pk)
    return redirect("outreach:contact_list", workspace_id=workspace_id)


def _contacts_for_export(request, workspace_id):
    workspace = get_workspace_for_user(request, workspace_id)
    # Program contacts by program, then the workspace-wide ones (NULLs sort differently per database).
    by_program = F("tracked__program__name").asc(nulls_last=True)
    return workspace, workspace.outreach_contacts.with_program().order_by(by_program, "name")


@login_required
@require_GET
def contacts_csv(request: HttpRequest, workspace_id) -> HttpResponse:
    workspace, contacts = _contacts_for_export(request, workspace_id)
    return csv_response(
        CSV_HEADER, csv_rows(contacts), safe_filename("contacts", str(workspace.season), extension="csv")
    )


@login_required
@require_GET
def contacts_vcf(request: HttpRequest, workspace_id) -> HttpResponse:
    workspace, contacts = _contacts_for_export(request, workspace_id)
    filename = safe_filename("contacts", str(workspace.season), extension="vcf")
    return download(vcards(contacts).encode("utf-8"), filename, "text/vcard; charset=utf-8")


# -- email templates ---------------------------------------------------------------------------------


@login_required
@require_GET
def template_list(request: HttpRequest, workspace_id) -> HttpResponse:
    workspace, _settings = get_outreach_settings_for_user(request, workspace_id)
    context = {"templates": workspace.outreach_templates.all(), "placeholders": PLACEHOLDERS}
    return render_page(request, "outreach/email_templates/list.html", workspace, "templates", context)


def _template_form_page(request, workspace, form, template=None) -> HttpResponse:
    context = {"form": form, "template": template, "placeholders": PLACEHOLDERS}
    return render_page(request, "outreach/email_templates/form.html", workspace, "templates", context)


@login_required
def template_new(request: HttpRequest, workspace_id) -> HttpResponse:
    workspace = get_workspace_for_user(request, workspace_id, write=True)
    form = EmailTemplateForm(request.POST or None, instance=EmailTemplate(workspace=workspace, position=99))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Template added.")
        return redirect("outreach:template_list", workspace_id=workspace_id)
    return _template_form_page(request, workspace, form)


@login_required
def template_edit(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    template = get_template_for_user(request, workspace_id, pk, write=request.method == "POST")
    form = EmailTemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Template saved.")
        return redirect("outreach:template_list", workspace_id=workspace_id)
    return _template_form_page(request, template.workspace, form, template)


@login_required
@require_POST
def template_delete(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    template = get_template_for_user(request, workspace_id, pk, write=True)
    template.delete()
    messages.success(request, f"Template “{template.name}” deleted. Emails written from it are kept.")
    return redirect("outreach:template_list", workspace_id=workspace_id)
