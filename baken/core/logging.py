"""Structured log lines on stdout: one JSON object a line, never personal data.

Callers pass only codes and identifiers through `extra={"event": ..., ...}`; the story,
messages and contact details never reach a logger.
"""

from __future__ import annotations

import json
import logging

_STANDARD = set(vars(logging.makeLogRecord({})).keys()) | {"message", "asctime"}


class StructuredFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, object] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                payload[key] = value
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        return json.dumps(payload, default=str)


class WithoutConnectionLines(logging.Filter):
    """Drops the ASGI server's line per WebSocket ("<address> - "WebSocket <path>" [accepted]",
    "connection open", "connection closed"): like the access log we switch off, they carry the
    client's address and the path with its query (a worker's socket path holds the
    conversation's id), and a process that takes over a dead one's sockets wrote hundreds of
    them in the second it most needed its time (docs/benchmarks.md)."""

    SKIPPED = ("connection open", "connection closed")

    def filter(self, record: logging.LogRecord) -> bool:
        record.__dict__.pop("color_message", None)  # uvicorn's copy with terminal colours
        message = record.msg if isinstance(record.msg, str) else ""
        return not (message in self.SKIPPED or message.startswith('%s - "WebSocket '))
