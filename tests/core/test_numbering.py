"""The one gapless counter: per series, owner and year; only inside a transaction; carried over."""

import pytest
from django.db import transaction

from reussite.core.numbering import last_number, next_number, raise_to, release_last

pytestmark = pytest.mark.django_db


def test_series_owners_and_years_are_numbered_apart():
    with transaction.atomic():
        assert [next_number("a", 1, 2025) for _ in range(3)] == [1, 2, 3]
        assert next_number("a", 2, 2025) == 1
        assert next_number("a", 1, 2026) == 1
        assert next_number("b", 1, 2025) == 1
    assert last_number("a", 1, 2025) == 3
    assert last_number("c", 1, 2025) == 0


def test_a_rolled_back_number_is_given_again():
    with transaction.atomic():
        next_number("a", 1, 2025)
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        next_number("a", 1, 2025)
        1 / 0  # noqa: B018 - the issuing transaction fails after taking its number
    with transaction.atomic():
        assert next_number("a", 1, 2025) == 2


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_it_refuses():
    with pytest.raises(RuntimeError):
        next_number("a", 1, 2025)


def test_numbers_given_outside_the_counter_raise_it_and_only_the_last_number_is_released():
    with transaction.atomic():
        raise_to("a", 1, 2011, 45)  # a past register's printed number
        raise_to("a", 1, 2011, 12)  # a lower one does not lower the counter
        assert next_number("a", 1, 2011) == 46
        assert not release_last("a", 1, 2011, 45)  # not the last one: stays given
        assert release_last("a", 1, 2011, 46)
        assert next_number("a", 1, 2011) == 46  # given again: no gap
        assert not release_last("b", 1, 2011, 1)
