"""Every test starts at the same instant (time-machine), so what depends on "today" (carriers valid
today, overdue calls, the current year's bounds) gives the same result whatever day the suite runs.

Loaded for the whole suite by ``-p tests.clock`` (pyproject.toml). The clock ticks from there, so
durations (sessions, timeouts) behave; a test that needs another day travels itself with the
``time_machine`` fixture.
"""

import datetime

import pytest
import time_machine

FROZEN_AT = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _same_day_for_every_test():
    with time_machine.travel(FROZEN_AT, tick=True):
        yield
