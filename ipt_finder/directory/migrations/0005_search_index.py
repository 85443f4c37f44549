"""A GIN index for full-text search, on PostgreSQL only.

It indexes the same weighted vector that TherapistQuerySet.search_text()
queries (models/search.py); the two must stay identical for the index to be
used. SQLite has no equivalent and searches with LIKE instead.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX_NAME = "therapist_search_gin"


def search_index():
    vector = (
        SearchVector("name", weight="A", config="english")
        + SearchVector("approach", weight="B", config="english")
        + SearchVector("bio", weight="C", config="english")
    )
    return GinIndex(vector, name=INDEX_NAME)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("directory", "Therapist"), search_index())


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("directory", "Therapist"), search_index())


class Migration(migrations.Migration):
    dependencies = [("directory", "0004_reports")]

    operations = [migrations.RunPython(create, drop)]
