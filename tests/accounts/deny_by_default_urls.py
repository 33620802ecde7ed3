"""URLs of tests/accounts/test_deny_by_default.py: views that forgot (or chose) their protection."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import include, path
from rest_framework.decorators import api_view
from rest_framework.response import Response


def forgotten(request):
    """A page whose author forgot @login_required."""
    return HttpResponse("données confidentielles")


@login_not_required
def public(request):
    return HttpResponse("page publique")


@api_view(["GET"])
def api_endpoint(request):
    return Response({"secret": "données confidentielles"})


urlpatterns = [
    path("comptes/", include("reussite.accounts.urls")),
    path("oubli/", forgotten),
    path("publique/", public),
    path("api/", api_endpoint),
]
