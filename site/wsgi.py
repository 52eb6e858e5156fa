"""WSGI entry point: `gunicorn jpl_site.wsgi`."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jpl_site.settings.dev")

application = get_wsgi_application()

# Everything loaded so far (Django, Wagtail, our apps) lives as long as the worker: keep it
# out of the collector's full passes, which otherwise walked ~150,000 such objects and added
# 80-100 ms to one search in fifty.
gc.collect()
gc.freeze()
