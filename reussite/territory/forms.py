from django import forms
from django.utils import timezone
from stdnum import iban
from stdnum.fr import siret

from reussite.core.forms import LabelledErrorsMixin

from .models import Commune, Organisation, Programme, Quartier, Representative, YouthCount
from .qpv_list import official_quartiers_of

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


class OrganisationForm(LabelledErrorsMixin, forms.ModelForm):
    """An organisation of the coordinator's network (its network is set by the page, never typed)."""

    # Typed with spaces (« 212 100 002 00006 »), stored compact and checked by the model's validators.
    siret = forms.CharField(
        label="SIRET",
        max_length=20,
        required=False,
        help_text="14 chiffres ; la clé de contrôle est vérifiée. Laisser vide s'il n'est pas connu.",
    )
    iban = forms.CharField(
        label="IBAN",
        max_length=42,
        required=False,
        help_text="Compte du comptable public où les parties paient les appels de fonds émis par l'organisation.",
    )
    bic = forms.CharField(label="BIC", max_length=14, required=False)

    class Meta:
        model = Organisation
        fields = ["kind", "name", "short_name", "commune", "siret", "address", "postal_code", "city"]
        fields += ["accountant", "iban", "bic"]
        help_texts = {
            "short_name": "Le nom employé dans les listes, unique dans le réseau (ex. « CCAS de Chenôve »).",
            "siret": "14 chiffres ; la clé de contrôle est vérifiée. Laisser vide s'il n'est pas connu.",
            "iban": "Compte du comptable public où les parties paient les appels de fonds émis par l'organisation.",
        }

    def __init__(self, *args, network, communes, **kwargs):
        """``communes``: those the user may change (scoped by the page)."""
        super().__init__(*args, **kwargs)
        self.network = network
        self.instance.network = network
        self.fields["commune"].queryset = communes.order_by("name")
        self.fields["commune"].empty_label = "— aucune —"

    def clean_commune(self):
        commune = self.cleaned_data["commune"]
        if commune is not None and commune.network_id != self.network.pk:
            raise forms.ValidationError("choisissez une commune du réseau de l'organisation.")
        return commune

    def clean_siret(self):
        return siret.compact(self.cleaned_data["siret"] or "")

    def clean_iban(self):
        return iban.compact(self.cleaned_data["iban"] or "")

    def clean_bic(self):
        return (self.cleaned_data["bic"] or "").replace(" ", "").upper()

    def clean_short_name(self):
        short_name = self.cleaned_data["short_name"].strip()
        others = Organisation.objects.filter(network=self.network, short_name__iexact=short_name)
        if others.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("une autre organisation du réseau porte déjà ce nom.")
        return short_name


class EndTermForm(LabelledErrorsMixin, forms.Form):
    valid_until = forms.DateField(
        label="Dernier jour du mandat", error_messages={"required": "ce champ est obligatoire."}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.french_dates()


class RepresentativeForm(LabelledErrorsMixin, forms.ModelForm):
    class Meta:
        model = Representative
        fields = ["civility", "full_name", "capacity", "valid_from", "valid_until"]
        labels = {"full_name": "Nom et prénom", "valid_from": "En fonction à partir du", "valid_until": "Jusqu'au"}
        help_texts = {
            "capacity": "Telle qu'imprimée dans les actes (ex. « Présidente déléguée »).",
            "valid_from": "Le ou la représentant·e en fonction à cette date la quitte la veille.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.french_dates()
        self.fields["valid_from"].required = True

    def _post_clean(self):
        # The service validates the row once its organisation is known (model clean needs it).
        pass


class CommuneForm(LabelledErrorsMixin, forms.ModelForm):
    class Meta:
        model = Commune
        fields = ["insee_code", "name"]
        help_texts = {"insee_code": "Code officiel géographique à 5 caractères (ex. 21231 pour Dijon)."}

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.network = network

    def clean_insee_code(self):
        code = self.cleaned_data["insee_code"].strip().upper()
        if Commune.objects.filter(insee_code=code).exclude(pk=self.instance.pk).exists():
            # Communes are unique across the platform; another network's is never named.
            raise forms.ValidationError("cette commune est déjà enregistrée sur la plateforme.")
        return code


class OfficialQuartierForm(LabelledErrorsMixin, forms.Form):
    """Pick a quartier of the commune in the bundled official list."""

    official = forms.ChoiceField(label="Quartier de la liste officielle")

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = {q.key: q for q in official_quartiers_of(commune.insee_code)}
        self.fields["official"].choices = [("", "— choisir —")] + [(k, q.label) for k, q in self.entries.items()]

    def clean_official(self):
        return self.entries[self.cleaned_data["official"]]


class QuartierForm(LabelledErrorsMixin, forms.ModelForm):
    """A quartier the list does not hold (a quartier de veille, or as printed in a local act)."""

    class Meta:
        model = Quartier
        fields = ["name", "kind", "code", "legal_basis", "valid_from", "valid_until"]
        help_texts = {"code": "Tel qu'imprimé dans le texte officiel ; laisser vide s'il ne l'est pas."}

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.commune = commune
        self.french_dates()


class ProgrammeForm(LabelledErrorsMixin, forms.ModelForm):
    carrier = forms.ModelChoiceField(label="Organisation porteuse", queryset=Organisation.objects.none())
    carrier_from = forms.DateField(label="Portée à partir du")

    class Meta:
        model = Programme
        fields = ["commune", "name", "age_min", "age_max", "quartiers"]
        widgets = {"quartiers": forms.CheckboxSelectMultiple}

    def __init__(self, *args, network, communes, organisations, quartiers, **kwargs):
        """The choices are what the user may change (scoped by the page); the service checks that
        they belong to ``network``."""
        super().__init__(*args, **kwargs)
        self.instance.network = network
        self.fields["commune"].queryset = communes.order_by("name")
        self.fields["carrier"].queryset = organisations.order_by("name")
        self.fields["quartiers"].queryset = quartiers.select_related("commune").order_by("commune__name", "name")
        self.french_dates()

    def _post_clean(self):
        pass  # validated by the service (create_programme), which also sets the carrier


class CarrierForm(LabelledErrorsMixin, forms.Form):
    organisation = forms.ModelChoiceField(label="Organisation porteuse", queryset=Organisation.objects.none())
    valid_from = forms.DateField(label="Portée à partir du", help_text="Le porteur précédent s'arrête la veille.")
    valid_until = forms.DateField(label="Jusqu'au", required=False)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations.order_by("name")
        self.french_dates()
