import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reussite.settings")
application = get_wsgi_application()

from reussite.core.checks import email_backend_errors  # noqa: E402 - needs the settings configured above

# Refuse to serve rather than print password-reset links to the process log.
if errors := email_backend_errors():
    raise ImproperlyConfigured(errors[0].msg)
