import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from reussite.core.constraints import ordered_period
from reussite.core.models import SourceDocument

from .validators import validate_bic, validate_iban, validate_insee_code, validate_siret

PERIOD_MESSAGE = "Valide jusqu'au : la fin de validité ne peut précéder son début."


class DatedQuerySet(models.QuerySet):
    """Rows valid over [valid_from, valid_until] (valid_until null: still valid)."""

    def valid_on(self, day: datetime.date):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )


class DatedModel(models.Model):
    valid_from = models.DateField("valide à partir du", null=True, blank=True)
    valid_until = models.DateField("valide jusqu'au", null=True, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": "La fin de validité doit être postérieure ou égale à son début."})

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


class Network(models.Model):
    """A metropolitan network: the métropole and the programmes it coordinates."""

    name = models.CharField("nom", max_length=200, unique=True)
    non_personal_fields = {"name": "nom du réseau"}

    class Meta:
        verbose_name = "réseau"
        verbose_name_plural = "réseaux"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_additional_data(self):
        """Stored with each change-history entry so the history is scoped by network."""
        return {"network_id": self.pk}


class Commune(models.Model):
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="communes")
    insee_code = models.CharField("code INSEE", max_length=5, unique=True, validators=[validate_insee_code])
    name = models.CharField("nom", max_length=120)
    non_personal_fields = {"name": "nom de commune"}

    class Meta:
        verbose_name = "commune"
        verbose_name_plural = "communes"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_additional_data(self):
        """Stored with each change-history entry so the history is scoped by network."""
        return {"network_id": self.network_id}


class Quartier(DatedModel):
    class Kind(models.TextChoices):
        QPV = "qpv", "Quartier prioritaire (QPV)"
        VEILLE = "veille", "Quartier de veille"

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="quartiers")
    name = models.CharField("nom", max_length=120)
    kind = models.CharField("type", max_length=10, choices=Kind.choices)
    code = models.CharField("code officiel", max_length=12, blank=True)
    legal_basis = models.CharField("texte de référence", max_length=200, blank=True)
    non_personal_fields = {"name": "nom de quartier"}

    class Meta:
        verbose_name = "quartier"
        verbose_name_plural = "quartiers"
        ordering = ["commune__name", "name", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "name", "kind", "valid_from"], name="territory_quartier_unique_period"
            ),
            ordered_period("valid_from", "valid_until", PERIOD_MESSAGE, name="territory_quartier_period_ordered"),
        ]
        indexes = [models.Index(fields=["kind", "valid_from", "valid_until"])]

    def __str__(self):
        return f"{self.name} ({self.commune.name})"

    def get_additional_data(self):
        """Stored with each change-history entry so the history is scoped by network."""
        return {"network_id": self.commune.network_id}


class Organisation(models.Model):
    class Kind(models.TextChoices):
        METROPOLE = "metropole", "Métropole"
        CCAS = "ccas", "Centre communal d'action sociale"
        CAISSE_DES_ECOLES = "caisse_des_ecoles", "Caisse des écoles"
        COMMUNE = "commune", "Commune"
        PROVIDER = "provider", "Prestataire"
        STATE = "state", "Service de l'État"
        CIAS = "cias", "Centre intercommunal d'action sociale"
        INTERCOMMUNAL = "epci", "Établissement public de coopération intercommunale"
        ASSOCIATION = "association", "Association"

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="organisations")
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    name = models.CharField("nom", max_length=200)
    short_name = models.CharField("nom court", max_length=80)  # unique in its network
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="organisations")
    siret = models.CharField("SIRET", max_length=14, blank=True, validators=[validate_siret])
    address = models.CharField("adresse", max_length=200, blank=True)
    postal_code = models.CharField("code postal", max_length=10, blank=True)
    city = models.CharField("ville", max_length=120, blank=True)
    is_demo = models.BooleanField("donnée de démonstration", default=False)
    # Where the parties pay the calls for funds this organisation issues (its public accountant):
    # printed on each call; blank when unknown, never invented.
    # db_default: rows written by code that predates these columns (older migrations' data steps) stay valid.
    accountant = models.CharField(
        "comptable public assignataire",
        max_length=200,
        blank=True,
        db_default="",
        help_text="Ex. « Service de gestion comptable de Dijon » : imprimé sur les appels de fonds.",
    )
    iban = models.CharField("IBAN", max_length=34, blank=True, db_default="", validators=[validate_iban])
    bic = models.CharField("BIC", max_length=11, blank=True, db_default="", validators=[validate_bic])
    non_personal_fields = {
        "accountant": "service d'une personne morale",
        "iban": "compte d'une personne morale publique",
        "bic": "compte d'une personne morale publique",
        "name": "nom d'une personne morale",
        "short_name": "nom d'une personne morale",
        "address": "adresse d'une personne morale",
        "postal_code": "adresse d'une personne morale",
        "city": "adresse d'une personne morale",
    }

    class Meta:
        verbose_name = "organisation"
        verbose_name_plural = "organisations"
        ordering = ["name"]
        indexes = [models.Index(fields=["network", "kind"])]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "short_name"],
                name="territory_organisation_short_name_per_network",
                violation_error_message="Nom court : une autre organisation du réseau porte déjà ce nom.",
            ),
        ]

    def __str__(self):
        return self.short_name or self.name

    def get_additional_data(self):
        """Stored with each change-history entry so the history is scoped by network."""
        return {"network_id": self.network_id}

    def representative_on(self, day: datetime.date):
        return self.representatives.valid_on(day).order_by("-valid_from").first()


class Representative(DatedModel):
    """Who represents an organisation, in which capacity, over a period (as printed in acts)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="representatives")
    civility = models.CharField("civilité", max_length=20, blank=True)
    full_name = models.CharField("nom", max_length=150)
    capacity = models.CharField("qualité", max_length=120)
    source = models.ForeignKey(SourceDocument, on_delete=models.SET_NULL, null=True, blank=True)
    personal_data_fields = {"full_name": "public_official"}

    class Meta:
        verbose_name = "représentant"
        verbose_name_plural = "représentants"
        ordering = ["organisation__name", "-valid_from"]
        constraints = [
            ordered_period("valid_from", "valid_until", PERIOD_MESSAGE, name="territory_representative_period_ordered")
        ]

    def __str__(self):
        return f"{self.civility} {self.full_name}, {self.capacity}".strip()

    def get_additional_data(self):
        """Stored with each change-history entry so the history is scoped by network."""
        return {"network_id": self.organisation.network_id}


class Programme(models.Model):
    """A Programme de Réussite Éducative (PRE) of a commune."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="programmes")
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="programmes")
    name = models.CharField("nom", max_length=200)
    quartiers = models.ManyToManyField(Quartier, blank=True, related_name="programmes", verbose_name="quartiers")
    age_min = models.PositiveSmallIntegerField("âge minimal", default=2)
    age_max = models.PositiveSmallIntegerField("âge maximal", default=16)
    non_personal_fields = {"name": "nom de programme"}

    class Meta:
        verbose_name = "programme"
        verbose_name_plural = "programmes"
        ordering = ["commune__name"]
        constraints = [
            models.CheckConstraint(condition=Q(age_min__lte=models.F("age_max")), name="territory_programme_ages"),
        ]

    def __str__(self):
        return self.name

    def get_additional_data(self):
        """Stored with each change-history entry so the history is scoped by network."""
        return {"network_id": self.network_id}

    def carrier_on(self, day: datetime.date):
        carrier = self.carriers.valid_on(day).select_related("organisation").order_by("-valid_from").first()
        return carrier.organisation if carrier else None


class ProgrammeCarrier(DatedModel):
    """The organisation that carries a programme over a period (it can change over time)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="carriers")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="carried_programmes")

    class Meta:
        verbose_name = "porteur de programme"
        verbose_name_plural = "porteurs de programme"
        ordering = ["programme", "valid_from"]
        indexes = [models.Index(fields=["organisation", "valid_from", "valid_until"])]
        constraints = [
            ordered_period("valid_from", "valid_until", PERIOD_MESSAGE, name="territory_carrier_period_ordered")
        ]

    def __str__(self):
        return f"{self.organisation} → {self.programme}"

    def get_additional_data(self):
        """Stored with each change-history entry so the history is scoped by network."""
        return {"network_id": self.programme.network_id}


class YouthCount(models.Model):
    """Youth identified in a year: per programme, or for the whole network when only a total is known."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="youth_counts")
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, null=True, blank=True, related_name="youth_counts"
    )
    year = models.PositiveSmallIntegerField("année")
    count = models.PositiveIntegerField("jeunes identifiés")
    source = models.ForeignKey(SourceDocument, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="source")

    class Meta:
        verbose_name = "effectif de jeunes identifiés"
        verbose_name_plural = "effectifs de jeunes identifiés"
        ordering = ["year", "programme__commune__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year"],
                condition=Q(programme__isnull=False),
                name="territory_youthcount_one_per_programme_year",
            ),
            models.UniqueConstraint(
                fields=["network", "year"],
                condition=Q(programme__isnull=True),
                name="territory_youthcount_one_total_per_network_year",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="territory_youthcount_year_range"
            ),
        ]
        indexes = [models.Index(fields=["network", "year"])]

    def __str__(self):
        # No count: the text is stored in the change history, which may not show counts below the
        # small-cell threshold (reussite/core/numbers.py).
        scope = self.programme or "total du réseau"
        return f"{scope} {self.year}"

    def get_additional_data(self):
        """Stored with each change-history entry: the history is scoped by network, and its counts
        are withheld like the table's for whoever does not work in the programme."""
        return {"network_id": self.network_id, "programme_id": self.programme_id}


class PrintedEvolution(models.Model):
    """An evolution printed in a source document, kept to be checked against the data.

    As printed: a percentage ("+16%"), an absolute change ("−92", "en baisse de 92"), or both. The
    platform derives the base (the ``from_year`` count) the change implies and checks it against
    the recorded or computed counts (reussite/territory/youth.py).
    """

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="printed_evolutions")
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, null=True, blank=True, related_name="printed_evolutions"
    )
    from_year = models.PositiveSmallIntegerField("année de départ")
    to_year = models.PositiveSmallIntegerField("année d'arrivée")
    percent = models.DecimalField("évolution imprimée (%)", max_digits=7, decimal_places=2, null=True, blank=True)
    change = models.IntegerField("variation imprimée (jeunes)", null=True, blank=True)
    printed_text = models.CharField("texte imprimé", max_length=40)
    source = models.ForeignKey(SourceDocument, on_delete=models.PROTECT, verbose_name="source")

    class Meta:
        verbose_name = "évolution imprimée"
        verbose_name_plural = "évolutions imprimées"
        ordering = ["to_year", "programme__commune__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__isnull=False) | Q(change__isnull=False),
                name="territory_evolution_printed_something",
                violation_error_message=(
                    "Évolution imprimée : saisir un pourcentage ou une variation en nombre de jeunes."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.programme or 'Total'} {self.from_year}→{self.to_year} : {self.printed_text}"

    def get_additional_data(self):
        """Stored with each change-history entry so the history is scoped by network."""
        return {"network_id": self.network_id}
