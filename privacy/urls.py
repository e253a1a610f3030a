"""Data protection: subject access exports, rectification statements, retention."""

from django.urls import path

from privacy import views

app_name = "privacy"
urlpatterns = [
    path("privacy/", views.index, name="index"),
    path("privacy/people/<int:person_id>/", views.person, name="person"),
    path(
        "privacy/people/<int:person_id>/subject-access/",
        views.request_export,
        name="request_export",
    ),
    path("privacy/people/<int:person_id>/correct/", views.correct_person, name="correct_person"),
    path(
        "privacy/incidents/<int:incident_id>/correct/",
        views.correct_incident,
        name="correct_incident",
    ),
    path("privacy/cases/<int:case_id>/statement/", views.add_statement, name="add_statement"),
    path("privacy/subject-access/<int:request_id>/", views.export, name="export"),
    path(
        "privacy/subject-access/<int:request_id>/progress/",
        views.export_progress,
        name="export_progress",
    ),
    path("privacy/subject-access/<int:request_id>/download/", views.download, name="download"),
    path("privacy/held-back/<int:item_id>/release/", views.release_item, name="release_item"),
    path("privacy/retention/", views.retention, name="retention"),
]
