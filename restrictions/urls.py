from django.urls import path

from restrictions import views

app_name = "restrictions"
urlpatterns = [
    path("cases/<int:case_id>/restrictions/new/", views.propose, name="propose"),
    path("restrictions/<int:restriction_id>/", views.detail, name="detail"),
    path("restrictions/<int:restriction_id>/lift/", views.lift, name="lift"),
]
