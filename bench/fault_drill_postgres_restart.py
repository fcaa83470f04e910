"""Fault drill: PostgreSQL restarts in the middle of a burst of warm-handover submissions.

Claim under test: every submission that got a 2xx answer exists afterwards (its code opens its
referral), and retrying with the same Idempotency-Key never creates a second referral.

What it does:
1. creates a dedicated database (`baken_drill`), migrates it, loads the directory and one
   staff account (so Centrum Seksueel Geweld receives stories);
2. starts gunicorn on 127.0.0.1 with that DATABASE_URL (persistent connections, as in
   production: they break when PostgreSQL restarts);
3. sends a burst of `POST /api/v1/referrals` from several client threads, each submission with
   its own Idempotency-Key, retried with the same key after any error;
4. restarts PostgreSQL mid-burst (`pg_ctlcluster --skip-systemctl-redirect <version> main restart`);
5. checks every 2xx code through `POST /api/v1/referrals/status`, and counts the rows.

It waits for a moment when no other database has active sessions before restarting (other
people's tests may be using PostgreSQL), makes sure PostgreSQL runs again at the end, and drops
the drill database unless `--keep`.

    .venv/bin/python bench/fault_drill_postgres_restart.py [--submissions 240] [--clients 8]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DRILL_DB = "baken_drill"
DRILL_URL = f"postgresql://postgres@127.0.0.1:5432/{DRILL_DB}"
PASSPHRASE = "drill passphrase 2026"  # noqa: S105 - a throwaway database


@dataclass
class Submission:
    key: str
    attempts: list[str] = field(default_factory=list)  # "201", "500", "conn-error", ...
    code: str | None = None
    replayed: bool = False
    finished_at: float = 0.0


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def pg_version() -> str:
    return sorted(os.listdir("/etc/postgresql"))[-1]


def pg_online() -> bool:
    result = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, check=False)
    return any(line.split()[3] == "online" for line in result.stdout.splitlines() if len(line.split()) > 3)


def admin_execute(sql: str) -> list[tuple]:
    with psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=5) as connection:
        cursor = connection.execute(sql)
        return cursor.fetchall() if cursor.description else []


def other_sessions() -> int:
    """Active sessions on other databases (other people's tests): we wait for a quiet moment."""
    rows = admin_execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname IS NOT NULL "
        "AND datname NOT IN ('baken_drill', 'postgres') AND pid <> pg_backend_pid()"
    )
    return int(rows[0][0])


def drill_env(port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": DRILL_URL,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "BAKEN_ACCESS_ATTEMPTS": "100000",
            "BAKEN_LOG_LEVEL": "WARNING",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "BAKEN_SITE_URL": f"http://127.0.0.1:{port}",
        }
    )
    return env


def prepare_database(env: dict[str, str]) -> None:
    admin_execute(f'DROP DATABASE IF EXISTS "{DRILL_DB}" WITH (FORCE)')
    admin_execute(f'CREATE DATABASE "{DRILL_DB}"')
    for args in (["migrate", "--noinput", "-v", "0"], ["load_directory"], ["compilemessages", "-v", "0"]):
        subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)
    staff = (
        "from django.contrib.auth.models import Group\n"
        "from baken.accounts.models import User\n"
        "from baken.directory.models import Organisation, OrganisationMember\n"
        "u = User.objects.create_user('drill', password='drill drill drill drill')\n"
        "u.groups.add(Group.objects.get(name='organisation staff'))\n"
        "csg = Organisation.objects.get(slug='centrum-seksueel-geweld')\n"
        "OrganisationMember.objects.create(user=u, organisation=csg)\n"
    )
    subprocess.run([PYTHON, "manage.py", "shell", "-c", staff], cwd=ROOT, env=env, check=True, capture_output=True)


def post(url: str, body: dict, headers: dict[str, str] | None = None, timeout: float = 30) -> tuple[int, dict, dict]:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"{}"), dict(response.headers)
    except urllib.error.HTTPError as error:
        try:
            payload = json.loads(error.read() or b"{}")
        except ValueError:
            payload = {}
        return error.code, payload, dict(error.headers)


def submit(base: str, index: int, submission: Submission, max_attempts: int) -> Submission:
    body = {
        "organisation": "centrum-seksueel-geweld",
        "answers": {"role": "victim", "violence": ["sexual_violence"]},
        "story": f"Drill submission {index}",
        "contact": {"channel": "self"},
        "passphrase": PASSPHRASE,
        "consent": True,
    }
    for attempt in range(max_attempts):
        try:
            status, payload, headers = post(f"{base}/api/v1/referrals", body, {"Idempotency-Key": submission.key})
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as error:
            submission.attempts.append(f"conn-error:{type(error).__name__}")
        else:
            submission.attempts.append(str(status))
            if 200 <= status < 300:
                submission.code = payload["code"]
                submission.replayed = headers.get("Idempotent-Replayed") == "true"
                break
        time.sleep(min(0.25 * 2**attempt, 3.0))
    submission.finished_at = time.monotonic()
    return submission


def wait_for_server(base: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--submissions", type=int, default=240)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=8310)
    parser.add_argument("--restart-after", type=float, default=0.35, help="restart when this share is done")
    parser.add_argument("--max-attempts", type=int, default=12)
    parser.add_argument("--quiet-wait", type=float, default=120, help="seconds to wait for no other sessions")
    parser.add_argument("--keep", action="store_true", help="keep the drill database")
    args = parser.parse_args()

    base = f"http://127.0.0.1:{args.port}"
    env = drill_env(args.port)
    log(f"preparing database {DRILL_DB}")
    prepare_database(env)
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    restart: dict[str, float | str] = {}
    submissions = [Submission(key=f"drill-{i}-{secrets.token_hex(8)}") for i in range(args.submissions)]
    try:
        wait_for_server(base)
        log(f"gunicorn on {base} with {args.workers} workers; burst of {args.submissions} from {args.clients} clients")
        done = Counter[str]()
        lock = threading.Lock()

        def tracked(index: int) -> Submission:
            result = submit(base, index, submissions[index], args.max_attempts)
            with lock:
                done["n"] += 1
            return result

        def restarter() -> None:
            while done["n"] < args.submissions * args.restart_after:
                time.sleep(0.05)
            waited_from = time.monotonic()
            while other_sessions() and time.monotonic() - waited_from < args.quiet_wait:
                time.sleep(0.5)
            restart["waited_s"] = round(time.monotonic() - waited_from, 1)
            restart["others_active"] = str(other_sessions())
            restart["done_before"] = float(done["n"])
            started = time.monotonic()
            restart["at"] = started
            log(f"restarting PostgreSQL {pg_version()} after {done['n']} submissions")
            result = subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", pg_version(), "main", "restart"],
                capture_output=True,
                text=True,
                check=False,
            )
            restart["seconds"] = round(time.monotonic() - started, 2)
            restart["rc"] = float(result.returncode)
            log(f"PostgreSQL restart returned {result.returncode} after {restart['seconds']} s")

        burst_started = time.monotonic()
        restart_thread = threading.Thread(target=restarter, daemon=True)
        restart_thread.start()
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            list(pool.map(tracked, range(args.submissions)))
        burst_seconds = time.monotonic() - burst_started
        restart_thread.join(timeout=args.quiet_wait + 60)

        # Verify: every 2xx code opens its referral; no submission was stored twice.
        acknowledged = [s for s in submissions if s.code]
        missing = []
        for s in acknowledged:
            status, _payload, _headers = post(
                f"{base}/api/v1/referrals/status", {"code": s.code, "passphrase": PASSPHRASE}
            )
            if status != 200:
                missing.append((s.key, status))
        with psycopg.connect(DRILL_URL, connect_timeout=10) as connection:
            rows = connection.execute("SELECT count(*) FROM referrals_referral").fetchone()[0]
        attempts = Counter(a for s in submissions for a in s.attempts)
        failed_first = [s for s in submissions if not s.attempts[0].startswith("2")]
        report = {
            "machine": subprocess.run(["lscpu"], capture_output=True, text=True, check=False)
            .stdout.split("Model name:")[-1]
            .splitlines()[0]
            .strip(),
            "submissions": args.submissions,
            "clients": args.clients,
            "gunicorn_workers": args.workers,
            "burst_seconds": round(burst_seconds, 1),
            "submissions_per_second": round(args.submissions / burst_seconds, 1),
            "restart": {k: v for k, v in restart.items() if k != "at"},
            "attempt_outcomes": dict(attempts),
            "first_attempt_failed": len(failed_first),
            "answered_2xx": len(acknowledged),
            "answered_2xx_as_replay": sum(s.replayed for s in acknowledged),
            "never_answered_2xx": args.submissions - len(acknowledged),
            "acknowledged_but_missing": len(missing),
            "rows_in_database": rows,
            "duplicates": rows - len(acknowledged),
            "median_attempts": statistics.median(len(s.attempts) for s in submissions),
            "max_attempts_used": max(len(s.attempts) for s in submissions),
        }
        print(json.dumps(report, indent=2))
        ok = not missing and rows == len(acknowledged) and restart.get("rc") == 0.0
        log("PASS: no acknowledged submission lost, no duplicates" if ok else f"FAIL: {missing[:5]}")
        return 0 if ok else 1
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        if not pg_online():
            log("PostgreSQL is not online: starting it")
            subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", pg_version(), "main", "start"], check=False)
        log(f"PostgreSQL online: {pg_online()}")
        if not args.keep:
            for _ in range(10):
                try:
                    admin_execute(f'DROP DATABASE IF EXISTS "{DRILL_DB}" WITH (FORCE)')
                    break
                except psycopg.OperationalError:
                    time.sleep(1)


if __name__ == "__main__":
    sys.exit(main())
