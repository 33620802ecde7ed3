"""Forms of the care pages: they read input, the services decide (and refuse in French)."""

import datetime

from django import forms
from django.utils import timezone

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
