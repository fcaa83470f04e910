"""Test-run environment, set before Django reads its settings: tasks run at once, the quick
exit stays on this machine (no test touches the internet)."""

import os

os.environ.setdefault("BAKEN_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
os.environ.setdefault("BAKEN_EXIT_URL", "/healthz")
os.environ.setdefault("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
