"""The Curator group and exactly the permissions curators need.

Curators review and edit listings and their rows, extend the vocabularies,
verify credentials and training, and handle reports and submissions. They
cannot manage users, groups or permissions, delete a listing (which would
delete its history), or touch the history itself.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Curator"

# model name: the actions curators may take on it
PERMISSIONS = {
    "therapist": ["view", "add", "change", "publish"],
    "credential": ["view", "add", "change", "delete", "verify"],
    "ipttraining": ["view", "add", "change", "delete", "verify"],
    "culturaltraining": ["view", "add", "change", "delete", "verify"],
    "location": ["view", "add", "change", "delete"],
    "slidingscaletier": ["view", "add", "change", "delete"],
    "problemareaexperience": ["view", "add", "change", "delete"],
    "report": ["view", "change"],
    "submission": ["view", "change"],
    "statuschange": ["view"],
    "organisation": ["view", "add", "change"],
    "issuingbody": ["view", "add", "change"],
    "condition": ["view", "add", "change"],
    "agegroup": ["view", "add", "change"],
    "adaptation": ["view", "add", "change"],
    "community": ["view", "add", "change"],
    "trait": ["view", "add", "change"],
    "ethnicity": ["view", "add", "change"],
    "paymentmethod": ["view", "add", "change"],
    "insurer": ["view", "add", "change"],
    "insuranceplan": ["view", "add", "change"],
    "language": ["view", "add", "change"],
    "state": ["view"],
}


def codenames():
    return [f"{action}_{model}" for model, actions in PERMISSIONS.items() for action in actions]


def create_group(apps, schema_editor):
    # On a new database the permissions are only created after all migrations.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    wanted = codenames()
    permissions = list(
        Permission.objects.filter(content_type__app_label="directory", codename__in=wanted)
    )
    missing = set(wanted) - {p.codename for p in permissions}
    if missing:
        raise RuntimeError(f"Missing permissions for the Curator group: {sorted(missing)}")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.set(permissions)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0006_curation"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
