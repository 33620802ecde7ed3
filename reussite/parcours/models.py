"""Children and families followed by a programme: referral, eligibility, consent.

Every model here holds personal data of minors: reads go through ``accounts/disclosure.py``,
fields are declared in ``personal_data_fields``, changes are kept by django-auditlog.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property

from reussite.core.attachments import private_storage
from reussite.territory.models import Commune, Network, Programme, Quartier

from .consents import PURPOSE_LABELS, ConsentFact, Purpose
from .identity import age_band, age_on, match_key, months_between, new_code, normalize


def evidence_path(instance, filename):
    # A random name: no personal data in file names.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"consents/{uuid.uuid4().hex}.{extension}"


class School(models.Model):
    """A school children of the network attend; priority schools (REP, REP+) make a child eligible."""

    class Priority(models.TextChoices):
        NONE = "", "Hors éducation prioritaire"
        REP = "rep", "REP"
        REP_PLUS = "rep_plus", "REP+"

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="schools")
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="schools")
    name = models.CharField("nom", max_length=200)
    uai = models.CharField("code UAI", max_length=8, blank=True)
    priority = models.CharField("éducation prioritaire", max_length=10, choices=Priority.choices, blank=True)
    non_personal_fields = {"name": "nom d'un établissement scolaire"}

    class Meta:
        verbose_name = "établissement scolaire"
        verbose_name_plural = "établissements scolaires"
        ordering = ["commune__name", "name"]
        constraints = [models.UniqueConstraint(fields=["commune", "name"], name="parcours_school_unique_name")]

    def __str__(self):
        suffix = f" ({self.get_priority_display()})" if self.priority else ""
        return f"{self.name}{suffix}"

    @property
    def is_priority(self) -> bool:
        return bool(self.priority)


class ReferralReason(models.Model):
    """A reason for referral, as a network lists them (configurable in the admin)."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="referral_reasons")
    label = models.CharField("motif", max_length=120)
    is_active = models.BooleanField("proposé", default=True)

    class Meta:
        verbose_name = "motif de saisine"
        verbose_name_plural = "motifs de saisine"
        ordering = ["label"]
        constraints = [models.UniqueConstraint(fields=["network", "label"], name="parcours_reason_unique_label")]

    def __str__(self):
        return self.label


class ExitReason(models.Model):
    """Why a parcours ended, as a network lists them (configurable in the admin)."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="exit_reasons")
    label = models.CharField("motif de sortie", max_length=120)
    is_active = models.BooleanField("proposé", default=True)

    class Meta:
        verbose_name = "motif de sortie"
        verbose_name_plural = "motifs de sortie"
        ordering = ["label"]
        constraints = [models.UniqueConstraint(fields=["network", "label"], name="parcours_exit_reason_unique_label")]

    def __str__(self):
        return self.label


class Household(models.Model):
    """Where a child lives: the address stays with the programme, the quartier serves the figures."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="households")
    address = models.CharField("adresse", max_length=200)
    postal_code = models.CharField("code postal", max_length=10, blank=True)
    city = models.CharField("ville", max_length=120, blank=True)
    quartier = models.ForeignKey(
        Quartier,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="households",
        verbose_name="quartier",
        help_text="Quartier du programme où se trouve l'adresse (vide : hors quartier prioritaire).",
    )
    composition = models.CharField("composition du foyer", max_length=200, blank=True)
    personal_data_fields = {
        "address": "contact",
        "postal_code": "contact",
        "city": "contact",
        "composition": "sensitive",
    }

    class Meta:
        verbose_name = "foyer"
        verbose_name_plural = "foyers"

    def __str__(self):
        return f"Foyer n° {self.pk}"


class Guardian(models.Model):
    """A holder of parental authority (or another adult of the household)."""

    class Relationship(models.TextChoices):
        MOTHER = "mother", "Mère"
        FATHER = "father", "Père"
        TUTOR = "tutor", "Tuteur ou tutrice"
        OTHER = "other", "Autre"

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="guardians")
    first_name = models.CharField("prénom", max_length=100)
    last_name = models.CharField("nom", max_length=100)
    relationship = models.CharField("lien", max_length=10, choices=Relationship.choices)
    holds_parental_authority = models.BooleanField("titulaire de l'autorité parentale", default=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    personal_data_fields = {
        "first_name": "identity",
        "last_name": "identity",
        "phone": "contact",
        "holds_parental_authority": "sensitive",
    }

    class Meta:
        verbose_name = "titulaire de l'autorité parentale"
        verbose_name_plural = "titulaires de l'autorité parentale"
        ordering = ["pk"]

    def __str__(self):
        # Never a name: __str__ is the object_repr of the change history (django-auditlog).
        return f"Titulaire n° {self.pk}"

    @property
    def display_name(self) -> str:
        """« Paul MARTIN (père) », for pages of those who see the child named."""
        return f"{self.first_name} {self.last_name.upper()} ({self.get_relationship_display().lower()})"


class IntensityProfile(models.IntegerChoices):
    """The intensity profile of a parcours, 1 (lightest) to 4 (most intense), as the State's annual
    survey counts children by it."""

    ONE = 1, "Profil 1 — accompagnement ponctuel"
    TWO = 2, "Profil 2 — accompagnement régulier"
    THREE = 3, "Profil 3 — accompagnement renforcé"
    FOUR = 4, "Profil 4 — accompagnement intensif"


class ChildQuerySet(models.QuerySet):
    def matching(self, first_name, last_name, birth_date):
        return self.filter(match_key=match_key(first_name, last_name, birth_date))


class Child(models.Model):
    class Sex(models.TextChoices):
        GIRL = "F", "Fille"
        BOY = "M", "Garçon"

    class Status(models.TextChoices):
        REFERRED = "referred", "Orienté, en attente"
        INELIGIBLE = "ineligible", "Non éligible"
        ACTIVE = "active", "En parcours"
        EXITED = "exited", "Sorti"

    class Level(models.TextChoices):
        NOT_SCHOOLED = "none", "Non scolarisé"
        MATERNELLE = "maternelle", "Maternelle"
        ELEMENTAIRE = "elementaire", "Élémentaire"
        COLLEGE = "college", "Collège"
        LYCEE = "lycee", "Lycée"
        OTHER = "other", "Autre (formation, IME…)"

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="children")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="children")
    code = models.CharField("code", max_length=12, unique=True, default=new_code, editable=False)
    first_name = models.CharField("prénom", max_length=100)
    last_name = models.CharField("nom", max_length=100)
    birth_date = models.DateField("date de naissance")
    sex = models.CharField("sexe", max_length=1, choices=Sex.choices)
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name="école"
    )
    school_level = models.CharField("niveau scolaire", max_length=12, choices=Level.choices)
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children_followed",
        verbose_name="référent de parcours",
    )
    status = models.CharField("statut", max_length=12, choices=Status.choices, default=Status.REFERRED)
    entered_on = models.DateField("entrée en parcours", null=True, blank=True)
    exited_on = models.DateField("sortie du parcours", null=True, blank=True)
    exit_reason = models.ForeignKey(
        ExitReason, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="motif de sortie"
    )
    exit_note = models.CharField("précision sur la sortie", max_length=200, blank=True)
    # The profile of the latest review that set one (the State survey counts children by it).
    intensity_profile = models.PositiveSmallIntegerField(
        "profil d'intensité", choices=IntensityProfile.choices, null=True, blank=True
    )
    # Set by the retention command: identity and notes erased, statistics kept (docs/parcours.md).
    anonymised_on = models.DateField("anonymisé le", null=True, blank=True, editable=False)
    # Derived from the identity, for duplicate detection and searches tolerant to accents and case.
    match_key = models.CharField(max_length=250, editable=False)
    search_name = models.CharField(max_length=220, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ChildQuerySet.as_manager()
    personal_data_fields = {
        "first_name": "identity",
        "last_name": "identity",
        "birth_date": "identity",
        "sex": "identity",
        "match_key": "identity",
        "search_name": "identity",
        "school": "identity",
        "household": "contact",
        "exit_note": "sensitive",
    }

    class Meta:
        verbose_name = "enfant"
        verbose_name_plural = "enfants"
        ordering = ["last_name", "first_name"]
        constraints = [
            # Same names (accents and case aside) and birth date in a programme: the same child.
            models.UniqueConstraint(
                fields=["programme", "match_key"],
                name="parcours_child_unique_in_programme",
                violation_error_message="Cet enfant est déjà enregistré dans ce programme.",
            ),
            models.CheckConstraint(
                condition=Q(exited_on__isnull=True)
                | Q(entered_on__isnull=True)
                | Q(exited_on__gte=models.F("entered_on")),
                name="parcours_child_exit_after_entry",
                violation_error_message="La sortie ne peut précéder l'entrée en parcours.",
            ),
        ]
        indexes = [
            models.Index(fields=["programme", "status"]),
            models.Index(fields=["programme", "last_name", "first_name"]),
            models.Index(fields=["referent", "status"]),
            models.Index(fields=["birth_date"]),
        ]

    def __str__(self):
        # Never a name: __str__ ends up in logs, change history and error pages.
        return self.code

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)

    def fill_derived(self):
        """Set the fields derived from the identity (call it before a bulk_create)."""
        self.match_key = match_key(self.first_name, self.last_name, self.birth_date)
        self.search_name = f"{normalize(self.first_name)} {normalize(self.last_name)}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name.upper()}"

    def age_on(self, day: datetime.date) -> int:
        return age_on(self.birth_date, day)

    @property
    def age(self) -> int:
        return self.age_on(timezone.localdate())

    @property
    def age_band(self) -> str | None:
        return age_band(self.age)

    def parcours_months(self, today: datetime.date | None = None) -> int | None:
        """Completed months in parcours, up to the exit or today."""
        if self.entered_on is None:
            return None
        return months_between(self.entered_on, self.exited_on or today or timezone.localdate())

    def get_additional_data(self):
        return {"network_id": self.programme.network_id}


class ParcoursPeriod(models.Model):
    """One parcours of a child, from entry to exit: a child referred again after an exit has several.

    ``Child.entered_on``/``exited_on`` describe the current one; the periods keep them all, so that
    the youth identified in a past year (children with a parcours active during that year) and the
    durations survive a new referral.
    """

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="periods")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="parcours_periods")
    entered_on = models.DateField("entrée en parcours")
    exited_on = models.DateField("sortie du parcours", null=True, blank=True)
    exit_reason = models.ForeignKey(
        ExitReason, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="motif de sortie"
    )

    class Meta:
        verbose_name = "période de parcours"
        verbose_name_plural = "périodes de parcours"
        ordering = ["entered_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(exited_on__isnull=True) | Q(exited_on__gte=models.F("entered_on")),
                name="parcours_period_exit_after_entry",
                violation_error_message="La sortie ne peut précéder l'entrée en parcours.",
            ),
            models.UniqueConstraint(
                fields=["child"], condition=Q(exited_on__isnull=True), name="parcours_period_one_open_per_child"
            ),
        ]
        indexes = [models.Index(fields=["programme", "entered_on"])]

    def __str__(self):
        return f"Parcours n° {self.pk}"

    def get_additional_data(self):
        return {"network_id": self.programme.network_id}


class Referral(models.Model):
    """A referral (*saisine*): kept with its eligibility verdict, never lost when ineligible."""

    class Source(models.TextChoices):
        SCHOOL = "school", "Établissement scolaire"
        PMI = "pmi", "PMI"
        CMP = "cmp", "CMP"
        SOCIAL_SERVICES = "social", "Service social"
        ASE = "ase", "Aide sociale à l'enfance (ASE)"
        FAMILY = "family", "Famille"
        OTHER = "other", "Autre"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="referrals")
    date = models.DateField("date de saisine")
    source = models.CharField("origine", max_length=10, choices=Source.choices)
    reasons = models.ManyToManyField(ReferralReason, related_name="referrals", verbose_name="motifs")
    referrer = models.CharField("personne à l'origine de la saisine", max_length=200, blank=True)
    eligible = models.BooleanField("éligible")
    ineligibility_reason = models.TextField("motif de non-éligibilité", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    personal_data_fields = {"referrer": "identity"}

    class Meta:
        verbose_name = "saisine"
        verbose_name_plural = "saisines"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["child", "date"])]

    def __str__(self):
        return f"Saisine du {self.date:%d/%m/%Y}"

    def get_additional_data(self):
        return {"network_id": self.child.programme.network_id}


class ConsentQuerySet(models.QuerySet):
    def facts(self) -> list[ConsentFact]:
        return [c.fact for c in self]


class Consent(models.Model):
    """A holder of parental authority's consent, for listed purposes, from a date until revoked."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="consents")
    guardian = models.ForeignKey(Guardian, on_delete=models.PROTECT, related_name="consents")
    given_on = models.DateField("date du consentement")
    purposes = models.JSONField("finalités", default=list)
    partner = models.CharField("partenaire nommé", max_length=200, blank=True)
    evidence = models.FileField(
        "formulaire signé", upload_to=evidence_path, storage=private_storage, blank=True, max_length=200
    )
    revoked_on = models.DateField("révoqué le", null=True, blank=True)
    revocation_note = models.CharField("motif de la révocation", max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ConsentQuerySet.as_manager()
    # The revocation note is free text about the family: kept out of the change history.
    personal_data_fields = {"evidence": "identity", "revocation_note": "sensitive"}
    non_personal_fields = {"guardian": "lien vers le titulaire, dont l'identité est déclarée sur Guardian"}

    class Meta:
        verbose_name = "consentement"
        verbose_name_plural = "consentements"
        ordering = ["-given_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_on__isnull=True) | Q(revoked_on__gte=models.F("given_on")),
                name="parcours_consent_revoked_after_given",
                violation_error_message="La révocation ne peut précéder le consentement.",
            ),
        ]

    def __str__(self):
        return f"Consentement du {self.given_on:%d/%m/%Y}"

    @cached_property
    def fact(self) -> ConsentFact:
        return ConsentFact(
            holder_id=self.guardian_id,
            purposes=frozenset(self.purposes),
            given_on=self.given_on,
            revoked_on=self.revoked_on,
            partner=self.partner,
        )

    @property
    def purpose_labels(self) -> list[str]:
        return [PURPOSE_LABELS[Purpose(p)] for p in self.purposes if p in Purpose.__members__.values()]

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.given_on <= day and (self.revoked_on is None or self.revoked_on > day)

    def get_additional_data(self):
        return {"network_id": self.child.programme.network_id}


class EpsMember(models.Model):
    """A member of a programme's *équipe pluridisciplinaire de soutien*, from a partner organisation,
    bound by the confidentiality charter from the date they signed it."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="eps_members")
    full_name = models.CharField("nom", max_length=150)
    organisation_name = models.CharField("organisation", max_length=200)
    function = models.CharField("fonction", max_length=120, blank=True)
    charter_signed_on = models.DateField("charte de confidentialité signée le")
    valid_from = models.DateField("membre depuis le")
    valid_until = models.DateField("membre jusqu'au", null=True, blank=True)
    personal_data_fields = {"full_name": "identity"}
    non_personal_fields = {"organisation_name": "nom d'une personne morale"}

    class Meta:
        verbose_name = "membre de l'EPS"
        verbose_name_plural = "membres de l'EPS"
        ordering = ["full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="parcours_epsmember_period_ordered",
                violation_error_message="La fin doit suivre le début.",
            ),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.organisation_name})"

    def get_additional_data(self):
        return {"network_id": self.programme.network_id}


class EpsMeeting(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="eps_meetings")
    date = models.DateField("date")
    place = models.CharField("lieu", max_length=200, blank=True)
    minutes = models.TextField("compte rendu", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    personal_data_fields = {"minutes": "sensitive"}

    class Meta:
        verbose_name = "réunion de l'EPS"
        verbose_name_plural = "réunions de l'EPS"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["programme", "date"])]

    def __str__(self):
        return f"EPS du {self.date:%d/%m/%Y}"

    def get_additional_data(self):
        return {"network_id": self.programme.network_id}


class EpsAgendaItem(models.Model):
    """A child on a meeting's agenda, and the EPS decision about them (blank until taken)."""

    class Decision(models.TextChoices):
        ENTRY = "entry", "Entrée en parcours"
        PLAN_VALIDATED = "plan", "Plan validé"
        REVIEW = "review", "Point d'étape"
        EXIT = "exit", "Sortie"
        REDIRECTION = "redirection", "Réorientation"

    meeting = models.ForeignKey(EpsMeeting, on_delete=models.CASCADE, related_name="items")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="eps_items")
    decision = models.CharField("décision", max_length=12, choices=Decision.choices, blank=True)
    note = models.CharField("précision", max_length=300, blank=True)
    personal_data_fields = {"note": "sensitive"}

    class Meta:
        verbose_name = "point de l'ordre du jour de l'EPS"
        verbose_name_plural = "points de l'ordre du jour de l'EPS"
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "child"], name="parcours_eps_item_unique_child")]
        # The caseload's filter « décision de l'EPS en attente ».
        indexes = [models.Index(fields=["decision", "child"])]

    def __str__(self):
        return f"{self.meeting} — {self.child.code}"


# --- The parcours plan: axes → objectives → actions, reviews with measured results -------------


class Domain(models.TextChoices):
    """Domains of an action (the State survey's)."""

    SCHOOLING = "schooling", "Scolarité"
    HEALTH = "health", "Santé"
    MENTAL_HEALTH = "mental_health", "Santé psychique"
    PARENTING = "parenting", "Soutien à la parentalité"
    CULTURE = "culture", "Culture"
    SPORT_LEISURE = "sport_leisure", "Sport et loisirs"
    SOCIAL = "social", "Social, accès aux droits"
    STAYS = "stays", "Séjours"
    FLE = "fle", "Français langue étrangère (FLE)"


class Axis(models.Model):
    """An axis of a child's plan (« Reprendre confiance à l'école »), grouping objectives."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="axes")
    title = models.CharField("axe", max_length=200)
    opened_on = models.DateField("ouvert le")
    position = models.PositiveSmallIntegerField("ordre", default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # An axis is written about one child: its wording may say much about them.
    personal_data_fields = {"title": "sensitive"}

    class Meta:
        verbose_name = "axe du parcours"
        verbose_name_plural = "axes du parcours"
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["child", "position"])]

    def __str__(self):
        return f"Axe n° {self.pk}"

    def get_additional_data(self):
        return {"network_id": self.child.programme.network_id}


class Objective(models.Model):
    """An objective of an axis; each review measures how far it is reached."""

    class Status(models.TextChoices):
        OPEN = "open", "En cours"
        REACHED = "reached", "Atteint"
        ABANDONED = "abandoned", "Abandonné"

    axis = models.ForeignKey(Axis, on_delete=models.CASCADE, related_name="objectives")
    title = models.CharField("objectif", max_length=300)
    opened_on = models.DateField("fixé le")
    status = models.CharField("statut", max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField("clos le", null=True, blank=True)
    personal_data_fields = {"title": "sensitive"}

    class Meta:
        verbose_name = "objectif"
        verbose_name_plural = "objectifs"
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="parcours_objective_closed_after_opened",
                violation_error_message="La clôture ne peut précéder la date où l'objectif a été fixé.",
            ),
        ]

    def __str__(self):
        return f"Objectif n° {self.pk}"

    def get_additional_data(self):
        return {"network_id": self.axis.child.programme.network_id}


class PlanAction(models.Model):
    """An action serving an objective: its domain, individual or collective, run by the programme or a
    partner, its dates and status."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", "Individuelle"
        COLLECTIVE = "collective", "Collective"

    class Provider(models.TextChoices):
        INTERNAL = "internal", "Action du programme"
        PARTNER = "partner", "Action d'un partenaire"

    class Status(models.TextChoices):
        PLANNED = "planned", "Prévue"
        ONGOING = "ongoing", "En cours"
        DONE = "done", "Réalisée"
        CANCELLED = "cancelled", "Annulée"

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField("action", max_length=200)
    domain = models.CharField("domaine", max_length=16, choices=Domain.choices)
    kind = models.CharField("individuelle ou collective", max_length=10, choices=Kind.choices)
    provider = models.CharField("porteur", max_length=10, choices=Provider.choices, default=Provider.INTERNAL)
    partner = models.CharField("partenaire", max_length=200, blank=True)
    starts_on = models.DateField("début")
    ends_on = models.DateField("fin", null=True, blank=True)
    status = models.CharField("statut", max_length=10, choices=Status.choices, default=Status.PLANNED)
    personal_data_fields = {"title": "sensitive"}
    non_personal_fields = {"partner": "nom d'une structure partenaire"}

    class Meta:
        verbose_name = "action du parcours"
        verbose_name_plural = "actions du parcours"
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="parcours_planaction_period_ordered",
                violation_error_message="La fin de l'action ne peut précéder son début.",
            ),
        ]
        indexes = [models.Index(fields=["domain", "starts_on"])]

    def __str__(self):
        return f"Action n° {self.pk}"

    def get_additional_data(self):
        return {"network_id": self.objective.axis.child.programme.network_id}


class Review(models.Model):
    """A review (*bilan*) of a child's parcours: its date, the intensity profile then, a summary,
    and a measured result per objective."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="reviews")
    date = models.DateField("date du bilan")
    eps_meeting = models.ForeignKey(
        EpsMeeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviews",
        verbose_name="réunion de l'EPS",
    )
    intensity_profile = models.PositiveSmallIntegerField(
        "profil d'intensité", choices=IntensityProfile.choices, null=True, blank=True
    )
    summary = models.TextField("synthèse", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    personal_data_fields = {"summary": "sensitive"}

    class Meta:
        verbose_name = "bilan"
        verbose_name_plural = "bilans"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["child", "date"])]

    def __str__(self):
        return f"Bilan du {self.date:%d/%m/%Y}"

    def get_additional_data(self):
        return {"network_id": self.child.programme.network_id}


class ObjectiveResult(models.Model):
    """How far an objective is reached at a review: a level on a four-step scale and a comment."""

    class Level(models.IntegerChoices):
        NOT_REACHED = 1, "Non atteint"
        PROGRESSING = 2, "En progression"
        MOSTLY = 3, "Largement atteint"
        REACHED = 4, "Atteint"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="results")
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="results")
    level = models.PositiveSmallIntegerField("résultat", choices=Level.choices)
    comment = models.CharField("commentaire", max_length=500, blank=True)
    personal_data_fields = {"comment": "sensitive"}

    class Meta:
        verbose_name = "résultat d'un objectif"
        verbose_name_plural = "résultats des objectifs"
        ordering = ["objective_id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "objective"], name="parcours_result_one_per_objective"),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=4),
                name="parcours_result_level_range",
                violation_error_message="Résultat : choisissez un niveau de 1 à 4.",
            ),
        ]

    def __str__(self):
        return f"Résultat n° {self.pk}"

    def get_additional_data(self):
        return {"network_id": self.review.child.programme.network_id}
