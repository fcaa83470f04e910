"""Benchmark: `GET /api/v1/organisations` under load, served by gunicorn (2 workers,
production profile, DEBUG off) on 127.0.0.1, driven from this second process by a small
threaded HTTP client. Bounded in requests and in time; loopback only.

Reports requests per second and latency percentiles. Usage:
    .venv/bin/python bench/directory_load.py [--port 8201] [--threads 8] [--requests 3000] [--seconds 30]

With `--vs-healthz N`, N rounds in one run each measure `GET /healthz`, the list endpoint, and
the list endpoint asked conditionally (`If-None-Match` with the ETag it gave: 304), one after
another against the same server, and print each one's throughput as a ratio to /healthz with
the median over the rounds (issue 16: compare ratios measured in one run on a noisy machine).
"""

from __future__ import annotations

import argparse
import base64
import http.client
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
PATHS = [
    "/api/v1/organisations",
    "/api/v1/organisations?violence=sexual_violence&open_now=true",
    "/api/v1/organisations?channel=phone&language=nl",
    "/api/v1/organisations?open_at=2026-11-28T03:00:00%2B01:00",
]


def production_env(database: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "BAKEN_ENV": "production",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "BAKEN_FIELD_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
            "DJANGO_ALLOWED_HOSTS": HOST,
            # Plain HTTP on loopback: no TLS terminator in front of this benchmark.
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": f"sqlite:///{database}",
            "BAKEN_LOG_LEVEL": "WARNING",
        }
    )
    return env


def wait_until_up(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not come up")


def load(
    port: int,
    threads: int,
    total: int,
    seconds: float,
    paths: list[str] | None = None,
    etags: dict[str, str] | None = None,
) -> tuple[list[float], int, float]:
    paths = paths or PATHS
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    issued = 0
    stop_at = time.monotonic() + seconds

    def worker(number: int) -> None:
        nonlocal issued, errors
        while True:
            with lock:
                if issued >= total or time.monotonic() >= stop_at:
                    return
                issued += 1
                path = paths[issued % len(paths)]
            started = time.perf_counter()
            try:
                # gunicorn's sync workers close each connection: one connection per request.
                connection = http.client.HTTPConnection(HOST, port, timeout=10)
                headers = {"If-None-Match": etags[path]} if etags and path in etags else {}
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status in ((304,) if headers else (200,))
                connection.close()
            except OSError:
                ok = False
            elapsed = time.perf_counter() - started
            with lock:
                if ok:
                    latencies.append(elapsed * 1000)
                else:
                    errors += 1

    began = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return latencies, errors, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8201)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--vs-healthz", type=int, default=0, metavar="ROUNDS")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "bench.sqlite3"
        env = production_env(database)
        for command in (["migrate", "--noinput", "-v", "0"], ["load_directory"]):
            subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        server = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"{HOST}:{args.port}",
                "--workers",
                str(args.workers),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            wait_until_up(args.port, time.monotonic() + 30)
            load(args.port, 2, 40, 10)  # warm up: each worker builds its snapshot
            if args.vs_healthz:
                compare_with_healthz(args)
                return
            latencies, errors, elapsed = load(args.port, args.threads, args.requests, args.seconds)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)

    latencies.sort()
    done = len(latencies)
    p50 = statistics.median(latencies)
    p99 = latencies[min(done - 1, int(done * 0.99))]
    print(
        f"list endpoint: {done} requests ({errors} errors) in {elapsed:.1f} s with {args.threads} client threads "
        f"→ {done / elapsed:.0f} requests/s; latency p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {latencies[-1]:.1f} ms "
        f"(gunicorn, {args.workers} sync workers, DEBUG off, SQLite)"
    )


def _etags(port: int) -> dict[str, str]:
    tags = {}
    for path in PATHS:
        connection = http.client.HTTPConnection(HOST, port, timeout=10)
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        tags[path] = response.getheader("ETag") or ""
        connection.close()
    if not all(tags.values()):
        raise SystemExit("the list endpoint sent no ETag")
    return tags


def compare_with_healthz(args: argparse.Namespace) -> None:
    etags = _etags(args.port)
    kinds: dict[str, tuple[list[str], dict[str, str] | None]] = {
        "healthz": (["/healthz"], None),
        "organisations": (PATHS, None),
        "organisations, If-None-Match": (PATHS, etags),
    }
    ratios: dict[str, list[float]] = {kind: [] for kind in kinds}
    for round_number in range(1, args.vs_healthz + 1):
        rates = {}
        for kind, (paths, tags) in kinds.items():
            latencies, errors, elapsed = load(args.port, args.threads, args.requests, args.seconds, paths, tags)
            rates[kind] = len(latencies) / elapsed
            if errors:
                print(f"round {round_number} {kind}: {errors} errors")
        line = ", ".join(f"{kind} {rate:.0f}/s" for kind, rate in rates.items())
        print(f"round {round_number}: {line}")
        for kind, rate in rates.items():
            ratios[kind].append(rate / rates["healthz"])
    for kind, values in ratios.items():
        shown = " / ".join(f"{v:.2f}" for v in values)
        print(f"{kind}: ratio to /healthz {shown}; median {statistics.median(values):.2f}")


if __name__ == "__main__":
    main()
