"""The portal's Celery app. Tasks live in each app's ``tasks.py`` and are discovered."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kpi_portal.settings")

app = Celery("kpi_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Without a broker tasks run eagerly in-process, but Celery still serialises their arguments
# through a producer: on the in-memory transport it needs no server and warns of none.
if app.conf.task_always_eager and not app.conf.broker_url:
    app.conf.broker_url = "memory://localhost/"
