from django.core.paginator import Paginator

DEFAULT_PAGE_SIZE = 50


def paginate(request, queryset, per_page: int = DEFAULT_PAGE_SIZE, count_queryset=None):
    """Page of ``queryset`` from the ``page`` query parameter (invalid values give the first/last).

    ``count_queryset``: the same rows, cheaper to count (``queryset`` without the aggregates that
    join another table to every row)."""
    paginator = Paginator(queryset, per_page)
    if count_queryset is not None:
        paginator.count = count_queryset.count()
    return paginator.get_page(request.GET.get("page"))
