"""Organisation admins keep their own organisation's canned chat texts."""

from django.db import migrations


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="chat", model="cannedtext")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="manage_canned_texts",
        defaults={"name": "Can keep their own organisation's canned chat texts"},
    )
    group, _ = Group.objects.get_or_create(name="organisation admin")
    group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="chat", codename="manage_canned_texts").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("chat", "0002_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [
        migrations.AlterModelOptions(
            name="cannedtext",
            options={
                "ordering": ["organisation", "title"],
                "permissions": [("manage_canned_texts", "Can keep their own organisation's canned chat texts")],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
