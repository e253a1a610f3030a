from django.urls import path

from people import views

app_name = "people"
urlpatterns = [
    path("", views.search, name="search"),
    path("person/<int:person_id>/", views.person, name="person"),
    path("property/<int:property_id>/", views.property_page, name="property"),
    path("import/", views.housing_import, name="import"),
]
