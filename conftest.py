"""Test-run environment, set before Django reads its settings: tasks run at once, the quick
exit stays on this machine (no test touches the internet)."""

import os

os.environ.setdefault("BAKEN_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
os.environ.setdefault("BAKEN_EXIT_URL", "/healthz")
os.environ.setdefault("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

# pytest-django imports the settings before this file runs, so the defaults above would only
# reach subprocesses: put them on the live settings too.
from django.conf import settings

settings.BAKEN_EXIT_URL = os.environ["BAKEN_EXIT_URL"]
settings.EMAIL_BACKEND = os.environ["DJANGO_EMAIL_BACKEND"]
settings.TASKS = {"default": {"BACKEND": os.environ["BAKEN_TASKS_BACKEND"]}}
# Password and passphrase hashing is deliberately slow in production (PBKDF2); tests create
# hundreds of users and passphrases, so they use a fast hasher. What is stored is still a hash.
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
