from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("", views.browse, name="browse"),
    path("add/", views.add, name="add"),
    path("specialties/", views.specialty_list, name="specialty_list"),
    path("specialties/<str:code>/", views.specialty, name="specialty"),
    path("imports/", views.import_list, name="import_list"),
    path("imports/new/", views.import_new, name="import_new"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/mapping/", views.import_mapping, name="import_mapping"),
    path("imports/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("imports/<int:pk>/cancel/", views.import_cancel, name="import_cancel"),
    path("imports/<int:pk>/undo/", views.import_undo, name="import_undo"),
    path("imports/<int:pk>/progress/", views.import_progress, name="import_progress"),
    path("imports/<int:pk>/invalid-rows.csv", views.import_errors, name="import_errors"),
]
