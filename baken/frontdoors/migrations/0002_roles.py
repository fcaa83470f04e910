"""Platform editors (and the platform admin) keep the list of partner sites that may embed the help finder."""

from django.db import migrations

ROLES = ["platform editor", "platform admin"]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="frontdoors", model="embedorigin")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="manage_embed_origins",
        defaults={"name": "Can list the partner sites that may embed the help finder"},
    )
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="frontdoors", codename="manage_embed_origins").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("frontdoors", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
