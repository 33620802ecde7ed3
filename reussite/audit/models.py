from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class SignInEvent(models.Model):
    """Sign-in, sign-out, failed sign-in and second-factor events. No IP address, typed username or
    code is kept."""

    class Kind(models.TextChoices):
        LOGIN = "login", "Connexion"
        LOGOUT = "logout", "Déconnexion"
        FAILED = "failed", "Échec de connexion"
        SECOND_FACTOR = "otp", "Second facteur validé"
        SECOND_FACTOR_FAILED = "otp_failed", "Échec du second facteur"
        SECOND_FACTOR_ENROLLED = "otp_enrol", "Second facteur activé"
        SECOND_FACTOR_RESET = "otp_reset", "Second facteur réinitialisé"
        RECOVERY_CODES_RENEWED = "otp_codes", "Codes de secours régénérés"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField("événement", max_length=10, choices=Kind.choices)
    at = models.DateTimeField("date", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "événement de connexion"
        verbose_name_plural = "événements de connexion"
        ordering = ["-at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.at:%d/%m/%Y %H:%M}"


class AccessLog(models.Model):
    """A read of a named record (a child...): who, when, what, why."""

    # No foreign-key constraint in the database for either reference: the application writes them (the
    # signed-in user, a content type), and PostgreSQL's check of both, row by row at commit, was a
    # quarter of a programme's export of its ~900 named children (7-12 ms; docs/benchmarks.md, sixth
    # round). PROTECT still holds: Django refuses to delete a user or content type that has entries.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_constraint=False)
    at = models.DateTimeField("date", auto_now_add=True, db_index=True)
    # No index of its own: the composite index below starts with it (one index fewer to write for each
    # of the hundreds of entries a programme's export of named children adds).
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, db_index=False, db_constraint=False)
    object_id = models.PositiveBigIntegerField()
    reason = models.CharField("motif", max_length=200)

    class Meta:
        verbose_name = "consultation"
        verbose_name_plural = "consultations"
        ordering = ["-at"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self):
        return f"{self.user_id} {self.content_type.model}#{self.object_id} {self.at:%d/%m/%Y %H:%M}"
