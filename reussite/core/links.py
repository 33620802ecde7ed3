"""Links of a table's rows, with one ``reverse()`` per table rather than one per row."""

from django.urls import reverse

# A pk no row has: ``detail_url`` reverses a URL once and puts each row's pk in its place.
_PK_MARK = str(2**62 + 12345)


def detail_url(name: str):
    """``pk -> reverse(name, args=[pk])`` for the rows of a table (the pattern reversed once)."""
    pattern = reverse(name, args=[_PK_MARK])
    return lambda pk: pattern.replace(_PK_MARK, str(pk))
