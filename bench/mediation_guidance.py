"""Benchmark: restorative mediation and guidance.

1. Guidance pages as a help seeker gets them (Markdown rendered once per process, directory
   snapshot, template): a topic page with its directory entries, and the whole meldcode
   checklist (six POSTs). Targets: topic page under 50 ms median, checklist under 300 ms.
2. Mediator assignment (pure function) over 1,000 mediators: under 1 ms per choice.
3. Registration through the service (includes the PBKDF2 passphrase hash, about 0.3 s of one
   core by design) and the mediator's case list with 500 cases (query count stays constant).

Runs against a throw-away SQLite database in a temporary directory with the real directory
dataset. Usage:
    .venv/bin/python bench/mediation_guidance.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
_TMP = tempfile.mkdtemp(prefix="baken-bench-")
os.environ["DATABASE_URL"] = f"sqlite:///{_TMP}/bench.sqlite3"
os.environ["BAKEN_TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
os.environ["DJANGO_EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]


def median_ms(fn: Callable[[], object], runs: int) -> tuple[float, float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times), max(times)


def setup() -> None:
    call_command("migrate", verbosity=0)
    call_command("load_directory", path=str(ROOT / "data" / "organisations"), stdout=open(os.devnull, "w"))  # noqa: SIM115


def bench_guidance(runs: int) -> None:
    client = Client()
    client.get("/informatie/sexual_violence/")  # warm: Markdown cache, snapshot, templates
    codes = ["sexual_violence", "domestic_violence", "child_abuse", "online_abuse", "fgm", "boundary_crossing"]
    pages = iter(codes * runs)
    med, lo, hi = median_ms(lambda: client.get(f"/informatie/{next(pages)}/"), runs)
    print(f"topic page (one of {len(codes)} types, {runs} runs): median {med:.1f} ms (min {lo:.1f}, max {hi:.1f})")

    answers = {
        1: {"violence": ["child_abuse"], "signals": ["behaviour"]},
        2: {"consulted": ["colleague"]},
        3: {"talked": "yes"},
        4: {"acute": "no", "structural": "yes", "own_help": "yes"},
        5: {"decision": ["report", "organise_help"]},
    }

    hidden = re.compile(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">')

    def walk() -> None:
        response = client.get("/informatie/meldcode/")
        for step in range(1, 6):
            carried: dict[str, list[str]] = {}
            for name, value in hidden.findall(response.content.decode()):
                if name != "step":
                    carried.setdefault(name, []).append(value)
            data = {"step": str(step), "go": "next", **carried, **answers[step]}
            response = client.post("/informatie/meldcode/", data)
        assert b'data-testid="meldcode-matches"' in response.content

    med, lo, hi = median_ms(walk, runs)
    print(f"meldcode checklist, all six requests ({runs} runs): median {med:.1f} ms (min {lo:.1f}, max {hi:.1f})")


def bench_assignment(runs: int) -> None:
    from baken.mediation.assignment import MediatorLoad, choose_mediator
    from baken.mediation.choices import Region

    rng = random.Random(7)
    regions = [r for r in Region.values if r != "unknown"]
    mediators = [
        MediatorLoad(i, frozenset(rng.sample(regions, rng.randint(1, 3))), rng.randint(0, 40)) for i in range(1000)
    ]
    wanted = iter(rng.choice(Region.values) for _ in range(runs * 100))

    def hundred() -> None:
        for _ in range(100):
            choose_mediator(next(wanted), mediators)

    med, lo, hi = median_ms(hundred, runs)
    per_choice = f"median {med * 10:.0f} µs per choice (min {lo * 10:.0f}, max {hi * 10:.0f})"
    print(f"choose_mediator over 1,000 mediators: {per_choice}")


def bench_mediation(runs: int) -> None:
    from django.contrib.auth.models import Group
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from baken.accounts.models import User
    from baken.mediation import services
    from baken.mediation.models import MediatorProfile

    mediator = User.objects.create_user("bench-mediator", password="correct horse battery staple")  # noqa: S106
    mediator.groups.add(Group.objects.get(name="mediator"))
    MediatorProfile.objects.create(user=mediator, regions=["utrecht"])
    device = TOTPDevice.objects.create(user=mediator, name="bench", confirmed=True)

    def register() -> None:
        services.case_register(
            registrant_role="victim",
            consent_contact_other_party=True,
            region="utrecht",
            passphrase="a passphrase for the benchmark",  # noqa: S106
            description="Wat ik de bemiddelaar wil vertellen.",
            goals=["answers"],
        )

    med, lo, hi = median_ms(register, runs)
    print(f"case_register (with PBKDF2 hash, {runs} runs): median {med:.0f} ms (min {lo:.0f}, max {hi:.0f})")

    while mediator.mediation_cases.count() < 500:
        register()
    client = Client()
    client.force_login(mediator)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session["baken_login_at"] = int(time.time())
    session.save()
    client.get("/herstelbemiddeling/zaken/")
    med, lo, hi = median_ms(lambda: client.get("/herstelbemiddeling/zaken/"), runs)
    print(f"mediator case list, 500 cases ({runs} runs): median {med:.0f} ms (min {lo:.0f}, max {hi:.0f})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    setup()
    bench_guidance(args.runs)
    bench_assignment(args.runs)
    bench_mediation(args.runs)


if __name__ == "__main__":
    main()
