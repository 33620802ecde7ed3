from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

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
