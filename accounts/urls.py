from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("app/", views.start, name="start"),
    path("workspaces/", views.workspace_list, name="workspace_list"),
    path("workspaces/new/", views.workspace_new, name="workspace_new"),
    path("account/preferences/", views.preferences, name="preferences"),
    path("w/<uuid:workspace_id>/", views.home, name="home"),
    path("w/<uuid:workspace_id>/profile/", views.profile, name="profile"),
    path("w/<uuid:workspace_id>/settings/", views.workspace_settings, name="workspace_settings"),
    path("w/<uuid:workspace_id>/settings/rename/", views.workspace_rename, name="workspace_rename"),
    path("w/<uuid:workspace_id>/settings/invite/", views.member_invite, name="member_invite"),
    path("w/<uuid:workspace_id>/settings/leave/", views.workspace_leave, name="workspace_leave"),
    path("w/<uuid:workspace_id>/settings/delete/", views.workspace_delete, name="workspace_delete"),
    path("w/<uuid:workspace_id>/members/<int:pk>/role/", views.member_role, name="member_role"),
    path("w/<uuid:workspace_id>/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
]
