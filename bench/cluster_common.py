"""A Baken cluster on loopback for the drills and the cluster benchmarks: its own PostgreSQL
cluster (initdb into a temporary directory, on its own port), its own redis-server, app nodes
(uvicorn, as deploy/systemd/baken-app@.service runs them), task workers (db_worker, restarted
when they exit as systemd's Restart=always does) and nginx with deploy/nginx/baken-locations.conf.

It never touches the machine's shared PostgreSQL or Redis, binds only 127.0.0.1, and stops
everything it started (by process group) when the `with` block ends.
"""

from __future__ import annotations

import glob
import http.client
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
STAFF_PASSWORD = "drill drill drill drill"  # noqa: S105 - a throw-away cluster


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def port_free(port: int) -> bool:
    with socket.socket() as sock:
        # As the servers do: a port left in TIME_WAIT by an earlier run is free.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def wait_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


def http_ok(port: int, path: str = "/healthz", timeout: float = 2) -> bool:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        connection.request("GET", path)
        ok = connection.getresponse().status == 200
        connection.close()
        return ok
    except (OSError, http.client.HTTPException):
        return False


def ensure_nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if found:
        return found
    if os.geteuid() != 0:
        raise SystemExit("nginx is missing: sudo apt-get install -y nginx")
    log("installing nginx from Debian's packages")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "install", "-y", "-qq", "nginx"], env=env, check=False, capture_output=True)
    if not shutil.which("nginx"):
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=True, capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "nginx"], env=env, check=True, capture_output=True)
    return shutil.which("nginx") or "/usr/sbin/nginx"


def _as_postgres(command: list[str]) -> list[str]:
    # initdb refuses to run as root.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class OwnPostgres:
    def __init__(self, port: int, workdir: Path) -> None:
        versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
        if not versions:
            raise SystemExit("PostgreSQL server binaries are missing (/usr/lib/postgresql/*/bin)")
        self.bin = Path(versions[-1]).parent
        self.port = port
        self.dir = workdir / "pg"
        self.dir.mkdir()
        if os.geteuid() == 0:
            shutil.chown(workdir, "postgres")
            shutil.chown(self.dir, "postgres")
        self.url = f"postgresql://postgres@127.0.0.1:{port}/baken"

    def init(self) -> None:
        data = self.dir / "data"
        subprocess.run(
            _as_postgres(
                [str(self.bin / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]
            ),
            check=True,
            capture_output=True,
        )
        self.start()
        subprocess.run(
            [str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "baken"],
            check=True,
            capture_output=True,
        )

    def _ctl(self, *args: str) -> subprocess.CompletedProcess[str]:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=200"
        command = [str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-l", str(self.dir / "log"), "-w"]
        return subprocess.run(
            _as_postgres([*command, "-o", options, *args]), check=False, capture_output=True, text=True
        )

    def start(self) -> None:
        result = self._ctl("start")
        if result.returncode != 0:
            raise RuntimeError(f"PostgreSQL did not start: {result.stderr}")

    def restart(self) -> float:
        started = time.monotonic()
        result = self._ctl("-m", "fast", "restart")
        if result.returncode != 0:
            raise RuntimeError(f"PostgreSQL did not restart: {result.stderr}")
        return time.monotonic() - started

    def stop(self) -> None:
        self._ctl("-m", "immediate", "stop")


class OwnRedis:
    def __init__(self, port: int, workdir: Path) -> None:
        self.port = port
        self.dir = workdir / "redis"
        self.dir.mkdir()
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        command += ["--dir", str(self.dir), "--daemonize", "no", "--loglevel", "warning"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, start_new_session=True)
        wait_port(self.port)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def restart(self) -> float:
        started = time.monotonic()
        self.stop()
        self.start()
        return time.monotonic() - started


def _stop_group(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM, timeout: float = 15) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@dataclass
class AppNode:
    name: str
    port: int
    env: dict[str, str]
    process: subprocess.Popen[bytes] | None = None

    def start(self, wait: bool = True) -> None:
        command = [PYTHON, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1", "--port", str(self.port)]
        command += ["--workers", "1", "--no-proxy-headers", "--no-access-log", "--lifespan", "off"]
        command += ["--log-level", "warning", "--timeout-graceful-shutdown", "10"]
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, start_new_session=True, **quiet)
        if wait:
            self.wait_ready()

    def wait_ready(self, timeout: float = 60) -> float:
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if http_ok(self.port):
                return time.monotonic() - started
            time.sleep(0.1)
        raise RuntimeError(f"{self.name} did not answer /healthz")

    def kill(self) -> None:
        assert self.process is not None
        _stop_group(self.process, signal.SIGKILL)

    def stop(self) -> None:
        if self.process:
            _stop_group(self.process)


@dataclass
class Worker:
    """A db_worker that comes back after it exits, like a systemd unit with Restart=always."""

    name: str
    env: dict[str, str]
    restart_delay: float = 1.0
    process: subprocess.Popen[bytes] | None = None
    generation: int = 0
    worker_id: str = ""
    exits: int = 0
    stopping: bool = False
    _thread: threading.Thread | None = field(default=None, repr=False)

    def _spawn(self) -> None:
        self.generation += 1
        self.worker_id = f"{self.name}-{self.generation}-{secrets.token_hex(3)}"
        command = [PYTHON, "manage.py", "db_worker", "--interval", "0.5", "--no-reload", "--no-startup-delay"]
        command += ["--worker-id", self.worker_id, "-v", "0"]
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, start_new_session=True, **quiet)

    def start(self) -> None:
        self._spawn()
        self._thread = threading.Thread(target=self._supervise, daemon=True)
        self._thread.start()

    def _supervise(self) -> None:
        while not self.stopping:
            if self.process is not None and self.process.poll() is not None:
                self.exits += 1
                time.sleep(self.restart_delay)
                if not self.stopping:
                    self._spawn()
            time.sleep(0.1)

    def kill(self) -> None:
        assert self.process is not None
        _stop_group(self.process, signal.SIGKILL)

    def stop(self) -> None:
        self.stopping = True
        if self.process:
            _stop_group(self.process, signal.SIGTERM, timeout=20)


NGINX_CONF = """
user root;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
daemon off;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    access_log off;
    sendfile on;
    keepalive_timeout 15s;
    map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
    upstream baken_app {{
        least_conn;
{servers}
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        set $baken_static {static};
        include {locations};
    }}
}}
"""


class Nginx:
    def __init__(self, port: int, node_ports: list[int], workdir: Path) -> None:
        self.binary = ensure_nginx()
        self.port = port
        self.dir = workdir / "nginx"
        self.dir.mkdir()
        servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in node_ports)
        self.conf = self.dir / "nginx.conf"
        self.conf.write_text(
            NGINX_CONF.format(
                dir=self.dir,
                servers=servers,
                port=port,
                static=ROOT / "var" / "static",
                locations=ROOT / "deploy" / "nginx" / "baken-locations.conf",
            )
        )
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        check = subprocess.run([self.binary, "-t", "-c", str(self.conf), "-p", str(self.dir)], capture_output=True)
        if check.returncode != 0:
            raise RuntimeError(f"nginx -t failed: {check.stderr.decode()}")
        self.process = subprocess.Popen(
            [self.binary, "-c", str(self.conf), "-p", str(self.dir)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_port(self.port)

    def stop(self) -> None:
        if self.process:
            _stop_group(self.process, signal.SIGQUIT)


class Cluster:
    """`with Cluster(base_port) as c:` PostgreSQL, Redis, two nodes, two workers, nginx."""

    def __init__(self, base_port: int, *, nodes: int = 2, workers: int = 2, extra_env: dict[str, str] | None = None):
        from cryptography.fernet import Fernet

        self.workdir = Path(tempfile.mkdtemp(prefix="baken-cluster-"))
        self.nginx_port = base_port
        self.node_ports = [base_port + 1 + i for i in range(nodes)]
        self.pg = OwnPostgres(base_port + 1 + nodes, self.workdir)
        self.redis = OwnRedis(base_port + 2 + nodes, self.workdir)
        for port in [base_port, *self.node_ports, self.pg.port, self.redis.port]:
            if not port_free(port):
                raise SystemExit(f"port {port} is in use")
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "BAKEN_ENV": "production",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
            "BAKEN_FIELD_KEYS": Fernet.generate_key().decode(),
            "DJANGO_SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": self.pg.url,
            "DATABASE_CONN_MAX_AGE": "0",
            "BAKEN_CACHE_BACKEND": "django.core.cache.backends.redis.RedisCache",
            "BAKEN_CACHE_LOCATION": f"redis://127.0.0.1:{self.redis.port}/0",
            "BAKEN_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "BAKEN_TRUSTED_PROXY_COUNT": "1",
            "BAKEN_ACCESS_ATTEMPTS": "1000000",
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "BAKEN_LOG_LEVEL": "ERROR",
            "BAKEN_SITE_URL": f"http://127.0.0.1:{base_port}",
            **(extra_env or {}),
        }
        self.nodes = [AppNode(f"node{i + 1}", port, self.env) for i, port in enumerate(self.node_ports)]
        self.workers = [Worker(f"worker{i + 1}", self.env) for i in range(workers)]
        self.nginx = Nginx(base_port, self.node_ports, self.workdir)

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, check=True, capture_output=True, text=True
        )
        return result.stdout

    def prepare(self) -> None:
        log(f"own PostgreSQL ({self.pg.bin.parent.name}) on :{self.pg.port}, own Redis on :{self.redis.port}")
        self.pg.init()
        self.redis.start()
        self.manage("migrate", "--noinput", "-v", "0")
        self.manage("load_directory")
        self.manage("collectstatic", "--noinput", "-v", "0")
        staff = (
            "from django.contrib.auth.models import Group\n"
            "from baken.accounts.models import User\n"
            "from baken.directory.models import Organisation, OrganisationMember\n"
            f"u = User.objects.create_user('drill', password={STAFF_PASSWORD!r})\n"
            "u.groups.add(Group.objects.get(name='organisation staff'))\n"
            "csg = Organisation.objects.get(slug='centrum-seksueel-geweld')\n"
            "OrganisationMember.objects.create(user=u, organisation=csg)\n"
        )
        self.manage("shell", "-c", staff)

    def __enter__(self) -> Cluster:
        try:
            self.prepare()
            for node in self.nodes:
                node.start(wait=False)
            for node in self.nodes:
                node.wait_ready()
            for worker in self.workers:
                worker.start()
            self.nginx.start()
            log(f"nginx :{self.nginx_port} -> nodes {self.node_ports}; {len(self.workers)} task workers")
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.nginx.stop()
        for worker in self.workers:
            worker.stop()
        for node in self.nodes:
            node.stop()
        self.redis.stop()
        self.pg.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)
