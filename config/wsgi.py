import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_application = get_wsgi_application()

# The alert look-up answers itself on PostgreSQL (alerts/hotpath.py); all else is Django.
from alerts.hotpath import wrap  # noqa: E402  (needs the settings and apps loaded first)

application = wrap(django_application)

# Everything loaded so far lives as long as the process: the collector need not walk it again
# on every full collection (a few per cent of each look-up's CPU under load).
gc.freeze()
