"""The suite's clock is fixed (tests/clock.py): a test depending on today cannot pass one day and fail
the next."""

import datetime

from django.utils import timezone

from tests.clock import FROZEN_AT


def test_every_test_starts_on_the_same_day():
    assert timezone.localdate() == FROZEN_AT.date()
    assert datetime.date.today() == FROZEN_AT.date()


def test_a_test_can_travel_further(time_machine):
    time_machine.move_to(datetime.datetime(2030, 1, 2, 9, 0, tzinfo=datetime.UTC))
    assert timezone.localdate() == datetime.date(2030, 1, 2)
