from django.urls import path

from incidents import views

app_name = "incidents"
urlpatterns = [
    path("report/", views.report, name="report"),
    path("report/people/", views.person_options, name="person_options"),
    path("mine/", views.mine, name="mine"),
    path("<int:incident_id>/", views.detail, name="detail"),
    path("<int:incident_id>/reported/", views.reported, name="reported"),
    path("evidence/<int:evidence_id>/", views.evidence, name="evidence"),
]
