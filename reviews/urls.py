from django.urls import path

from reviews import views

app_name = "reviews"
urlpatterns = [
    path("reviews/", views.overdue, name="overdue"),
    path("decisions/<int:decision_id>/review/", views.record, name="record"),
]
