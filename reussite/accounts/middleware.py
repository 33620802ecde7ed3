"""Deny by default (every page needs a signed-in user unless its view is marked ``login_not_required``,
and the second factor where it applies); sign-out after inactivity without rewriting the session on
every request."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from rest_framework.views import APIView

from . import second_factor

REFRESHED_AT = "_reussite_refreshed_at"

# What a session that still owes its second factor may reach.
OPEN_VIEWS = {
    "accounts:logout",
    "accounts:second_factor_verify",
    "accounts:second_factor_recovery",
    "accounts:second_factor_enrol",
    # Documentation of the API (signed-in users), readable before the second factor.
    "api:schema",
    "api:docs",
}


class SecondFactorMiddleware:
    """Sessions that must pass the second factor reach nothing else until they do.

    Pages redirect to the verification (or, without a device yet, to the enrolment) and come back
    afterwards; the API answers 403 in JSON. Installed after django-otp's ``OTPMiddleware``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_VIEWS:
            return None
        if not second_factor.must_verify(request):
            return None
        view_class = getattr(view_func, "cls", None)
        if isinstance(view_class, type) and issubclass(view_class, APIView):
            return JsonResponse(
                {"detail": "Second facteur requis : validez votre connexion dans l'application web."}, status=403
            )
        target = (
            "accounts:second_factor_verify"
            if second_factor.has_authenticator(request.user)
            else "accounts:second_factor_enrol"
        )
        url = f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}"
        if getattr(request, "htmx", False):
            # A fragment request: make htmx load the whole page instead of swapping it in.
            return HttpResponse(status=204, headers={"HX-Redirect": url})
        return redirect(url)


class ReussiteLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Django's LoginRequiredMiddleware, except for the API: DRF answers for itself (401/403 JSON
    through its authentication and ``IsAuthenticated`` default permission), a redirect to the
    sign-in page would make no sense to an API client."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        view_class = getattr(view_func, "cls", None)
        if isinstance(view_class, type) and issubclass(view_class, APIView):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class SessionIdleRefreshMiddleware:
    """Push a signed-in session's expiry back (by saving it) at most once per ``SESSION_REFRESH_SECONDS``.

    Saving a session sets its expiry to now + ``SESSION_COOKIE_AGE``; saving it on every request
    (``SESSION_SAVE_EVERY_REQUEST``) costs a write per page. Refreshed once a minute, a session
    still ends after ``SESSION_COOKIE_AGE`` of inactivity, to within that minute (never later).
    Placed after SessionMiddleware, so that the session it marks is saved by it on the way out.
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
