from django.urls import path

from flags import views

app_name = "flags"
urlpatterns = [
    path("cases/<int:case_id>/flags/new/", views.propose, name="propose"),
    path("flags/<int:flag_id>/", views.detail, name="detail"),
    path("flags/<int:flag_id>/lift/", views.lift, name="lift"),
]
