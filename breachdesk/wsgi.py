"""WSGI entry point: `gunicorn breachdesk.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "breachdesk.settings")
application = get_wsgi_application()
