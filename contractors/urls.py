from django.urls import path

from contractors import views

app_name = "contractors"
urlpatterns = [
    path("contractor/", views.portal, name="portal"),
    path("contractor/homes/<int:property_id>/", views.home, name="home"),
    path("contractor-jobs/import/", views.jobs_import, name="jobs_import"),
]
