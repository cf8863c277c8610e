from django.urls import path

from . import views, views_detail

app_name = "programs"

urlpatterns = [
    path("", views.program_list, name="list"),
    path("board/", views.board, name="board"),
    path("bulk/move/", views.bulk_move, name="bulk_move"),
    path("bulk/exclude/", views.bulk_exclude, name="bulk_exclude"),
    path("filters/save/", views.filter_save, name="filter_save"),
    path("filters/<int:pk>/delete/", views.filter_delete, name="filter_delete"),
    path("compare/", views_detail.compare, name="compare"),
    path("rules/", views_detail.rules, name="rules"),
    path("add/", views_detail.add_manual, name="add_manual"),
    path("<int:pk>/", views_detail.detail, name="detail"),
    path("<int:pk>/move/", views.move, name="move"),
    path("<int:pk>/edit/", views_detail.update, name="update"),
    path("<int:pk>/facts/add/", views_detail.add_fact, name="add_fact"),
]
