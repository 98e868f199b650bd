"""The time of a revision: the one place where the clock enters a calendar.

`solve` never reads the clock. `publish` stamps what changed in a revision with the
time it was published, recorded in the database; SOURCE_DATE_EPOCH (or a time the
caller passes, as tests do) replaces the clock for reproducible runs.
"""

from __future__ import annotations

import datetime as dt
import os


def publish_time(given: dt.datetime | None = None) -> tuple[dt.datetime, str]:
    """(UTC time to the second, where it came from: "given", "SOURCE_DATE_EPOCH" or "clock")."""
    if given is not None:
        return given.astimezone(dt.UTC).replace(microsecond=0), "given"
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC), "SOURCE_DATE_EPOCH"
    return dt.datetime.now(dt.UTC).replace(microsecond=0), "clock"


def to_text(moment: dt.datetime) -> str:
    """UTC as stored in the database: `2026-03-01T08:00:00Z`."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def from_text(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
