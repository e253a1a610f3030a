import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_application = get_wsgi_application()

# The alert look-up answers itself on PostgreSQL (alerts/hotpath.py); all else is Django.
from alerts.hotpath import wrap  # noqa: E402  (needs the settings and apps loaded first)

application = wrap(django_application)
