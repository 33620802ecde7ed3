from decimal import Decimal

from django import forms

from reussite.accounts.models import Membership, Role
from reussite.accounts.scoping import scoped
from reussite.core.forms import AmountField, FrenchDecimalField
from reussite.territory.models import Organisation, Programme

from .models import Event, EventKind, EventSeries, Feedback, ProviderRate, Resource


def roles_field(label):
    return forms.MultipleChoiceField(
        choices=Role.choices,
        required=False,
        label=label,
        help_text="aucun coché : tous les rôles",
        widget=forms.CheckboxSelectMultiple,
    )


class SeriesForm(forms.ModelForm):
    programmes = forms.ModelMultipleChoiceField(
        Programme.objects.none(),
        required=False,
        label="Programmes invités",
        help_text="aucun coché : tout le réseau",
        widget=forms.CheckboxSelectMultiple,
    )
    roles = roles_field("Rôles invités")

    class Meta:
        model = EventSeries
        fields = [
            "kind",
            "title",
            "interval_months",
            "week_of_month",
            "weekday",
            "first_date",
            "last_date",
            "start_time",
            "end_time",
            "place",
        ]
        widgets = {
            "first_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "last_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args, user, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = scoped(user, EventKind)
        self.fields["programmes"].queryset = scoped(user, Programme).filter(network=network)


class InviteForm(forms.Form):
    memberships = forms.ModelMultipleChoiceField(
        Membership.objects.none(), label="Personnes à inviter", widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        # Active members of the event's network (the inviter is its métropole coordination).
        self.fields["memberships"].queryset = (
            Membership.objects.active()
            .filter(organisation__network_id=event.network_id)
            .exclude(user__email="")
            .select_related("user", "organisation")
            .order_by("organisation__short_name", "user__last_name", "user__username")
        )
        self.fields["memberships"].label_from_instance = lambda m: (
            f"{m.person_name} — {m.organisation.short_name} ({m.get_role_display()})"
        )


class ResourceForm(forms.ModelForm):
    link = forms.URLField(label="Lien", required=False, assume_scheme="https")
    upload = forms.FileField(
        label="Fichier", required=False, help_text="PDF, image, Word, PowerPoint, Excel ou OpenDocument ; 10 Mo au plus"
    )
    programmes = forms.ModelMultipleChoiceField(
        Programme.objects.none(),
        required=False,
        label="Programmes destinataires",
        help_text="aucun coché : tout le réseau",
        widget=forms.CheckboxSelectMultiple,
    )
    roles = roles_field("Rôles destinataires")

    class Meta:
        model = Resource
        fields = ["kind", "title", "description", "tags", "valid_until", "link", "event"]
        widgets = {"valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, user, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programmes"].queryset = scoped(user, Programme).filter(network=network)
        self.fields["event"].queryset = scoped(user, Event).filter(network=network).order_by("-date")


class CostForm(forms.Form):
    provider = forms.ModelChoiceField(Organisation.objects.none(), label="Prestataire")
    unit = forms.ChoiceField(label="Unité", choices=ProviderRate.Unit.choices)
    quantity = FrenchDecimalField(
        label="Quantité", min_value=Decimal("0.01"), max_digits=6, decimal_places=2, help_text="séances ou heures"
    )
    invoice_reference = forms.CharField(label="Référence de la facture", max_length=60, required=False)
    paid_on = forms.DateField(
        label="Payé le", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        # Organisations of the event's network that have a rate (the providers under contract).
        self.fields["provider"].queryset = (
            Organisation.objects.filter(network_id=event.network_id, coordination_rates__isnull=False)
            .distinct()
            .order_by("short_name")
        )


class FeedbackForm(forms.Form):
    score = forms.TypedChoiceField(
        label="Satisfaction", coerce=int, choices=Feedback._meta.get_field("score").choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label="Commentaire", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class EventForm(forms.ModelForm):
    """Create an event, or (``instance``) change one: its audience is then shown as it is."""

    video_link = forms.URLField(label="Lien de visioconférence", required=False, assume_scheme="https")
    programmes = forms.ModelMultipleChoiceField(
        Programme.objects.none(),
        required=False,
        label="Programmes invités",
        help_text="aucun coché : tout le réseau",
        widget=forms.CheckboxSelectMultiple,
    )
    roles = roles_field("Rôles invités")

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "date",
            "start_time",
            "end_time",
            "place",
            "video_link",
            "provider",
            "speaker",
            "agenda",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args, user, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = scoped(user, EventKind)
        self.fields["provider"].queryset = Organisation.objects.filter(network=network).order_by("short_name")
        self.fields["programmes"].queryset = scoped(user, Programme).filter(network=network)
        if self.instance.pk:
            self.fields["programmes"].initial = [p.pk for p in self.instance.audience_programmes.all()]
            self.fields["roles"].initial = self.instance.audience_role_list


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Motif de l'annulation",
        max_length=300,
        help_text="envoyé aux personnes invitées avec l'annulation",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label="Compte rendu",
        required=False,
        max_length=20000,
        help_text="aucun nom d'enfant : seulement leur code pseudonyme",
        widget=forms.Textarea(attrs={"rows": 16}),
    )


class RateForm(forms.Form):
    provider = forms.ModelChoiceField(Organisation.objects.none(), label="Prestataire")
    unit = forms.ChoiceField(label="Unité", choices=ProviderRate.Unit.choices)
    amount = AmountField(label="Tarif (€)", min_value=Decimal("0"))
    valid_from = forms.DateField(
        label="Applicable à partir du", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    contract_reference = forms.CharField(
        label="Référence du contrat",
        max_length=100,
        required=False,
        help_text="marché, bon de commande ou convention avec le prestataire, tel qu'imprimé",
    )

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Organisation.objects.filter(network=network).order_by("short_name")
