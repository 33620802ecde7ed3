"""The ``figure`` filter's shortcut for counts writes what ``format_decimal`` writes."""

from decimal import Decimal

from reussite.core.formatting import format_decimal
from reussite.reporting.templatetags.reporting import figure


def test_counts_are_written_as_format_decimal_writes_them():
    values = [0, 1, -1, 999, 1000, -1000, 12345, 1234567, -987654321012, 10**17 + 3, -(10**17), 10**18, -(10**20)]
    for value in values:
        assert figure(value) == format_decimal(value)
    assert figure(1234567) == "1\u202f234\u202f567"
    assert figure(Decimal("1234.5")) == format_decimal(Decimal("1234.5"), 2)
