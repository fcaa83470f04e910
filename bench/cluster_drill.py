"""Cluster drill (issue 16): two app nodes behind nginx, two task workers, one PostgreSQL and
one Redis, all on loopback and all of them the drill's own (bench/cluster_common.py). A
realistic mix of traffic runs through nginx while the drill breaks things, one per phase:

    steady            nothing breaks (the baseline)
    node kill         app node 1 is SIGKILLed, then started again
    redis restart     redis-server stops and starts (no persistence: counters are lost)
    postgres restart  pg_ctl restart -m fast
    worker kill       a task worker is SIGKILLed in the middle of a task; it comes back (as
                      systemd would start it) and `manage.py requeue_stale_tasks` (the
                      baken-requeue.timer) hands the task it held back to the queue
    after             nothing breaks

The mix: mostly the help finder (form steps and results) and the directory (list, detail,
API), some recommendation API calls and status checks, static files, and warm handovers
(POST /api/v1/referrals) with an Idempotency-Key, retried with the same key after any error;
some are deliberately sent twice. A chat phase runs when /api/v1/conversations exists.

At the end every handover that got a 2xx must open with its code, the database must hold no
more referrals than acknowledged codes, and every task must have finished. It prints a table
per phase and a final JSON line. Bounded: about 3 minutes of traffic, at most --max-requests.

    .venv/bin/python bench/cluster_drill.py [--base-port 8118] [--clients 6] [--scale 1.0]
"""

from __future__ import annotations

import argparse
import http.client
import json
import secrets
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.cluster_common import Cluster, log

PASSPHRASE = "drill passphrase 2026"  # noqa: S105 - a throw-away cluster
FINDER_ANSWERS = [("role", "victim"), ("violence", "sexual_violence")]
STALE_SECONDS = 8  # the drill's BAKEN_TASK_STALE_SECONDS: probes run 3 s


@dataclass
class Sample:
    at: float
    phase: str
    kind: str
    ok: bool
    ms: float
    status: int


@dataclass
class Submission:
    key: str
    attempts: list[str] = field(default_factory=list)
    code: str | None = None
    replays_ok: int = 0
    replays_wrong: int = 0


class Recorder:
    def __init__(self) -> None:
        self.samples: list[Sample] = []
        self.lock = threading.Lock()
        self.phase = "setup"
        self.stop = threading.Event()
        self.max_requests = 0

    def add(self, kind: str, status: int, started: float, ok: bool | None = None) -> bool:
        now = time.monotonic()
        ok = 200 <= status < 400 if ok is None else ok
        with self.lock:
            self.samples.append(Sample(now, self.phase, kind, ok, (now - started) * 1000, status))
            if len(self.samples) >= self.max_requests:
                self.stop.set()
        return ok


class Client:
    """One keep-alive connection to nginx, reopened after any error."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None):
        try:
            self.connection.request(method, path, body=body, headers=headers or {})
            response = self.connection.getresponse()
            payload = response.read()
            if response.getheader("Connection", "").lower() == "close":
                self.connection.close()
            return response.status, payload, response
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
            return 0, b"", None


def database_rows(url: str, sql: str, params: tuple = ()) -> list[tuple]:
    for _ in range(30):  # PostgreSQL may be restarting
        try:
            with psycopg.connect(url, connect_timeout=3) as connection:
                cursor = connection.execute(sql, params)
                return cursor.fetchall() if cursor.description else []
        except psycopg.OperationalError:
            time.sleep(0.5)
    raise RuntimeError("the drill's PostgreSQL is not reachable")


def browse(port: int, recorder: Recorder, slugs: list[str], codes: list[str], seed: int) -> None:
    """A visitor: mostly help finder and directory, think time between requests."""
    import random

    rng = random.Random(seed)
    client = Client(port)
    form = {"Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "nl"}
    kinds: list[tuple[str, float]] = [
        ("finder_step", 30),
        ("finder_results", 15),
        ("recommendations", 8),
        ("directory_page", 14),
        ("organisation_page", 10),
        ("organisations_api", 8),
        ("status_check", 2),
        ("static", 5),
        ("healthz", 5),
    ]
    names, weights = zip(*kinds, strict=True)
    while not recorder.stop.is_set():
        kind = rng.choices(names, weights)[0]
        started = time.monotonic()
        if kind == "finder_step":
            body = urlencode([("step", "violence"), ("action", "next"), *FINDER_ANSWERS]).encode()
            status, _, _ = client.request("POST", "/vragen/", body, form)
        elif kind == "finder_results":
            body = urlencode([("step", "needs"), ("action", "results"), *FINDER_ANSWERS, ("need", "now")]).encode()
            status, _, _ = client.request("POST", "/vragen/", body, form)
        elif kind == "recommendations":
            status, _, _ = client.request("GET", "/api/v1/recommendations?" + urlencode(FINDER_ANSWERS))
        elif kind == "directory_page":
            status, _, _ = client.request("GET", "/organisaties/")
        elif kind == "organisation_page":
            status, _, _ = client.request("GET", f"/organisaties/{rng.choice(slugs)}/")
        elif kind == "organisations_api":
            status, _, _ = client.request("GET", "/api/v1/organisations")
        elif kind == "status_check":
            if not codes:
                continue
            body = json.dumps({"code": rng.choice(codes), "passphrase": PASSPHRASE}).encode()
            json_type = {"Content-Type": "application/json"}
            status, _, _ = client.request("POST", "/api/v1/referrals/status", body, json_type)
        elif kind == "static":
            status, _, _ = client.request("GET", "/static/baken/quick-exit.js")
        else:
            status, _, _ = client.request("GET", "/healthz")
        ok = recorder.add(kind, status, started)
        # Think time; after an error a person waits a moment and presses reload.
        time.sleep(rng.uniform(0.01, 0.06) if ok else 1.0)


def submit_handovers(port: int, recorder: Recorder, submissions: list[Submission], codes: list[str], seed: int) -> None:
    """Warm handovers, one after another, each retried with its own key until it gets a 2xx."""
    import random

    rng = random.Random(seed)
    client = Client(port)
    while not recorder.stop.is_set():
        submission = Submission(key=f"drill-{secrets.token_hex(10)}")
        submissions.append(submission)
        body = json.dumps(
            {
                "organisation": "centrum-seksueel-geweld",
                "answers": {"role": "victim", "violence": ["sexual_violence"]},
                "story": f"Drill {submission.key}",
                "contact": {"channel": "self"},
                "passphrase": PASSPHRASE,
                "consent": True,
            }
        ).encode()
        headers = {"Content-Type": "application/json", "Idempotency-Key": submission.key}
        for attempt in range(20):  # keeps trying after the drill's traffic stops: a person would
            started = time.monotonic()
            status, payload, _ = client.request("POST", "/api/v1/referrals", body, headers)
            recorder.add("handover", status, started, 200 <= status < 300)
            submission.attempts.append(str(status))
            if 200 <= status < 300:
                submission.code = json.loads(payload)["code"]
                codes.append(submission.code)
                break
            time.sleep(min(0.25 * 2**attempt, 2.0))
        if submission.code and rng.random() < 0.2:  # a double click, or a retry after a lost answer
            started = time.monotonic()
            status, payload, response = client.request("POST", "/api/v1/referrals", body, headers)
            recorder.add("handover", status, started, 200 <= status < 300)
            if 200 <= status < 300:
                same = json.loads(payload)["code"] == submission.code
                replayed = response is not None and response.getheader("Idempotent-Replayed") == "true"
                if same and replayed:
                    submission.replays_ok += 1
                else:
                    submission.replays_wrong += 1
        time.sleep(rng.uniform(1.0, 2.0))  # handovers are rare next to browsing


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-port", type=int, default=8118, help="nginx; nodes, PostgreSQL, Redis on the next ports")
    parser.add_argument("--clients", type=int, default=6, help="browsing visitors")
    parser.add_argument("--submitters", type=int, default=1, help="people sending a handover, one after another")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every phase length")
    parser.add_argument("--max-requests", type=int, default=60_000)
    args = parser.parse_args()
    began = time.monotonic()

    extra = {"BAKEN_TASK_STALE_SECONDS": str(STALE_SECONDS)}
    with Cluster(args.base_port, extra_env=extra) as cluster:
        pg_url = cluster.pg.url
        probe_table = "CREATE TABLE drill_probe (mark text PRIMARY KEY, runs int, done_at timestamptz)"
        database_rows(pg_url, probe_table)
        slugs = [row[0] for row in database_rows(pg_url, "SELECT slug FROM directory_organisation WHERE active")]
        recorder = Recorder()
        recorder.max_requests = args.max_requests
        port = cluster.nginx_port
        submissions: list[Submission] = []
        codes: list[str] = []
        notes: list[str] = []

        status, _, _ = Client(port).request("GET", "/api/v1/conversations")
        chat = status not in (0, 404)
        if not chat:
            notes.append("chat: /api/v1/conversations does not exist yet (404): chat phase skipped, lost_messages 0")

        threads = [
            threading.Thread(target=browse, args=(port, recorder, slugs, codes, i), daemon=True)
            for i in range(args.clients)
        ]
        threads += [
            threading.Thread(target=submit_handovers, args=(port, recorder, submissions, codes, 100 + i), daemon=True)
            for i in range(args.submitters)
        ]
        faults: dict[str, dict[str, float | str]] = {}
        probes = [f"probe-{i}" for i in range(6)]

        def kill_node() -> dict[str, float | str]:
            node = cluster.nodes[0]
            node.kill()
            time.sleep(5 * args.scale)
            node.start(wait=False)
            return {"component_back_s": round(5 * args.scale + node.wait_ready(), 2)}

        def restart_redis() -> dict[str, float | str]:
            return {"component_back_s": round(cluster.redis.restart(), 2)}

        def restart_postgres() -> dict[str, float | str]:
            return {"component_back_s": round(cluster.pg.restart(), 2)}

        def kill_worker() -> dict[str, float | str]:
            enqueue = (
                "from bench.drill_tasks import slow_probe\n"
                f"for mark in {probes!r}:\n"
                "    slow_probe.enqueue(mark, 3.0)\n"
            )
            cluster.manage("shell", "-c", enqueue)
            worker = cluster.workers[0]
            deadline = time.monotonic() + 20
            held = None
            while time.monotonic() < deadline and held is None:
                rows = database_rows(
                    pg_url,
                    "SELECT id, worker_ids FROM django_tasks_database_dbtaskresult "
                    "WHERE status = 'RUNNING' AND task_path LIKE %s",
                    ("%slow_probe",),
                )
                held = next((str(r[0]) for r in rows if r[1] and r[1][-1] == worker.worker_id), None)
                time.sleep(0.1)
            if held is None:
                return {"note": "worker 1 claimed no probe within 20 s: nothing killed"}
            worker.kill()
            killed_at = time.monotonic()
            # The baken-requeue.timer, every few seconds instead of every minute.
            while time.monotonic() - killed_at < 40:
                cluster.manage("requeue_stale_tasks", "--older-than", str(STALE_SECONDS))
                row = database_rows(
                    pg_url, "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = %s", (held,)
                )
                if row and row[0][0] == "SUCCESSFUL":
                    return {"task_finished_after_kill_s": round(time.monotonic() - killed_at, 1), "task": held}
                time.sleep(2)
            return {"note": "the killed worker's task did not finish within 40 s", "task": held}

        phases: list[tuple[str, float, Callable[[], dict[str, float | str]] | None]] = [
            ("steady", 20, None),
            ("node kill", 25, kill_node),
            ("redis restart", 15, restart_redis),
            ("postgres restart", 20, restart_postgres),
            ("worker kill", 25, kill_worker),
            ("after", 10, None),
        ]
        phase_times: dict[str, tuple[float, float, float | None]] = {}
        for thread in threads:
            thread.start()
        for name, seconds, fault in phases:
            if recorder.stop.is_set():
                break
            recorder.phase = name
            started = time.monotonic()
            fault_at = None
            log(f"phase {name}")
            if fault is not None:
                time.sleep(3 * args.scale)
                fault_at = time.monotonic()
                faults[name] = fault()
                log(f"  {name}: {faults[name]}")
            remaining = seconds * args.scale - (time.monotonic() - started)
            if remaining > 0:
                recorder.stop.wait(remaining)
            phase_times[name] = (started, time.monotonic(), fault_at)
        recorder.phase = "drain"
        recorder.stop.set()
        for thread in threads:
            thread.join(timeout=60)

        # Tasks: wait for the queue to empty (workers, and the requeue of anything orphaned).
        drain_deadline = time.monotonic() + 60
        while time.monotonic() < drain_deadline:
            open_tasks = database_rows(
                pg_url,
                "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status IN ('READY', 'RUNNING')",
            )[0][0]
            if not open_tasks:
                break
            cluster.manage("requeue_stale_tasks", "--older-than", str(STALE_SECONDS))
            time.sleep(2)
        task_states = dict(
            database_rows(pg_url, "SELECT status, count(*) FROM django_tasks_database_dbtaskresult GROUP BY status")
        )
        failed_tasks = database_rows(
            pg_url,
            "SELECT task_path, exception_class_path, count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE status = 'FAILED' GROUP BY 1, 2",
        )
        done_probes = dict(database_rows(pg_url, "SELECT mark, runs FROM drill_probe"))
        probes_lost = [p for p in probes if p not in done_probes] if "worker kill" in faults else []
        tasks_lost = len(probes_lost) + task_states.get("READY", 0) + task_states.get("RUNNING", 0)

        # Submissions: every acknowledged code opens its referral; nothing stored twice.
        acknowledged = [s for s in submissions if s.code]
        checker = Client(port)
        lost = 0
        for submission in acknowledged:
            body = json.dumps({"code": submission.code, "passphrase": PASSPHRASE}).encode()
            for _ in range(5):
                status, _, _ = checker.request(
                    "POST", "/api/v1/referrals/status", body, {"Content-Type": "application/json"}
                )
                if status in (200, 403, 404):
                    break
                time.sleep(0.5)
            lost += status != 200
        rows = database_rows(pg_url, "SELECT count(*) FROM referrals_referral")[0][0]
        duplicates = rows - len({s.code for s in acknowledged})
        wrong_replays = sum(s.replays_wrong for s in submissions)

    # Report.
    print()
    print("| phase | fault | requests | errors | error rate | p99 ms | recovery s |")
    print("|---|---|---:|---:|---:|---:|---:|")
    recovery_seconds = 0.0
    error_causes: dict[str, dict[str, int]] = {}
    for name, _seconds, _fault in phases:
        if name not in phase_times:
            continue
        _start, _end, fault_at = phase_times[name]
        samples = [s for s in recorder.samples if s.phase == name]
        errors = [s for s in samples if not s.ok]
        recovery = 0.0
        if fault_at is not None:
            after = [s.at for s in errors if s.at >= fault_at]
            recovery = max(after) - fault_at if after else 0.0
            recovery_seconds = max(recovery_seconds, recovery)
        causes: dict[str, int] = {}
        for sample in errors:
            cause = f"{sample.kind}:{sample.status or 'conn'}"
            causes[cause] = causes.get(cause, 0) + 1
        if causes:
            error_causes[name] = causes
        detail = ", ".join(f"{k} {v}" for k, v in faults.get(name, {}).items() if k != "task")
        rate = len(errors) / len(samples) if samples else 0.0
        p99 = percentile([s.ms for s in samples], 0.99)
        print(
            f"| {name} | {detail or '-'} | {len(samples)} | {len(errors)} | {rate:.2%} | {p99:.0f} | "
            f"{recovery:.1f} |" if fault_at is not None else
            f"| {name} | - | {len(samples)} | {len(errors)} | {rate:.2%} | {p99:.0f} | - |"
        )  # fmt: skip
    for name, causes in error_causes.items():
        print(f"errors in {name}: {causes}")
    counted = [s for s in recorder.samples if s.phase != "drain"]
    kinds = sorted({s.kind for s in counted})
    print()
    print("| kind | requests | errors | p50 ms | p99 ms |")
    print("|---|---:|---:|---:|---:|")
    for kind in kinds:
        of_kind = [s for s in counted if s.kind == kind]
        print(
            f"| {kind} | {len(of_kind)} | {sum(not s.ok for s in of_kind)} | "
            f"{percentile([s.ms for s in of_kind], 0.5):.0f} | {percentile([s.ms for s in of_kind], 0.99):.0f} |"
        )
    print()
    replays = sum(s.replays_ok for s in submissions)
    print(f"handovers: {len(submissions)} started, {len(acknowledged)} acknowledged, {rows} referrals stored, "
          f"{replays} deliberate repeats answered as replays, {wrong_replays} not")  # fmt: skip
    print(f"tasks: {task_states}; failed: {failed_tasks}; probes done {len(done_probes)}/{len(probes)} "
          f"(runs {sorted(done_probes.values())})")  # fmt: skip
    worker_exits = [w.exits for w in cluster.workers]
    print(f"task worker exits (restarted after 1 s, as systemd does): {worker_exits}")
    for note in notes:
        print(f"note: {note}")
    total = len(counted)
    total_errors = sum(not s.ok for s in counted)
    result = {
        "requests": total,
        "errors": total_errors,
        "error_rate": round(total_errors / total, 4) if total else 0.0,
        "lost_submissions": lost,
        "duplicate_submissions": duplicates + wrong_replays,
        "lost_messages": 0,
        "tasks_lost": tasks_lost,
        "recovery_seconds": round(recovery_seconds, 1),
    }
    print(f"drill took {time.monotonic() - began:.0f} s")
    print(json.dumps(result))
    node_kill = [s for s in recorder.samples if s.phase == "node kill"]
    node_kill_rate = sum(not s.ok for s in node_kill) / len(node_kill) if node_kill else 0.0
    ok = (
        lost == 0
        and result["duplicate_submissions"] == 0
        and tasks_lost == 0
        and node_kill_rate < 0.01
        and recovery_seconds <= 10
    )
    log("PASS: targets met" if ok else "FAIL: a target was missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
