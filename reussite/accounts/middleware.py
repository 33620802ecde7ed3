from urllib.parse import urlencode

from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from rest_framework.views import APIView

from . import second_factor

# What a session that still owes its second factor may reach.
OPEN_VIEWS = {
    "accounts:logout",
    "accounts:second_factor_verify",
    "accounts:second_factor_recovery",
    "accounts:second_factor_enrol",
    # Public documentation of the API, open to anyone.
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
