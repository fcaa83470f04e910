"""Which roles may do what with referrals. Organisation staff and admins read and handle their
own organisation's referrals; organisation admins read their organisation's audit log; the
platform admin reads every organisation's audit log but never a referral's content. The
platform coordinator has nothing to do with referrals."""

from django.db import migrations

# (app_label, model, codename, name)
PERMISSIONS = {
    "view_referral": ("referrals", "referral", "view_referral", "Can view referral"),
    "handle_referral": (
        "referrals",
        "referral",
        "handle_referral",
        "Can accept, answer, decline, propose onward and close referrals",
    ),
    "view_all_audit": ("referrals", "referral", "view_all_audit", "Can read the audit log of every organisation"),
    "view_auditevent": ("audit", "auditevent", "view_auditevent", "Can view audit event"),
}
ROLES = {
    "organisation staff": ["view_referral", "handle_referral"],
    "organisation admin": ["view_referral", "handle_referral", "view_auditevent"],
    "platform admin": ["view_auditevent", "view_all_audit"],
}


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations ran; create them now so the
    # groups hold them from the first deploy.
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
    Group = apps.get_model("auth", "Group")
    for role, keys in ROLES.items():
        group = Group.objects.filter(name=role).first()
        if group is not None:
            codenames = [PERMISSIONS[key][2] for key in keys]
            group.permissions.remove(*Permission.objects.filter(codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0001_initial"),
        ("audit", "0001_initial"),
        ("accounts", "0002_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
