"""Tests that compare the data with the source documents skip when `../shared` is not beside
the clone (a newcomer's checkout). On CI it is always there, so its absence must fail rather
than let those tests skip unnoticed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings

SHARED = Path(settings.BASE_DIR).parent / "shared"


def test_source_documents_are_beside_the_clone_on_ci() -> None:
    present = (SHARED / "seeds").is_dir() and (SHARED / "hsds" / "schema").is_dir()
    if not os.environ.get("CI"):
        if not present:
            pytest.skip(f"{SHARED} not found: seed and HSDS schema checks are skipped on this checkout")
        return
    assert present, f"CI needs the source documents at {SHARED}"
