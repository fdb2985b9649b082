"""The one clock: ``SOURCE_DATE_EPOCH`` when it is set (reproducible builds), else the system clock.

Pages and feeds never read it; it only decides what is 'future' in a build and when
a seed that git does not date arrived.
"""
from __future__ import annotations

import datetime as dt
import os


def now() -> dt.datetime:
    """The current time in UTC, to the second: ``SOURCE_DATE_EPOCH`` when set, else the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
