import re

from django import forms
from stdnum.fr import siret

from reussite.core.forms import LabelledErrorsMixin
from reussite.territory.models import Organisation
from reussite.territory.validators import validate_siret

from .models import Role
from .second_factor import normalise_recovery_code

CODE_LABEL = "Code de vérification"
RECOVERY_LABEL = "Code de secours"
REVERIFY_LABEL = "Code de l'application ou code de secours"


class SingleCodeForm(forms.Form):
    """A form of one ``code`` field whose input points at its help and error for screen readers."""

    def add_error(self, field, error):
        super().add_error(field, error)
        if "code" in self.errors:
            attrs = self.fields["code"].widget.attrs
            attrs["aria-invalid"] = "true"
            attrs["aria-describedby"] = "id_code_help id_code_error"


def code_attrs(**attrs):
    return {"aria-describedby": "id_code_help", "autofocus": True, "spellcheck": "false", **attrs}


class CodeForm(SingleCodeForm):
    """A six-digit code shown by the authenticator app."""

    code = forms.CharField(
        label=CODE_LABEL,
        max_length=20,
        error_messages={"required": f"{CODE_LABEL} : ce champ est obligatoire."},
        widget=forms.TextInput(
            attrs=code_attrs(autocomplete="one-time-code", inputmode="numeric", pattern="[0-9 ]*", size=8)
        ),
    )

    def clean_code(self):
        code = re.sub(r"\s", "", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError(
                f"{CODE_LABEL} : saisissez les 6 chiffres affichés par votre application.", code="format"
            )
        return code


class RecoveryCodeForm(SingleCodeForm):
    code = forms.CharField(
        label=RECOVERY_LABEL,
        max_length=40,
        error_messages={"required": f"{RECOVERY_LABEL} : ce champ est obligatoire."},
        widget=forms.TextInput(attrs=code_attrs(autocomplete="off", autocapitalize="none", size=12)),
    )

    def clean_code(self):
        code = normalise_recovery_code(self.cleaned_data["code"])
        if not re.fullmatch(r"[a-z2-7]{8}", code):
            raise forms.ValidationError(
                f"{RECOVERY_LABEL} : saisissez l'un de vos codes de secours (8 lettres et chiffres).", code="format"
            )
        return code


class ReverifyForm(SingleCodeForm):
    """Before a change of the second factor: prove it is still yours."""

    code = forms.CharField(
        label=REVERIFY_LABEL,
        max_length=40,
        error_messages={"required": f"{REVERIFY_LABEL} : ce champ est obligatoire."},
        widget=forms.TextInput(attrs=code_attrs(autocomplete="one-time-code", autocapitalize="none", size=12)),
    )


class InvitationForm(LabelledErrorsMixin, forms.Form):
    email = forms.EmailField(label="Adresse e-mail", help_text="Le lien d'invitation y sera envoyé.")
    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    organisation = forms.ModelChoiceField(label="Organisation", queryset=Organisation.objects.none())
    role = forms.ChoiceField(label="Rôle", choices=[("", "— choisir —"), *Role.choices])

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = "— choisir —"


class NetworkForm(LabelledErrorsMixin, forms.Form):
    name = forms.CharField(label="Nom du réseau", max_length=200)
    metropole_name = forms.CharField(label="Nom de la métropole", max_length=200)
    metropole_short_name = forms.CharField(label="Nom court de la métropole", max_length=80)
    siret = forms.CharField(label="SIRET de la métropole", max_length=20, required=False)
    email = forms.EmailField(label="Adresse e-mail de la coordination")
    first_name = forms.CharField(label="Prénom de la coordination", max_length=150)
    last_name = forms.CharField(label="Nom de la coordination", max_length=150)

    def clean_siret(self):
        value = siret.compact(self.cleaned_data["siret"] or "")
        validate_siret(value)
        return value
