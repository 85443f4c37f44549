from django.db import migrations

from ipt_finder.directory.models.signals import install_triggers, uninstall_triggers
from ipt_finder.directory.models.summary import refresh_drifted


def install(apps, schema_editor):
    # SQLite gets them after the run, when no later migration can rebuild a table (signals.py).
    if schema_editor.connection.vendor != "sqlite":
        install_triggers(schema_editor.connection)
    therapist = apps.get_model("directory", "Therapist")
    refresh_drifted(therapist.objects.using(schema_editor.connection.alias).all())


def uninstall(apps, schema_editor):
    uninstall_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    """Database triggers keep the listing summary columns true on every write path."""

    dependencies = [
        ("directory", "0009_search_indexes"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
