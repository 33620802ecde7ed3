"""The French « Page introuvable » page even while DEBUG is on (the demo runs with DEBUG)."""

from django.conf import settings
from django.shortcuts import render


class FrenchNotFoundMiddleware:
    """With DEBUG, Django answers a 404 with its English technical page, listing the URL patterns.
    Users of the demo see the same French page as in production; the API keeps its JSON answers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and response.get("Content-Type", "").startswith("text/html")
            and not request.path.startswith("/api/")
        ):
            return render(request, "404.html", status=404)
        return response
