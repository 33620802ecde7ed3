"""Deny by default: every page needs a signed-in user unless its view is marked ``login_not_required``."""

from django.contrib.auth.middleware import LoginRequiredMiddleware
from rest_framework.views import APIView


class ReussiteLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Django's LoginRequiredMiddleware, except for the API: DRF answers for itself (401/403 JSON
    through its authentication and ``IsAuthenticated`` default permission), a redirect to the
    sign-in page would make no sense to an API client."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        view_class = getattr(view_func, "cls", None)
        if isinstance(view_class, type) and issubclass(view_class, APIView):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
