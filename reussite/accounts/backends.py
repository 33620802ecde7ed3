from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class ReussiteBackend(ModelBackend):
    """Model backend that refuses demo accounts unless demo sign-in is allowed (DEBUG)."""

    def user_can_authenticate(self, user):
        if getattr(user, "is_demo", False) and not settings.REUSSITE_ALLOW_DEMO_USERS:
            return False
        return super().user_can_authenticate(user)
