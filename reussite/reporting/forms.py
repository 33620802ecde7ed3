from django import forms

from reussite.core.forms import AmountField, FrenchDecimalField

from .models import AnnualFigures, ReportText


class AnnualFiguresForm(forms.ModelForm):
    class Meta:
        model = AnnualFigures
        fields = ["staff_fte", "caf_amount", "departement_amount", "other_amount", "in_kind_amount"]
        field_classes = {
            "staff_fte": FrenchDecimalField,
            "caf_amount": AmountField,
            "departement_amount": AmountField,
            "other_amount": AmountField,
            "in_kind_amount": AmountField,
        }
        help_texts = {
            "staff_fte": "Par exemple 2,5. Laisser vide si inconnu.",
            "caf_amount": "0 s'il n'y en a pas ; vide si inconnu.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class ReportTextForm(forms.ModelForm):
    class Meta:
        model = ReportText
        fields = ["introduction", "highlights"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 6}), "highlights": forms.Textarea(attrs={"rows": 6})}
