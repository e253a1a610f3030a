from django.urls import path

from interventions import views

app_name = "interventions"
urlpatterns = [
    path("cases/<int:case_id>/mediation/", views.mediation, name="mediation"),
    path("mediation/<int:referral_id>/", views.mediation_update, name="mediation_update"),
    path("cases/<int:case_id>/legal-action/", views.legal_action, name="legal_action"),
    path(
        "legal-action/<int:legal_action_id>/",
        views.legal_action_update,
        name="legal_action_update",
    ),
    path("cases/<int:case_id>/police-report/", views.police_report, name="police_report"),
    path("cases/<int:case_id>/disclosures/new/", views.disclosure, name="disclosure"),
    path(
        "disclosures/<int:disclosure_id>/approve/",
        views.approve_disclosure,
        name="approve_disclosure",
    ),
    path(
        "disclosures/<int:disclosure_id>/shared/",
        views.disclosure_shared,
        name="disclosure_shared",
    ),
    path("disclosures/", views.sharing_log, name="sharing_log"),
]
