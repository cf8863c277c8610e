from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from .access import (
    SESSION_LAST_WORKSPACE,
    get_membership_for_user,
    get_membership_row_for_user,
    get_workspace_for_user,
    workspaces_of,
)
from .emails import send_membership_added
from .forms import (
    ApplicantProfileForm,
    InviteMemberForm,
    MembershipRoleForm,
    PreferencesForm,
    WorkspaceForm,
)
from .models import Membership, Workspace
from .next_steps import home_panels, next_steps


@require_GET
def landing(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:start")
    return render(request, "accounts/landing.html")


@login_required
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """Send the user to the workspace they used last, or their first one."""
    workspaces = workspaces_of(request.user)
    last = request.session.get(SESSION_LAST_WORKSPACE)
    workspace = (last and workspaces.filter(pk=last).first()) or workspaces.first()
    if workspace is None:
        return redirect("accounts:workspace_new")
    return redirect("accounts:home", workspace_id=workspace.pk)


@login_required
@require_GET
def workspace_list(request: HttpRequest) -> HttpResponse:
    memberships = request.user.memberships.select_related("workspace").order_by(
        "-workspace__season", "workspace__name"
    )
    return render(request, "accounts/workspace_list.html", {"memberships": memberships})


@login_required
def workspace_new(request: HttpRequest) -> HttpResponse:
    form = WorkspaceForm(request.POST or None, initial={"name": "My residency search"})
    if request.method == "POST" and form.is_valid():
        workspace = Workspace.create_for(request.user, form.cleaned_data["name"], form.cleaned_data["season"])
        messages.success(request, f"Workspace “{workspace.name}” created.")
        return redirect("accounts:home", workspace_id=workspace.pk)
    return render(request, "accounts/workspace_new.html", {"form": form})


@login_required
@require_GET
def home(request: HttpRequest, workspace_id) -> HttpResponse:
    workspace = get_workspace_for_user(request, workspace_id)
    profile = workspace.profile
    return render(
        request,
        "accounts/home.html",
        {
            "workspace": workspace,
            "profile": profile,
            "next_steps": next_steps(request, workspace),
            "panels": home_panels(request, workspace),
        },
    )


@login_required
def profile(request: HttpRequest, workspace_id) -> HttpResponse:
    """The applicant profile: editable by owners and editors, read-only for viewers."""
    membership = get_membership_for_user(request, workspace_id, write=request.method == "POST")
    workspace = membership.workspace
    form = ApplicantProfileForm(request.POST or None, instance=workspace.profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Profile saved.")
        return redirect("accounts:home", workspace_id=workspace.pk)
    if not membership.can_write:
        for field in form.fields.values():
            field.disabled = True
    return render(request, "accounts/profile.html", {"workspace": workspace, "form": form})


def _settings_context(request: HttpRequest, membership: Membership, **forms) -> dict:
    workspace = membership.workspace
    return {
        "workspace": workspace,
        "membership": membership,
        "members": workspace.memberships.select_related("user").order_by("created_at"),
        "rename_form": forms.get("rename_form") or WorkspaceForm(instance=workspace),
        "invite_form": forms.get("invite_form") or InviteMemberForm(workspace=workspace),
        "roles": Membership.Role.choices,
    }


@login_required
@require_GET
def workspace_settings(request: HttpRequest, workspace_id) -> HttpResponse:
    membership = get_membership_for_user(request, workspace_id)
    return render(request, "accounts/workspace_settings.html", _settings_context(request, membership))


@login_required
@require_POST
def workspace_rename(request: HttpRequest, workspace_id) -> HttpResponse:
    membership = get_membership_for_user(request, workspace_id, owner=True)
    form = WorkspaceForm(request.POST, instance=membership.workspace)
    if not form.is_valid():
        context = _settings_context(request, membership, rename_form=form)
        return render(request, "accounts/workspace_settings.html", context, status=400)
    form.save()
    messages.success(request, "Workspace renamed.")
    return redirect("accounts:workspace_settings", workspace_id=workspace_id)


@login_required
@require_POST
def member_invite(request: HttpRequest, workspace_id) -> HttpResponse:
    membership = get_membership_for_user(request, workspace_id, owner=True)
    workspace = membership.workspace
    form = InviteMemberForm(request.POST, workspace=workspace)
    if not form.is_valid():
        context = _settings_context(request, membership, invite_form=form)
        return render(request, "accounts/workspace_settings.html", context, status=400)
    added = workspace.add_member(form.cleaned_data["user"], form.cleaned_data["role"])
    url = request.build_absolute_uri(reverse("accounts:home", kwargs={"workspace_id": workspace.pk}))
    transaction.on_commit(lambda: send_membership_added(added, request.user, url))
    messages.success(
        request,
        f"{added.user.email} can now open this workspace as {added.get_role_display().lower()}.",
    )
    return redirect("accounts:workspace_settings", workspace_id=workspace_id)


def _is_last_owner(member: Membership) -> bool:
    return (
        member.is_owner
        and not member.workspace.memberships.filter(role=Membership.Role.OWNER).exclude(pk=member.pk).exists()
    )


@login_required
@require_POST
def member_role(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    member = get_membership_row_for_user(request, workspace_id, pk, owner=True)
    was_last_owner = _is_last_owner(member)  # before the form writes the new role onto ``member``
    form = MembershipRoleForm(request.POST, instance=member)
    if not form.is_valid():
        messages.error(request, "Choose owner, editor or viewer.")
    elif was_last_owner and form.cleaned_data["role"] != Membership.Role.OWNER:
        messages.error(request, "A workspace needs at least one owner: make someone else owner first.")
    else:
        form.save()
        messages.success(request, f"{member.user.email} is now {member.get_role_display().lower()}.")
    return redirect("accounts:workspace_settings", workspace_id=workspace_id)


@login_required
@require_POST
def member_remove(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    member = get_membership_row_for_user(request, workspace_id, pk, owner=True)
    if _is_last_owner(member):
        messages.error(request, "A workspace needs at least one owner: make someone else owner first.")
    else:
        member.delete()
        messages.success(request, f"{member.user.email} no longer has access to this workspace.")
    return redirect("accounts:workspace_settings", workspace_id=workspace_id)


@login_required
@require_POST
def workspace_leave(request: HttpRequest, workspace_id) -> HttpResponse:
    membership = get_membership_for_user(request, workspace_id)
    if _is_last_owner(membership):
        messages.error(request, "You are the only owner: make someone else owner before leaving.")
        return redirect("accounts:workspace_settings", workspace_id=workspace_id)
    membership.delete()
    request.session.pop(SESSION_LAST_WORKSPACE, None)
    messages.success(request, f"You left “{membership.workspace.name}”.")
    return redirect("accounts:start")


@login_required
@require_POST
def workspace_delete(request: HttpRequest, workspace_id) -> HttpResponse:
    workspace = get_workspace_for_user(request, workspace_id, owner=True)
    if request.POST.get("confirm_name", "").strip() != workspace.name:
        messages.error(request, "Type the workspace name exactly to confirm deleting it.")
        return redirect("accounts:workspace_settings", workspace_id=workspace_id)
    name = workspace.name
    workspace.delete()
    request.session.pop(SESSION_LAST_WORKSPACE, None)
    messages.success(request, f"Workspace “{name}” and everything in it were deleted.")
    return redirect("accounts:start")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Preferences saved.")
        return redirect("accounts:preferences")
    return render(request, "accounts/preferences.html", {"form": form})
