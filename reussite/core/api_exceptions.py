"""Exception handler of the API (kept apart from api.py: DRF imports it while loading its settings)."""

from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """DRF's handler, with one French answer for every "not found": Django's Http404 carries an English
    message naming the model (« No Organisation matches the given query. »)."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)
