"""Schemathesis over the generated OpenAPI document: every operation (POST included), valid
and invalid examples, through the WSGI app (no server; SQLite and PostgreSQL alike). A server
error, an answer outside the document, a schema-valid request refused or a schema-invalid one
accepted fails the test."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

# Loaded through the app itself, as a client would (building the document needs no database).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())

# Whether these bodies are accepted depends on more than their shape: the organisation must
# exist and take stories through Baken, a phone channel needs a phone number, a referrer must
# name the side; the document says so in words and the answer is a 400 naming the field.
DATA_DEPENDENT = {("POST", "/api/v1/referrals"), ("POST", "/api/v1/mediation/registrations")}


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_operation_conforms(case: Any, directory: None) -> None:
    cache.clear()  # the passphrase-guessing limit would otherwise turn later examples into 429s
    excluded = [positive_data_acceptance] if (case.method, case.path) in DATA_DEPENDENT else []
    case.call_and_validate(excluded_checks=excluded)
