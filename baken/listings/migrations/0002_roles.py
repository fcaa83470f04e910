"""Who keeps the listings: an organisation admin proposes changes to their own listing; a
platform editor (a new role) proposes for any listing and publishes or sends back; the
platform admin can do both."""

from django.db import migrations

PERMISSIONS = {
    "propose_listing_change": "Can propose changes to the listing of their own organisation",
    "propose_any_listing_change": "Can propose changes to every listing",
    "review_listing_change": "Can publish or send back proposed listing changes",
}
ROLES = {
    "organisation admin": ["propose_listing_change"],
    "platform editor": ["propose_any_listing_change", "review_listing_change"],
    "platform admin": ["propose_any_listing_change", "review_listing_change"],
}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="listings", model="listingproposal")
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
    Permission.objects.filter(content_type__app_label="listings", codename__in=list(PERMISSIONS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("listings", "0001_initial"),
        ("accounts", "0002_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
