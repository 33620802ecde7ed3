"""Demo coordination of 2017 (article 4 of the convention). Everything here is demo data except the
subjects the seed names (bimonthly practice exchanges, the two information sessions, analyse de la
pratique budgeted 4 300 €): the dates, the provider, its rate, the participants and the attendance
are invented, and marked ``is_demo``.

Invitations are created without sending e-mail (loading the demo must not mail anyone). The library's
demo entries are links to example.org (fictitious), so loading the demo writes no file.
"""

import datetime
from decimal import Decimal

from django.utils.text import slugify

from reussite.accounts.models import Membership, Role, User
from reussite.territory.models import Network, Organisation, ProgrammeCarrier

from . import services
from .models import PRACTICE_EXCHANGE, Event, EventKind, EventSeries, Invitation, ProviderRate, Resource

D = datetime.date
NETWORK_NAME = "Réseau PRE de Dijon Métropole"
PROVIDER_SHORT = "Cabinet d'analyse de la pratique (démo)"
DEMO_RATE = Decimal("430.00")  # per session: 10 sessions make the 4 300 € budgeted (assumption)
ANALYSE_DATES = [D(2017, m, 16) for m in (1, 2, 3, 4, 5, 6, 9, 10, 11, 12)]
UNPAID = {D(2017, 12, 16)}  # the last session's invoice is still to pay
INFORMATION_SESSIONS = [
    (
        D(2017, 3, 21),
        "Mission de lutte contre le décrochage scolaire",
        "Présentation par les services de l'Éducation nationale.",
    ),
    (
        D(2017, 6, 20),
        "Prévention de la radicalisation",
        "Présentation par des professionnels des services de l'État investis dans la prévention.",
    ),
]
SERIES_TITLE = "Échange de pratiques entre coordinateurs (2017)"
# Index of the programme coordinators (in carrier order) absent from each exchange; the last one
# never comes, so the attendance page has someone to show.
ABSENT = [{4}, {1, 4}, {4}, {2, 4}, {4}, {0, 4}]


def load():
    network = Network.objects.get(name=NETWORK_NAME)
    metropole = Organisation.objects.get(network=network, kind=Organisation.Kind.METROPOLE)
    coordinators = _programme_coordinators(network)
    _load_exchanges(network, metropole, coordinators)
    _load_information_sessions(network, metropole, coordinators)
    _load_analyse_de_la_pratique(network, metropole, coordinators)
    _load_library(network)


def _programme_coordinators(network):
    """One demo coordination account per programme carrier of 2017, with an e-mail address."""
    carriers = (
        ProgrammeCarrier.objects.valid_on(D(2017, 6, 1))
        .filter(programme__network=network)
        .select_related("organisation", "programme")
        .order_by("programme__commune__name")
    )
    people = []
    for carrier in carriers:
        org = carrier.organisation
        membership = (
            Membership.objects.filter(organisation=org, role=Role.PROGRAMME_COORDINATOR, user__is_demo=True)
            .select_related("user")
            .first()
        )
        if membership is None:
            username = f"coordination.{slugify(org.short_name)}"[:150]
            user, _ = User.objects.get_or_create(
                username=username,
                defaults={"first_name": "Coordination", "last_name": org.short_name, "is_demo": True},
            )
            membership, _ = Membership.objects.get_or_create(
                user=user, organisation=org, role=Role.PROGRAMME_COORDINATOR
            )
        user = membership.user
        if not user.email:
            user.email = f"{user.username}@demo.invalid"
            user.save(update_fields=["email"])
        people.append((user, org, carrier.programme))
    return people


def _invite_without_mail(event, coordinators, absent=None):
    for index, (user, org, programme) in enumerate(coordinators):
        attended = None if absent is None else index not in absent
        Invitation.objects.update_or_create(
            event=event,
            email=user.email,
            defaults={
                "user": user,
                "full_name": user.get_full_name() or user.username,
                "organisation": org,
                "programme": programme,
                "reply": Invitation.Reply.YES if attended is not False else Invitation.Reply.NO,
                "attended": attended,
            },
        )


def _load_exchanges(network, metropole, coordinators):
    series = EventSeries.objects.filter(network=network, title=SERIES_TITLE).first()
    if series is None:
        series = services.create_series(
            network=network,
            kind=EventKind.default(PRACTICE_EXCHANGE),
            title=SERIES_TITLE,
            first_date=D(2017, 1, 1),
            last_date=D(2017, 12, 31),
            organiser=metropole,
            interval_months=2,
            weekday=1,
            week_of_month=2,
            place="Dijon Métropole, salle de réunion (démo)",
            programmes=[programme for _, _, programme in coordinators],
            is_demo=True,
        )
    for event, absent in zip(series.events.order_by("date"), ABSENT, strict=False):
        event.agenda = "Tour de table des programmes ; situations complexes (codes pseudonymes) ; actualités."
        event.save(update_fields=["agenda"])
        _invite_without_mail(event, coordinators, absent)


def _load_information_sessions(network, metropole, coordinators):
    kind = EventKind.default("information")
    for day, title, agenda in INFORMATION_SESSIONS:
        event = Event.objects.filter(network=network, kind=kind, title=title).first()
        if event is None:
            event = services.create_event(
                network=network,
                kind=kind,
                title=title,
                date=day,
                organiser=metropole,
                start_time=datetime.time(14, 0),
                end_time=datetime.time(16, 30),
                place="Dijon Métropole (démo)",
                agenda=agenda,
                is_demo=True,
            )
        _invite_without_mail(event, coordinators, absent={3})


# Invented satisfaction of the first sessions (score per coordinator, in carrier order; the last one
# never comes) and a comment without any name.
DEMO_SCORES = [5, 4, 4, 3]
DEMO_COMMENT = "Séance utile pour prendre du recul sur les situations suivies (avis de démonstration)."
SESSIONS_WITH_FEEDBACK = 3
# Analyse de la pratique is for the people who work around schooling (article 4): its audience.
ANALYSE_ROLES = ",".join(sorted([Role.PROGRAMME_COORDINATOR, Role.REFERENT, Role.PSYCHOLOGIST]))


def _load_analyse_de_la_pratique(network, metropole, coordinators):
    provider, _ = Organisation.objects.update_or_create(
        short_name=PROVIDER_SHORT,
        defaults={
            "network": network,
            "kind": Organisation.Kind.PROVIDER,
            "name": "Cabinet d'analyse de la pratique (donnée de démonstration)",
            "is_demo": True,
        },
    )
    ProviderRate.objects.update_or_create(
        provider=provider,
        unit=ProviderRate.Unit.SESSION,
        valid_from=D(2017, 1, 1),
        defaults={"amount": DEMO_RATE, "is_assumption": True},
    )
    kind = EventKind.default("analyse-de-la-pratique")
    for number, day in enumerate(ANALYSE_DATES, start=1):
        title = f"Analyse de la pratique des intervenants à la scolarité — séance {number}"
        event = Event.objects.filter(network=network, kind=kind, title=title).first()
        if event is None:
            event = services.create_event(
                network=network,
                kind=kind,
                title=title,
                date=day,
                organiser=metropole,
                provider=provider,
                start_time=datetime.time(9, 0),
                end_time=datetime.time(12, 0),
                place="Dijon Métropole (démo)",
                is_demo=True,
            )
        cost = services.record_cost(
            event,
            provider=provider,
            unit=ProviderRate.Unit.SESSION,
            quantity=Decimal(1),
            invoice_reference=f"DEMO-ADP-2017-{number:02d}",
            is_demo=True,
        )
        services.mark_paid(cost, None if day in UNPAID else day + datetime.timedelta(days=30))
        Event.objects.filter(pk=event.pk).update(audience_roles=f",{ANALYSE_ROLES},")
        if number <= SESSIONS_WITH_FEEDBACK:
            _invite_without_mail(event, coordinators, absent={len(coordinators) - 1})
            for invitation in event.invitations.filter(attended=True).order_by("organisation__short_name"):
                index = [user.pk for user, _, _ in coordinators].index(invitation.user_id)
                services.give_feedback(invitation, DEMO_SCORES[index % len(DEMO_SCORES)], DEMO_COMMENT)


# title, kind, tags, link, presented at (information session title or None)
LIBRARY = [
    (
        "Charte de confidentialité du réseau (démo)",
        Resource.Kind.CHARTER,
        "confidentialité, secret partagé",
        "https://example.org/demo/charte-confidentialite.pdf",
        None,
    ),
    (
        "Lutte contre le décrochage scolaire — support de présentation (démo)",
        Resource.Kind.PRESENTATION,
        "décrochage, Éducation nationale",
        "https://example.org/demo/decrochage-scolaire.pdf",
        INFORMATION_SESSIONS[0][1],
    ),
    (
        "Prévention de la radicalisation — support de présentation (démo)",
        Resource.Kind.PRESENTATION,
        "radicalisation, prévention",
        "https://example.org/demo/prevention-radicalisation.pdf",
        INFORMATION_SESSIONS[1][1],
    ),
    (
        "Guide de l'analyse de la pratique (démo)",
        Resource.Kind.GUIDE,
        "analyse de la pratique",
        "https://example.org/demo/guide-analyse-pratique.pdf",
        None,
    ),
]


def _load_library(network):
    for title, kind, tags, link, presented_at in LIBRARY:
        if Resource.objects.filter(network=network, title=title).exists():
            continue
        event = Event.objects.filter(network=network, title=presented_at).first() if presented_at else None
        services.add_resource(network=network, title=title, kind=kind, tags=tags, link=link, event=event, is_demo=True)
