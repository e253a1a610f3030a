"""Governance reporting: the dashboard, equality monitoring, board packs, policy versions."""

from django.urls import path

from governance import views

app_name = "governance"
urlpatterns = [
    path("governance/", views.dashboard, name="dashboard"),
    path("governance/charts/<slug:chart>.svg", views.chart, name="chart"),
    path("governance/equality/", views.equality, name="equality"),
    path(
        "governance/people/<int:person_id>/equality/",
        views.equality_record,
        name="equality_record",
    ),
    path("governance/board-packs/", views.board_packs, name="board_packs"),
    path("governance/board-packs/<int:pack_id>/", views.board_pack, name="board_pack"),
    path(
        "governance/board-packs/<int:pack_id>/board-pack.pdf",
        views.board_pack_download,
        {"kind": "pdf"},
        name="board_pack_pdf",
    ),
    path(
        "governance/board-packs/<int:pack_id>/board-pack-tables.zip",
        views.board_pack_download,
        {"kind": "csv"},
        name="board_pack_csv",
    ),
    path("governance/policy/", views.policy_governance, name="policy"),
    path("governance/policy/versions/new/", views.policy_version, name="policy_version"),
    path("governance/policy/monitoring/new/", views.policy_monitoring, name="policy_monitoring"),
    path(
        "governance/policy/versions/<int:version_id>/document/",
        views.policy_document,
        name="policy_document",
    ),
]
