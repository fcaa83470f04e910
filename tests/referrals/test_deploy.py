"""Production settings: `check --deploy` passes with the documented environment
(docs/deploy.md), and the production profile refuses to start without a real secret key or
field-encryption key. Each case runs manage.py in a fresh process with only these variables."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")
DEV_FIELD_KEY = "ZGV2LW9ubHktZmllbGQta2V5LWJha2VuLTAwMDAwMDA="


def production_env(**changes: str | None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("BAKEN_", "DJANGO_", "DATABASE_URL"))}
    env.update(
        {
            "BAKEN_ENV": "production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "BAKEN_FIELD_KEYS": f"{Fernet.generate_key().decode()},{Fernet.generate_key().decode()}",
            "DJANGO_ALLOWED_HOSTS": "baken.example.nl",
            "BAKEN_SITE_URL": "https://baken.example.nl",
        }
    )
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, MANAGE, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_check_deploy_passes_with_production_settings() -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"DJANGO_SECRET_KEY": None}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": "too-short"}, "DJANGO_SECRET_KEY"),
        ({"BAKEN_FIELD_KEYS": None}, "BAKEN_FIELD_KEYS"),
        ({"BAKEN_FIELD_KEYS": DEV_FIELD_KEY}, "BAKEN_FIELD_KEYS"),
        ({"BAKEN_FIELD_KEYS": "not-a-fernet-key"}, "BAKEN_FIELD_KEYS"),
    ],
    ids=["no secret key", "short secret key", "no field key", "development field key", "malformed field key"],
)
def test_production_refuses_to_start_without_real_keys(changes: dict[str, str | None], message: str) -> None:
    result = manage("check", env=production_env(**changes))
    assert result.returncode != 0
    assert message in result.stderr


def test_development_keeps_working_without_keys() -> None:
    env = production_env(BAKEN_ENV=None, DJANGO_SECRET_KEY=None, BAKEN_FIELD_KEYS=None)
    assert manage("check", env=env).returncode == 0
