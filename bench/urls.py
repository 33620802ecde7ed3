"""The app's URLs plus a bare view, served through the same middleware (sessions, authentication...)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from reussite.urls import urlpatterns as app_urlpatterns


@login_required
def bare(request):
    """Signed in, no query of its own: what every page costs before doing its own work."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("_bench/bare/", bare, name="bench_bare"), *app_urlpatterns]
