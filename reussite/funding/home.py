"""Home-page cards of the funding app: calls for funds past their due date."""

from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from reussite.accounts.models import Role
from reussite.accounts.scoping import CHANGE, get_scope, scoped
from reussite.core.formatting import format_eur
from reussite.core.home import Card, home_card

from .models import CallForFunds, Convention, ConventionParty, FundingShare
from .rules import PARTY_ROLES, STAFF_ROLES


@home_card
def overdue_calls_for_funds(request):
    """For those who follow the cash: the métropole coordination and finance officers (their network's
    overdue calls, or their body's) and programme coordinators of a paying body (their own).
    Other roles: no card, and no query."""
    if not get_scope(request.user).has_role(
        Role.METROPOLE_COORDINATOR, Role.FINANCE_OFFICER, Role.PROGRAMME_COORDINATOR
    ):
        return []
    today = timezone.localdate()
    overdue = list(
        scoped(request.user, CallForFunds).overdue(today).select_related("party__organisation", "convention")[:6]
    )
    if not overdue:
        return []
    items = [
        f"{c.reference} — {c.party.name} ({c.convention.reference}) : solde {format_eur(c.balance)}, "
        f"échu le {c.due_date:%d/%m/%Y}"
        for c in overdue[:5]
    ]
    if len(overdue) > 5:
        items.append("…")
    return [
        Card(
            title="Appels de fonds en retard",
            body="Appels de fonds dont l'échéance est passée et le solde non payé :",
            items=items,
            url=reverse("funding:overdue_list"),
            link_text="Voir les appels de fonds en retard",
            tone="warning",
        )
    ]


def _label(convention) -> str:
    return f"{convention.reference} — {Truncator(convention.title).chars(70)}"


@home_card
def calls_to_issue(request):
    """Those who issue calls for funds: this year's paying parties of a notified or in-force convention
    that have a share and no call yet."""
    if not get_scope(request.user).has_role(*STAFF_ROLES):
        return []
    year = timezone.localdate().year
    conventions = list(
        scoped(request.user, Convention, CHANGE)
        .covering_year(year)
        .filter(status__in=[Convention.Status.NOTIFIED, Convention.Status.IN_FORCE])
        .order_by("reference")[:20]
    )
    if not conventions:
        return []
    ids = [c.pk for c in conventions]
    called = set(CallForFunds.objects.filter(convention_id__in=ids, year=year).values_list("party_id", flat=True))
    to_call = {}
    shares = FundingShare.objects.filter(
        funding_year__convention_id__in=ids,
        funding_year__year=year,
        party__role=ConventionParty.Role.PAYING,
        amount__isnull=False,
    ).values_list("funding_year__convention_id", "party_id")
    for convention_id, party_id in shares:
        if party_id not in called:
            to_call[convention_id] = to_call.get(convention_id, 0) + 1
    links = [
        (f"{_label(c)} : {to_call[c.pk]} partie(s) à appeler", reverse("funding:calls_issue", args=[c.pk, year]))
        for c in conventions
        if c.pk in to_call
    ]
    if not links:
        return []
    return [
        Card(title=f"Appels de fonds {year} à émettre", body="Parties versantes pas encore appelées :", links=links)
    ]


@home_card
def conventions_awaiting_approval(request):
    """Draft conventions some party has not approved yet. The métropole's staff see every one of their
    network; a party's members see those awaiting their own organisation."""
    scope = get_scope(request.user)
    if not scope.has_role(*STAFF_ROLES, *PARTY_ROLES):
        return []
    parties = ConventionParty.objects.filter(
        convention__in=scoped(request.user, Convention).filter(status=Convention.Status.DRAFT), has_approved=False
    ).select_related("convention", "organisation")
    staff_networks = scope.metropole_network_ids_for(*STAFF_ROLES)
    pending: dict = {}
    for party in parties.order_by("convention__reference", "position", "id")[:50]:
        if party.convention.network_id in staff_networks or party.organisation_id in scope.organisation_ids:
            pending.setdefault(party.convention, []).append(party.name)
    if not pending:
        return []
    return [
        Card(
            title="Conventions en attente d'approbation",
            body="Approbations des parties pas encore enregistrées :",
            links=[
                (f"{_label(c)} : {', '.join(names)}", reverse("funding:convention_detail", args=[c.pk]))
                for c, names in list(pending.items())[:8]
            ],
        )
    ]


@home_card
def own_conventions(request):
    """Programme coordinators: the conventions their organisation is party to this year, with its status,
    its share and what was called and paid."""
    scope = get_scope(request.user)
    organisations = scope.organisation_ids_for(Role.PROGRAMME_COORDINATOR)
    if not organisations:
        return []
    year = timezone.localdate().year
    parties = list(
        ConventionParty.objects.filter(
            organisation_id__in=organisations,
            convention__in=scoped(request.user, Convention).covering_year(year),
        )
        .select_related("convention", "organisation")
        .order_by("convention__reference")[:10]
    )
    if not parties:
        return []
    party_ids = [p.pk for p in parties]
    shares = dict(
        FundingShare.objects.filter(party_id__in=party_ids, funding_year__year=year).values_list("party_id", "amount")
    )
    calls = {
        c.party_id: c
        for c in CallForFunds.objects.filter(party_id__in=party_ids, year=year).with_paid().order_by("number")
    }
    links = []
    for party in parties:
        convention = party.convention
        share = shares.get(party.pk)
        parts = [convention.get_status_display()]
        if party.role == ConventionParty.Role.PAYING:
            parts.append(f"part {year} : {format_eur(share) if share is not None else 'à définir'}")
            call = calls.get(party.pk)
            parts.append(
                f"appelé {format_eur(call.amount)}, payé {format_eur(call.paid_total)}"
                if call
                else "pas encore appelée"
            )
        else:
            parts.append(party.get_role_display().lower())
        if not party.has_approved:
            parts.append("approbation à enregistrer")
        links.append(
            (f"{_label(convention)} — {' ; '.join(parts)}", reverse("funding:convention_detail", args=[convention.pk]))
        )
    return [Card(title=f"Vos conventions en {year}", body=f"Participation de {parties[0].name} :", links=links)]
