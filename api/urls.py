from django.urls import path

from api import views

app_name = "api"
urlpatterns = [
    path("api-tokens/", views.tokens, name="tokens"),
    path("api-tokens/new/", views.create_token, name="create_token"),
    path("api-tokens/<int:token_id>/revoke/", views.revoke_token, name="revoke_token"),
    path("webhooks/", views.webhooks, name="webhooks"),
    path("webhooks/new/", views.create_webhook, name="create_webhook"),
    path("webhooks/<int:subscription_id>/end/", views.end_webhook, name="end_webhook"),
    path("webhooks/<int:subscription_id>/deliveries/", views.deliveries, name="deliveries"),
    path("api/v1/docs/assets/<str:name>", views.docs_asset, name="docs_asset"),
]
