"""Second factor (django-otp): an authenticator app (TOTP) and ten one-time recovery codes.

A session that may show named children must pass it after the password (``SecondFactorMiddleware``
enforces it): holders of a role in ``NAMED_CHILD_ROLES``, and staff, whose admin reaches every
record and grants memberships. Other users may enrol voluntarily; once enrolled, they are asked too.

Verification goes through django-otp's devices, so its throttling applies: after each failure the
next attempt must wait twice as long (1 s, 2 s, 4 s… up to an hour); a success resets it.
"""

from __future__ import annotations

import re
from base64 import b32encode
from dataclasses import dataclass

import segno
from django.db import transaction
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import signals
from .models import NAMED_CHILD_ROLES
from .scoping import get_scope

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Application d'authentification"
RECOVERY_CODES_NAME = "Codes de secours"
# Set at sign-in for users who enrolled (voluntarily or not): they are asked for the second factor.
ENROLLED_SESSION_KEY = "reussite_second_factor_enrolled"


def requires_second_factor(user) -> bool:
    """Whether ``user`` may not use the platform without a verified second factor."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return get_scope(user).has_role(*NAMED_CHILD_ROLES)


def is_verified(request) -> bool:
    """Whether this session passed the second factor (django-otp's middleware checks the device)."""
    verified = getattr(request.user, "is_verified", None)
    return bool(verified and verified())


def must_verify(request) -> bool:
    user = request.user
    if not user.is_authenticated or is_verified(request):
        return False
    return bool(request.session.get(ENROLLED_SESSION_KEY)) or requires_second_factor(user)


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def authenticator_of(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def mark_enrolled(request, user) -> None:
    """At sign-in: remember whether the user has a second factor (one query, not one per page)."""
    request.session[ENROLLED_SESSION_KEY] = has_authenticator(user)


# --- verification ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    device: TOTPDevice | StaticDevice | None = None
    retry_in: int | None = None  # seconds to wait, when throttled

    @property
    def ok(self) -> bool:
        return self.device is not None


def normalise_recovery_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


def _verify(device_queryset, code: str) -> Verification:
    with transaction.atomic():
        device = device_queryset.select_for_update().first()
        if device is None:
            return Verification()
        allowed, info = device.verify_is_allowed()
        if not allowed:
            locked_until = (info or {}).get("locked_until")
            wait = (locked_until - timezone.now()).total_seconds() if locked_until else 1
            return Verification(retry_in=max(1, round(wait + 0.5)))
        # verify_token records the failure (throttling) or the success (last used step) itself.
        if device.verify_token(code):
            return Verification(device=device)
    return Verification()


def verify(request, code: str, *, recovery: bool = False) -> Verification:
    """Check a code of the user's app (or, with ``recovery``, a recovery code, used up by a success);
    on success the session is verified. Journal events are sent either way."""
    user = request.user
    if recovery:
        result = _verify(StaticDevice.objects.filter(user=user, confirmed=True), normalise_recovery_code(code))
    else:
        result = _verify(TOTPDevice.objects.filter(user=user, confirmed=True), code)
    _conclude(request, result)
    return result


def reverify(user, code: str) -> Verification:
    """Re-verification before a sensitive change: a code of the app or a recovery code."""
    compact = re.sub(r"\s", "", code or "")
    if re.fullmatch(r"\d{6}", compact):  # recovery codes have 8 characters
        result = _verify(TOTPDevice.objects.filter(user=user, confirmed=True), compact)
    else:
        result = _verify(StaticDevice.objects.filter(user=user, confirmed=True), normalise_recovery_code(code))
    (signals.second_factor_passed if result.ok else signals.second_factor_failed).send(sender=None, user=user)
    return result


def _conclude(request, result: Verification) -> None:
    user = request.user
    if result.ok:
        otp_login(request, result.device)
        request.session[ENROLLED_SESSION_KEY] = True
        signals.second_factor_passed.send(sender=None, user=user)
    else:
        signals.second_factor_failed.send(sender=None, user=user)


# --- enrolment -------------------------------------------------------------------------------------


def pending_authenticator(user) -> TOTPDevice:
    """The device being enrolled: kept until confirmed, so reloading the page keeps the same QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def confirm_enrolment(request, device: TOTPDevice, code: str) -> tuple[Verification, list[str]]:
    """Confirm ``device`` with a first code; it replaces any other device, comes with fresh recovery
    codes (returned, to be shown once) and verifies the session."""
    user = request.user
    codes: list[str] = []
    with transaction.atomic():
        result = _verify(TOTPDevice.objects.filter(pk=device.pk, user=user, confirmed=False), code)
        if result.ok:
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
            result.device.confirmed = True
            codes = _replace_recovery_codes(user)
    if result.ok:
        otp_login(request, result.device)
        request.session[ENROLLED_SESSION_KEY] = True
        signals.second_factor_enrolled.send(sender=None, user=user)
    else:
        signals.second_factor_failed.send(sender=None, user=user)
    return result, codes


def renew_recovery_codes(user) -> list[str]:
    """New recovery codes; the previous ones stop working."""
    with transaction.atomic():
        codes = _replace_recovery_codes(user)
    signals.recovery_codes_renewed.send(sender=None, user=user)
    return codes


def _replace_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_CODES_NAME, confirmed=True)
    codes: set[str] = set()
    while len(codes) < RECOVERY_CODE_COUNT:
        codes.add(StaticToken.random_token())
    ordered = sorted(codes)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in ordered)
    return ordered


def reset(request) -> None:
    """Remove the user's second factor: the session is no longer verified; the next page asks them
    to enrol again (if their role requires it)."""
    user = request.user
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    request.session[ENROLLED_SESSION_KEY] = False
    user.otp_device = None
    signals.second_factor_reset.send(sender=None, user=user)


# --- presentation ----------------------------------------------------------------------------------


def secret_text(device: TOTPDevice) -> str:
    """The key as authenticator apps expect it when typed (base32), in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """Inline SVG (no external image, nothing for the CSP to allow) of the app configuration URL."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=4, dark="#000", light="#fff", title="Code QR à scanner avec votre application"
    )
    return svg.replace("<svg ", '<svg role="img" class="qr-code" ', 1)


def current_code(device: TOTPDevice) -> str:
    """The code the app shows now (or the next one if the current one was used): for demo accounts
    while demo sign-in is allowed, and for tests."""
    now = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).t()
    return f"{hotp(device.bin_key, max(now, device.last_t + 1), digits=device.digits):0{device.digits}d}"
