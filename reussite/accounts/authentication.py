"""API authentication: DRF's token, with the same refusals as the sign-in pages."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from .second_factor import requires_second_factor


class ReussiteTokenAuthentication(TokenAuthentication):
    """Tokens of demo accounts follow demo sign-in; tokens of accounts that must pass a second
    factor are refused.

    A token is a password that never asks for a second factor: a stolen one would open the named
    children of its holder. Those accounts use the API through their verified session only. The
    check runs on each request, so a role granted after the token was issued closes it too.
    """

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if getattr(user, "is_demo", False) and not settings.REUSSITE_ALLOW_DEMO_USERS:
            # Same answer as an unknown token: demo sign-in is off, the account does not sign in.
            # DRF's own message from its French catalogue (« Jeton non valide. »): the very same answer.
            raise AuthenticationFailed(_("Invalid token."))
        if requires_second_factor(user):
            raise AuthenticationFailed(
                "Les jetons d'API ne sont pas acceptés pour les comptes soumis au second facteur "
                "(accès aux enfants nommés, administration) : utilisez une session validée."
            )
        return user, token
