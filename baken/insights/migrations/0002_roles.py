"""Landscape insights are for the platform roles: coordinators and admins."""

from django.db import migrations

GROUPS = ["platform coordinator", "platform admin"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations ran; create this one now so the
    # groups can hold it from the first deploy.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="insights", model="insights")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="view_insights", defaults={"name": "Can view landscape insights"}
    )
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="insights", codename="view_insights").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0001_initial"),
        ("accounts", "0002_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
