from django.urls import path

from decisions import views

app_name = "decisions"
urlpatterns = [
    path("cases/<int:case_id>/assess/", views.assess, name="assess"),
    path("cases/<int:case_id>/needs/", views.needs_check, name="needs_check"),
    path("cases/<int:case_id>/decide/", views.propose, name="propose"),
    path("decisions/approvals/", views.approvals, name="approvals"),
    path("decisions/<int:decision_id>/", views.detail, name="detail"),
    path("decisions/<int:decision_id>/approve/", views.approve, name="approve"),
    path("decisions/<int:decision_id>/reject/", views.reject, name="reject"),
]
