from django.core.paginator import Paginator

DEFAULT_PAGE_SIZE = 50


def paginate(request, queryset, per_page: int = DEFAULT_PAGE_SIZE):
    """Page of ``queryset`` from the ``page`` query parameter (invalid values give the first/last)."""
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))
