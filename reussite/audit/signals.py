from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from reussite.accounts import signals as account_signals

from .models import SignInEvent


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    SignInEvent.objects.create(user=user, kind=SignInEvent.Kind.LOGIN)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        SignInEvent.objects.create(user=user, kind=SignInEvent.Kind.LOGOUT)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    # The typed username is not stored; the account is linked only when it exists.
    username = (credentials or {}).get("username")
    user = get_user_model().objects.filter(username=username).first() if username else None
    SignInEvent.objects.create(user=user, kind=SignInEvent.Kind.FAILED)


SECOND_FACTOR_EVENTS = {
    account_signals.second_factor_passed: SignInEvent.Kind.SECOND_FACTOR,
    account_signals.second_factor_failed: SignInEvent.Kind.SECOND_FACTOR_FAILED,
    account_signals.second_factor_enrolled: SignInEvent.Kind.SECOND_FACTOR_ENROLLED,
    account_signals.second_factor_reset: SignInEvent.Kind.SECOND_FACTOR_RESET,
    account_signals.recovery_codes_renewed: SignInEvent.Kind.RECOVERY_CODES_RENEWED,
}


def _second_factor_receiver(kind):
    def receive(sender, user, **kwargs):
        SignInEvent.objects.create(user=user, kind=kind)

    return receive


# Strong references: the receivers are closures that nothing else keeps alive.
for _signal, _kind in SECOND_FACTOR_EVENTS.items():
    _signal.connect(_second_factor_receiver(_kind), weak=False, dispatch_uid=f"audit_sign_in_event_{_kind}")
