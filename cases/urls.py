from django.urls import path

from cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("my-work/", views.my_work, name="my_work"),
    path("<int:case_id>/", views.detail, name="detail"),
    path("<int:case_id>/notes/", views.add_note, name="add_note"),
    path("<int:case_id>/assign/", views.assign, name="assign"),
]
