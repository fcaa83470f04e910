from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A staff member, coordinator, buddy or mediator. Help seekers never have an account."""
