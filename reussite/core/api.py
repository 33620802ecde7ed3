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
