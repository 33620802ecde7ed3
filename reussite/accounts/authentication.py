"""API authentication: DRF's token, with the same refusal of demo accounts as the sign-in page."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed


class ReussiteTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if getattr(user, "is_demo", False) and not settings.REUSSITE_ALLOW_DEMO_USERS:
            # Same answer as an unknown token: demo sign-in is off, the account does not sign in.
            raise AuthenticationFailed(_("Invalid token."))
        return user, token
