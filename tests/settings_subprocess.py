"""Settings for the servers and workers that tests start in their own processes:
production settings, with a database cache that every process shares."""

from ipt_finder.settings import *  # noqa: F403
from ipt_finder.settings import STORAGES

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "ipt_test_cache",
    }
}
# Served over plain HTTP, with no collected static files.
SECURE_SSL_REDIRECT = False
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
