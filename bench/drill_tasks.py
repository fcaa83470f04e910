"""A task for the cluster drill only: it takes a while (so a worker can be killed in the
middle of it) and records each run, so the drill can tell a lost task from a finished one.

The drill creates the `drill_probe` table in its own throw-away PostgreSQL cluster; nothing of
this touches Baken's own tables or runs outside the drill.
"""

from __future__ import annotations

import time

from django.db import connection
from django_tasks import task


@task()
def slow_probe(mark: str, seconds: float) -> str:
    time.sleep(seconds)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO drill_probe (mark, runs, done_at) VALUES (%s, 1, now()) "
            "ON CONFLICT (mark) DO UPDATE SET runs = drill_probe.runs + 1, done_at = now()",
            [mark],
        )
    return mark
