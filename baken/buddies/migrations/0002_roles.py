"""Roles of the buddy programme. "buddy coordinator" runs the programme (every case); "buddy"
sees only their own matches; staff and admins of partner organisations may refer a person.
Code checks the permissions, never these group names."""

from django.db import migrations

# (codename, name) on buddies.BuddyCase, as declared in its Meta.permissions.
PERMISSIONS = {
    "coordinate": "Can coordinate the buddy programme (all cases)",
    "act_as_buddy": "Can act as a buddy (own matches only)",
    "refer_person": "Can refer a person to the buddy programme",
}
ROLES = {
    "buddy coordinator": ["coordinate"],
    "buddy": ["act_as_buddy"],
    "organisation staff": ["refer_person"],
    "organisation admin": ["refer_person"],
}
NEW_GROUPS = ["buddy coordinator", "buddy"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations ran; create them now so the
    # groups hold them from the first deploy.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="buddies", model="buddycase")
    created = {
        codename: Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in PERMISSIONS.items()
    }
    for role, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(*[created[c] for c in codenames])


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.filter(content_type__app_label="buddies", codename__in=list(PERMISSIONS))
    for group in Group.objects.filter(name__in=list(ROLES)):
        group.permissions.remove(*ours)
    Group.objects.filter(name__in=NEW_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("buddies", "0001_initial"),
        ("accounts", "0002_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
