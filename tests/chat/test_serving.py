"""What serves the chat: the real daphne backs Channels' test helpers (no stub), but it is a
test tool only: it is no Django app, so `runserver` is not replaced and `make run` serves
with uvicorn."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from django.conf import settings


def test_channels_testing_uses_the_real_daphne() -> None:
    from channels.testing import ChannelsLiveServerTestCase  # imports daphne.testing
    from daphne.testing import DaphneProcess

    assert issubclass(DaphneProcess, multiprocessing.Process)
    assert ChannelsLiveServerTestCase is not None


def test_daphne_is_no_app_and_make_run_serves_with_uvicorn() -> None:
    assert "daphne" not in settings.INSTALLED_APPS
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "uvicorn config.asgi:application" in run and "daphne" not in run
