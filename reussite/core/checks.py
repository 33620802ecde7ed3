"""System checks of the platform's own settings."""

from django.conf import settings
from django.core.checks import Error, Tags, register

EMAIL_BACKEND_MISSING = (
    "REUSSITE_EMAIL_BACKEND n'est pas défini alors que REUSSITE_DEBUG est désactivé : les courriels "
    "(liens de réinitialisation de mot de passe, adresses) ne peuvent être ni envoyés ni écrits dans le journal."
)


def email_backend_errors() -> list[Error]:
    """Production needs an explicit e-mail back end: the console one would print reset links and
    addresses to the process log."""
    if settings.DEBUG or settings.REUSSITE_EMAIL_BACKEND_SET:
        return []
    return [
        Error(
            EMAIL_BACKEND_MISSING,
            hint="Définissez REUSSITE_EMAIL_BACKEND (ex. django.core.mail.backends.smtp.EmailBackend) "
            "et les réglages SMTP (docs/operations.md).",
            id="reussite.E001",
        )
    ]


@register(Tags.security, deploy=True)
def email_backend_is_explicit(app_configs, **kwargs):
    return email_backend_errors()
