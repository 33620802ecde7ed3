from rest_framework import serializers, viewsets

from reussite.core.scoping import VIEW, scoped

from .api_filters import MAX_ID


def id_field(**kwargs) -> serializers.IntegerField:
    """An id sent in a request body: a whole number within the database's range (else a French 400
    naming the field, never an overflow error)."""
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only endpoint whose queryset always goes through the scoping rules (404 outside)."""

    scope_action = VIEW

    def get_queryset(self):
        return scoped(self.request.user, super().get_queryset(), self.scope_action)


class IdsFirstPageMixin:
    """A list whose page is chosen on its table's own rows first — the ids, filtered, sorted and
    sliced, without the joins of ``select_related`` — then read with its joins for those ids only.

    With a scope that ORs two indexed columns (a secretary's body, or the conventions they can see)
    and an ordering on the table, PostgreSQL cannot take the fifty first rows before the joins: it
    either joins every matching row before sorting, or sorts after a parallel scan of the whole table
    (the deliberations: 42 ms at national scale, against a millisecond for the ids). One query more
    per page, the same at every scale."""

    def paginate_queryset(self, queryset):
        ids = super().paginate_queryset(queryset.values_list("pk", flat=True))
        if ids is None:
            return None
        ids = list(ids)
        rows = queryset.order_by().in_bulk(ids)
        return [rows[pk] for pk in ids]
