"""Psychologists funded by the métropole, their dated rates and caps (issue 9, convention art. 5)."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from reussite.territory.models import Network, Organisation, Programme

from .validators import validate_adeli, validate_rpps


class Psychologist(models.Model):
    """A psychologist (the person) working for a provider organisation (which carries the SIRET)."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="psychologists")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="psychologists")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="psychologist"
    )
    full_name = models.CharField("nom", max_length=150)
    rpps = models.CharField("numéro RPPS", max_length=11, blank=True, validators=[validate_rpps])
    adeli = models.CharField("numéro ADELI", max_length=9, blank=True, validators=[validate_adeli])
    programmes = models.ManyToManyField(Programme, related_name="psychologists", verbose_name="territoires servis")
    agreement_from = models.DateField("conventionné·e à partir du")
    agreement_until = models.DateField("conventionné·e jusqu'au", null=True, blank=True)
    is_demo = models.BooleanField("donnée de démonstration", default=False)
    personal_data_fields = {"full_name": "identity"}

    class Meta:
        verbose_name = "psychologue"
        verbose_name_plural = "psychologues"
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
        SESSION = "session", "par séance"
        HOUR = "hour", "par heure"

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="care_rates")
    valid_from = models.DateField("applicable à partir du")
    unit = models.CharField("unité", max_length=10, choices=Unit.choices)
    amount = models.DecimalField(
        "montant (€)", max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    session_minutes = models.PositiveSmallIntegerField(
        "durée d'une séance (minutes)", default=60, help_text="pour convertir un tarif par séance en heures"
    )
    is_assumption = models.BooleanField("hypothèse (non tirée d'un acte)", default=False)
    source_note = models.CharField("source", max_length=200, blank=True)

    class Meta:
        verbose_name = "tarif de soutien psychologique"
        verbose_name_plural = "tarifs de soutien psychologique"
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
    valid_from = models.DateField("applicable à partir du")
    sessions_per_child_year = models.PositiveSmallIntegerField(
        "séances par enfant et par an", validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = "plafond de séances"
        verbose_name_plural = "plafonds de séances"
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


HOUR_UNITS = [(Decimal("1.0"), "heure"), (Decimal("0.5"), "demi-heure")]


class HourBudget(models.Model):
    """A network's psychological-support hours for a year: budget line ÷ rate, split across programmes."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="care_hour_budgets")
    year = models.PositiveSmallIntegerField("année")
    amount = models.DecimalField("budget (€)", max_digits=12, decimal_places=2)
    budget_line = models.ForeignKey(
        "funding.BudgetLine",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="care_hour_budgets",
        help_text="vide : budget saisi directement, sans convention",
    )
    rate = models.ForeignKey(CareRate, on_delete=models.PROTECT, related_name="hour_budgets")
    unit = models.DecimalField("unité d'heures", max_digits=3, decimal_places=1, choices=HOUR_UNITS)
    total_hours = models.DecimalField("heures", max_digits=9, decimal_places=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "heures de soutien psychologique"
        verbose_name_plural = "heures de soutien psychologique"
        ordering = ["network", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "year"],
                name="care_hour_budget_one_per_year",
                violation_error_message="Année : les heures de cette année sont déjà réparties.",
            ),
        ]

    def __str__(self):
        return f"{self.year} — {self.total_hours} h"


class HourAllocation(models.Model):
    """The hours of one programme (territory) in a year; ``hours`` moves only by approved movements."""

    budget = models.ForeignKey(HourBudget, on_delete=models.CASCADE, related_name="allocations")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="care_hour_allocations")
    weight = models.DecimalField("poids dans la clé", max_digits=12, decimal_places=2)
    initial_hours = models.DecimalField("heures réparties", max_digits=9, decimal_places=1)
    hours = models.DecimalField("heures allouées", max_digits=9, decimal_places=1)

    class Meta:
        verbose_name = "allocation d'heures"
        verbose_name_plural = "allocations d'heures"
        ordering = ["budget", "programme__name"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "programme"], name="care_allocation_one_per_programme"),
            models.CheckConstraint(condition=models.Q(hours__gte=0), name="care_allocation_hours_non_negative"),
        ]

    def __str__(self):
        return f"{self.programme} — {self.hours} h"


class HourMovement(models.Model):
    """An approved change of allocated hours, with its reason: the history of an allocation.

    A transfer moves hours from ``source`` to ``target`` (the total is kept); an adjustment adds
    (or, negative, removes) hours of ``target`` alone.
    """

    class Kind(models.TextChoices):
        TRANSFER = "transfer", "transfert"
        ADJUSTMENT = "adjustment", "ajustement"

    budget = models.ForeignKey(HourBudget, on_delete=models.CASCADE, related_name="movements")
    kind = models.CharField("nature", max_length=12, choices=Kind.choices)
    source = models.ForeignKey(
        HourAllocation, on_delete=models.CASCADE, null=True, blank=True, related_name="movements_out"
    )
    target = models.ForeignKey(HourAllocation, on_delete=models.CASCADE, related_name="movements_in")
    hours = models.DecimalField("heures", max_digits=9, decimal_places=1)
    reason = models.CharField("motif", max_length=300)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField("approuvé le", auto_now_add=True)

    class Meta:
        verbose_name = "mouvement d'heures"
        verbose_name_plural = "mouvements d'heures"
        ordering = ["budget", "-approved_at", "-id"]
        indexes = [models.Index(fields=["budget", "approved_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} de {self.hours} h"


class HourOverrun(models.Model):
    """The métropole's recorded approval to commit more hours than a territory has left."""

    allocation = models.ForeignKey(HourAllocation, on_delete=models.CASCADE, related_name="overruns")
    hours = models.DecimalField(
        "heures", max_digits=9, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    reason = models.CharField("motif", max_length=300)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField("approuvé le", auto_now_add=True)

    class Meta:
        verbose_name = "dépassement approuvé"
        verbose_name_plural = "dépassements approuvés"
        ordering = ["allocation", "-approved_at"]

    def __str__(self):
        return f"Dépassement de {self.hours} h"


class CareReferral(models.Model):
    """A programme coordination refers a child to a psychologist, with the hours requested.

    The hours are committed on the allocation of the child's programme for the referral's year.
    """

    child = models.ForeignKey("parcours.Child", on_delete=models.PROTECT, related_name="care_referrals")
    psychologist = models.ForeignKey(Psychologist, on_delete=models.PROTECT, related_name="referrals")
    allocation = models.ForeignKey(HourAllocation, on_delete=models.PROTECT, related_name="referrals")
    requested_hours = models.DecimalField(
        "heures demandées", max_digits=6, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    referred_on = models.DateField("orienté le")
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "orientation vers un psychologue"
        verbose_name_plural = "orientations vers un psychologue"
        ordering = ["-referred_on", "-id"]
        indexes = [
            models.Index(fields=["psychologist", "referred_on"]),
            models.Index(fields=["allocation"]),
            models.Index(fields=["referred_on", "id"]),  # the lists' order and year filter
        ]

    def __str__(self):
        return f"Orientation du {self.referred_on:%d/%m/%Y}"


class CareSession(models.Model):
    """A session the psychologist records. No clinical content is ever stored: no free-text field."""

    class WithWhom(models.TextChoices):
        CHILD = "child", "l'enfant"
        PARENTS = "parents", "les parents"
        FAMILY = "family", "la famille"

    class Attendance(models.TextChoices):
        ATTENDED = "attended", "réalisée"
        MISSED = "missed", "absence"
        CANCELLED_LATE = "cancelled_late", "annulée tardivement"

    referral = models.ForeignKey(CareReferral, on_delete=models.PROTECT, related_name="sessions")
    date = models.DateField("date")
    duration_minutes = models.PositiveSmallIntegerField(
        "durée (minutes)", validators=[MinValueValidator(15), MaxValueValidator(240)]
    )
    with_whom = models.CharField("avec", max_length=10, choices=WithWhom.choices)
    attendance = models.CharField("présence", max_length=16, choices=Attendance.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "séance"
        verbose_name_plural = "séances"
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["referral", "date"]),
            models.Index(fields=["date", "id"]),  # the list's order, year and month filters
        ]

    def __str__(self):
        return f"Séance du {self.date:%d/%m/%Y}"


class CareInvoice(models.Model):
    """A psychologist's monthly invoice to the métropole, built from their recorded sessions."""

    class Status(models.TextChoices):
        DRAFT = "draft", "brouillon"
        ISSUED = "issued", "émise"
        CERTIFIED = "certified", "service fait certifié"
        PAID = "paid", "payée"

    psychologist = models.ForeignKey(Psychologist, on_delete=models.PROTECT, related_name="invoices")
    year = models.PositiveSmallIntegerField("année")
    month = models.PositiveSmallIntegerField("mois", validators=[MinValueValidator(1), MaxValueValidator(12)])
    number = models.PositiveIntegerField("numéro", null=True, blank=True)  # given at issue, gapless
    status = models.CharField("statut", max_length=10, choices=Status.choices, default=Status.DRAFT)
    total = models.DecimalField("total (€)", max_digits=10, decimal_places=2, default=Decimal(0))
    issued_on = models.DateField("émise le", null=True, blank=True)
    due_on = models.DateField("à payer avant le", null=True, blank=True)
    certified_on = models.DateField("service fait le", null=True, blank=True)
    certified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    paid_on = models.DateField("payée le", null=True, blank=True)

    class Meta:
        verbose_name = "facture de psychologue"
        verbose_name_plural = "factures de psychologues"
        ordering = ["-year", "-month", "psychologist"]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["year", "month"]),  # the list's order and filters
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["psychologist", "year", "month"],
                name="care_invoice_one_per_month",
                violation_error_message="Facture : ce mois a déjà sa facture.",
            ),
            models.UniqueConstraint(
                fields=["psychologist", "year", "number"],
                condition=models.Q(number__isnull=False),
                name="care_invoice_number_unique",
            ),
        ]

    def __str__(self):
        return f"Facture {self.display_number}"

    @property
    def display_number(self) -> str:
        return f"{self.year}-{self.number:04d}" if self.number else "brouillon"


class CareInvoiceLine(models.Model):
    """One invoiced session; it names the child by pseudonymous code only."""

    invoice = models.ForeignKey(CareInvoice, on_delete=models.CASCADE, related_name="lines")
    session = models.OneToOneField(CareSession, on_delete=models.PROTECT, related_name="invoice_line")
    child_code = models.CharField("code de l'enfant", max_length=12)
    date = models.DateField("date")
    duration_minutes = models.PositiveSmallIntegerField("durée (minutes)")
    amount = models.DecimalField("montant (€)", max_digits=8, decimal_places=2)

    class Meta:
        verbose_name = "ligne de facture"
        verbose_name_plural = "lignes de facture"
        ordering = ["invoice", "date", "id"]

    def __str__(self):
        return f"{self.child_code} — {self.date:%d/%m/%Y}"
