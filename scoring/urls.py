from django.urls import path

from . import views, views_scores, views_snapshots

app_name = "scoring"

urlpatterns = [
    # The rank list
    path("", views.index, name="index"),
    path("lists/new/", views.list_create, name="list_create"),
    path("lists/<int:pk>/", views.list_detail, name="list_detail"),
    path("lists/<int:pk>/delete/", views.list_delete, name="list_delete"),
    path("lists/<int:pk>/add/", views.entry_add, name="entry_add"),
    path("lists/<int:pk>/reorder/", views.list_reorder, name="list_reorder"),
    path("lists/<int:pk>/suggestion/", views.suggestion, name="suggestion"),
    path("lists/<int:pk>/suggestion/accept/", views.suggestion_accept, name="suggestion_accept"),
    path("lists/<int:pk>/certified/", views.list_certify, name="list_certify"),
    path("lists/<int:pk>/download/<str:fmt>/", views_snapshots.list_download, name="list_download"),
    path("entries/<int:pk>/move/", views.entry_move, name="entry_move"),
    path("entries/<int:pk>/note/", views.entry_note, name="entry_note"),
    path("entries/<int:pk>/remove/", views.entry_remove, name="entry_remove"),
    path("programs/<int:tracked_pk>/rank/", views.entry_add_from_program, name="entry_add_from_program"),
    # Snapshots
    path("lists/<int:pk>/snapshots/", views_snapshots.snapshot_list, name="snapshot_list"),
    path("lists/<int:pk>/snapshots/take/", views_snapshots.snapshot_take, name="snapshot_take"),
    path("snapshots/<int:pk>/", views_snapshots.snapshot_detail, name="snapshot_detail"),
    path("snapshots/<int:pk>/restore/", views_snapshots.snapshot_restore, name="snapshot_restore"),
    # Scores, ratings and criteria
    path("scores/", views_scores.scores, name="scores"),
    path("scores/download/<str:fmt>/", views_scores.scores_download, name="scores_download"),
    path("scores/programs/<int:tracked_pk>/", views_scores.program, name="program"),
    path("scores/programs/<int:tracked_pk>/rate/", views_scores.program_rate, name="program_rate"),
    path("ratings/<int:pk>/keep/", views_scores.rating_keep, name="rating_keep"),
    path("criteria/", views_scores.criteria, name="criteria"),
    path("criteria/weights/", views_scores.criteria_weights, name="criteria_weights"),
    path("criteria/add/", views_scores.criterion_add, name="criterion_add"),
    path("criteria/<int:pk>/edit/", views_scores.criterion_edit, name="criterion_edit"),
    path("criteria/<int:pk>/retire/", views_scores.criterion_retire, name="criterion_retire"),
    path("criteria/<int:pk>/restore/", views_scores.criterion_restore, name="criterion_restore"),
    path("rules/", views_scores.rules, name="rules"),
]
