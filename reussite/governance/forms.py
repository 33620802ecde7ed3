from django import forms

from reussite.accounts.scoping import scoped
from reussite.core.errors import add_to_form as add_service_errors  # noqa: F401  (used by the views)
from reussite.core.forms import ColumnsModelChoiceField, FastSelect
from reussite.funding.models import Convention

from .models import Body, Deliberation, Member, Sitting
from .referential import BODY_FIELDS, MEMBER_FIELDS
from .rules_engine import Ballot

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SittingForm(forms.Form):
    date = forms.DateField(label="Date de la séance", widget=DATE)
    starts_at = forms.TimeField(
        label="Heure", required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    place = forms.CharField(label="Lieu", max_length=200, required=False)
    convened_on = forms.DateField(
        label="Date de convocation",
        widget=DATE,
        required=False,
        help_text="Laissez vide si le document ne l'indique pas : le délai sera « non vérifiable ».",
    )
    second_convocation = forms.BooleanField(label="Seconde convocation (quorum non requis)", required=False)
    president = forms.ModelChoiceField(label="Président de séance", queryset=Member.objects.none(), required=False)
    secretary = forms.ModelChoiceField(label="Secrétaire de séance", queryset=Member.objects.none(), required=False)
    secretary_name = forms.CharField(
        label="Secrétaire de séance (agent, hors membres)",
        max_length=160,
        required=False,
        help_text="P. ex. « Mme X, directrice du CCAS », si le secrétaire n'est pas membre de l'instance.",
    )
    printed_members_in_office = forms.IntegerField(
        label="Membres en exercice (imprimé)",
        min_value=1,
        max_value=500,
        required=False,
        help_text="Le nombre imprimé par le document, gardé à côté du nombre calculé.",
    )
    members_in_office_note = forms.CharField(
        label="Explication de l'écart", max_length=300, required=False, help_text="P. ex. « le maire préside »."
    )
    agenda = forms.CharField(
        label="Ordre du jour",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Un point par ligne (vous pourrez en ajouter ensuite).",
    )

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        members = Member.objects.filter(body=body).order_by("rank", "last_name")
        self.fields["president"].queryset = members
        self.fields["secretary"].queryset = members
        self.fields["president"].label_from_instance = lambda m: m.full_label
        self.fields["secretary"].label_from_instance = lambda m: m.full_label

    def agenda_items(self):
        return [line.strip() for line in self.cleaned_data.get("agenda", "").splitlines() if line.strip()]


class AgendaItemForm(forms.Form):
    subject = forms.CharField(label="Objet", max_length=500)
    draft_text = forms.CharField(
        label="Projet de délibération", required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    secret_ballot = forms.BooleanField(label="Scrutin secret", required=False)


class VoteForm(forms.Form):
    vote_mode = forms.ChoiceField(
        label="Vote", choices=Deliberation.VoteMode.choices, widget=forms.RadioSelect, initial="unanimous"
    )
    votes_for = forms.IntegerField(label="Voix pour", min_value=0, max_value=10_000, required=False, initial=0)
    votes_against = forms.IntegerField(label="Voix contre", min_value=0, max_value=10_000, required=False, initial=0)
    abstentions = forms.IntegerField(label="Abstentions", min_value=0, max_value=10_000, required=False, initial=0)
    president_ballot = forms.ChoiceField(
        label="Vote du président de séance (départage en cas d'égalité, hors scrutin secret)",
        required=False,
        choices=[("", "—"), (Ballot.FOR, "pour"), (Ballot.AGAINST, "contre"), (Ballot.ABSTAIN, "abstention")],
    )
    subject = forms.CharField(label="Objet", max_length=500)
    text = forms.CharField(label="Texte de la délibération", widget=forms.Textarea(attrs={"rows": 14}))
    recipients = forms.CharField(
        label="Destinataires",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Une ligne par destinataire.",
    )
    printed_number = forms.CharField(
        label="Numéro imprimé",
        max_length=40,
        required=False,
        help_text="Registre existant : le numéro tel qu'imprimé (« 2011-045 », « DM20240607028 ») ; "
        "vide : le numéro suivant de l'année.",
    )
    printed_order = forms.IntegerField(
        label="Rang dans l'année",
        min_value=1,
        max_value=99_999,
        required=False,
        help_text="Seulement si le rang ne peut être lu dans le numéro imprimé.",
    )
    printed_voters = forms.IntegerField(label="Votants (imprimé)", min_value=0, max_value=500, required=False)


class AttendanceCountsForm(forms.Form):
    """Attendance when the document gives only counts."""

    present = forms.IntegerField(
        label="Présents (nombre)",
        min_value=0,
        max_value=500,
        required=False,
        help_text="Vide : retire les nombres (seuls les noms comptent).",
    )
    represented = forms.IntegerField(
        label="Représentés (nombre)", min_value=0, max_value=500, initial=0, required=False
    )
    absent = forms.IntegerField(label="Absents ou excusés (nombre)", min_value=0, max_value=500, required=False)


class RectificationForm(forms.Form):
    sitting = ColumnsModelChoiceField(
        label="Séance qui rectifie", queryset=None, widget=FastSelect, label_fields=("date",)
    )
    vote_mode = forms.ChoiceField(
        label="Vote rectifié", choices=Deliberation.VoteMode.choices, widget=forms.RadioSelect, initial="counted"
    )
    votes_for = forms.IntegerField(label="Voix pour", min_value=0, max_value=10_000, required=False, initial=0)
    votes_against = forms.IntegerField(label="Voix contre", min_value=0, max_value=10_000, required=False, initial=0)
    abstentions = forms.IntegerField(label="Abstentions", min_value=0, max_value=10_000, required=False, initial=0)
    reason = forms.CharField(label="Motif de la rectification", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, deliberation, **kwargs):
        super().__init__(*args, **kwargs)
        # Later sittings of the same body only: any other id is "not a valid choice", like a missing one.
        self.fields["sitting"].queryset = Sitting.objects.filter(
            body_id=deliberation.body_id, date__gt=deliberation.sitting.date
        ).order_by("date")
        self.fields["sitting"].label_from_instance = lambda s: f"Séance du {s.date:%d/%m/%Y}"


class CancellationForm(forms.Form):
    reason = forms.CharField(label="Motif de l'annulation", widget=forms.Textarea(attrs={"rows": 3}))


class PublicationForm(forms.Form):
    convention = ColumnsModelChoiceField(
        label="Convention approuvée",
        queryset=None,
        required=False,
        widget=FastSelect,
        label_fields=("reference", "title"),  # Convention.__str__
        help_text="Conventions auxquelles l'organisation de l'instance est partie.",
    )
    transmitted_on = forms.DateField(label="Transmise en préfecture le", required=False, widget=DATE)
    published_on = forms.DateField(label="Publiée le", required=False, widget=DATE)
    recipients = forms.CharField(
        label="Destinataires",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Une ligne par destinataire.",
    )

    def __init__(self, *args, deliberation, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Scoped: an id outside the user's scope is "not a valid choice", like an id that does not exist.
        self.fields["convention"].queryset = (
            scoped(user, Convention)
            .filter(parties__organisation_id=deliberation.body.organisation_id)
            .order_by("-first_year", "reference")
        )


class BodyForm(forms.ModelForm):
    """A body and its rule set (checked again by ``referential.save_body``)."""

    class Meta:
        model = Body
        fields = BODY_FIELDS
        widgets = {"default_recipients": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].label_from_instance = lambda o: o.short_name

    def _post_clean(self):
        """Model validation is the service's (same messages in pages and API)."""


class MemberForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = MEMBER_FIELDS
        widgets = {"mandate_start": DATE, "mandate_end": DATE}
        error_messages = {"last_name": {"required": "Nom : il est obligatoire."}}

    def _post_clean(self):
        """Model validation is the service's."""


class MemberImportForm(forms.Form):
    file = forms.FileField(
        label="Fichier CSV des membres",
        help_text="Colonnes (séparateur « ; » ou « , ») : civilite, prenom, nom, qualite, rang, president, "
        "debut_mandat, fin_mandat ; seule « nom » est obligatoire ; dates JJ/MM/AAAA ; 200 Ko au plus.",
    )
