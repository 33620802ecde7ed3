"""Conventions and co-financing: from the convention to the cash.

A :class:`Convention` binds the métropole (coordinator) and commune bodies (paying parties). Per year
it holds budget lines (:class:`BudgetLine`) and a funding plan (:class:`FundingYear`): fixed
contributions and a total shared among paying parties by a key (:class:`FundingShare`). After
notification, one :class:`CallForFunds` per paying party per year is issued, numbered gapless per
issuer and year (a series of :class:`reussite.core.models.Counter`), followed by :class:`Payment` rows.

Everything a document printed is kept beside what the platform computes (``printed_*`` fields), so
the consistency panel can show where they disagree. Unknown amounts are null ("à définir"), never
invented. Operations that touch several rows live in :mod:`reussite.funding.services`.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from reussite.core.constraints import non_negative, ordered_period
from reussite.core.models import SourceDocument
from reussite.territory.models import Network, Organisation

AMOUNT = {"max_digits": 12, "decimal_places": 2}
NON_NEGATIVE = [MinValueValidator(Decimal("0"), message="Le montant ne peut pas être négatif.")]


# The default list of budget actions (created by migration 0002; editable in the admin).
DEFAULT_ACTION_KINDS = [
    ("coordination", "Coordination", 10),
    ("analyse-de-la-pratique", "Analyse de la pratique", 20),
    ("accompagnement-psychologique", "Accompagnement psychologique", 30),
    ("formation", "Formation", 40),
]


class ActionKind(models.Model):
    """The configurable list of budget actions (coordination, analyse de la pratique...)."""

    code = models.SlugField("code", max_length=60, unique=True)
    label = models.CharField("libellé", max_length=120)
    position = models.PositiveSmallIntegerField("ordre", default=0)
    is_active = models.BooleanField("proposée à la saisie", default=True)

    class Meta:
        verbose_name = "type d'action"
        verbose_name_plural = "types d'action"
        ordering = ["position", "label"]

    def __str__(self):
        return self.label

    @classmethod
    def default(cls, code: str) -> "ActionKind":
        """One of the default kinds, created if the list was emptied (e.g. a flushed test database)."""
        label, position = next((lbl, pos) for c, lbl, pos in DEFAULT_ACTION_KINDS if c == code)
        return cls.objects.get_or_create(code=code, defaults={"label": label, "position": position})[0]


class ConventionQuerySet(models.QuerySet):
    def covering_year(self, year: int):
        return self.filter(first_year__lte=year, last_year__gte=year)


class Convention(models.Model):
    class Kind(models.TextChoices):
        ANNUAL = "annual", "Convention annuelle"
        CPO = "cpo", "Convention pluriannuelle d'objectifs (CPO)"

    class Status(models.TextChoices):
        DRAFT = "draft", "Projet"
        APPROVED = "approved", "Approuvée par toutes les parties"
        SIGNED = "signed", "Signée"
        NOTIFIED = "notified", "Notifiée"
        IN_FORCE = "in_force", "En vigueur"
        EXPIRED = "expired", "Échue"
        SUSPENDED = "suspended", "Suspendue"
        TERMINATED = "terminated", "Résiliée"

    class RoundingUnit(models.TextChoices):
        EURO = "1", "À l'euro"
        CENT = "0.01", "Au centime"

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="conventions")
    reference = models.CharField("référence", max_length=60)
    title = models.CharField("intitulé", max_length=400)
    object = models.TextField("objet", blank=True)
    preamble = models.TextField("préambule", blank=True)
    kind = models.CharField("type", max_length=10, choices=Kind.choices, default=Kind.ANNUAL)
    first_year = models.PositiveSmallIntegerField("première année")
    last_year = models.PositiveSmallIntegerField("dernière année")
    starts_on_signature = models.BooleanField("applicable à compter de la signature", default=True)
    start_date = models.DateField("date de début", null=True, blank=True)
    end_date = models.DateField("date de fin")
    originals_count = models.PositiveSmallIntegerField("nombre d'exemplaires originaux", null=True, blank=True)
    place = models.CharField("lieu de signature", max_length=120, blank=True)
    signature_date = models.DateField("date de signature", null=True, blank=True)
    notification_date = models.DateField("date de notification", null=True, blank=True)
    status = models.CharField("statut", max_length=12, choices=Status.choices, default=Status.DRAFT)
    rounding_unit = models.CharField(
        "unité d'arrondi des parts", max_length=4, choices=RoundingUnit.choices, default=RoundingUnit.EURO
    )
    capped_by_state_allocation = models.BooleanField(
        "parts plafonnées par la dotation de l'État",
        default=False,
        help_text="« dans la limite des dotations qui leur seront versées par l'État »",
    )
    payment_terms = models.TextField("modalités de versement", blank=True)
    payment_delay_days = models.PositiveSmallIntegerField("délai de paiement (jours)", default=30)
    source = models.ForeignKey(
        SourceDocument, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="document source"
    )
    # Every document whose printed figures are recorded for this convention (the convention itself,
    # a board's extract printing an evolution, an avenant…), created in the pages; ``source`` is the
    # one its own figures come from.
    documents = models.ManyToManyField(
        SourceDocument, blank=True, related_name="funding_conventions", verbose_name="documents sources"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConventionQuerySet.as_manager()
    non_personal_fields = {
        "starts_on_signature": "date d'effet d'un acte, pas une signature de personne",
        "signature_date": "date de signature d'un acte",
    }

    class Meta:
        verbose_name = "convention"
        verbose_name_plural = "conventions"
        ordering = ["-first_year", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["network", "reference"], name="funding_convention_reference_unique"),
            models.CheckConstraint(
                condition=Q(last_year__gte=models.F("first_year")),
                name="funding_convention_years",
                violation_error_message="Dernière année : elle ne peut précéder la première année.",
            ),
            models.CheckConstraint(
                condition=Q(starts_on_signature=True) | Q(start_date__isnull=False),
                name="funding_convention_start_known",
                violation_error_message="Date de début : obligatoire si la convention ne s'applique pas à compter "
                "de sa signature.",
            ),
            ordered_period(
                "start_date",
                "end_date",
                "Date de fin : elle ne peut précéder la date de début.",
                name="funding_convention_period_ordered",
            ),
        ]
        indexes = [models.Index(fields=["network", "status"]), models.Index(fields=["first_year", "last_year"])]

    def __str__(self):
        return f"{self.reference} — {self.title}"

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    @property
    def effective_start(self) -> datetime.date | None:
        return self.signature_date if self.starts_on_signature else self.start_date

    @property
    def unit(self) -> Decimal:
        return Decimal(self.rounding_unit)

    @property
    def accepts_calls_for_funds(self) -> bool:
        return self.status in (self.Status.NOTIFIED, self.Status.IN_FORCE)


class ConventionArticle(models.Model):
    """An article of the convention, in order (number as printed: "Article 1er", "Article 7")."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="articles")
    position = models.PositiveSmallIntegerField("ordre")
    number = models.CharField("numéro", max_length=30)
    title = models.CharField("titre", max_length=300)
    body = models.TextField("texte", blank=True)

    class Meta:
        verbose_name = "article"
        verbose_name_plural = "articles"
        ordering = ["convention", "position"]
        constraints = [
            models.UniqueConstraint(fields=["convention", "position"], name="funding_article_position_unique")
        ]

    def __str__(self):
        return f"{self.number} : {self.title}"


class ConventionStatusChange(models.Model):
    """Dated history of the convention's status (never overwritten)."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField("statut précédent", max_length=12, choices=Convention.Status.choices, blank=True)
    to_status = models.CharField("nouveau statut", max_length=12, choices=Convention.Status.choices)
    effective_date = models.DateField("date d'effet", null=True, blank=True)
    reason = models.TextField("motif", blank=True)
    caused_by = models.ForeignKey(
        "StateConvention",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="caused_changes",
        verbose_name="convention État à l'origine (article 7)",
    )
    is_demo = models.BooleanField("donnée de démonstration", default=False)
    recorded_at = models.DateTimeField("enregistré le", auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "changement de statut"
        verbose_name_plural = "changements de statut"
        ordering = ["convention", "recorded_at", "id"]

    def __str__(self):
        return f"{self.get_from_status_display() or '—'} → {self.get_to_status_display()}"


class ConventionParty(models.Model):
    class Role(models.TextChoices):
        COORDINATOR = "coordinator", "Coordinateur (bénéficiaire des fonds)"
        PAYING = "paying", "Partie versante"

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="convention_parties")
    role = models.CharField("rôle", max_length=12, choices=Role.choices)
    position = models.PositiveSmallIntegerField("ordre", default=0)
    display_name = models.CharField(
        "désignation dans la convention", max_length=300, blank=True, help_text="ex. « Chenôve »"
    )
    signatory_name = models.CharField("nom du signataire", max_length=150, blank=True)
    signatory_capacity = models.CharField("qualité du signataire", max_length=150, blank=True)
    approval_body = models.CharField("instance d'approbation", max_length=200, blank=True)
    approval_reference = models.CharField("référence de la délibération d'approbation", max_length=60, blank=True)
    approval_date = models.DateField("date de la délibération d'approbation", null=True, blank=True)
    has_approved = models.BooleanField("a approuvé la convention", default=False)
    personal_data_fields = {"signatory_name": "public_official", "signatory_capacity": "public_official"}
    non_personal_fields = {"display_name": "nom d'une personne morale"}

    class Meta:
        verbose_name = "partie"
        verbose_name_plural = "parties"
        ordering = ["convention", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["convention", "organisation"], name="funding_party_unique"),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.display_name or self.organisation.short_name

    @property
    def is_paying(self) -> bool:
        return self.role == self.Role.PAYING


class StateConvention(models.Model):
    """A commune body's convention with the State for its PRE (Article 7 of the 2017 convention)."""

    class Status(models.TextChoices):
        IN_FORCE = "in_force", "En vigueur"
        SUSPENDED = "suspended", "Suspendue"
        TERMINATED = "terminated", "Résiliée"
        EXPIRED = "expired", "Échue"

    party = models.ForeignKey(ConventionParty, on_delete=models.CASCADE, related_name="state_conventions")
    reference = models.CharField("référence", max_length=120, blank=True)
    start_date = models.DateField("début", null=True, blank=True)
    end_date = models.DateField("fin", null=True, blank=True)
    status = models.CharField("statut", max_length=12, choices=Status.choices, default=Status.IN_FORCE)

    class Meta:
        verbose_name = "convention avec l'État"
        verbose_name_plural = "conventions avec l'État"
        ordering = ["party", "start_date"]
        constraints = [
            ordered_period(
                "start_date",
                "end_date",
                "Fin de la convention avec l'État : elle ne peut précéder son début.",
                name="funding_state_convention_period_ordered",
            ),
        ]

    def __str__(self):
        return f"Convention État — {self.party}" + (f" ({self.reference})" if self.reference else "")


class StateConventionStatusChange(models.Model):
    state_convention = models.ForeignKey(StateConvention, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField("statut précédent", max_length=12, choices=StateConvention.Status.choices)
    to_status = models.CharField("nouveau statut", max_length=12, choices=StateConvention.Status.choices)
    effective_date = models.DateField("date d'effet")
    reason = models.TextField("motif", blank=True)
    recorded_at = models.DateTimeField("enregistré le", auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "changement de statut d'une convention État"
        verbose_name_plural = "changements de statut des conventions État"
        ordering = ["state_convention", "recorded_at", "id"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class FundingYear(models.Model):
    """The funding plan of one year: the cost, and the total the paying parties share by a key."""

    class KeyKind(models.TextChoices):
        FIXED = "fixed", "Montants fixés"
        PERCENT = "percent", "Pourcentages"
        PRO_RATA = "pro_rata", "Au prorata des jeunes identifiés"

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="funding_years")
    year = models.PositiveSmallIntegerField("année")
    total_cost = models.DecimalField(
        "coût prévisionnel",
        **AMOUNT,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
        help_text="vide : à définir",
    )
    shared_total = models.DecimalField(
        "montant réparti entre les parties versantes",
        **AMOUNT,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
        help_text="vide : à définir",
    )
    key_kind = models.CharField("clé de répartition", max_length=10, choices=KeyKind.choices, default=KeyKind.FIXED)
    count_year = models.PositiveSmallIntegerField(
        "année de référence des effectifs", null=True, blank=True, help_text="pour une clé au prorata"
    )
    printed_total_cost = models.DecimalField("coût imprimé", **AMOUNT, null=True, blank=True)
    printed_shared_total = models.DecimalField("total réparti imprimé", **AMOUNT, null=True, blank=True)
    computed_at = models.DateTimeField("répartition calculée le", null=True, blank=True)

    class Meta:
        verbose_name = "financement annuel"
        verbose_name_plural = "financements annuels"
        ordering = ["convention", "year"]
        constraints = [
            models.UniqueConstraint(fields=["convention", "year"], name="funding_year_unique"),
            models.CheckConstraint(
                condition=~Q(key_kind="pro_rata") | Q(count_year__isnull=False),
                name="funding_year_pro_rata_year",
                violation_error_message="Année de référence des effectifs : obligatoire pour une clé au prorata.",
            ),
            non_negative("total_cost", "Coût prévisionnel", name="funding_year_total_cost_non_negative"),
            non_negative("shared_total", "Montant réparti", name="funding_year_shared_total_non_negative"),
            non_negative("printed_total_cost", "Coût imprimé", name="funding_year_printed_cost_non_negative"),
            non_negative(
                "printed_shared_total", "Total réparti imprimé", name="funding_year_printed_shared_non_negative"
            ),
        ]

    def __str__(self):
        return f"{self.convention.reference} — {self.year}"


class BudgetLine(models.Model):
    """A budget line of a convention for one year: planned amount, and the actual for execution."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="budget_lines")
    year = models.PositiveSmallIntegerField("année")
    action_kind = models.ForeignKey(ActionKind, on_delete=models.PROTECT, verbose_name="action")
    label = models.CharField("libellé", max_length=200, blank=True)
    position = models.PositiveSmallIntegerField("ordre", default=0)
    planned_amount = models.DecimalField(
        "montant prévu", **AMOUNT, null=True, blank=True, validators=NON_NEGATIVE, help_text="vide : à définir"
    )
    printed_amount = models.DecimalField("montant imprimé", **AMOUNT, null=True, blank=True)
    actual_amount = models.DecimalField(
        "montant réalisé", **AMOUNT, null=True, blank=True, validators=NON_NEGATIVE, help_text="vide : non saisi"
    )

    class Meta:
        verbose_name = "ligne budgétaire"
        verbose_name_plural = "lignes budgétaires"
        ordering = ["convention", "year", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["convention", "year", "action_kind"], name="funding_line_unique_kind"),
            non_negative("planned_amount", "Montant prévu", name="funding_line_planned_non_negative"),
            non_negative("printed_amount", "Montant imprimé", name="funding_line_printed_non_negative"),
            non_negative("actual_amount", "Montant réalisé", name="funding_line_actual_non_negative"),
        ]

    def __str__(self):
        return f"{self.year} — {self.name}"

    @property
    def name(self) -> str:
        return self.label or self.action_kind.label


class FundingShare(models.Model):
    """What one party brings in a year: a fixed contribution, or its share of the shared total.

    The key input is ``fixed_amount`` (fixed key), ``key_percent`` (percentage key) or ``key_count``
    (pro rata: the count of the reference year, copied when the split is computed). ``amount`` is the
    authoritative share after the split (null: "à définir"). ``printed_*`` keep what the document
    printed, to be checked against the computed values.
    """

    class Kind(models.TextChoices):
        CONTRIBUTION = "contribution", "Contribution fixe"
        KEY = "key", "Part de la clé de répartition"

    funding_year = models.ForeignKey(FundingYear, on_delete=models.CASCADE, related_name="shares")
    party = models.ForeignKey(ConventionParty, on_delete=models.CASCADE, related_name="shares")
    kind = models.CharField("nature", max_length=12, choices=Kind.choices, default=Kind.KEY)
    fixed_amount = models.DecimalField("montant fixé", **AMOUNT, null=True, blank=True, validators=NON_NEGATIVE)
    key_percent = models.DecimalField(
        "pourcentage de la clé", max_digits=9, decimal_places=4, null=True, blank=True, validators=NON_NEGATIVE
    )
    key_count = models.PositiveIntegerField("effectif de référence", null=True, blank=True)
    amount = models.DecimalField("montant", **AMOUNT, null=True, blank=True, help_text="vide : à définir")
    printed_amount = models.DecimalField("montant imprimé", **AMOUNT, null=True, blank=True)
    printed_percent = models.DecimalField("pourcentage imprimé", max_digits=7, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = "part de financement"
        verbose_name_plural = "parts de financement"
        ordering = ["funding_year", "kind", "party__position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["funding_year", "party"], name="funding_share_unique_party"),
            non_negative("fixed_amount", "Montant fixé", name="funding_share_fixed_non_negative"),
            non_negative("key_percent", "Pourcentage de la clé", name="funding_share_percent_non_negative"),
            non_negative("amount", "Montant de la part", name="funding_share_amount_non_negative"),
            non_negative("printed_amount", "Montant imprimé", name="funding_share_printed_non_negative"),
            non_negative("printed_percent", "Pourcentage imprimé", name="funding_share_printed_percent_non_negative"),
        ]

    def __str__(self):
        return f"{self.party} {self.funding_year.year} : {self.amount if self.amount is not None else 'à définir'}"


class StateAllocation(models.Model):
    """The State's allocation (dotation) to a paying party for a year; it can cap its call for funds."""

    party = models.ForeignKey(ConventionParty, on_delete=models.CASCADE, related_name="state_allocations")
    year = models.PositiveSmallIntegerField("année")
    amount = models.DecimalField("dotation de l'État", **AMOUNT, validators=NON_NEGATIVE)

    class Meta:
        verbose_name = "dotation de l'État"
        verbose_name_plural = "dotations de l'État"
        ordering = ["party", "year"]
        constraints = [
            models.UniqueConstraint(fields=["party", "year"], name="funding_state_allocation_unique"),
            non_negative("amount", "Dotation de l'État", name="funding_state_allocation_non_negative"),
        ]

    def __str__(self):
        return f"{self.party} {self.year} : {self.amount}"


class CallForFundsQuerySet(models.QuerySet):
    def with_paid(self):
        """Annotate ``paid_total`` (payments received) and ``balance`` (amount called − paid)."""
        # A correlated sum per call (index on payment.call_id), not a join grouped by every column of
        # the call: the page's 50 rows cost 50 index look-ups whatever the size of the network.
        payments = (
            Payment.objects.filter(call=models.OuterRef("pk"))
            .order_by()
            .values("call")
            .annotate(total=models.Sum("amount"))
            .values("total")
        )
        paid = models.functions.Coalesce(
            models.Subquery(payments, output_field=models.DecimalField(**AMOUNT)),
            models.Value(Decimal("0")),
            output_field=models.DecimalField(**AMOUNT),
        )
        return self.annotate(
            paid_total=paid,
            balance=models.ExpressionWrapper(models.F("amount") - paid, output_field=models.DecimalField(**AMOUNT)),
        )

    def overdue(self, day: datetime.date):
        return (
            self.with_paid()
            .filter(due_date__lt=day, cancelled=False)
            .filter(paid_total__lt=models.F("amount"))
            .order_by("due_date", "number_year", "number")
        )


class CallForFunds(models.Model):
    """An appel de fonds (titre de recettes) to one paying party for one year of a convention."""

    # db_index=False: the unique constraints (convention, party, year) and (issuer, number_year, number)
    # start with these columns and serve their look-ups.
    convention = models.ForeignKey(Convention, on_delete=models.PROTECT, related_name="calls_for_funds", db_index=False)
    party = models.ForeignKey(ConventionParty, on_delete=models.PROTECT, related_name="calls_for_funds")
    year = models.PositiveSmallIntegerField("exercice")
    issuer = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="issued_calls_for_funds", db_index=False
    )
    number_year = models.PositiveSmallIntegerField("année de numérotation")
    number = models.PositiveIntegerField("numéro")
    issue_date = models.DateField("date d'émission")
    due_date = models.DateField("date d'échéance")
    share_amount = models.DecimalField("part due selon la convention", **AMOUNT)
    state_allocation = models.DecimalField("dotation de l'État retenue", **AMOUNT, null=True, blank=True)
    amount = models.DecimalField("montant appelé", **AMOUNT, validators=NON_NEGATIVE)
    basis = models.TextField("base de calcul")
    cancelled = models.BooleanField("annulé", default=False)
    is_demo = models.BooleanField("donnée de démonstration", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = CallForFundsQuerySet.as_manager()

    class Meta:
        verbose_name = "appel de fonds"
        verbose_name_plural = "appels de fonds"
        ordering = ["-number_year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "number_year", "number"], name="funding_call_number_unique"),
            models.UniqueConstraint(fields=["convention", "party", "year"], name="funding_call_one_per_party_year"),
            models.CheckConstraint(
                condition=Q(amount__lte=models.F("share_amount")),
                name="funding_call_not_above",
                violation_error_message="Montant appelé : il ne peut dépasser la part due selon la convention.",
            ),
            non_negative("amount", "Montant appelé", name="funding_call_amount_non_negative"),
            non_negative("share_amount", "Part due", name="funding_call_share_non_negative"),
            non_negative("state_allocation", "Dotation de l'État retenue", name="funding_call_allocation_non_negative"),
            ordered_period(
                "issue_date",
                "due_date",
                "Date d'échéance : elle ne peut précéder la date d'émission.",
                name="funding_call_due_after_issue",
            ),
        ]
        indexes = [models.Index(fields=["due_date"])]

    def __str__(self):
        return f"Appel de fonds n° {self.reference}"

    @property
    def reference(self) -> str:
        return f"{self.number_year}-{self.number:03d}"

    @property
    def filename(self) -> str:
        return f"appel-de-fonds-{self.number_year}-{self.number:03d}.pdf"


class Payment(models.Model):
    call = models.ForeignKey(CallForFunds, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField("date de paiement")
    amount = models.DecimalField(
        "montant", **AMOUNT, validators=[MinValueValidator(Decimal("0.01"), message="Le montant doit être positif.")]
    )
    reference = models.CharField("référence (mandat, virement)", max_length=120, blank=True)
    is_demo = models.BooleanField("donnée de démonstration", default=False)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "paiement"
        verbose_name_plural = "paiements"
        ordering = ["call", "paid_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="funding_payment_positive",
                violation_error_message="Montant : il doit être strictement positif.",
            )
        ]

    def __str__(self):
        return f"{self.amount} € le {self.paid_on:%d/%m/%Y}"


class MoneyEvolution(models.Model):
    """An evolution of money printed in a document ("soit une légère hausse de 33 907 € (+ 3,26 %)",
    "en baisse de 114 256 €"), kept beside the figures it is about so the platform can derive the
    base it implies and check it.

    It is about the year ``year`` of the convention: its cost, its shared total, or one party's
    share. The document may print a percentage, an absolute change, or both; the previous amount
    (the base) when it prints it. Nothing else is asked for.
    """

    class Subject(models.TextChoices):
        TOTAL_COST = "total_cost", "Coût prévisionnel"
        SHARED_TOTAL = "shared_total", "Montant réparti entre les parties versantes"
        SHARE = "share", "Part ou contribution d'une partie"

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="money_evolutions")
    year = models.PositiveSmallIntegerField("année")
    subject = models.CharField("objet", max_length=12, choices=Subject.choices)
    party = models.ForeignKey(
        "ConventionParty",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="money_evolutions",
        verbose_name="partie",
    )
    printed_text = models.CharField("texte imprimé", max_length=300, blank=True)
    printed_percent = models.DecimalField(
        "évolution imprimée (%)", max_digits=9, decimal_places=4, null=True, blank=True
    )
    # The decimals the document printed ("3,20 %": 2), so the computed figure is shown the same way.
    percent_places = models.PositiveSmallIntegerField("décimales imprimées", null=True, blank=True)
    printed_change = models.DecimalField("variation imprimée (€)", **AMOUNT, null=True, blank=True)
    printed_previous = models.DecimalField(
        "montant précédent imprimé", **AMOUNT, null=True, blank=True, validators=NON_NEGATIVE
    )
    source = models.ForeignKey(
        SourceDocument, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="document source"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "évolution imprimée"
        verbose_name_plural = "évolutions imprimées"
        ordering = ["convention", "year", "subject", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(printed_percent__isnull=False) | Q(printed_change__isnull=False),
                name="funding_evolution_printed_something",
                violation_error_message="Évolution imprimée : saisir un pourcentage ou une variation en euros.",
            ),
            models.CheckConstraint(
                condition=(Q(subject="share") & Q(party__isnull=False)) | (~Q(subject="share") & Q(party__isnull=True)),
                name="funding_evolution_party_for_share",
                violation_error_message="Partie : obligatoire pour la part d'une partie, et seulement pour elle.",
            ),
            non_negative(
                "printed_previous", "Montant précédent imprimé", name="funding_evolution_previous_non_negative"
            ),
        ]
        indexes = [models.Index(fields=["convention", "year"])]

    def __str__(self):
        return f"{self.convention.reference} {self.year} — {self.get_subject_display()}"


class Amendment(models.Model):
    """An avenant: the only way a signed convention changes its amounts, parties or articles.

    Numbered per convention (series ``funding.amendment`` of the core counter), dated, with its own
    approval and signature. Every change made under it is kept (:class:`AmendmentChange`: before →
    after), so the convention shows its consolidated state and its history.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Projet"
        APPROVED = "approved", "Approuvé"
        SIGNED = "signed", "Signé"

    convention = models.ForeignKey(Convention, on_delete=models.PROTECT, related_name="amendments")
    number = models.PositiveSmallIntegerField("numéro")
    object = models.CharField("objet", max_length=400)
    drafted_on = models.DateField("date du projet")
    status = models.CharField("statut", max_length=10, choices=Status.choices, default=Status.DRAFT)
    approval_reference = models.CharField("délibération d'approbation", max_length=120, blank=True)
    approval_date = models.DateField("date d'approbation", null=True, blank=True)
    signature_date = models.DateField("date de signature", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    non_personal_fields = {"signature_date": "date de signature d'un acte"}

    class Meta:
        verbose_name = "avenant"
        verbose_name_plural = "avenants"
        ordering = ["convention", "number"]
        constraints = [
            models.UniqueConstraint(fields=["convention", "number"], name="funding_amendment_number_unique"),
            ordered_period(
                "approval_date",
                "signature_date",
                "Date de signature : elle ne peut précéder l'approbation de l'avenant.",
                name="funding_amendment_signed_after_approval",
            ),
        ]

    def __str__(self):
        return f"Avenant n° {self.number} à la convention {self.convention.reference}"


class AmendmentChange(models.Model):
    """One change made under an avenant: what the convention said before and says after."""

    class Kind(models.TextChoices):
        AMOUNT = "amount", "Montant"
        PARTY = "party", "Partie"
        ARTICLE = "article", "Article"

    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField("nature", max_length=10, choices=Kind.choices)
    label = models.CharField("élément", max_length=300)
    before = models.TextField("avant", blank=True)
    after = models.TextField("après", blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "modification par avenant"
        verbose_name_plural = "modifications par avenant"
        ordering = ["amendment", "recorded_at", "id"]

    def __str__(self):
        return f"{self.label} : {self.before or '—'} → {self.after or '—'}"


class GrantEnvelope(models.Model):
    """Money going out: an envelope a body distributes to beneficiaries (associations, providers)
    by a rule, as its decision prints it (*délibération attribuant des subventions*).

    The rule: a rate per unit (€ per group, per pupil), fixed amounts, or a key splitting the
    envelope. A ceiling per beneficiary may cap the amounts; what is not granted is the balance left.
    Payments go in instalments when the decision says so (an advance of N %, above a threshold, then
    the balance). Beneficiaries are paid, never called: they are not parties to a convention and never
    debtors of a call for funds.
    """

    class Rule(models.TextChoices):
        RATE = "rate", "Taux par unité"
        FIXED = "fixed", "Montants fixés"
        KEY = "key", "Clé de répartition de l'enveloppe"

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="grant_envelopes")
    grantor = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="grant_envelopes", verbose_name="attributaire"
    )
    title = models.CharField("intitulé", max_length=300)
    year = models.PositiveSmallIntegerField("exercice")
    decision_reference = models.CharField("référence de la décision", max_length=120, blank=True)
    decision_date = models.DateField("date de la décision", null=True, blank=True)
    source = models.ForeignKey(
        SourceDocument, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="document source"
    )
    rule = models.CharField("règle de répartition", max_length=6, choices=Rule.choices, default=Rule.FIXED)
    unit_label = models.CharField("unité", max_length=60, blank=True, help_text="ex. « groupe », « élève »")
    unit_rate = models.DecimalField("taux par unité", **AMOUNT, null=True, blank=True, validators=NON_NEGATIVE)
    total_amount = models.DecimalField(
        "enveloppe", **AMOUNT, null=True, blank=True, validators=NON_NEGATIVE, help_text="vide : non précisée"
    )
    printed_total = models.DecimalField("total imprimé des subventions", **AMOUNT, null=True, blank=True)
    ceiling = models.DecimalField("plafond par bénéficiaire", **AMOUNT, null=True, blank=True, validators=NON_NEGATIVE)
    advance_percent = models.DecimalField(
        "avance (%)", max_digits=5, decimal_places=2, null=True, blank=True, validators=NON_NEGATIVE
    )
    advance_threshold = models.DecimalField(
        "avance au-delà de",
        **AMOUNT,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
        help_text="en dessous, versement en une fois",
    )
    rounding_unit = models.CharField(
        "arrondi", max_length=4, choices=Convention.RoundingUnit.choices, default=Convention.RoundingUnit.CENT
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "enveloppe de subventions"
        verbose_name_plural = "enveloppes de subventions"
        ordering = ["-year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(rule="rate") | Q(unit_rate__isnull=False),
                name="funding_grant_rate_known",
                violation_error_message="Taux par unité : obligatoire pour une règle au taux par unité.",
            ),
            models.CheckConstraint(
                condition=Q(advance_percent__isnull=True) | Q(advance_percent__lte=100),
                name="funding_grant_advance_at_most_100",
                violation_error_message="Avance (%) : elle ne dépasse pas 100 %.",
            ),
            non_negative("total_amount", "Enveloppe", name="funding_grant_total_non_negative"),
            non_negative("unit_rate", "Taux par unité", name="funding_grant_rate_non_negative"),
            non_negative("ceiling", "Plafond par bénéficiaire", name="funding_grant_ceiling_non_negative"),
        ]
        indexes = [models.Index(fields=["network", "year"]), models.Index(fields=["grantor", "year"])]

    def __str__(self):
        return f"{self.title} ({self.year})"

    @property
    def unit(self) -> Decimal:
        return Decimal(self.rounding_unit)


class Grant(models.Model):
    """One beneficiary's subsidy in an envelope: the rule's input, the amount, what was printed."""

    envelope = models.ForeignKey(GrantEnvelope, on_delete=models.CASCADE, related_name="grants")
    position = models.PositiveSmallIntegerField("ordre", default=0)
    # Grants go to legal entities (associations, providers), as the deliberation prints them.
    beneficiary_name = models.CharField("bénéficiaire", max_length=200, help_text="tel qu'imprimé")
    non_personal_fields = {"beneficiary_name": "nom d'une personne morale"}
    beneficiary = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="grants_received",
        verbose_name="organisation du réseau",
    )
    units = models.DecimalField("nombre d'unités", max_digits=12, decimal_places=2, null=True, blank=True)
    fixed_amount = models.DecimalField("montant fixé", **AMOUNT, null=True, blank=True, validators=NON_NEGATIVE)
    key_weight = models.DecimalField("poids dans la clé", max_digits=12, decimal_places=4, null=True, blank=True)
    amount = models.DecimalField("montant attribué", **AMOUNT, null=True, blank=True, help_text="vide : à définir")
    printed_amount = models.DecimalField("montant imprimé", **AMOUNT, null=True, blank=True)

    class Meta:
        verbose_name = "subvention"
        verbose_name_plural = "subventions"
        ordering = ["envelope", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["envelope", "beneficiary_name"], name="funding_grant_beneficiary_once"),
            non_negative("units", "Nombre d'unités", name="funding_grant_units_non_negative"),
            non_negative("key_weight", "Poids dans la clé", name="funding_grant_weight_non_negative"),
            non_negative("amount", "Montant attribué", name="funding_grant_amount_non_negative"),
            non_negative("printed_amount", "Montant imprimé", name="funding_grant_printed_non_negative"),
        ]

    def __str__(self):
        return f"{self.beneficiary_name} — {self.envelope}"


class GrantPayment(models.Model):
    """An outgoing payment (versement) of a grant: the advance, the balance, or the whole."""

    class Kind(models.TextChoices):
        ADVANCE = "advance", "Avance"
        BALANCE = "balance", "Solde"
        WHOLE = "whole", "Versement unique"

    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="payments")
    kind = models.CharField("nature", max_length=8, choices=Kind.choices)
    paid_on = models.DateField("date du versement")
    amount = models.DecimalField(
        "montant", **AMOUNT, validators=[MinValueValidator(Decimal("0.01"), message="Le montant doit être positif.")]
    )
    reference = models.CharField("référence (mandat)", max_length=120, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "versement de subvention"
        verbose_name_plural = "versements de subventions"
        ordering = ["grant", "paid_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="funding_grant_payment_positive",
                violation_error_message="Montant : il doit être strictement positif.",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount} € le {self.paid_on:%d/%m/%Y}"
