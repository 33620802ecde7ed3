"""Second-factor pages: verification after the password, enrolment, recovery codes, reset."""

from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import second_factor
from .forms import CODE_LABEL, RECOVERY_LABEL, REVERIFY_LABEL, CodeForm, RecoveryCodeForm, ReverifyForm

# Recovery codes wait here between their creation and the one page that shows them.
NEW_CODES_SESSION_KEY = "reussite_new_recovery_codes"


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, request) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    return reverse(url_name) + (f"?{urlencode({'next': target})}" if target else "")


def failure_message(result: second_factor.Verification, label: str) -> str:
    if result.retry_in:
        seconds = result.retry_in
        return f"{label} : trop d'essais infructueux. Réessayez dans {seconds} seconde{'s' if seconds > 1 else ''}."
    return f"{label} : ce code n'est pas valide ou a déjà servi. Vérifiez-le et réessayez."


def _demo_code(request, device):
    """Demo accounts show the current code while demo sign-in is allowed (see README)."""
    if device is not None and request.user.is_demo and settings.REUSSITE_ALLOW_DEMO_USERS:
        return second_factor.current_code(device)
    return None


common = [login_required, never_cache, require_http_methods(["GET", "POST"])]


def _decorate(view):
    for decorator in reversed(common):
        view = decorator(view)
    return view


@_decorate
def verify(request):
    if second_factor.is_verified(request):
        return redirect(_next_url(request))
    device = second_factor.authenticator_of(request.user)
    if device is None:
        return redirect(_with_next("accounts:second_factor_enrol", request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = second_factor.verify(request, form.cleaned_data["code"])
        if result.ok:
            return redirect(_next_url(request))
        form.add_error("code", failure_message(result, CODE_LABEL))
    return render(
        request,
        "accounts/second_factor_verify.html",
        {
            "form": form,
            "next": request.POST.get("next") or request.GET.get("next", ""),
            "demo_code": _demo_code(request, device),
            "required": second_factor.requires_second_factor(request.user),
        },
    )


@_decorate
def recovery(request):
    if second_factor.is_verified(request):
        return redirect(_next_url(request))
    if not second_factor.has_authenticator(request.user):
        return redirect(_with_next("accounts:second_factor_enrol", request))
    form = RecoveryCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = second_factor.verify(request, form.cleaned_data["code"], recovery=True)
        if result.ok:
            left = second_factor.recovery_codes_left(request.user)
            messages.warning(
                request,
                f"Code de secours accepté : il ne servira plus. Il vous en reste {left}. "
                "Régénérez vos codes ou réinitialisez votre application depuis « Second facteur ».",
            )
            return redirect(_next_url(request))
        form.add_error("code", failure_message(result, RECOVERY_LABEL))
    return render(
        request,
        "accounts/second_factor_recovery.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
    )


@_decorate
def enrol(request):
    if second_factor.has_authenticator(request.user):
        if second_factor.is_verified(request):
            messages.info(request, "Votre second facteur est déjà activé.")
            return redirect("accounts:second_factor")
        # Enrolling another device would bypass the one already registered.
        return redirect(_with_next("accounts:second_factor_verify", request))
    device = second_factor.pending_authenticator(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result, codes = second_factor.confirm_enrolment(request, device, form.cleaned_data["code"])
        if result.ok:
            request.session[NEW_CODES_SESSION_KEY] = codes
            return redirect(_with_next("accounts:recovery_codes", request))
        form.add_error("code", failure_message(result, CODE_LABEL))
    return render(
        request,
        "accounts/second_factor_enrol.html",
        {
            "form": form,
            "next": request.POST.get("next") or request.GET.get("next", ""),
            "qr_code": second_factor.qr_code_svg(device),
            "secret": second_factor.secret_text(device),
            "required": second_factor.requires_second_factor(request.user),
        },
    )


@_decorate
def recovery_codes(request):
    """The new recovery codes, shown once: reloading the page does not show them again."""
    codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
    if not codes:
        messages.info(request, "Les codes de secours ne sont affichés qu'une fois : générez-en de nouveaux si besoin.")
        return redirect("accounts:second_factor")
    text = "\n".join(
        [
            "Réussite — codes de secours",
            f"Compte : {request.user.get_username()}",
            f"Créés le {timezone.localtime():%d/%m/%Y à %H:%M}",
            "Chaque code ne sert qu'une fois. Les codes précédents ne fonctionnent plus.",
            "",
            *codes,
            "",
        ]
    )
    return render(
        request,
        "accounts/recovery_codes.html",
        {
            "codes": codes,
            "download_href": "data:text/plain;charset=utf-8," + quote(text),
            "next": _next_url(request),
        },
    )


@_decorate
def overview(request):
    user = request.user
    device = second_factor.authenticator_of(user)
    return render(
        request,
        "accounts/second_factor.html",
        {
            "device": device,
            "codes_left": second_factor.recovery_codes_left(user) if device else 0,
            "required": second_factor.requires_second_factor(user),
        },
    )


def _reverified_action(request, *, template, on_success):
    if not second_factor.has_authenticator(request.user):
        return redirect("accounts:second_factor_enrol")
    form = ReverifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = second_factor.reverify(request.user, form.cleaned_data["code"])
        if result.ok:
            return on_success()
        form.add_error("code", failure_message(result, REVERIFY_LABEL))
    return render(request, template, {"form": form, "required": second_factor.requires_second_factor(request.user)})


@_decorate
def renew_recovery_codes(request):
    def renew():
        request.session[NEW_CODES_SESSION_KEY] = second_factor.renew_recovery_codes(request.user)
        return redirect("accounts:recovery_codes")

    return _reverified_action(request, template="accounts/recovery_codes_renew.html", on_success=renew)


@_decorate
def reset(request):
    def do_reset():
        second_factor.reset(request)
        if second_factor.requires_second_factor(request.user):
            messages.info(request, "Second facteur réinitialisé : enregistrez maintenant votre nouvelle application.")
            return redirect("accounts:second_factor_enrol")
        messages.info(request, "Second facteur désactivé.")
        return redirect("accounts:second_factor")

    return _reverified_action(request, template="accounts/second_factor_reset.html", on_success=do_reset)
