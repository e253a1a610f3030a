from django.contrib import admin
from django.urls import include, path

from api.v1 import api as api_v1
from config import views

admin.site.site_header = "SafeContact: colleague accounts"
admin.site.site_title = "SafeContact administration"

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("", include("access.urls")),
    path("people/", include("people.urls")),
    path("incidents/", include("incidents.urls")),
    path("cases/", include("cases.urls")),
    path("notifications/", include("notifications.urls")),
    # These apps name their own full paths (cases/<id>/assess/, letters/<id>/, ...).
    path("", include("decisions.urls")),
    path("", include("letters.urls")),
    path("", include("appeals.urls")),
    path("", include("interventions.urls")),
    path("", include("support.urls")),
    path("", include("flags.urls")),
    path("", include("restrictions.urls")),
    path("", include("contractors.urls")),
    path("", include("reviews.urls")),
    path("", include("contacts.urls")),
    path("", include("governance.urls")),
    path("", include("privacy.urls")),
    path("", include("api.urls")),
    # The integration API authenticates by bearer token, not session (api/auth.py).
    path("api/v1/", api_v1.urls),
    path("admin/", admin.site.urls),
]
