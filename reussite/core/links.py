"""Links of a table's rows, with one ``reverse()`` per table rather than one per row."""

from collections.abc import Callable

from django.urls import reverse

# A pk no row has: ``detail_url`` reverses a URL once and puts each row's pk in its place.
_PK_MARK = str(2**62 + 12345)


def detail_url(name: str, build: Callable[[str], str] | None = None) -> Callable[[int], str]:
    """``pk -> reverse(name, args=[pk])`` for the rows of a table (the pattern reversed once);
    ``build`` turns the reversed pattern into the final one, once (``request.build_absolute_uri``)."""
    pattern = reverse(name, args=[_PK_MARK])
    if build is not None:
        pattern = build(pattern)
    return lambda pk: pattern.replace(_PK_MARK, str(pk))
