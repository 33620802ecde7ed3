import gc
import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reussite.settings")
application = get_wsgi_application()

from reussite.core import collector  # noqa: E402 - needs the settings configured above
from reussite.core.checks import email_backend_errors  # noqa: E402 - needs the settings configured above

# Refuse to serve rather than print password-reset links to the process log.
if errors := email_backend_errors():
    raise ImproperlyConfigured(errors[0].msg)

# The objects loaded once and kept for the life of the process (the apps, models and URL patterns:
# about 170 000) go out of the garbage collector's sight. Otherwise each full collection walks them
# all, and a request that allocates much (an export of thousands of rows) paid ~120 ms of it at
# random: that was its slowest twentieth (python -m bench, docs/benchmarks.md).
get_resolver().url_patterns  # noqa: B018 - loads the URL patterns now, to be frozen with the rest
gc.freeze()
# The objects loaded later (templates, translations, caches: tens of thousands) are still walked by each full
# collection: that now runs after a response is sent, not inside the request (reussite.core.collector).
collector.collect_after_responses()
