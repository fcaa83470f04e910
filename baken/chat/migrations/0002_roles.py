"""Who may work the chat. Organisation staff and admins answer chats and record phone calls;
organisation admins and the platform coordinator supervise (see queues, take over, reassign)."""

from django.db import migrations

PERMISSIONS = {
    "handle_conversation": ("chat", "conversation", "handle_conversation", "Can answer chats and record phone calls"),
    "supervise_chat": (
        "chat",
        "conversation",
        "supervise_chat",
        "Can see all queues and take over or reassign conversations",
    ),
}
ROLES = {
    "organisation staff": ["handle_conversation"],
    "organisation admin": ["handle_conversation", "supervise_chat"],
    "platform coordinator": ["handle_conversation", "supervise_chat"],
}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    created = {}
    for key, (app_label, model, codename, name) in PERMISSIONS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        created[key], _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
    for role, keys in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(*[created[key] for key in keys])


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="chat", codename__in=list(PERMISSIONS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("chat", "0001_initial"),
        ("accounts", "0002_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
