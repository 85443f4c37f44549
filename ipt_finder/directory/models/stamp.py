"""A token that changes, by database trigger, whenever data a search reads changes.

Each worker keeps an in-process search index (search/index.py) and rebuilds it
when the token differs from the one it was built at. Triggers catch every
write: admin edits, imports, queryset updates, raw SQL and many-to-many rows.
The token is random rather than a counter, so a rolled-back or truncated
table can never bring back a value an index was built at.
"""

import threading

from django.apps import apps
from django.core.signals import request_finished, request_started
from django.db import connections, models

STAMP_ID = 1
# Written by visitors or kept only for curators: never part of a search.
UNSEARCHED = {"DataStamp", "Report", "Submission", "StatusChange"}


class DataStamp(models.Model):
    token = models.BigIntegerField()

    class Meta:
        verbose_name = "data stamp"

    def __str__(self):
        return f"Data stamp {self.token}"

    @classmethod
    def current(cls):
        """The token now, or None when no write has set one since the table was emptied.

        Read once per request: the pages that use it only read.
        """
        if getattr(_request, "active", False):
            if not hasattr(_request, "token"):
                _request.token = cls._read()
            return _request.token
        return cls._read()

    @classmethod
    def _read(cls):
        row = cls.objects.filter(pk=STAMP_ID).values_list("token", flat=True)
        return next(iter(row), None)


_request = threading.local()


def _start_request(**kwargs):
    _request.__dict__.clear()
    _request.active = True


def _end_request(**kwargs):
    _request.__dict__.clear()


request_started.connect(_start_request, dispatch_uid="directory-stamp-start")
request_finished.connect(_end_request, dispatch_uid="directory-stamp-end")


def stamped_tables():
    config = apps.get_app_config("directory")
    return sorted(
        model._meta.db_table
        for model in config.get_models(include_auto_created=True)
        if model.__name__ not in UNSEARCHED and not model._meta.proxy
    )


def install_triggers(using=None, **kwargs):
    """Create or refresh the triggers (run after every migrate, like django-pgtrigger)."""

    conn = connections[using or "default"]
    stamp = DataStamp._meta.db_table
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(
                f"""
                CREATE OR REPLACE FUNCTION {stamp}_bump() RETURNS trigger AS $$
                BEGIN
                    INSERT INTO {stamp} (id, token)
                    VALUES ({STAMP_ID}, (random() * 9e18)::bigint)
                    ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token;
                    RETURN NULL;
                END $$ LANGUAGE plpgsql
                """
            )
            for table in stamped_tables():
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER {stamp}_bump AFTER INSERT OR UPDATE OR DELETE"
                    f" OR TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {stamp}_bump()"
                )
        elif conn.vendor == "sqlite":
            for table in stamped_tables():
                for operation in ("INSERT", "UPDATE", "DELETE"):
                    cursor.execute(
                        f"CREATE TRIGGER IF NOT EXISTS {table}_{operation.lower()}_stamp"
                        f" AFTER {operation} ON {table} BEGIN"
                        f" INSERT INTO {stamp} (id, token) VALUES ({STAMP_ID}, random())"
                        " ON CONFLICT (id) DO UPDATE SET token = excluded.token; END"
                    )
