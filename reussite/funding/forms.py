"""Forms of the funding pages. Every error names its field ("Champ : règle")."""

import datetime
from decimal import Decimal

from django import forms
from django.forms.utils import ErrorList
from django.utils.text import slugify

from reussite.core.date_bounds import date_rule
from reussite.core.forms import AmountField, FrenchDecimalField, LabelledErrorsMixin, PercentField
from reussite.core.models import SourceDocument
from reussite.territory.models import Organisation

from .computations import approval_after_signature, convention_date_problems
from .models import (
    ActionKind,
    Amendment,
    BudgetLine,
    Convention,
    ConventionArticle,
    ConventionParty,
    FundingShare,
    FundingYear,
    GrantEnvelope,
    GrantPayment,
    MoneyEvolution,
    StateConvention,
)


class ConventionForm(LabelledErrorsMixin, forms.ModelForm):
    class Meta:
        model = Convention
        fields = [
            "reference",
            "title",
            "kind",
            "first_year",
            "last_year",
            "starts_on_signature",
            "start_date",
            "end_date",
            "object",
            "preamble",
            "originals_count",
            "place",
            "signature_date",
            "rounding_unit",
            "capped_by_state_allocation",
            "payment_terms",
            "payment_delay_days",
        ]
        widgets = {
            "object": forms.Textarea(attrs={"rows": 4}),
            "preamble": forms.Textarea(attrs={"rows": 6}),
            "payment_terms": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, network=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.network = network or (self.instance.network if self.instance.pk else None)
        self.french_dates()
        for name in ("first_year", "last_year"):
            self.fields[name].widget.attrs.update({"min": 2000, "max": 2100})

    def clean_first_year(self):
        return _year(self.cleaned_data.get("first_year"))

    def clean_last_year(self):
        return _year(self.cleaned_data.get("last_year"))

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip()
        others = Convention.objects.filter(network=self.network, reference=reference).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError("une autre convention du réseau porte déjà cette référence.")
        return reference

    def clean(self):
        data = super().clean()
        first, last = data.get("first_year"), data.get("last_year")
        if first and last and last < first:
            self.add_error("last_year", "elle doit être postérieure ou égale à la première année.")
        if data.get("kind") == Convention.Kind.ANNUAL and first and last and first != last:
            self.add_error("last_year", "une convention annuelle couvre une seule année.")
        if not data.get("starts_on_signature") and not data.get("start_date"):
            self.add_error("start_date", "obligatoire si la convention ne s'applique pas à compter de sa signature.")
        start, end = data.get("start_date"), data.get("end_date")
        # Signed once: the signature date is not in the future; the period stays within sensible years.
        for name, latest in (
            ("signature_date", None),
            ("start_date", datetime.date(2100, 12, 31)),
            ("end_date", datetime.date(2100, 12, 31)),
        ):
            if rule := date_rule(data.get(name), latest=latest):
                self.add_error(name, rule)
        if start and end and end < start:
            self.add_error("end_date", "elle doit être postérieure ou égale à la date de début.")
        if self.instance.pk and data.get("signature_date") and "signature_date" not in self.errors:
            approvals = [(p.name, p.approval_date) for p in self.instance.parties.select_related("organisation")]
            problems = convention_date_problems(data["signature_date"], self.instance.notification_date, approvals)
            if "signature_date" in problems:
                self.add_error("signature_date", problems["signature_date"])
            elif "notification_date" in problems:
                self.add_error(
                    "signature_date",
                    f"elle ne peut suivre la notification de la convention "
                    f"({self.instance.notification_date:%d/%m/%Y}).",
                )
        if end and last and end.year < last:
            self.add_error("end_date", f"elle doit couvrir la dernière année ({last}).")
        if self.instance.pk and first and last:
            used = set(self.instance.funding_years.values_list("year", flat=True)) | set(
                self.instance.budget_lines.values_list("year", flat=True)
            )
            outside = sorted(y for y in used if y < first or y > last)
            if outside:
                self.add_error(
                    "first_year",
                    "des financements ou lignes existent pour "
                    + ", ".join(map(str, outside))
                    + " : les supprimer avant.",
                )
        return data

    def save(self, commit=True):
        if not self.instance.pk:
            self.instance.network = self.network
        return super().save(commit)


def _year(value):
    if value is not None and not 2000 <= value <= 2100:
        raise forms.ValidationError("saisissez une année entre 2000 et 2100.")
    return value


class ArticleForm(LabelledErrorsMixin, forms.ModelForm):
    class Meta:
        model = ConventionArticle
        fields = ["position", "number", "title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 5})}


class OwnIdsOnlyMixin:
    """Model formsets accept only the ids of their own queryset.

    Django gives each form's hidden id field a choice list of *every* row of the model: an id of
    another convention (another network) is then a valid choice, silently ignored, while an id that
    does not exist is refused, which tells one from the other. Restricted to the formset's queryset,
    both answer « choix valide » alike, and nothing outside can be touched.
    """

    def add_fields(self, form, index):
        super().add_fields(form, index)
        pk_name = self.model._meta.pk.name
        if pk_name in form.fields:
            form.fields[pk_name].queryset = self.get_queryset()


class BaseArticleFormSet(OwnIdsOnlyMixin, forms.BaseInlineFormSet):
    pass


ArticleFormSet = forms.inlineformset_factory(
    Convention, ConventionArticle, form=ArticleForm, formset=BaseArticleFormSet, extra=1, can_delete=True
)


class PartyForm(LabelledErrorsMixin, forms.ModelForm):
    class Meta:
        model = ConventionParty
        fields = [
            "organisation",
            "role",
            "position",
            "display_name",
            "signatory_name",
            "signatory_capacity",
            "approval_body",
            "approval_reference",
            "approval_date",
            "has_approved",
        ]

    def __init__(self, *args, convention, user, **kwargs):
        from reussite.accounts.scoping import scoped

        super().__init__(*args, **kwargs)
        self.convention = convention
        self.french_dates()
        # Scoped: an id outside the user's scope is "not a valid choice", like an id that does not exist.
        self.fields["organisation"].queryset = (
            scoped(user, Organisation).filter(network=convention.network).exclude(kind=Organisation.Kind.PROVIDER)
        )

    def clean_organisation(self):
        organisation = self.cleaned_data["organisation"]
        taken = ConventionParty.objects.filter(convention=self.convention, organisation=organisation).exclude(
            pk=self.instance.pk
        )
        if taken.exists():
            raise forms.ValidationError("cette organisation est déjà partie à la convention.")
        return organisation

    def clean(self):
        data = super().clean()
        approved = data.get("approval_date")
        if rule := date_rule(approved) or approval_after_signature(approved, self.convention.signature_date):
            self.add_error("approval_date", rule)
        if data.get("has_approved") and not (data.get("approval_reference") or data.get("approval_date")):
            self.add_error(
                "approval_reference", "indiquer la référence ou la date de la délibération qui approuve la convention."
            )
        return data

    def save(self, commit=True):
        self.instance.convention = self.convention
        return super().save(commit)


class StatusForm(LabelledErrorsMixin, forms.Form):
    status = forms.ChoiceField(label="Nouveau statut")
    effective_date = forms.DateField(label="Date d'effet")
    reason = forms.CharField(label="Motif", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = choices
        self.french_dates()


class StateConventionForm(LabelledErrorsMixin, forms.ModelForm):
    class Meta:
        model = StateConvention
        fields = ["party", "reference", "start_date", "end_date"]

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.french_dates()
        self.fields["party"].queryset = convention.parties.filter(role=ConventionParty.Role.PAYING).select_related(
            "organisation"
        )

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", "elle doit être postérieure ou égale au début.")
        return data


class StateStatusForm(LabelledErrorsMixin, forms.Form):
    status = forms.ChoiceField(label="Nouveau statut", choices=StateConvention.Status.choices)
    effective_date = forms.DateField(label="Date d'effet")
    reason = forms.CharField(label="Motif", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.french_dates()


class FundingYearForm(LabelledErrorsMixin, forms.ModelForm):
    class Meta:
        model = FundingYear
        fields = ["total_cost", "shared_total", "key_kind", "count_year", "printed_total_cost", "printed_shared_total"]
        amounts = ["total_cost", "shared_total", "printed_total_cost", "printed_shared_total"]
        field_classes = dict.fromkeys(amounts, AmountField)

    def clean_count_year(self):
        return _year(self.cleaned_data.get("count_year"))

    def clean(self):
        data = super().clean()
        if data.get("key_kind") == FundingYear.KeyKind.PRO_RATA and not data.get("count_year"):
            self.add_error("count_year", "obligatoire pour une répartition au prorata des jeunes identifiés.")
        return data


class ShareForm(LabelledErrorsMixin, forms.Form):
    """One party's line in the funding table (not a ModelForm: the party may have no share yet)."""

    NONE = ""
    kind = forms.ChoiceField(
        label="Nature", required=False, choices=[(NONE, "Aucune part"), *FundingShare.Kind.choices]
    )
    fixed_amount = AmountField(label="Montant fixé", required=False, min_value=0)
    key_percent = PercentField(
        label="Pourcentage", required=False, min_value=0, max_value=100, max_digits=9, decimal_places=4
    )
    printed_amount = AmountField(label="Montant imprimé", required=False)
    printed_percent = PercentField(label="Pourcentage imprimé", required=False, max_digits=7, decimal_places=2)

    def __init__(self, *args, party, **kwargs):
        super().__init__(*args, **kwargs)
        self.party = party

    def full_clean(self):
        super().full_clean()
        # name the party too: "Chenôve — Montant fixé : ..."
        for name, errors in list((self._errors or {}).items()):
            if name in self.fields:
                self._errors[name] = ErrorList([f"{self.party.name} — {e}" for e in errors])

    def clean(self):
        data = super().clean()
        if data.get("kind") == FundingShare.Kind.CONTRIBUTION and data.get("fixed_amount") is None:
            self.add_error("fixed_amount", "obligatoire pour une contribution fixe.")
        return data


class BudgetLineForm(LabelledErrorsMixin, forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["action_kind", "label", "position", "planned_amount", "printed_amount", "actual_amount"]
        field_classes = dict.fromkeys(["planned_amount", "printed_amount", "actual_amount"], AmountField)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action_kind"].queryset = ActionKind.objects.filter(is_active=True)


class BaseBudgetLineFormSet(OwnIdsOnlyMixin, forms.BaseModelFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            kind = form.cleaned_data.get("action_kind")
            if kind is None:
                continue
            if kind in seen:
                form.add_error("action_kind", "une seule ligne par action et par année.")
            seen.add(kind)


BudgetLineFormSet = forms.modelformset_factory(
    BudgetLine, form=BudgetLineForm, formset=BaseBudgetLineFormSet, extra=2, can_delete=True
)


class IssueCallsForm(LabelledErrorsMixin, forms.Form):
    issue_date = forms.DateField(label="Date d'émission")
    due_date = forms.DateField(
        label="Date d'échéance", required=False, help_text="vide : date d'émission + délai de paiement de la convention"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.french_dates()
        self.fields["issue_date"].initial = datetime.date.today


class PaymentForm(LabelledErrorsMixin, forms.Form):
    amount = AmountField(label="Montant", min_value=Decimal("0.01"))
    paid_on = forms.DateField(label="Date de paiement")
    reference = forms.CharField(label="Référence (mandat, virement)", required=False, max_length=120)

    def clean_paid_on(self):
        # The service applies the same rule; checked here too so the message sits on the field.
        paid_on = self.cleaned_data.get("paid_on")
        if rule := date_rule(paid_on):
            raise forms.ValidationError(rule)
        return paid_on

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.french_dates()


class AllocationForm(LabelledErrorsMixin, forms.Form):
    """The State allocation of one paying party for a year (empty: not known)."""

    amount = AmountField(label="Dotation de l'État", required=False, min_value=0)

    def __init__(self, *args, party, **kwargs):
        super().__init__(*args, **kwargs)
        self.party = party
        self.fields["amount"].label = f"Dotation de l'État — {party.name}"


def _signed(text: str) -> str:
    """« − 92 », « +3,26 % », « -114 256 € »: the typographic minus and a leading plus read as signs."""
    text = str(text).strip().replace("\u2212", "-").replace("\u2013", "-")
    return text[1:] if text.startswith("+") else text


class SignedAmountField(AmountField):
    def to_python(self, value):
        return super().to_python(_signed(value) if isinstance(value, str) else value)


class SignedPercentField(PercentField):
    def to_python(self, value):
        return super().to_python(_signed(value) if isinstance(value, str) else value)


def typed_places(text) -> int | None:
    """Decimals typed in a French number (« 3,20 » → 2), which the document printed."""
    if not text:
        return None
    text = str(text).strip().rstrip("%").strip()
    for separator in (",", "."):
        if separator in text:
            return len(text.rsplit(separator, 1)[1].strip())
    return 0


class MoneyEvolutionForm(LabelledErrorsMixin, forms.ModelForm):
    printed_percent = SignedPercentField(
        label="Évolution imprimée (%)",
        required=False,
        max_digits=9,
        decimal_places=4,
        help_text="telle qu'imprimée, avec ses décimales : « +3,26 », « −4,5 » ; vide si non imprimée",
    )
    printed_change = SignedAmountField(
        label="Variation imprimée (€)",
        required=False,
        help_text="négative pour une baisse : « en baisse de 114 256 € » → −114 256 ; vide si non imprimée",
    )
    printed_previous = AmountField(
        label="Montant précédent imprimé", required=False, min_value=0, help_text="vide si le document ne le donne pas"
    )

    class Meta:
        model = MoneyEvolution
        fields = [
            "year",
            "subject",
            "party",
            "printed_text",
            "printed_percent",
            "printed_change",
            "printed_previous",
            "source",
        ]

    def __init__(self, *args, convention, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.convention = convention
        self.fields["year"] = forms.TypedChoiceField(
            label="Année", coerce=int, choices=[(y, y) for y in convention.years]
        )
        self.fields["party"].queryset = convention.parties.select_related("organisation").order_by("position")
        self.fields["party"].help_text = "pour la part d'une partie seulement"
        self.fields["source"].queryset = sources
        self.fields["printed_text"].help_text = "la phrase du document, ex. « soit une légère hausse de 33 907 € »"

    def clean(self):
        data = super().clean()
        if data.get("printed_percent") is None and data.get("printed_change") is None:
            self.add_error("printed_percent", "saisir un pourcentage, une variation en euros, ou les deux.")
        if data.get("subject") == MoneyEvolution.Subject.SHARE and not data.get("party"):
            self.add_error("party", "obligatoire pour la part d'une partie.")
        return data

    def save(self, commit=True):
        self.instance.convention = self.convention
        self.instance.percent_places = typed_places(self.data.get(self.add_prefix("printed_percent")))
        return super().save(commit)


class AmendmentForm(LabelledErrorsMixin, forms.ModelForm):
    class Meta:
        model = Amendment
        fields = ["object", "drafted_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.french_dates()
        self.fields["object"].help_text = "ex. « Modification de la participation de la Ville de Talant pour 2025 »"


class AmendmentApprovalForm(LabelledErrorsMixin, forms.Form):
    approval_date = forms.DateField(label="Date d'approbation")
    approval_reference = forms.CharField(label="Délibération d'approbation", required=False, max_length=120)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.french_dates()


class AmendmentSignatureForm(LabelledErrorsMixin, forms.Form):
    signature_date = forms.DateField(label="Date de signature")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.french_dates()


class SourceDocumentForm(LabelledErrorsMixin, forms.ModelForm):
    """A document whose printed figures are recorded (a convention, an extract, a decision…)."""

    class Meta:
        model = SourceDocument
        fields = ["title", "issued_on", "reference"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.french_dates()
        self.fields["title"].help_text = "ex. « Extrait du registre des délibérations du CCAS du 15 février 2023 »"

    def clean_issued_on(self):
        issued_on = self.cleaned_data.get("issued_on")
        if rule := date_rule(issued_on):  # a document is printed before it is recorded
            raise forms.ValidationError(rule)
        return issued_on

    def save(self, commit=True):
        if not self.instance.pk:
            self.instance.code = unique_source_code(self.cleaned_data["title"])
        return super().save(commit)


def unique_source_code(title: str) -> str:
    base = slugify(title)[:48] or "document"
    code, n = base, 1
    while SourceDocument.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


class GrantEnvelopeForm(LabelledErrorsMixin, forms.ModelForm):
    """The envelope as its decision prints it; unknown figures stay empty."""

    source_title = forms.CharField(
        label="Document source",
        required=False,
        max_length=300,
        help_text="ex. « Délibération du conseil municipal du 3 avril 2025 — subventions aux associations »",
    )

    class Meta:
        model = GrantEnvelope
        fields = [
            "title",
            "year",
            "grantor",
            "decision_reference",
            "decision_date",
            "rule",
            "unit_label",
            "unit_rate",
            "total_amount",
            "printed_total",
            "ceiling",
            "advance_percent",
            "advance_threshold",
            "rounding_unit",
        ]
        amounts = ["unit_rate", "total_amount", "printed_total", "ceiling", "advance_threshold"]
        field_classes = {**dict.fromkeys(amounts, AmountField), "advance_percent": PercentField}

    def __init__(self, *args, grantors, **kwargs):
        super().__init__(*args, **kwargs)
        self.french_dates()
        self.fields["grantor"].queryset = grantors
        self.fields["year"].widget.attrs.update({"min": 2000, "max": 2100})
        if self.instance.pk and self.instance.source_id:
            self.fields["source_title"].initial = self.instance.source.title

    def clean_year(self):
        return _year(self.cleaned_data.get("year"))

    def clean(self):
        data = super().clean()
        if rule := date_rule(data.get("decision_date")):
            self.add_error("decision_date", rule)
        if data.get("rule") == GrantEnvelope.Rule.RATE and data.get("unit_rate") is None:
            self.add_error("unit_rate", "obligatoire pour une règle au taux par unité.")
        if data.get("rule") == GrantEnvelope.Rule.KEY and data.get("total_amount") is None:
            self.add_error("total_amount", "obligatoire pour répartir l'enveloppe par une clé.")
        percent = data.get("advance_percent")
        if percent is not None and percent > 100:
            self.add_error("advance_percent", "elle ne dépasse pas 100 %.")
        return data


class GrantLineForm(LabelledErrorsMixin, forms.Form):
    beneficiary_name = forms.CharField(label="Bénéficiaire (tel qu'imprimé)", max_length=200)
    beneficiary = forms.ModelChoiceField(
        label="Organisation du réseau", queryset=Organisation.objects.none(), required=False
    )
    units = FrenchDecimalField(label="Nombre d'unités", required=False, min_value=0, max_digits=12, decimal_places=2)
    fixed_amount = AmountField(label="Montant fixé", required=False, min_value=0)
    key_weight = FrenchDecimalField(
        label="Poids dans la clé", required=False, min_value=0, max_digits=12, decimal_places=4
    )
    printed_amount = AmountField(label="Montant imprimé", required=False, min_value=0)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["beneficiary"].queryset = organisations


class BaseGrantLineFormSet(forms.BaseFormSet):
    def __init__(self, *args, organisations, **kwargs):
        self.organisations = organisations
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"organisations": self.organisations}

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        # A line whose name is typed is validated even when it matches its initial values: an extra
        # form left "unchanged" would otherwise be skipped and its beneficiary dropped.
        if self.is_bound and self.data.get(form.add_prefix("beneficiary_name"), "").strip():
            form.empty_permitted = False
        return form

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            name = (form.cleaned_data or {}).get("beneficiary_name", "").strip()
            if name and name in seen:
                form.add_error("beneficiary_name", "ce bénéficiaire figure déjà dans l'enveloppe.")
            seen.add(name)


GrantLineFormSet = forms.formset_factory(GrantLineForm, formset=BaseGrantLineFormSet, extra=3, can_delete=True)


class GrantPaymentForm(LabelledErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label="Nature", choices=GrantPayment.Kind.choices)
    amount = AmountField(label="Montant", min_value=Decimal("0.01"))
    paid_on = forms.DateField(label="Date du versement")
    reference = forms.CharField(label="Référence (mandat)", required=False, max_length=120)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.french_dates()

    def clean_paid_on(self):
        paid_on = self.cleaned_data.get("paid_on")
        if rule := date_rule(paid_on):
            raise forms.ValidationError(rule)
        return paid_on
