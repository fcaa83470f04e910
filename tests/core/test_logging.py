"""What reaches the logs from the ASGI server: its start, stop and errors, never its line per
WebSocket, which carries the client's address and the path with its query (a worker's socket
path holds the conversation's id)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from baken.core.logging import StructuredFormatter


class Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def uvicorn_lines() -> Iterator[Kept]:
    # The logger as the settings configure it (its level and filter), with a handler that keeps.
    logger = logging.getLogger("uvicorn.error")
    kept = Kept()
    logger.addHandler(kept)
    yield kept
    logger.removeHandler(kept)


def test_the_servers_line_per_websocket_stays_out_of_the_logs(uvicorn_lines: Kept) -> None:
    logger = logging.getLogger("uvicorn.error")
    # The calls uvicorn and websockets make, word for word.
    path = "/ws/chat/work/0b8e4a2c-6a57-4c52-9d0e-3c1b2a9f8e11/?after=12&lang=nl"
    logger.info('%s - "WebSocket %s" [accepted]', "203.0.113.7:50412", path)
    logger.info('%s - "WebSocket %s" 403', "203.0.113.7:50412", path)
    logger.info('%s - "WebSocket %s" %d', "203.0.113.7:50412", path, 404)
    logger.info("connection open")
    logger.info("connection closed")
    assert uvicorn_lines.records == []


def test_the_servers_start_and_errors_are_still_logged_plainly(uvicorn_lines: Kept) -> None:
    logger = logging.getLogger("uvicorn.error")
    logger.info(
        "Uvicorn running on %s://%s:%d (Press CTRL+C to quit)",
        "http",
        "127.0.0.1",
        8000,
        extra={"color_message": "Uvicorn running on \x1b[1m%s://%s:%d\x1b[0m (Press CTRL+C to quit)"},
    )
    logger.error("Exception in ASGI application")
    assert [r.getMessage() for r in uvicorn_lines.records] == [
        "Uvicorn running on http://127.0.0.1:8000 (Press CTRL+C to quit)",
        "Exception in ASGI application",
    ]
    line = json.loads(StructuredFormatter().format(uvicorn_lines.records[0]))
    assert line["logger"] == "uvicorn.error" and "color_message" not in line
