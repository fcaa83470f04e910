"""Benchmark and fault drill for the staffed front door: two ASGI processes (uvicorn, production
profile) share PostgreSQL and a Redis channel layer; 300 visitors and 30 workers exchange
messages over WebSockets for a bounded time; one process is killed (SIGKILL) midway and
restarted. Clients on the killed process reconnect and resume after the last id they saw; a
reconnect goes to a random process and, refused by the dead one, straight to the other, as
our nginx does (deploy/nginx: `/ws/` keeps nginx's default `proxy_next_upstream error`).

Counts every message: `lost` = acknowledged by the server but never delivered to the other
side; `duplicates` = delivered to one side more than once. Latency is send -> delivery on the
other side (same machine clock), over real WebSockets through the two server processes,
including the kill and the restart. Workers take conversations the way the console does: for
each arriving visitor the least-loaded worker presses "take the next conversation" (accept-next,
straight against the database from this process; its wait is not part of the latency).
The client's own event-loop lag is printed too: a busy load generator would inflate what it
measures. Prints one JSON line at the end:
{"visitors", "workers", "messages", "delivered", "lost", "duplicates", "p50_ms", "p99_ms", "peak_rss_mb"}

Usage (about 2 minutes; hard limit 5):
    .venv/bin/python bench/chat_load.py [--visitors 300] [--workers 30] [--messages 4]
        [--ports 8114,8115] [--database postgresql://postgres@127.0.0.1:5432/i13_bench]
        [--redis redis://127.0.0.1:6379/5]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import http.client
import json
import os
import random
import secrets
import signal
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import websockets

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
HARD_LIMIT = 290  # seconds: the whole run stays under 5 minutes


def server_env(args: argparse.Namespace, secret: str, field_key: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "BAKEN_ENV": "production",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secret,
            "BAKEN_FIELD_KEYS": field_key,
            "DJANGO_ALLOWED_HOSTS": HOST,
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": args.database,
            "DATABASE_CONN_MAX_AGE": "0",  # as app nodes run (docs/deploy.md): a connection per request
            "BAKEN_CHANNEL_LAYER": "redis",
            "BAKEN_REDIS_URL": args.redis,
            "BAKEN_CHANNEL_PREFIX": "i13bench",
            "BAKEN_CACHE_LOCATION": args.redis,
            "BAKEN_TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "BAKEN_LOG_LEVEL": "WARNING",
        }
    )
    return env


def start_server(port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [PYTHON, "-m", "uvicorn", "config.asgi:application", "--host", HOST, "--port", str(port), "--no-access-log"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(os.environ.get("BENCH_SERVER_LOG", os.devnull), "ab"),
    )


def wait_until_up(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"server on port {port} did not start")


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def prepare(args: argparse.Namespace, env: dict[str, str]) -> None:
    """A fresh database with the directory, a 24/7 queue and signed-in workers."""
    import psycopg

    base, _sep, name = args.database.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    manage = [PYTHON, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "load_directory"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def django_setup(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def make_workers(count: int) -> list[dict[str, Any]]:
    """Workers of the national front door, signed in with room for 10 conversations each, and a
    verified staff session (cookie) for their sockets."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import Group
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from baken.accounts.models import User
    from baken.chat import services
    from baken.directory.models import Channel, Organisation, OrganisationMember

    Channel.objects.filter(queue="baken").update(opening_hours="24/7")  # the bench staffs it all day
    organisation = Organisation.objects.get(slug="baken")
    group = Group.objects.get(name="organisation staff")
    workers = []
    for n in range(count):
        user = User.objects.create_user(username=f"bench-worker-{n}", password=secrets.token_urlsafe(16))
        user.groups.add(group)
        OrganisationMember.objects.create(user=user, organisation=organisation)
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session["baken_login_at"] = int(time.time())
        session.create()
        services.worker_sign_in(user=user, queue_slugs=["baken"], capacity=10)
        workers.append({"user": user, "cookie": f"sessionid={session.session_key}"})
    return workers


class Stats:
    def __init__(self) -> None:
        self.sent: dict[str, float] = {}  # text -> send time (acknowledged)
        self.delivered: Counter[str] = Counter()
        self.latencies: list[tuple[float, float]] = []  # (delivered at, seconds)
        self.killed_at = 0.0
        self.reconnects = 0


def reconnect_delay(failures: int) -> float:
    """Seconds before the next attempt, as the pages do (visitor.js, console.js): a dropped
    socket tries again at once, after a random 0-100 ms (so the sockets of a killed process do
    not all arrive in the same millisecond); every further failure in a row doubles the range
    ("full jitter"), up to 30 s."""
    return random.random() * min(30.0, 0.1 * 2 ** (min(max(1, failures), 20) - 1))


class Side:
    """One end of one conversation over a WebSocket that reconnects and resumes after the
    last id it saw; unacknowledged messages are sent again after a reconnect."""

    def __init__(self, stats: Stats, ports: list[int], path: str, *, auth: dict[str, Any] | None, cookie: str = ""):
        self.stats = stats
        self.ports = ports
        self.path = path
        self.auth = auth
        self.cookie = cookie
        self.last_id = 0
        self.socket: Any = None
        self.pending: dict[str, str] = {}  # ref -> text, not acknowledged yet
        self.inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.closed = False
        self.connected = asyncio.Event()

    async def run(self, until: float) -> None:
        port = random.choice(self.ports)
        failures = 0  # connection attempts in a row that did not open
        refused = 0  # processes that refused this attempt
        while not self.closed and time.monotonic() < until:
            try:
                headers = {"Cookie": self.cookie} if self.cookie else {}
                url = f"ws://{HOST}:{port}{self.path}?after={self.last_id}"
                async with websockets.connect(
                    url, origin=f"http://{HOST}:{port}", additional_headers=headers, open_timeout=5
                ) as socket:
                    if self.auth is not None:
                        await socket.send(json.dumps({**self.auth, "type": "auth", "after": self.last_id}))
                    self.socket = socket
                    self.connected.set()
                    for ref, text in list(self.pending.items()):
                        await socket.send(json.dumps({"type": "message", "text": text, "ref": ref}))
                    async for raw in socket:
                        frame = json.loads(raw)
                        if frame["type"] == "message":
                            if frame["id"] <= self.last_id:
                                continue  # the stream resumes after last_id: never expected
                            self.last_id = frame["id"]
                            await self.inbox.put(frame)
                        elif frame["type"] == "ack":
                            text = self.pending.pop(frame.get("ref"), None)
                            if text is not None:
                                self.stats.sent[text] = float(text.split("|")[-1])
                        elif frame["type"] == "ended":
                            self.closed = True
                            return
            except ConnectionRefusedError:
                # What our nginx does when a process refuses (its default `proxy_next_upstream
                # error`, deploy/nginx): it tries the next one at once; the client sees one attempt.
                refused += 1
                if refused < len(self.ports):
                    port = self.ports[(self.ports.index(port) + 1) % len(self.ports)]
                    continue
            except (TimeoutError, OSError, websockets.WebSocketException):
                pass
            refused = 0
            if self.socket is not None:
                failures = 0  # it was connected: the first retry goes at once
            self.socket = None
            self.connected.clear()
            if self.closed:
                return
            self.stats.reconnects += 1
            failures += 1
            await asyncio.sleep(reconnect_delay(failures))
            port = random.choice(self.ports)  # the load balancer sends a reconnect anywhere

    async def send(self, text: str) -> None:
        ref = secrets.token_hex(6)
        self.pending[ref] = text
        if self.socket is not None:
            with contextlib.suppress(websockets.WebSocketException):  # sent again after the reconnect
                await self.socket.send(json.dumps({"type": "message", "text": text, "ref": ref}))


async def conversation(
    stats: Stats, ports: list[int], started: dict[str, Any], worker_cookie: str, messages: int, until: float
) -> None:
    visitor = Side(stats, ports, "/ws/chat/visitor/", auth={"id": started["id"], "token": started["token"]})
    worker = Side(stats, ports, f"/ws/chat/work/{started['id']}/", auth=None, cookie=worker_cookie)
    tasks = [asyncio.create_task(visitor.run(until)), asyncio.create_task(worker.run(until))]
    replies = asyncio.Event()
    answered = 0

    async def receive(side: Side, expect: str) -> None:
        nonlocal answered
        while True:  # cancelled when the conversation is over
            # No wait_for(get(), timeout) here: on Python 3.11 a timeout racing a put drops the item.
            frame = await side.inbox.get()
            if frame["from"] != expect:
                continue
            text = frame["text"]
            stats.delivered[text] += 1
            if stats.delivered[text] == 1:
                stats.latencies.append((time.time(), time.time() - float(text.split("|")[-1])))
            if expect == "visitor":  # the worker answers every line
                await side.send(f"w|{started['id']}|{text.split('|')[2]}|{time.time()}")
            else:
                answered += 1
                if answered >= messages:
                    replies.set()

    receivers = [asyncio.create_task(receive(worker, "visitor")), asyncio.create_task(receive(visitor, "worker"))]
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(visitor.connected.wait(), timeout=30)
    for k in range(messages):
        await asyncio.sleep(1.5 + random.random())
        await visitor.send(f"v|{started['id']}|{k}|{time.time()}")
    # Drain: every reply arrived, or the deadline.
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(replies.wait(), timeout=max(0.1, until - time.monotonic()))
    await asyncio.sleep(1)  # late duplicates would show up here
    for task in receivers + tasks:
        task.cancel()
    await asyncio.gather(*receivers, *tasks, return_exceptions=True)


def start_conversation(port: int) -> dict[str, Any]:
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    body = json.dumps({"queue": "baken", "share_answers": True, "answers": {"role": "victim"}})
    connection.request("POST", "/api/v1/conversations", body, {"Content-Type": "application/json"})
    response = connection.getresponse()
    data = json.loads(response.read())
    if response.status != 201:
        raise RuntimeError(f"start refused: {response.status} {data}")
    return data


async def drive(args: argparse.Namespace, ports: list[int], workers: list[dict[str, Any]], kill: Any) -> Stats:
    from asgiref.sync import sync_to_async

    from baken.chat import services

    stats = Stats()
    begin = time.monotonic()
    cookies = {w["user"].pk: w["cookie"] for w in workers}
    accept = sync_to_async(services.conversation_accept_next, thread_sensitive=False)
    # Visitors waiting for a worker, by conversation id: the future gets the worker's cookie.
    waiting: dict[str, asyncio.Future[str]] = {}
    arrivals: asyncio.Queue[None] = asyncio.Queue()
    load = {w["user"].pk: 0 for w in workers}
    tasks: set[asyncio.Task[None]] = set()

    async def take(worker: dict[str, Any], room: asyncio.Semaphore) -> None:
        try:
            for _ in range(100):
                try:
                    taken = await accept(worker=worker["user"])
                except Exception as error:  # full after all, or a database hiccup: another worker
                    if not isinstance(error, services.ChatError):
                        print(f"accept-next failed: {error!r}", file=sys.stderr)
                    load[worker["user"].pk] = 10
                    worker = min(workers, key=lambda w: load[w["user"].pk])
                    continue
                if taken is not None:
                    load[taken.worker_id] += 1
                    # Accept-next takes the longest-waiting conversation, not necessarily the one
                    # that arrived last: hand it to whichever visitor that is.
                    # Its visitor may not have its answer to the start yet: whoever comes first makes the future.
                    future = waiting.setdefault(str(taken.public_id), asyncio.get_running_loop().create_future())
                    future.set_result(cookies[taken.worker_id])
                    return
                await asyncio.sleep(0.2)  # a concurrent accept took it; ours is still coming
        finally:
            room.release()

    async def consoles() -> None:
        """The workers' consoles: for each arriving visitor the least-loaded worker presses
        "take the next conversation" (at most three presses at once). Before, every waiting
        visitor polled accept-next for every worker every 0.2 s, which loaded the database
        and this client's event loop and inflated the latencies it measured."""
        room = asyncio.Semaphore(3)
        while True:
            await arrivals.get()
            await room.acquire()
            worker = min(workers, key=lambda w: load[w["user"].pk])
            task = asyncio.create_task(take(worker, room))
            tasks.add(task)
            task.add_done_callback(tasks.discard)

    async def visitor_flow(n: int) -> None:
        try:
            started = await asyncio.to_thread(start_conversation, ports[n % len(ports)])
        except (OSError, RuntimeError):  # that process is down: the load balancer tries the other
            started = await asyncio.to_thread(start_conversation, ports[(n + 1) % len(ports)])
        assigned = waiting.setdefault(started["id"], asyncio.get_running_loop().create_future())
        arrivals.put_nowait(None)
        cookie = await asyncio.wait_for(assigned, timeout=begin + args.seconds + args.ramp - time.monotonic())
        until = min(begin + args.seconds + args.ramp, time.monotonic() + args.seconds)
        await conversation(stats, ports, started, cookie, args.messages, until)

    dispatcher = asyncio.create_task(consoles())
    killer = asyncio.create_task(kill(begin))
    flows = []
    for n in range(args.visitors):
        flows.append(asyncio.create_task(visitor_flow(n)))
        await asyncio.sleep(args.ramp / max(1, args.visitors))
    await asyncio.gather(*flows, return_exceptions=True)
    dispatcher.cancel()
    await killer
    stats.killed_at = begin + args.kill_at
    return stats


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--visitors", type=int, default=300)
    parser.add_argument("--workers", type=int, default=30)
    parser.add_argument("--messages", type=int, default=4, help="lines per visitor; each gets an answer")
    parser.add_argument("--seconds", type=float, default=60, help="the longest one conversation may run")
    parser.add_argument("--ramp", type=float, default=30, help="seconds over which visitors arrive")
    parser.add_argument("--kill-at", type=float, default=30, help="seconds after start: SIGKILL the second process")
    parser.add_argument("--down", type=float, default=3, help="seconds before it is restarted")
    parser.add_argument("--ports", default="8114,8115")
    parser.add_argument("--database", default="postgresql://postgres@127.0.0.1:5432/i13_bench")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/5")
    args = parser.parse_args()
    ports = [int(p) for p in args.ports.split(",")]
    env = server_env(args, secrets.token_urlsafe(64), base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
    hard_deadline = time.monotonic() + HARD_LIMIT

    def too_long(*_: Any) -> None:
        raise SystemExit("hard time limit reached")

    signal.signal(signal.SIGALRM, too_long)
    signal.alarm(HARD_LIMIT)

    prepare(args, env)
    django_setup(env)
    workers = make_workers(args.workers)
    servers = {port: start_server(port, env) for port in ports}
    peak: dict[int, float] = defaultdict(float)
    server_cpu: list[float] = []  # CPU seconds of each server process that ended
    startup_cpu = 0.0
    client_cpu = time.process_time()
    try:
        for port in ports:
            wait_until_up(port, time.monotonic() + 60)
        startup_cpu = sum(cpu_seconds(process.pid) for process in servers.values()) / len(servers)

        async def sample_rss() -> None:
            while True:
                for port, process in servers.items():
                    peak[port] = max(peak[port], rss_mb(process.pid))
                await asyncio.sleep(0.5)

        async def kill(begin: float) -> None:
            await asyncio.sleep(max(0.0, begin + args.kill_at - time.monotonic()))
            victim = ports[-1]
            server_cpu.append(cpu_seconds(servers[victim].pid))
            servers[victim].send_signal(signal.SIGKILL)
            servers[victim].wait()
            print(f"killed the process on port {victim} at {args.kill_at:.0f} s", file=sys.stderr, flush=True)
            await asyncio.sleep(args.down)
            servers[victim] = start_server(victim, env)
            await asyncio.to_thread(wait_until_up, victim, time.monotonic() + 60)
            print(f"restarted it after {args.down:.0f} s", file=sys.stderr, flush=True)

        lags: list[float] = []

        async def sample_lag() -> None:
            # The client's own event-loop lag: a busy load generator inflates every latency it measures.
            while True:
                before = time.monotonic()
                await asyncio.sleep(0.05)
                lags.append(time.monotonic() - before - 0.05)

        async def run() -> Stats:
            samplers = [asyncio.create_task(sample_rss()), asyncio.create_task(sample_lag())]
            try:
                return await drive(args, ports, workers, kill)
            finally:
                for sampler in samplers:
                    sampler.cancel()

        stats = asyncio.run(run())
        client_cpu = time.process_time() - client_cpu
    finally:
        server_cpu.extend(cpu_seconds(process.pid) for process in servers.values())
        for process in servers.values():
            process.send_signal(signal.SIGTERM)
        for process in servers.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
    acknowledged = set(stats.sent)
    delivered = {text for text, n in stats.delivered.items() if n}
    latencies = sorted(seconds for _at, seconds in stats.latencies)
    # The same without messages sent while a process was down or its clients reconnecting
    # (from the kill to 10 s after), which wait for the reconnect by design.
    outage = (time.time() - (time.monotonic() - stats.killed_at), 10 + args.down)
    steady = sorted(
        seconds for at, seconds in stats.latencies if not outage[0] <= at - seconds <= outage[0] + outage[1]
    )
    result = {
        "visitors": args.visitors,
        "workers": args.workers,
        "messages": len(acknowledged),
        "delivered": len(delivered & acknowledged),
        "lost": len(acknowledged - delivered),
        "duplicates": sum(n - 1 for n in stats.delivered.values() if n > 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 1) if latencies else None,
        "peak_rss_mb": round(sum(peak.values()), 1),
    }
    if os.environ.get("BENCH_LATENCY_LOG"):  # for a closer look: seconds after the kill it was sent, latency
        with open(os.environ["BENCH_LATENCY_LOG"], "w") as log:
            for at, seconds in sorted(stats.latencies, key=lambda pair: pair[0] - pair[1]):
                log.write(f"{at - seconds - outage[0]:.3f} {seconds * 1000:.1f}\n")
    for text in sorted(acknowledged - delivered):
        side, _conversation, k, sent = text.split("|")
        print(f"lost: {side} line {k}, sent {float(sent) - outage[0]:+.1f} s after the kill", file=sys.stderr)
    if steady:
        print(
            f"outside the outage window: p50 {statistics.median(steady) * 1000:.1f} ms, "
            f"p99 {steady[int(len(steady) * 0.99) - 1] * 1000:.1f} ms ({len(steady)} messages)",
            file=sys.stderr,
        )
    if lags:
        lags.sort()
        print(
            f"client event-loop lag: p50 {statistics.median(lags) * 1000:.1f} ms, "
            f"p99 {lags[int(len(lags) * 0.99) - 1] * 1000:.1f} ms, max {lags[-1] * 1000:.1f} ms",
            file=sys.stderr,
        )
    print(
        f"CPU seconds: servers {sum(server_cpu):.1f} (of which starting {len(server_cpu)} processes "
        f"about {startup_cpu * len(server_cpu):.1f}), load generator {client_cpu:.1f}",
        file=sys.stderr,
    )
    print(
        f"reconnects: {stats.reconnects}; wall time {time.monotonic() - (hard_deadline - HARD_LIMIT):.0f} s",
        file=sys.stderr,
    )
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
