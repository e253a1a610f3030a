from django.urls import path

from support import views

app_name = "support"
urlpatterns = [
    path("support/", views.follow_ups, name="follow_ups"),
    path("support/<int:affected_id>/", views.record, name="record"),
    path("support/<int:affected_id>/follow-ups/", views.add_follow_up, name="add_follow_up"),
    path("support/<int:affected_id>/complete/", views.complete, name="complete"),
    path(
        "support/follow-ups/<int:follow_up_id>/done/",
        views.complete_follow_up,
        name="complete_follow_up",
    ),
]
