from django.urls import path

from letters import views

app_name = "letters"
urlpatterns = [
    path("cases/<int:case_id>/letters/new/", views.draft, name="draft"),
    path("cases/<int:case_id>/letters/withhold/", views.withhold, name="withhold"),
    path("letters/<int:letter_id>/", views.detail, name="detail"),
    path("letters/<int:letter_id>/edit/", views.update, name="update"),
    path("letters/<int:letter_id>/issue/", views.issue, name="issue"),
    path("letters/<int:letter_id>/pdf/", views.pdf, name="pdf"),
]
