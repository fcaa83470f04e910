"""Schemathesis over the generated OpenAPI document: every operation (POST included), valid
and invalid examples, through the WSGI app (no server; SQLite and PostgreSQL alike). A server
error, an answer outside the document, a schema-valid request refused or a schema-invalid one
accepted fails the test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

# Bounded so the whole run stays well under two minutes on two cores; raise it for a deeper
# search (`BAKEN_CONFORMANCE_EXAMPLES=200 pytest tests/api`).
MAX_EXAMPLES = int(os.environ.get("BAKEN_CONFORMANCE_EXAMPLES", "15"))

# Loaded through the app itself, as a client would (building the document needs no database).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())

# Whether these bodies are accepted depends on more than their shape: the organisation must
# exist and take stories through Baken, a phone channel needs a phone number, a referrer must
# name the side, a chat queue must exist and take conversations now (else 400 or 409 with what
# is open); the document says so in words and the answer is a 4xx naming the field.
DATA_DEPENDENT = {
    ("POST", "/api/v1/referrals"),
    ("POST", "/api/v1/mediation/registrations"),
    ("POST", "/api/v1/conversations"),
}


@pytest.fixture
def keep_test_connection() -> Iterator[None]:
    """The app is called as plain WSGI, which closes the database connection after each request;
    inside a test that would close the test's transaction (Django's test client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("keep_test_connection")
@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_operation_conforms(case: Any, directory: None) -> None:
    cache.clear()  # the passphrase-guessing limit would otherwise turn later examples into 429s
    excluded = [positive_data_acceptance] if (case.method, case.path) in DATA_DEPENDENT else []
    case.call_and_validate(excluded_checks=excluded)
