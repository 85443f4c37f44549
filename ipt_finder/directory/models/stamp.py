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

# Two stamps: one for everything a search reads, one for the vocabularies alone
# (forms list their terms, and should not reload them when a listing changes).
LISTINGS, VOCABULARIES = 1, 2
VOCABULARY_MODELS = {
    "Adaptation",
    "AgeGroup",
    "Community",
    "Condition",
    "Ethnicity",
    "InsurancePlan",
    "Insurer",
    "Language",
    "PaymentMethod",
    "Trait",
}
# Written by visitors or kept only for curators: never part of a search.
UNSEARCHED = {"DataStamp", "Report", "Submission", "StatusChange"}


class DataStamp(models.Model):
    token = models.BigIntegerField()

    class Meta:
        verbose_name = "data stamp"

    def __str__(self):
        return f"Data stamp {self.token}"

    @classmethod
    def current(cls, stamp=LISTINGS):
        """The token now, or None when no write has set one since the table was emptied.

        Both stamps are read together, once per request: the pages that use them only read.
        """
        if getattr(_request, "active", False):
            if not hasattr(_request, "tokens"):
                _request.tokens = cls._read()
            return _request.tokens.get(stamp)
        return cls._read().get(stamp)

    @classmethod
    def _read(cls):
        return dict(cls.objects.values_list("pk", "token"))


_request = threading.local()


def _start_request(**kwargs):
    _request.__dict__.clear()
    _request.active = True


def _end_request(**kwargs):
    _request.__dict__.clear()


request_started.connect(_start_request, dispatch_uid="directory-stamp-start")
request_finished.connect(_end_request, dispatch_uid="directory-stamp-end")


def stamped_tables():
    """{table: the stamps a write to it changes}."""
    config = apps.get_app_config("directory")
    return {
        model._meta.db_table: (LISTINGS, VOCABULARIES)
        if model.__name__ in VOCABULARY_MODELS
        else (LISTINGS,)
        for model in config.get_models(include_auto_created=True)
        if model.__name__ not in UNSEARCHED and not model._meta.proxy
    }


def uninstall_triggers(using=None, **kwargs):
    """Drop the triggers while migrations run, which may drop or rebuild the tables."""
    conn = connections[using or "default"]
    stamp = DataStamp._meta.db_table
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(f"DROP FUNCTION IF EXISTS {stamp}_bump() CASCADE")
        elif conn.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                ["%_stamp"],
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')


def install_triggers(using=None, **kwargs):
    """Create the triggers after migrations, and change the stamps: the migrations may have
    changed data while the triggers were away."""
    conn = connections[using or "default"]
    stamp = DataStamp._meta.db_table
    existing = set(conn.introspection.table_names())
    if stamp not in existing:
        return
    tables = {t: stamps for t, stamps in stamped_tables().items() if t in existing}
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(
                f"""
                CREATE OR REPLACE FUNCTION {stamp}_bump() RETURNS trigger AS $$
                DECLARE stamp text;
                BEGIN
                    FOREACH stamp IN ARRAY TG_ARGV LOOP
                        INSERT INTO {stamp} (id, token)
                        VALUES (stamp::bigint, (random() * 9e18)::bigint)
                        ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token;
                    END LOOP;
                    RETURN NULL;
                END $$ LANGUAGE plpgsql
                """
            )
            for table, stamps in tables.items():
                arguments = ", ".join(f"'{s}'" for s in stamps)
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER {stamp}_bump AFTER INSERT OR UPDATE OR DELETE"
                    f" OR TRUNCATE ON {table} FOR EACH STATEMENT"
                    f" EXECUTE FUNCTION {stamp}_bump({arguments})"
                )
            cursor.execute(f"UPDATE {stamp} SET token = (random() * 9e18)::bigint")
        elif conn.vendor == "sqlite":
            for table, stamps in tables.items():
                upserts = "".join(
                    f"INSERT INTO {stamp} (id, token) VALUES ({s}, random())"
                    " ON CONFLICT (id) DO UPDATE SET token = excluded.token; "
                    for s in stamps
                )
                for operation in ("INSERT", "UPDATE", "DELETE"):
                    name = f"{table}_{operation.lower()}_stamp"
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                    cursor.execute(
                        f"CREATE TRIGGER {name} AFTER {operation} ON {table} BEGIN {upserts}END"
                    )
            cursor.execute(f"UPDATE {stamp} SET token = random()")
