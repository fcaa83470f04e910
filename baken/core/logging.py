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
