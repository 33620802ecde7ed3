"""Forms of the care pages: they read input, the services decide (and refuse in French)."""

import datetime

from django import forms
from django.utils import timezone

from reussite.core.formatting import format_eur
from reussite.core.forms import AmountField

from .models import CareSession

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONTHS = {
    1: "janvier",
    2: "février",
    3: "mars",
    4: "avril",
    5: "mai",
    6: "juin",
    7: "juillet",
    8: "août",
    9: "septembre",
    10: "octobre",
    11: "novembre",
    12: "décembre",
}


class ReferralForm(forms.Form):
    child_code = forms.CharField(
        label="Code de l'enfant",
        max_length=12,
        help_text="Le code figure sur la fiche de l'enfant (par exemple DIJ-1A2B3C).",
    )
    psychologist = forms.ModelChoiceField(queryset=None, label="Psychologue", empty_label="— choisir —")
    hours = forms.DecimalField(
        label="Heures demandées", min_value=0.5, max_digits=6, decimal_places=1, help_text="Par heure ou demi-heure."
    )
    referred_on = forms.DateField(label="Orienté le", widget=DATE_WIDGET)

    def __init__(self, *args, psychologists, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["psychologist"].queryset = psychologists
        self.fields["referred_on"].initial = timezone.localdate()


class SessionForm(forms.Form):
    date = forms.DateField(label="Date de la séance", widget=DATE_WIDGET)
    duration_minutes = forms.IntegerField(label="Durée (minutes)", min_value=15, max_value=240, initial=45)
    with_whom = forms.ChoiceField(
        label="Avec", choices=CareSession.WithWhom.choices, widget=forms.RadioSelect, initial="child"
    )
    attendance = forms.ChoiceField(
        label="Présence", choices=CareSession.Attendance.choices, widget=forms.RadioSelect, initial="attended"
    )


class InvoiceBuildForm(forms.Form):
    year = forms.IntegerField(label="Année", min_value=2000, max_value=2100)
    month = forms.TypedChoiceField(
        label="Mois",
        coerce=int,
        choices=[],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        last_month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
        self.fields["year"].initial = last_month.year
        self.fields["month"].initial = last_month.month
        self.fields["month"].choices = list(MONTHS.items())


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label="Payée le", widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paid_on"].initial = timezone.localdate()


class TransferForm(forms.Form):
    target = forms.ModelChoiceField(queryset=None, label="Vers le territoire", empty_label="— choisir —")
    hours = forms.DecimalField(label="Heures transférées", min_value=0.5, max_digits=7, decimal_places=1)
    reason = forms.CharField(label="Motif", max_length=300)

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, prefix="transfert", **kwargs)
        self.fields["target"].queryset = targets
        self.fields["target"].label_from_instance = lambda allocation: allocation.programme.name


class AdjustmentForm(forms.Form):
    delta = forms.DecimalField(
        label="Heures ajoutées (négatif : retirées)",
        max_digits=7,
        decimal_places=1,
        help_text="Par exemple 10 ou -4,5.",
    )
    reason = forms.CharField(label="Motif", max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="ajustement", **kwargs)


class OverrunForm(forms.Form):
    hours = forms.DecimalField(label="Heures de dépassement", min_value=0.5, max_digits=7, decimal_places=1)
    reason = forms.CharField(label="Motif", max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="depassement", **kwargs)


UNIT_CHOICES = [("1", "l'heure"), ("0.5", "la demi-heure")]


class BudgetForm(forms.Form):
    """A year's hours: the convention's line (or an amount entered directly) split by a key typed per
    programme (youth identified, fixed shares or percentages: only the proportions count)."""

    year = forms.IntegerField(label="Année", min_value=2000, max_value=2100)
    budget_line = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Ligne « accompagnement psychologique » d'une convention",
        empty_label="— aucune : montant saisi —",
        help_text="Son montant prévu est réparti ; sinon, saisissez le montant.",
    )
    amount = AmountField(label="Montant (€)", required=False, min_value=0)
    unit = forms.ChoiceField(label="Arrondi des heures à", choices=UNIT_CHOICES, initial="0.5")

    def __init__(self, *args, budget_lines, programmes, initial_weights, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget_line"].queryset = budget_lines
        self.fields["budget_line"].label_from_instance = lambda line: (
            f"{line.convention.reference} — {line.year} — {line.name} ({format_eur(line.planned_amount)})"
            if line.planned_amount is not None
            else f"{line.convention.reference} — {line.year} — {line.name} (montant à définir)"
        )
        self.programmes = list(programmes)
        for programme in self.programmes:
            self.fields[f"weight_{programme.pk}"] = forms.DecimalField(
                label=f"Poids — {programme.name}",
                min_value=0,
                max_digits=12,
                decimal_places=2,
                initial=initial_weights.get(programme.pk),
            )

    def clean(self):
        data = super().clean()
        if not data.get("budget_line") and data.get("amount") is None:
            self.add_error("amount", "Montant : saisissez-le, ou choisissez la ligne d'une convention.")
        return data

    def weights(self) -> dict:
        return {p: self.cleaned_data[f"weight_{p.pk}"] for p in self.programmes}
