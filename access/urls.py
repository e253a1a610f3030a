from django.urls import path

from access import views

app_name = "access"

urlpatterns = [
    path("sign-in/code/", views.verify, name="verify"),
    path("sign-in/set-up/", views.enrol, name="enrol"),
    path("sign-in/confirm/", views.confirm_password, name="confirm_password"),
]
