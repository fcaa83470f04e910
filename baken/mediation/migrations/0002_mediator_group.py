"""The "mediator" role: a group holding the permission to handle mediation cases."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_mediator_group(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure ours exist now.
    app_config = apps.get_app_config("mediation")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="mediator")
    group.permissions.add(Permission.objects.get(content_type__app_label="mediation", codename="handle_case"))


def remove_mediator_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="mediator").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("mediation", "0001_initial"),
        ("accounts", "0002_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_mediator_group, remove_mediator_group)]
