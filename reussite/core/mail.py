"""E-mail back end used when none is configured outside debug mode."""

from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.base import BaseEmailBackend

from .checks import EMAIL_BACKEND_MISSING


class UnconfiguredEmailBackend(BaseEmailBackend):
    """Refuses to send (and never prints) anything: the WSGI application and `check --deploy` refuse
    to start first, this only covers management commands run by hand."""

    def send_messages(self, email_messages):
        raise ImproperlyConfigured(EMAIL_BACKEND_MISSING)
