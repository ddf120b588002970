"""Logging set-up shared by every long-running role (oracle, worker agent, sentry).

Standard ``logging`` lines with the structured ``extra=`` fields appended as
``key=value``, so ``log.info("leased", extra={"job": 3})`` stays greppable.
"""

from __future__ import annotations

import logging

_STD_ATTRS = set(vars(logging.makeLogRecord({})))


class ExtraFormatter(logging.Formatter):
    """Standard log lines with the structured ``extra=`` fields appended as key=value."""

    def format(self, record: logging.LogRecord) -> str:
        base = super().format(record)
        extras = {k: v for k, v in vars(record).items() if k not in _STD_ATTRS and k not in ("message", "asctime")}
        return base + ("  " + " ".join(f"{k}={v}" for k, v in extras.items()) if extras else "")


def setup_logging(level: str) -> None:
    """Root logging at ``level`` (debug, info, warning, error) through one ``ExtraFormatter`` handler."""
    handler = logging.StreamHandler()
    handler.setFormatter(ExtraFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level.upper(), handlers=[handler], force=True)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # one line per periodic tick is noise
