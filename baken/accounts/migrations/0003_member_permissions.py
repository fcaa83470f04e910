"""Who manages staff accounts: an organisation admin for their own organisation, the platform
admin for every organisation."""

from django.db import migrations

PERMISSIONS = {
    "manage_members": "Can manage the staff accounts of their own organisation",
    "manage_all_members": "Can manage the staff accounts of every organisation",
}
ROLES = {
    "organisation admin": ["manage_members"],
    "platform admin": ["manage_members", "manage_all_members"],
}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="accounts", model="user")
    permissions = {
        codename: Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in PERMISSIONS.items()
    }
    for role, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(*[permissions[c] for c in codenames])


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="accounts", codename__in=list(PERMISSIONS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="user",
            options={
                "permissions": [
                    ("manage_members", "Can manage the staff accounts of their own organisation"),
                    ("manage_all_members", "Can manage the staff accounts of every organisation"),
                ],
                "verbose_name": "user",
                "verbose_name_plural": "users",
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
