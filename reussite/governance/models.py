"""Deliberative bodies, their members, sittings, attendance, proxies and numbered deliberations."""

import datetime

from django.db import models
from django.db.models import Q

from reussite.core.constraints import ordered_period
from reussite.territory.models import Organisation

from .rules_engine import RuleSet, decision_sentence


class Body(models.Model):
    """A deliberative body of an organisation, with its configurable rule set."""

    class Kind(models.TextChoices):
        CCAS_BOARD = "ccas_board", "Conseil d'administration de CCAS"
        SCHOOL_FUND_COMMITTEE = "school_fund_committee", "Comité de la caisse des écoles"
        MUNICIPAL_COUNCIL = "municipal_council", "Conseil municipal"
        METROPOLITAN_COUNCIL = "metropolitan_council", "Conseil métropolitain"
        COMMUNITY_COUNCIL = "community_council", "Conseil communautaire"
        OTHER = "other", "Autre instance"

    # Convocation delay: 3 clear days for a CCAS board (CASF R123-19) and by default; set 5 for a
    # municipal council of a commune of 3 500 inhabitants or more (CGCT L2121-12) and for a
    # metropolitan council (L5211-1).
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="bodies", verbose_name="organisation"
    )
    kind = models.CharField("type d'instance", max_length=30, choices=Kind.choices)
    other_kind = models.CharField(
        "type d'instance (autre)", max_length=120, blank=True, help_text="Pour une instance de type « autre »."
    )
    name = models.CharField("nom de l'instance", max_length=200)
    issuer_name = models.CharField(
        "nom de l'émetteur dans les actes",
        max_length=200,
        help_text="Tel qu'imprimé en tête des extraits, p. ex. « Centre Communal d'Action Sociale de DIJON ».",
    )
    register_name = models.CharField(
        "nom de l'instance dans le registre",
        max_length=120,
        help_text="P. ex. « Conseil d'Administration » (« Pour extrait conforme au registre des délibérations du… »).",
    )
    code = models.SlugField("code", max_length=40, unique=True, help_text="Sert aux noms de fichiers.")
    default_recipients = models.TextField(
        "destinataires par défaut",
        blank=True,
        default="Préfecture : 1\nRegistre : 1",
        help_text="Une ligne par destinataire, p. ex. « Préfecture : 1 ».",
    )
    # Rule set (defaults from the law for a CCAS board).
    quorum_numerator = models.PositiveSmallIntegerField("quorum : numérateur", default=1)
    quorum_denominator = models.PositiveSmallIntegerField("quorum : dénominateur", default=2)
    max_proxies_per_holder = models.PositiveSmallIntegerField("pouvoirs par mandataire", default=1)
    casting_vote = models.BooleanField("voix prépondérante du président (hors scrutin secret)", default=True)
    convocation_clear_days = models.PositiveSmallIntegerField("délai de convocation (jours francs)", default=3)
    second_convocation_without_quorum = models.BooleanField(
        "sur seconde convocation, pas de condition de quorum", default=True
    )
    second_convocation_clear_days = models.PositiveSmallIntegerField(
        "délai de seconde convocation (jours francs)", default=3
    )
    # A CCAS board prints "16 administrateurs en exercice" beside 17 names: the mayor presides ex officio
    # and is not counted among the members in office.
    president_counted_in_office = models.BooleanField(
        "le président de droit compte parmi les membres en exercice", default=True
    )
    non_personal_fields = {
        "name": "nom d'une instance",
        "issuer_name": "nom d'une personne morale",
        "register_name": "nom d'une instance",
        "max_proxies_per_holder": "règle de l'instance (nombre de pouvoirs), pas une personne",
    }

    class Meta:
        verbose_name = "instance"
        verbose_name_plural = "instances"
        ordering = ["organisation__short_name", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_denominator__gt=0) & Q(quorum_numerator__lt=models.F("quorum_denominator")),
                name="governance_body_quorum_fraction",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def kind_label(self) -> str:
        return self.other_kind if self.kind == self.Kind.OTHER and self.other_kind else self.get_kind_display()

    @property
    def rules(self) -> RuleSet:
        return RuleSet(
            quorum_numerator=self.quorum_numerator,
            quorum_denominator=self.quorum_denominator,
            max_proxies_per_holder=self.max_proxies_per_holder,
            casting_vote=self.casting_vote,
            convocation_clear_days=self.convocation_clear_days,
            second_convocation_without_quorum=self.second_convocation_without_quorum,
            second_convocation_clear_days=self.second_convocation_clear_days,
            president_counted_in_office=self.president_counted_in_office,
        )


class MemberQuerySet(models.QuerySet):
    def in_office_on(self, day: datetime.date):
        return self.filter(Q(mandate_start__isnull=True) | Q(mandate_start__lte=day)).filter(
            Q(mandate_end__isnull=True) | Q(mandate_end__gte=day)
        )


class Member(models.Model):
    """A member of a body over a mandate period (null bounds: not known, taken as open)."""

    class Civility(models.TextChoices):
        M = "M.", "M."
        MME = "Mme", "Mme"

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="members", verbose_name="instance")
    civility = models.CharField("civilité", max_length=5, choices=Civility.choices, blank=True)
    first_name = models.CharField("prénom", max_length=80, blank=True)
    last_name = models.CharField("nom", max_length=120)
    quality = models.CharField("qualité", max_length=120, blank=True, help_text="P. ex. « membre élu ».")
    rank = models.PositiveSmallIntegerField("rang au tableau", default=0)
    is_president = models.BooleanField(
        "président de droit de l'instance", default=False, help_text="P. ex. le maire pour un CCAS."
    )
    mandate_start = models.DateField("début du mandat", null=True, blank=True)
    mandate_end = models.DateField("fin du mandat", null=True, blank=True)
    personal_data_fields = {"first_name": "public_official", "last_name": "public_official"}

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = "membre"
        verbose_name_plural = "membres"
        ordering = ["body", "rank", "last_name"]
        constraints = [
            ordered_period(
                "mandate_start",
                "mandate_end",
                "Fin du mandat : elle ne peut précéder son début.",
                name="governance_member_mandate_ordered",
            ),
        ]

    def __str__(self):
        return self.short_label

    @property
    def short_label(self) -> str:
        """« M. HOAREAU », as listed in the register (« HOAREAU » when the civility is not printed)."""
        return " ".join(p for p in (self.civility, self.last_name.upper()) if p)

    @property
    def full_label(self) -> str:
        """« M. Antoine HOAREAU »."""
        return " ".join(p for p in (self.civility, self.first_name, self.last_name.upper()) if p)

    @property
    def is_female(self) -> bool:
        return self.civility == self.Civility.MME

    def in_office_on(self, day: datetime.date) -> bool:
        return (self.mandate_start is None or self.mandate_start <= day) and (
            self.mandate_end is None or day <= self.mandate_end
        )


class Sitting(models.Model):
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="sittings", verbose_name="instance", db_index=False
    )
    date = models.DateField("date de la séance")
    starts_at = models.TimeField("heure", null=True, blank=True)
    place = models.CharField("lieu", max_length=200, blank=True)
    convened_on = models.DateField("date de convocation", null=True, blank=True)
    second_convocation = models.BooleanField("seconde convocation (quorum non requis)", default=False)
    president = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="presided_sittings",
        verbose_name="président de séance",
    )
    secretary = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recorded_sittings",
        verbose_name="secrétaire de séance",
    )
    # The secretary may be a staff member (e.g. the CCAS director), not a member of the board.
    secretary_name = models.CharField("secrétaire de séance (agent, hors membres)", max_length=160, blank=True)
    members_in_office = models.PositiveSmallIntegerField("membres en exercice", default=0)
    # As printed ("16 administrateurs en exercice"), kept beside the computed figure.
    printed_members_in_office = models.PositiveSmallIntegerField("membres en exercice (imprimé)", null=True, blank=True)
    members_in_office_note = models.CharField("explication de l'écart", max_length=300, blank=True)
    personal_data_fields = {"secretary_name": "public_official"}

    class Meta:
        verbose_name = "séance"
        verbose_name_plural = "séances"
        ordering = ["-date"]
        indexes = [models.Index(fields=["body", "date"])]

    def __str__(self):
        return f"{self.body} — séance du {self.date:%d/%m/%Y}"

    @property
    def secretary_label(self) -> str:
        return self.secretary.full_label if self.secretary else self.secretary_name


class AgendaItem(models.Model):
    sitting = models.ForeignKey(
        Sitting, on_delete=models.CASCADE, related_name="items", verbose_name="séance", db_index=False
    )
    position = models.PositiveSmallIntegerField("rang à l'ordre du jour")
    subject = models.CharField("objet", max_length=500)
    draft_text = models.TextField("projet de délibération", blank=True)
    secret_ballot = models.BooleanField("scrutin secret", default=False)
    # Attendance when the document gives only counts (no names): null = not recorded that way.
    counted_present = models.PositiveSmallIntegerField("présents (nombre)", null=True, blank=True)
    counted_represented = models.PositiveSmallIntegerField("représentés (nombre)", null=True, blank=True)
    counted_absent = models.PositiveSmallIntegerField("absents ou excusés (nombre)", null=True, blank=True)

    class Meta:
        verbose_name = "point de l'ordre du jour"
        verbose_name_plural = "points de l'ordre du jour"
        ordering = ["sitting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["sitting", "position"], name="governance_item_unique_position"),
        ]

    def __str__(self):
        return f"{self.position}. {self.subject}"


class Proxy(models.Model):
    """A written proxy (pouvoir) given for a sitting by a member to another member."""

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="proxies", verbose_name="séance")
    giver = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="proxies_given", verbose_name="mandant")
    holder = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="proxies_held", verbose_name="mandataire")
    non_personal_fields = {"holder": "référence à un membre (ses données sont déclarées sur Member)"}

    class Meta:
        verbose_name = "pouvoir"
        verbose_name_plural = "pouvoirs"
        constraints = [
            models.UniqueConstraint(fields=["sitting", "giver"], name="governance_proxy_one_per_giver"),
            models.CheckConstraint(condition=~Q(giver=models.F("holder")), name="governance_proxy_not_self"),
        ]

    def __str__(self):
        return f"{self.giver} → {self.holder}"


class Attendance(models.Model):
    """Who was there for one item (members arrive and leave between items)."""

    class Status(models.TextChoices):
        PRESENT = "present", "présent"
        REPRESENTED = "represented", "représenté"
        EXCUSED = "excused", "excusé"
        ABSENT = "absent", "absent"
        # The document prints one list "absents ou excusés" without telling them apart.
        ABSENT_OR_EXCUSED = "absent_or_excused", "absent ou excusé"
        # The document does not say (a member in office it does not mention): not invented as absent.
        UNKNOWN = "unknown", "non précisé"

    # db_index=False here and below: the composite index or unique constraint starting with the column
    # serves its look-ups; a second index on it alone would only cost writes and space.
    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="attendances", verbose_name="point", db_index=False
    )
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="attendances", verbose_name="membre")
    status = models.CharField("présence", max_length=20, choices=Status.choices)
    represented_by = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="represented_attendances",
        verbose_name="représenté par",
    )

    class Meta:
        verbose_name = "présence"
        verbose_name_plural = "présences"
        ordering = ["item", "member__rank", "member__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["item", "member"], name="governance_attendance_unique"),
            # A represented member's holder may be unknown (not printed); nobody else has one.
            models.CheckConstraint(
                condition=Q(status="represented") | Q(represented_by__isnull=True),
                name="governance_attendance_proxy_only_if_represented",
            ),
        ]

    def __str__(self):
        return f"{self.member} : {self.get_status_display()}"


class DeliberationQuerySet(models.QuerySet):
    def numbered(self):
        return self.filter(number__isnull=False)


class Deliberation(models.Model):
    class Outcome(models.TextChoices):
        ADOPTED = "adopted", "adoptée"
        REJECTED = "rejected", "rejetée"

    class VoteMode(models.TextChoices):
        UNANIMOUS = "unanimous", "à l'unanimité"
        COUNTED = "counted", "décompte des voix"

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="deliberations", verbose_name="instance", db_index=False
    )
    # Null once cancelled (the item may then be voted again; ``cancelled_item`` keeps where it was).
    item = models.OneToOneField(
        AgendaItem, on_delete=models.PROTECT, related_name="deliberation", verbose_name="point", null=True
    )
    year = models.PositiveSmallIntegerField("année")
    number = models.PositiveIntegerField("numéro", null=True, blank=True)
    # A past register's number as printed ("2011-045", "DM20240607028"); ``number`` is its order in the year.
    printed_number = models.CharField("numéro imprimé", max_length=40, blank=True)
    printed_voters = models.PositiveSmallIntegerField("votants (imprimé)", null=True, blank=True)
    subject = models.CharField("objet", max_length=500)
    text = models.TextField("texte")
    vote_mode = models.CharField("vote", max_length=10, choices=VoteMode.choices)
    votes_for = models.PositiveSmallIntegerField("voix pour", default=0)
    votes_against = models.PositiveSmallIntegerField("voix contre", default=0)
    abstentions = models.PositiveSmallIntegerField("abstentions", default=0)
    present_count = models.PositiveSmallIntegerField("membres présents", default=0)
    represented_count = models.PositiveSmallIntegerField("membres représentés", default=0)
    casting_vote_used = models.BooleanField("voix prépondérante du président", default=False)
    outcome = models.CharField("décision", max_length=10, choices=Outcome.choices)
    recipients = models.TextField("destinataires", blank=True, help_text="Une ligne par destinataire.")
    convention = models.ForeignKey(
        "funding.Convention",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="approving_deliberations",
        verbose_name="convention approuvée",
    )
    convention_party = models.ForeignKey(
        "funding.ConventionParty",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="approving_deliberations",
        verbose_name="partie qui approuve",
    )
    transmitted_on = models.DateField("transmise en préfecture le", null=True, blank=True)
    published_on = models.DateField("publiée le", null=True, blank=True)
    cancelled_on = models.DateField("annulée le", null=True, blank=True)
    cancellation_reason = models.TextField("motif de l'annulation", blank=True)
    cancelled_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cancelled_deliberations",
        verbose_name="point (délibération annulée)",
    )
    released_number = models.PositiveIntegerField("numéro libéré", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DeliberationQuerySet.as_manager()

    class Meta:
        verbose_name = "délibération"
        verbose_name_plural = "délibérations"
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "number"],
                condition=Q(number__isnull=False),
                name="governance_deliberation_unique_number",
            ),
            models.CheckConstraint(
                condition=Q(cancelled_on__isnull=True) | Q(item__isnull=True),
                name="governance_deliberation_cancelled_frees_item",
            ),
        ]
        indexes = [models.Index(fields=["body", "year"])]

    def __str__(self):
        return f"{self.reference} — {self.subject}"

    @property
    def approves(self) -> bool:
        """An adopted deliberation linked to a convention is its party's approval."""
        return self.convention_id is not None and self.outcome == self.Outcome.ADOPTED and not self.is_cancelled

    @property
    def reference(self) -> str:
        if self.printed_number:
            return self.printed_number
        if self.number:
            return f"{self.year}-{self.number:03d}"
        if self.released_number:
            return f"{self.year}-{self.released_number:03d} (libéré)"
        return "non numérotée"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_on is not None

    @property
    def agenda_item(self):
        """The item voted, also once the deliberation is cancelled."""
        return self.item if self.item_id else self.cancelled_item

    @property
    def sitting(self):
        return self.agenda_item.sitting

    @property
    def voters(self) -> int:
        return self.present_count + self.represented_count

    @property
    def votes_cast(self) -> int:
        return self.votes_for + self.votes_against

    @property
    def executory_on(self):
        """Executory once both transmitted to the prefecture and published: the later of the two dates."""
        if self.transmitted_on and self.published_on:
            return max(self.transmitted_on, self.published_on)
        return None

    @property
    def original_decision_sentence(self) -> str:
        return decision_sentence(
            self.outcome,
            self.vote_mode == self.VoteMode.UNANIMOUS,
            self.votes_for,
            self.votes_against,
            self.abstentions,
        )

    def latest_rectification(self):
        """The last rectification of the vote, or None (prefetch ``rectifications`` to avoid a query)."""
        rows = list(self.rectifications.all())
        return max(rows, key=lambda r: (r.sitting.date, r.pk)) if rows else None

    @property
    def decision_sentence(self) -> str:
        """The decision as it stands: the last rectification's breakdown, or the original one."""
        rectification = self.latest_rectification()
        return rectification.decision_sentence if rectification else self.original_decision_sentence

    @property
    def recipient_lines(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]

    @property
    def extract_filename(self) -> str:
        number = f"{self.number:03d}" if self.number else "brouillon"
        return f"extrait-{self.body.code}-{self.year}-{number}.pdf"


class VoteRectification(models.Model):
    """A later sitting corrects the recorded breakdown of a vote; the original stays on the deliberation."""

    deliberation = models.ForeignKey(
        Deliberation, on_delete=models.CASCADE, related_name="rectifications", verbose_name="délibération"
    )
    sitting = models.ForeignKey(
        Sitting, on_delete=models.PROTECT, related_name="rectifications", verbose_name="séance qui rectifie"
    )
    vote_mode = models.CharField("vote", max_length=10, choices=Deliberation.VoteMode.choices)
    votes_for = models.PositiveSmallIntegerField("voix pour", default=0)
    votes_against = models.PositiveSmallIntegerField("voix contre", default=0)
    abstentions = models.PositiveSmallIntegerField("abstentions", default=0)
    reason = models.TextField("motif de la rectification")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "rectification d'un vote"
        verbose_name_plural = "rectifications de votes"
        ordering = ["deliberation", "sitting__date", "pk"]

    def __str__(self):
        return f"Rectification de {self.deliberation.reference} (séance du {self.sitting.date:%d/%m/%Y})"

    @property
    def decision_sentence(self) -> str:
        return decision_sentence(
            self.deliberation.outcome,
            self.vote_mode == Deliberation.VoteMode.UNANIMOUS,
            self.votes_for,
            self.votes_against,
            self.abstentions,
        )
