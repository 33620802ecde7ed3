from django.core.paginator import Paginator
from django.utils.functional import cached_property

DEFAULT_PAGE_SIZE = 50


class _CountedPaginator(Paginator):
    """Counts ``counted``: the same rows as the paginated queryset, without the joins only its columns
    need (a count of a network's thousands of children joined their households for nothing)."""

    def __init__(self, object_list, per_page, counted):
        super().__init__(object_list, per_page)
        self.counted = counted

    @cached_property
    def count(self):
        return self.counted.count()


def paginate(request, queryset, per_page: int = DEFAULT_PAGE_SIZE, counted=None):
    """Page of ``queryset`` from the ``page`` query parameter (invalid values give the first/last).

    ``counted``: a cheaper queryset holding exactly the same rows, to count them."""
    paginator = Paginator(queryset, per_page) if counted is None else _CountedPaginator(queryset, per_page, counted)
    return paginator.get_page(request.GET.get("page"))
