from django.urls import path

from contacts import views

app_name = "contacts"
urlpatterns = [
    path("contacts/person/<int:person_id>/log/", views.log, name="log"),
    path("contacts/person/<int:person_id>/", views.person_log, name="person_log"),
    path("contacts/import/", views.import_contacts, name="import"),
    path("contacts/import/<int:contact_import_id>/", views.import_progress, name="import_progress"),
    path("contacts/signals/", views.signals, name="signals"),
    path("contacts/signals/settings/", views.signal_settings, name="signal_settings"),
    path("contacts/signals/<int:signal_id>/", views.signal_detail, name="signal"),
    path("contacts/signals/<int:signal_id>/dismiss/", views.dismiss, name="dismiss_signal"),
    path("contacts/signals/<int:signal_id>/incident/", views.act_on, name="act_on_signal"),
]
