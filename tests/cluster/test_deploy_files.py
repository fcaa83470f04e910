"""The files in deploy/ stay true: nginx accepts the configuration as shipped, every unit runs
a command that exists, and every variable a unit reads is set in the example environment."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands

DEPLOY = Path(settings.BASE_DIR) / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))


def _env_files(unit: str) -> set[str]:
    names = set(re.findall(r"^EnvironmentFile=/etc/baken/(\S+)$", unit, re.M))
    defined: set[str] = set()
    for name in names:
        example = DEPLOY / "env" / f"{name}.example"
        assert example.exists(), f"no example for {name}"
        defined |= set(re.findall(r"^([A-Z_]+)=", example.read_text(), re.M))
    return defined


@pytest.mark.parametrize("path", UNITS, ids=lambda p: p.name)
def test_each_unit_runs_an_existing_command_with_its_variables_set(path: Path) -> None:
    unit = path.read_text()
    command = re.search(r"^ExecStart=(.*?)(?<!\\)$", unit, re.M | re.S)
    assert command, "no ExecStart"
    line = command.group(1)
    if "manage.py" in line:
        name = line.split("manage.py", 1)[1].split()[0]
        assert name in get_commands(), f"{path.name} runs unknown command {name}"
    else:
        assert "uvicorn config.asgi:application" in line
        assert (Path(settings.BASE_DIR) / "config" / "asgi.py").exists()
    used = set(re.findall(r"\$\{([A-Z_]+)\}", line))
    assert used <= _env_files(unit), f"{path.name} reads unset {used - _env_files(unit)}"


def test_every_timer_starts_a_service_that_exists() -> None:
    for timer in (DEPLOY / "systemd").glob("*.timer"):
        assert (timer.with_suffix(".service")).exists(), timer.name


@pytest.mark.skipif(not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()), reason="nginx is not installed")
def test_nginx_accepts_the_shipped_configuration(tmp_path: Path) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "baken.example.nl")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    (tmp_path / "fullchain.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "privkey.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    shutil.copy(DEPLOY / "nginx" / "baken-locations.conf", tmp_path / "baken-locations.conf")
    site = (DEPLOY / "nginx" / "baken.conf").read_text()
    # Only paths and ports change: the directives are tested as shipped.
    site = site.replace("/etc/ssl/baken", str(tmp_path)).replace("/var/log/nginx", str(tmp_path))
    site = site.replace("/etc/nginx/snippets", str(tmp_path))
    site = re.sub(r"listen \[::\]:\d+[^;]*;", "", site)
    site = site.replace("listen 80;", "listen 127.0.0.1:65080;").replace("listen 443 ", "listen 127.0.0.1:65443 ")
    (tmp_path / "baken.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{ include /etc/nginx/mime.types; include {tmp_path}/baken.conf; }}\n"
    )
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    result = subprocess.run(
        [nginx, "-t", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
