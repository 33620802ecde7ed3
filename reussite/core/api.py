from rest_framework import viewsets

from reussite.core.scoping import VIEW, scoped


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only endpoint whose queryset always goes through the scoping rules (404 outside)."""

    scope_action = VIEW

    def get_queryset(self):
        return scoped(self.request.user, super().get_queryset(), self.scope_action)
