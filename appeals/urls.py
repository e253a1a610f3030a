from django.urls import path

from appeals import views

app_name = "appeals"
urlpatterns = [
    path("appeals/", views.appeal_list, name="list"),
    path("decisions/<int:decision_id>/appeal/", views.lodge, name="lodge"),
    path("appeals/<int:appeal_id>/", views.detail, name="detail"),
    path("appeals/<int:appeal_id>/reviewer/", views.assign, name="assign"),
    path("appeals/<int:appeal_id>/outcome/", views.decide, name="decide"),
]
