"""Forms of the funding pages. Every error names its field ("Champ : règle")."""

import datetime
from decimal import Decimal

from django import forms
from django.forms.utils import ErrorList

from reussite.core.date_bounds import date_rule
from reussite.core.forms import AmountField, LabelledErrorsMixin, PercentField
from reussite.territory.models import Organisation

from .models import (
    ActionKind,
    BudgetLine,
    Convention,
    ConventionArticle,
    ConventionParty,
    FundingShare,
    FundingYear,
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
        if rule := date_rule(data.get("approval_date")):
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
