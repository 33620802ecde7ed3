"""``/api/v1/``: every app with an ``api`` module exposing ``register_routes(router)`` adds its endpoints."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from reussite.accounts.api import me

router = DefaultRouter()
for config in apps.get_app_configs():
    module_name = f"{config.name}.api"
    if config.name.startswith("reussite.") and find_spec(module_name) is not None:
        module = import_module(module_name)
        if hasattr(module, "register_routes"):
            module.register_routes(router)

app_name = "api"
urlpatterns = [
    path("me/", me, name="me"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's init script from ?script (same origin): the CSP forbids inline scripts.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]
