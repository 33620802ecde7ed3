"""URLconf of the API tests: /api/v1/ with the exchange routes wired before the funding ones, as the
lead is asked to wire them (reussite/funding/exchange_api.py), then the project's URLs."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from reussite.funding import api as funding_api
from reussite.funding import exchange_api

router = DefaultRouter()
exchange_api.register_routes(router)
funding_api.register_routes(router)

urlpatterns = [
    path("api/v1/", include(router.urls)),
    path("", include("reussite.urls")),
]
