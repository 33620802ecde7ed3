from django import forms
from django.core.exceptions import ValidationError

from reussite.core.attachments import check_attachment

from .consents import PURPOSE_LABELS, Purpose
from .models import (
    Child,
    Domain,
    EpsAgendaItem,
    ExitReason,
    Guardian,
    IntensityProfile,
    ObjectiveResult,
    PlanAction,
    Referral,
    ReferralReason,
    School,
)
from .services import GuardianData

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def add_service_errors(form: forms.Form, error: ValidationError):
    """Attach a service's ValidationError to the form fields it names (others to the whole form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for message in errors:
                text = message.messages[0] if hasattr(message, "messages") else str(message)
                form.add_error(field if field in form.fields else None, text)
    else:
        for message in error.messages:
            form.add_error(None, message)


def quartier_label(quartier) -> str:
    """« Grésilles (Dijon) — QPV depuis le 01/01/2024 »: the period tells which list it belongs to."""
    kind = "QPV" if quartier.kind == quartier.Kind.QPV else "quartier de veille"
    if quartier.valid_from and quartier.valid_until:
        period = f" du {quartier.valid_from:%d/%m/%Y} au {quartier.valid_until:%d/%m/%Y}"
    elif quartier.valid_from:
        period = f" depuis le {quartier.valid_from:%d/%m/%Y}"
    else:
        period = ""
    return f"{quartier.name} ({quartier.commune.name}) — {kind}{period}"


class IntakeForm(forms.Form):
    """A new child, their household and the referral, in one form."""

    programme = forms.ModelChoiceField(label="Programme", queryset=None, empty_label=None)
    last_name = forms.CharField(label="Nom de l'enfant", max_length=100)
    first_name = forms.CharField(label="Prénom de l'enfant", max_length=100)
    birth_date = forms.DateField(label="Date de naissance", widget=DATE)
    sex = forms.ChoiceField(label="Sexe", choices=Child.Sex.choices)
    school = forms.ModelChoiceField(label="Établissement scolaire", queryset=None, required=False)
    school_level = forms.ChoiceField(label="Niveau scolaire", choices=Child.Level.choices)
    address = forms.CharField(label="Adresse du foyer", max_length=200)
    postal_code = forms.CharField(label="Code postal", max_length=10, required=False)
    city = forms.CharField(label="Ville", max_length=120, required=False)
    quartier = forms.ModelChoiceField(
        label="Quartier de résidence",
        queryset=None,
        required=False,
        empty_label="Hors quartier prioritaire",
        help_text="Quartier du programme où se trouve l'adresse, valide à la date de saisine.",
    )
    guardian1_last_name = forms.CharField(label="Nom du premier titulaire de l'autorité parentale", max_length=100)
    guardian1_first_name = forms.CharField(label="Prénom du premier titulaire", max_length=100)
    guardian1_relationship = forms.ChoiceField(
        label="Lien du premier titulaire avec l'enfant", choices=Guardian.Relationship.choices
    )
    guardian2_last_name = forms.CharField(
        label="Nom du second titulaire (s'il y a lieu)", max_length=100, required=False
    )
    guardian2_first_name = forms.CharField(label="Prénom du second titulaire", max_length=100, required=False)
    guardian2_relationship = forms.ChoiceField(
        label="Lien du second titulaire avec l'enfant",
        choices=[("", "—"), *Guardian.Relationship.choices],
        required=False,
    )
    referral_date = forms.DateField(label="Date de saisine", widget=DATE)
    source = forms.ChoiceField(label="Origine de la saisine", choices=Referral.Source.choices)
    reasons = forms.ModelMultipleChoiceField(
        label="Motifs", queryset=None, widget=forms.CheckboxSelectMultiple, required=True
    )
    referrer = forms.CharField(label="Personne à l'origine de la saisine", max_length=200, required=False)

    def __init__(self, *args, programmes, network_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["programme"].label_from_instance = lambda p: p.name
        self.fields["school"].queryset = School.objects.filter(network_id__in=network_ids).select_related("commune")
        self.fields["reasons"].queryset = ReferralReason.objects.filter(network_id__in=network_ids, is_active=True)
        from reussite.territory.models import Quartier

        self.fields["quartier"].queryset = (
            Quartier.objects.filter(programmes__in=programmes).select_related("commune").distinct()
        )
        self.fields["quartier"].label_from_instance = quartier_label

    GROUPS = [
        ("Programme et saisine", ["programme", "referral_date", "source", "reasons", "referrer"]),
        ("Enfant", ["last_name", "first_name", "birth_date", "sex", "school", "school_level"]),
        (
            "Foyer et titulaires de l'autorité parentale",
            ["address", "postal_code", "city", "quartier"]
            + [f"guardian{n}_{part}" for n in (1, 2) for part in ("last_name", "first_name", "relationship")],
        ),
    ]

    def groups(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.GROUPS]

    def clean(self):
        data = super().clean()
        second = [data.get("guardian2_last_name"), data.get("guardian2_first_name")]
        if any(second) and not all(second):
            self.add_error(
                "guardian2_last_name", "Indiquez le nom et le prénom du second titulaire, ou aucun des deux."
            )
        if all(second) and not data.get("guardian2_relationship"):
            self.add_error("guardian2_relationship", "Indiquez le lien du second titulaire avec l'enfant.")
        return data

    def guardians(self) -> list[GuardianData]:
        data = self.cleaned_data
        result = [
            GuardianData(data["guardian1_first_name"], data["guardian1_last_name"], data["guardian1_relationship"])
        ]
        if data.get("guardian2_last_name"):
            result.append(
                GuardianData(data["guardian2_first_name"], data["guardian2_last_name"], data["guardian2_relationship"])
            )
        return result


class ConsentForm(forms.Form):
    guardian = forms.ModelChoiceField(label="Titulaire de l'autorité parentale", queryset=None, empty_label=None)
    given_on = forms.DateField(label="Date du consentement", widget=DATE)
    purposes = forms.MultipleChoiceField(
        label="Finalités consenties",
        choices=[(p.value, PURPOSE_LABELS[p].capitalize()) for p in Purpose],
        widget=forms.CheckboxSelectMultiple,
    )
    partner = forms.CharField(
        label="Partenaire nommé",
        max_length=200,
        required=False,
        help_text="Obligatoire pour le partage d'informations avec un partenaire.",
    )
    evidence = forms.FileField(label="Formulaire signé (PDF, PNG ou JPEG)", required=False, help_text="5 Mo au plus.")

    def __init__(self, *args, child, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guardian"].queryset = Guardian.objects.filter(
            household_id=child.household_id, holds_parental_authority=True
        )
        self.fields["guardian"].label_from_instance = lambda g: g.display_name

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload:
            # Stored under the type its bytes show, whatever its name said.
            upload.name = f"formulaire.{check_attachment(upload, 'Formulaire signé')}"
        return upload


class RevocationForm(forms.Form):
    revoked_on = forms.DateField(label="Date de la révocation", widget=DATE)
    note = forms.CharField(label="Précision (facultatif)", max_length=200, required=False)


class StartParcoursForm(forms.Form):
    on = forms.DateField(label="Date d'entrée en parcours", widget=DATE)
    referent = forms.ModelChoiceField(label="Référent de parcours", queryset=None)

    def __init__(self, *args, referents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referent"].queryset = referents


class ReferralForm(forms.Form):
    date = forms.DateField(label="Date de saisine", widget=DATE)
    source = forms.ChoiceField(label="Origine de la saisine", choices=Referral.Source.choices)
    reasons = forms.ModelMultipleChoiceField(label="Motifs", queryset=None, widget=forms.CheckboxSelectMultiple)
    referrer = forms.CharField(label="Personne à l'origine de la saisine", max_length=200, required=False)

    def __init__(self, *args, network_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reasons"].queryset = ReferralReason.objects.filter(network_id=network_id, is_active=True)


class ExitForm(forms.Form):
    on = forms.DateField(label="Date de sortie", widget=DATE)
    reason = forms.ModelChoiceField(label="Motif de sortie", queryset=None)
    note = forms.CharField(label="Précision (facultatif)", max_length=200, required=False)

    def __init__(self, *args, network_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].queryset = ExitReason.objects.filter(network_id=network_id, is_active=True)


class EpsMemberForm(forms.Form):
    programme = forms.ModelChoiceField(label="Programme", queryset=None, empty_label=None)
    full_name = forms.CharField(label="Nom et prénom", max_length=150)
    organisation_name = forms.CharField(label="Organisation partenaire", max_length=200)
    function = forms.CharField(label="Fonction", max_length=120, required=False)
    charter_signed_on = forms.DateField(label="Charte de confidentialité signée le", widget=DATE)
    valid_from = forms.DateField(label="Membre depuis le", widget=DATE)

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["programme"].label_from_instance = lambda p: p.name


class EpsMeetingForm(forms.Form):
    programme = forms.ModelChoiceField(label="Programme", queryset=None, empty_label=None)
    date = forms.DateField(label="Date de la réunion", widget=DATE)
    place = forms.CharField(label="Lieu", max_length=200, required=False)

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["programme"].label_from_instance = lambda p: p.name


class AgendaAddForm(forms.Form):
    code = forms.CharField(label="Code de l'enfant", max_length=12, help_text="Par exemple E-AB12CD34.")


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label="Décision", choices=[("", "—"), *EpsAgendaItem.Decision.choices])
    note = forms.CharField(label="Précision", max_length=300, required=False)


class MinutesForm(forms.Form):
    minutes = forms.CharField(label="Compte rendu", required=False, widget=forms.Textarea(attrs={"rows": 8}))


# --- The parcours plan ---------------------------------------------------------------------------


class AxisForm(forms.Form):
    title = forms.CharField(label="Intitulé de l'axe", max_length=200)
    opened_on = forms.DateField(label="Ouvert le", widget=DATE)


class ObjectiveForm(forms.Form):
    title = forms.CharField(label="Objectif", max_length=300)
    opened_on = forms.DateField(label="Fixé le", widget=DATE)


class PlanActionForm(forms.Form):
    title = forms.CharField(label="Action", max_length=200)
    domain = forms.ChoiceField(label="Domaine", choices=[("", "—"), *Domain.choices])
    kind = forms.ChoiceField(
        label="Individuelle ou collective", choices=PlanAction.Kind.choices, widget=forms.RadioSelect
    )
    provider = forms.ChoiceField(label="Porteur", choices=PlanAction.Provider.choices, widget=forms.RadioSelect)
    partner = forms.CharField(
        label="Partenaire", max_length=200, required=False, help_text="Structure qui mène l'action, s'il y a lieu."
    )
    starts_on = forms.DateField(label="Début", widget=DATE)
    ends_on = forms.DateField(label="Fin", widget=DATE, required=False)
    status = forms.ChoiceField(label="Statut", choices=PlanAction.Status.choices)


class ActionUpdateForm(forms.Form):
    status = forms.ChoiceField(label="Statut", choices=PlanAction.Status.choices)
    ends_on = forms.DateField(label="Fin", widget=DATE, required=False)


class ReviewForm(forms.Form):
    """A review: date, profile, summary, then a level and a comment per open objective."""

    date = forms.DateField(label="Date du bilan", widget=DATE)
    eps_meeting = forms.ModelChoiceField(label="Réunion de l'EPS", queryset=None, required=False, empty_label="—")
    intensity_profile = forms.TypedChoiceField(
        label="Profil d'intensité",
        choices=[("", "—"), *IntensityProfile.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    summary = forms.CharField(label="Synthèse", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, meetings, objectives, **kwargs):
        super().__init__(*args, **kwargs)
        # The EPS meetings the user sees (the programme coordination's): none for a référent.
        self.fields["eps_meeting"].queryset = meetings
        self.fields["eps_meeting"].label_from_instance = lambda m: f"EPS du {m.date:%d/%m/%Y}"
        self.objectives = objectives
        for objective in objectives:
            self.fields[f"level_{objective.pk}"] = forms.TypedChoiceField(
                label=f"Résultat — {objective.title}",
                choices=[("", "non mesuré"), *ObjectiveResult.Level.choices],
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.fields[f"comment_{objective.pk}"] = forms.CharField(
                label=f"Commentaire — {objective.title}", max_length=500, required=False
            )

    def general_fields(self):
        return [self[name] for name in ("date", "eps_meeting", "intensity_profile", "summary")]

    def objective_fields(self):
        return [(o, self[f"level_{o.pk}"], self[f"comment_{o.pk}"]) for o in self.objectives]

    def results(self):
        from .plan import ResultData

        return [
            ResultData(o, self.cleaned_data[f"level_{o.pk}"], self.cleaned_data[f"comment_{o.pk}"])
            for o in self.objectives
        ]
