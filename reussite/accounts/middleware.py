"""Sign-out after inactivity without rewriting the session on every request."""

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

REFRESHED_AT = "_reussite_refreshed_at"


class SessionIdleRefreshMiddleware:
    """Push a signed-in session's expiry back (by saving it) at most once per ``SESSION_REFRESH_SECONDS``.

    Saving a session sets its expiry to now + ``SESSION_COOKIE_AGE``; saving it on every request
    (``SESSION_SAVE_EVERY_REQUEST``) costs a write per page. Refreshed once a minute, a session
    still ends after ``SESSION_COOKIE_AGE`` of inactivity, to within that minute (never later).
    Placed right after SessionMiddleware, so that the session is saved by it on the way out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.modified or not session.session_key or session.is_empty():
            return response
        now = int(time.time())
        if now - session.get(REFRESHED_AT, 0) >= settings.SESSION_REFRESH_SECONDS:
            session[REFRESHED_AT] = now  # marks the session modified: SessionMiddleware saves it
        return response


@receiver(user_logged_in, dispatch_uid="reussite_session_refreshed_at_login")
def _refreshed_at_login(sender, request, user, **kwargs):
    """Signing in saves the session anyway: count it as the first refresh."""
    session = getattr(request, "session", None)
    if session is not None:
        session[REFRESHED_AT] = int(time.time())
