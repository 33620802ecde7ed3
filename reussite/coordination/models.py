"""Coordination of the network: practice exchanges, information sessions, trainings, analyse de la
pratique, with their invitations, attendance and costs (article 4 of the 2017 convention).

Participants are professionals: their names and e-mail addresses are personal data, seen only inside
the event's network. No child data here: a parcours-analysis workshop names children only by their
pseudonymous code, in its minutes.
"""

import datetime
import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from reussite.core.attachments import private_storage
from reussite.core.roles import Role
from reussite.funding.models import ActionKind
from reussite.territory.models import Network, Organisation, Programme

AMOUNT = {"max_digits": 12, "decimal_places": 2}

# Default kinds (migration 0002); the list is editable in the admin. A kind with an action feeds
# that budget line of the convention with its paid costs.
DEFAULT_EVENT_KINDS = [
    ("echange-de-pratiques", "Échange de pratiques", "", 10),
    ("information", "Séance d'information", "", 20),
    ("formation", "Formation", "formation", 30),
    ("analyse-de-la-pratique", "Séance d'analyse de la pratique", "analyse-de-la-pratique", 40),
    ("analyse-de-parcours", "Atelier d'analyse des parcours", "", 50),
]
PRACTICE_EXCHANGE = "echange-de-pratiques"


def roles_text(roles) -> str:
    """The stored form of an audience's roles: ``",referent,reader,"`` (commas around each, so that a
    rule matches one role with ``contains`` on SQLite and PostgreSQL alike); ``""``: every role."""
    chosen = sorted({str(role) for role in roles})
    return f",{','.join(chosen)}," if chosen else ""


class AudienceRoles(models.Model):
    """Audience by role: an event or a resource is for these roles only (empty: every role). The
    audience by programme is a many-to-many on each model; rules.py reads both."""

    audience_roles = models.CharField("rôles destinataires", max_length=200, blank=True, default="")

    class Meta:
        abstract = True

    @property
    def audience_role_list(self) -> list[str]:
        return [role for role in self.audience_roles.split(",") if role]

    @property
    def audience_role_labels(self) -> list[str]:
        labels = dict(Role.choices)
        return [str(labels.get(role, role)) for role in self.audience_role_list]


class EventKind(models.Model):
    code = models.SlugField("code", max_length=60, unique=True)
    label = models.CharField("libellé", max_length=120)
    action_kind = models.ForeignKey(
        ActionKind,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="ligne budgétaire alimentée",
        help_text="les coûts payés de ce type alimentent le réalisé de cette ligne de la convention",
    )
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "type d'événement"
        verbose_name_plural = "types d'événement"
        ordering = ["position", "label"]

    def __str__(self):
        return self.label

    @classmethod
    def default(cls, code: str) -> "EventKind":
        """One of the default kinds, created if the list was emptied (e.g. a flushed test database)."""
        label, action_code, position = next((lbl, a, pos) for c, lbl, a, pos in DEFAULT_EVENT_KINDS if c == code)
        action = ActionKind.default(action_code) if action_code else None
        return cls.objects.get_or_create(
            code=code, defaults={"label": label, "position": position, "action_kind": action}
        )[0]


class EventSeries(models.Model):
    """A recurring series: every ``interval_months`` months, the ``week_of_month``-th ``weekday``
    (``week_of_month`` = -1: the last one), from ``first_date`` to ``last_date``."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="event_series")
    kind = models.ForeignKey(EventKind, on_delete=models.PROTECT, verbose_name="type")
    title = models.CharField("intitulé", max_length=200)
    interval_months = models.PositiveSmallIntegerField(
        "tous les (mois)", default=2, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    weekday = models.PositiveSmallIntegerField(
        "jour de la semaine",
        choices=[(0, "lundi"), (1, "mardi"), (2, "mercredi"), (3, "jeudi"), (4, "vendredi"), (5, "samedi")],
        default=1,
    )
    week_of_month = models.SmallIntegerField(
        "semaine du mois",
        choices=[(1, "premier"), (2, "deuxième"), (3, "troisième"), (4, "quatrième"), (-1, "dernier")],
        default=2,
    )
    first_date = models.DateField("à partir du")
    last_date = models.DateField("jusqu'au")
    start_time = models.TimeField("début", default=datetime.time(9, 30))
    end_time = models.TimeField("fin", default=datetime.time(12, 0))
    place = models.CharField("lieu", max_length=200, blank=True)
    organiser = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="organisateur")
    is_demo = models.BooleanField("donnée de démonstration", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "série d'événements"
        verbose_name_plural = "séries d'événements"
        ordering = ["-first_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_date__gte=models.F("first_date")),
                name="coordination_series_dates_ordered",
                violation_error_message="Jusqu'au : la date de fin ne peut précéder la date de début.",
            ),
        ]

    def __str__(self):
        return self.title


class Event(AudienceRoles):
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="events")
    kind = models.ForeignKey(EventKind, on_delete=models.PROTECT, verbose_name="type")
    series = models.ForeignKey(EventSeries, on_delete=models.SET_NULL, null=True, blank=True, related_name="events")
    title = models.CharField("intitulé", max_length=200)
    date = models.DateField("date")
    start_time = models.TimeField("début", default=datetime.time(9, 30))
    end_time = models.TimeField("fin", default=datetime.time(12, 0))
    place = models.CharField("lieu", max_length=200, blank=True)
    video_link = models.URLField("lien de visioconférence", blank=True)
    organiser = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="organisateur")
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="intervenant ou prestataire",
    )
    speaker = models.CharField("intervenant·e", max_length=200, blank=True)
    audience_programmes = models.ManyToManyField(Programme, blank=True, verbose_name="programmes invités")
    agenda = models.TextField("ordre du jour", blank=True)
    minutes = models.TextField(
        "compte rendu", blank=True, help_text="aucun nom d'enfant : seulement leur code pseudonyme"
    )
    # Cancelled events stay (their invitations, attendance and cost are history), marked as such.
    cancelled_at = models.DateTimeField("annulé le", null=True, blank=True)
    cancellation_reason = models.CharField("motif de l'annulation", max_length=300, blank=True)
    # iCalendar SEQUENCE: raised at each change invitees are told of, so calendars replace the old one.
    sequence = models.PositiveIntegerField(default=0)
    is_demo = models.BooleanField("donnée de démonstration", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    personal_data_fields = {"speaker": "identity"}

    class Meta:
        verbose_name = "événement"
        verbose_name_plural = "événements"
        ordering = ["date", "start_time", "id"]
        indexes = [models.Index(fields=["network", "date"]), models.Index(fields=["kind", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")),
                name="coordination_event_times_ordered",
                violation_error_message="Fin : l'heure de fin doit suivre l'heure de début.",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.date:%d/%m/%Y})"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def starts_at(self) -> datetime.datetime:
        return datetime.datetime.combine(self.date, self.start_time)

    @property
    def ends_at(self) -> datetime.datetime:
        return datetime.datetime.combine(self.date, self.end_time)


class Invitation(models.Model):
    """One invited professional: reply, then attendance on the day (one sign-in sheet line)."""

    class Reply(models.TextChoices):
        PENDING = "pending", "sans réponse"
        YES = "yes", "oui"
        NO = "no", "non"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitations"
    )
    full_name = models.CharField("nom", max_length=200)
    email = models.EmailField("courriel")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reply = models.CharField("réponse", max_length=8, choices=Reply.choices, default=Reply.PENDING)
    replied_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField("présent·e", null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    personal_data_fields = {"full_name": "identity", "email": "contact"}

    class Meta:
        verbose_name = "invitation"
        verbose_name_plural = "invitations"
        ordering = ["event", "organisation__short_name", "full_name"]
        constraints = [models.UniqueConstraint(fields=["event", "email"], name="coordination_invitation_unique")]

    def __str__(self):
        return f"Invitation #{self.pk}"  # no name: __str__ ends up in the change history


class ProviderRate(models.Model):
    """A provider's dated rate: applies to events from ``valid_from`` until the next rate."""

    class Unit(models.TextChoices):
        SESSION = "session", "par séance"
        HOUR = "hour", "par heure"

    provider = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="coordination_rates")
    unit = models.CharField("unité", max_length=8, choices=Unit.choices, default=Unit.SESSION)
    amount = models.DecimalField("tarif", **AMOUNT, validators=[MinValueValidator(Decimal("0"))])
    valid_from = models.DateField("applicable à partir du")
    contract_reference = models.CharField(
        "référence du contrat",
        max_length=100,
        blank=True,
        help_text="marché, bon de commande ou convention avec le prestataire, tel qu'imprimé",
    )
    is_assumption = models.BooleanField("hypothèse", default=False)

    class Meta:
        verbose_name = "tarif d'intervenant"
        verbose_name_plural = "tarifs d'intervenant"
        ordering = ["provider", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "unit", "valid_from"], name="coordination_rate_unique"),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="coordination_rate_non_negative",
                violation_error_message="Tarif : il ne peut pas être négatif.",
            ),
        ]

    def __str__(self):
        return f"{self.amount} € {self.get_unit_display()} dès le {self.valid_from:%d/%m/%Y}"


class EventCost(models.Model):
    """What an event costs: rate at the event's date × quantity; paid costs feed the convention."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="cost")
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    unit = models.CharField("unité", max_length=8, choices=ProviderRate.Unit.choices)
    quantity = models.DecimalField(
        "quantité", max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    rate = models.DecimalField("tarif appliqué", **AMOUNT)
    amount = models.DecimalField("montant", **AMOUNT)
    invoice_reference = models.CharField("référence de la facture", max_length=60, blank=True)
    paid_on = models.DateField("payé le", null=True, blank=True)
    is_demo = models.BooleanField("donnée de démonstration", default=False)

    class Meta:
        verbose_name = "coût d'événement"
        verbose_name_plural = "coûts d'événement"
        ordering = ["event__date"]
        indexes = [models.Index(fields=["paid_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(rate__gte=0),
                name="coordination_cost_non_negative",
                violation_error_message="Montant : il ne peut pas être négatif.",
            ),
        ]

    def __str__(self):
        return f"Coût de l'événement #{self.event_id}"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """The secret of a user's calendar feed URL (no personal data in the URL; revocable)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "jeton d'agenda"
        verbose_name_plural = "jetons d'agenda"

    def __str__(self):
        return f"Jeton d'agenda #{self.pk}"


def resource_path(instance, filename):
    # A random name: the original file name may hold personal data and stays in the database only.
    return f"resources/{uuid.uuid4().hex}"


class Resource(AudienceRoles):
    """A document or link shared with the network: presentations, guides, legal texts, the charter."""

    class Kind(models.TextChoices):
        PRESENTATION = "presentation", "Présentation"
        GUIDE = "guide", "Guide"
        LEGAL = "legal", "Texte juridique"
        CHARTER = "charter", "Charte"
        OTHER = "other", "Autre"

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="resources")
    kind = models.CharField("type", max_length=14, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField("titre", max_length=200)
    description = models.TextField("description", blank=True)
    tags = models.CharField("mots-clés", max_length=200, blank=True, help_text="séparés par des virgules")
    audience_programmes = models.ManyToManyField(Programme, blank=True, verbose_name="programmes destinataires")
    valid_until = models.DateField("valable jusqu'au", null=True, blank=True)
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name="présenté lors de",
    )
    link = models.URLField("lien", blank=True)
    file = models.FileField("fichier", storage=private_storage, upload_to=resource_path, blank=True)
    file_label = models.CharField("nom du fichier", max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    is_demo = models.BooleanField("donnée de démonstration", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "ressource"
        verbose_name_plural = "ressources"
        ordering = ["-created_at", "id"]
        indexes = [models.Index(fields=["network", "kind"])]

    def __str__(self):
        return self.title


class Feedback(models.Model):
    """A participant's satisfaction after a training or an analyse de la pratique session: a score
    from 1 to 5 and an optional comment; one per invitation (of someone who attended)."""

    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="feedback")
    score = models.PositiveSmallIntegerField(
        "satisfaction",
        choices=[(1, "1 — pas du tout satisfait·e"), (2, "2"), (3, "3"), (4, "4"), (5, "5 — très satisfait·e")],
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    comment = models.TextField("commentaire", blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "avis de satisfaction"
        verbose_name_plural = "avis de satisfaction"
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5),
                name="coordination_feedback_score_range",
                violation_error_message="Satisfaction : une note de 1 à 5 est attendue.",
            ),
        ]

    def __str__(self):
        return f"Avis #{self.pk}"
