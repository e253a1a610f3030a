from django.apps import AppConfig


class RestrictionsConfig(AppConfig):
    name = "restrictions"
