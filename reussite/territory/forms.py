from django import forms
from django.utils import timezone

from .models import YouthCount

FIRST_YEAR = 2000
# Far above any programme's count, far below the database's integer range (no overflow error).
MAX_COUNT = 100_000


class YouthCountForm(forms.Form):
    year = forms.IntegerField(label="Année")
    count = forms.IntegerField(
        label="Jeunes identifiés",
        min_value=0,
        max_value=MAX_COUNT,
        error_messages={
            "min_value": "Jeunes identifiés : le nombre ne peut pas être négatif.",
            "max_value": "Jeunes identifiés : le nombre ne peut pas dépasser 100 000.",
            "invalid": "Jeunes identifiés : saisissez un nombre entier.",
            "required": "Jeunes identifiés : ce champ est obligatoire.",
        },
    )

    def __init__(self, *args, programme, **kwargs):
        self.programme = programme
        super().__init__(*args, **kwargs)
        # The upper bound moves with the calendar, so the field is built per form.
        self.fields["year"] = forms.IntegerField(
            label="Année",
            min_value=FIRST_YEAR,
            max_value=timezone.localdate().year,
            error_messages={
                "min_value": "Année : elle doit être postérieure ou égale à %(limit_value)s.",
                "max_value": "Année : elle ne peut pas dépasser l’année en cours (%(limit_value)s).",
                "invalid": "Année : saisissez un nombre entier (ex. 2025).",
                "required": "Année : ce champ est obligatoire.",
            },
        )

    def save(self) -> YouthCount:
        youth_count, _ = YouthCount.objects.update_or_create(
            network=self.programme.network,
            programme=self.programme,
            year=self.cleaned_data["year"],
            defaults={"count": self.cleaned_data["count"], "source": None},
        )
        return youth_count
