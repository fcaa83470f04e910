from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A staff member, coordinator, buddy or mediator. Help seekers never have an account."""

    class Meta(AbstractUser.Meta):  # type: ignore[name-defined]
        swappable = "AUTH_USER_MODEL"
        permissions = [
            ("manage_members", "Can manage the staff accounts of their own organisation"),
            ("manage_all_members", "Can manage the staff accounts of every organisation"),
        ]
