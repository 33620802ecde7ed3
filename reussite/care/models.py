"""Psychologists funded by the métropole, their dated rates and caps (issue 9, convention art. 5)."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from reussite.territory.models import Network, Organisation, Programme

from .validators import validate_adeli, validate_rpps


class Psychologist(models.Model):
    """A psychologist (the person) working for a provider organisation (which carries the SIRET)."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="psychologists")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="psychologists")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="psychologist"
    )
    full_name = models.CharField(_("nom"), max_length=150)
    rpps = models.CharField(_("numéro RPPS"), max_length=11, blank=True, validators=[validate_rpps])
    adeli = models.CharField(_("numéro ADELI"), max_length=9, blank=True, validators=[validate_adeli])
    programmes = models.ManyToManyField(Programme, related_name="psychologists", verbose_name=_("territoires servis"))
    agreement_from = models.DateField(_("conventionné·e à partir du"))
    agreement_until = models.DateField(_("conventionné·e jusqu'au"), null=True, blank=True)
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False)
    personal_data_fields = {"full_name": "identity"}

    class Meta:
        verbose_name = _("psychologue")
        verbose_name_plural = _("psychologues")
        ordering = ["full_name"]
        indexes = [models.Index(fields=["network", "agreement_from"])]

    def __str__(self):
        return self.full_name

    def clean(self):
        super().clean()
        errors = {}
        if not (self.rpps or self.adeli):
            errors["rpps"] = "Numéro RPPS ou ADELI : l'un des deux est obligatoire."
        if self.agreement_until and self.agreement_from and self.agreement_until < self.agreement_from:
            errors["agreement_until"] = "Fin de la convention : elle doit suivre son début."
        if self.organisation_id and self.network_id and self.organisation.network_id != self.network_id:
            errors["organisation"] = "Organisation : elle doit appartenir au réseau du ou de la psychologue."
        if self.organisation_id and self.organisation.kind != Organisation.Kind.PROVIDER:
            errors["organisation"] = "Organisation : un cabinet ou prestataire est attendu."
        if errors:
            raise ValidationError(errors)

    def is_agreed_on(self, day: datetime.date) -> bool:
        return self.agreement_from <= day and (self.agreement_until is None or day <= self.agreement_until)


class CareRate(models.Model):
    """The price of psychological support in a network from a date (never a constant: 30, 40, 50 €…).

    A rate applies from ``valid_from`` until the next rate of the same network starts.
    """

    class Unit(models.TextChoices):
        SESSION = "session", _("par séance")
        HOUR = "hour", _("par heure")

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="care_rates")
    valid_from = models.DateField(_("applicable à partir du"))
    unit = models.CharField(_("unité"), max_length=10, choices=Unit.choices)
    amount = models.DecimalField(
        _("montant (€)"), max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    session_minutes = models.PositiveSmallIntegerField(
        _("durée d'une séance (minutes)"), default=60, help_text=_("pour convertir un tarif par séance en heures")
    )
    is_assumption = models.BooleanField(_("hypothèse (non tirée d'un acte)"), default=False)
    source_note = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("tarif de soutien psychologique")
        verbose_name_plural = _("tarifs de soutien psychologique")
        ordering = ["network", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "valid_from"],
                name="care_rate_one_per_date",
                violation_error_message="Tarif : un autre tarif du réseau commence déjà à cette date.",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="care_rate_amount_positive",
                violation_error_message="Montant : il doit être strictement positif.",
            ),
        ]

    def __str__(self):
        return f"{self.amount} € {self.get_unit_display()} dès le {self.valid_from:%d/%m/%Y}"

    @property
    def hourly_amount(self) -> Decimal:
        """The price of one hour (a session rate is brought to an hour by the session length)."""
        if self.unit == self.Unit.HOUR:
            return self.amount
        return self.amount * Decimal(60) / Decimal(self.session_minutes)


class SessionCap(models.Model):
    """An optional limit of sessions per child and calendar year, from a date (e.g. 12)."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="care_session_caps")
    valid_from = models.DateField(_("applicable à partir du"))
    sessions_per_child_year = models.PositiveSmallIntegerField(
        _("séances par enfant et par an"), validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("plafond de séances")
        verbose_name_plural = _("plafonds de séances")
        ordering = ["network", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "valid_from"],
                name="care_cap_one_per_date",
                violation_error_message="Plafond : un autre plafond du réseau commence déjà à cette date.",
            ),
        ]

    def __str__(self):
        return f"{self.sessions_per_child_year} séances dès le {self.valid_from:%d/%m/%Y}"


def rate_on(network_id: int, day: datetime.date) -> CareRate | None:
    """The rate in force on ``day`` (the latest one started on or before it)."""
    return CareRate.objects.filter(network_id=network_id, valid_from__lte=day).order_by("-valid_from").first()


def cap_on(network_id: int, day: datetime.date) -> SessionCap | None:
    return SessionCap.objects.filter(network_id=network_id, valid_from__lte=day).order_by("-valid_from").first()
