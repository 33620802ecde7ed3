"""Demo psychological support (idempotent): the 2017 line of 13 200 € split in hours across the five
territories at an assumed rate; last year's hours entered directly, with three fictitious
psychologists, referrals of Dijon children, sessions over several months and invoices at each status."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from reussite.accounts.models import User
from reussite.funding.demo import REF_2017
from reussite.funding.models import BudgetLine
from reussite.parcours.models import Child
from reussite.territory.demo import NETWORK_NAME, YOUTH_2016
from reussite.territory.models import Network, Organisation, Programme

from . import services
from .hours import HALF_HOUR
from .models import CareInvoice, CareRate, HourBudget, Psychologist

ASSUMED_RATE = Decimal("50")  # € a 60-minute session: an assumption, the convention states no rate
DEMO_RPPS = ["10000000009", "10000000017", "10000000025"]  # fictitious, Luhn-valid
DEMO_PSYCHOLOGISTS = [
    ("Sacha Démo", "Cabinet de psychologie (démo)", ["dijon", "chenove", "talant"]),
    ("Noé Fictif", "Psychologues associés (démo)", ["longvic", "quetigny"]),
    ("Inès Exemple", "Cabinet Exemple (démo)", ["dijon", "longvic"]),
]


def _key(programme) -> str:
    return programme.commune.name.lower().replace("ô", "o")


@transaction.atomic
def load():
    network = Network.objects.get(name=NETWORK_NAME)
    metropole = User.objects.get(username="coordination.metropole")
    programmes = {_key(p): p for p in Programme.objects.filter(network=network).select_related("commune")}
    CareRate.objects.get_or_create(
        network=network,
        valid_from=datetime.date(2017, 1, 1),
        defaults={
            "unit": CareRate.Unit.SESSION,
            "amount": ASSUMED_RATE,
            "is_assumption": True,
            "source_note": "Hypothèse de démonstration : la convention 2017 ne fixe pas de tarif.",
        },
    )
    weights = {p: YOUTH_2016[k] for k, p in programmes.items() if k in YOUTH_2016}
    if not HourBudget.objects.filter(network=network, year=2017).exists():
        line = BudgetLine.objects.filter(
            convention__network=network,
            convention__reference=REF_2017,
            year=2017,
            action_kind__code="accompagnement-psychologique",
        ).first()
        services.allocate_hours(metropole, network, 2017, None if line else Decimal("13200"), weights, HALF_HOUR, line)
    psychologists = [_psychologist(network, programmes, i, *spec) for i, spec in enumerate(DEMO_PSYCHOLOGISTS)]
    year = timezone.localdate().year - 1  # a full past year: sessions, invoices, payments and delays
    if HourBudget.objects.filter(network=network, year=year).exists():
        return
    services.allocate_hours(metropole, network, year, Decimal("13200"), weights, HALF_HOUR)
    _activity(network, programmes["dijon"], psychologists[0], year, metropole)


def _psychologist(network, programmes, index, full_name, organisation_name, served):
    organisation, _ = Organisation.objects.get_or_create(
        short_name=organisation_name,
        defaults={"network": network, "kind": Organisation.Kind.PROVIDER, "name": organisation_name, "is_demo": True},
    )
    user = User.objects.filter(username="psychologue").first() if index == 0 else None
    psychologist, _ = Psychologist.objects.get_or_create(
        network=network,
        full_name=full_name,
        defaults={
            "organisation": organisation,
            "user": user,
            "rpps": DEMO_RPPS[index],
            "agreement_from": datetime.date(2017, 1, 1),
            "is_demo": True,
        },
    )
    psychologist.programmes.set([programmes[k] for k in served])
    return psychologist


def _activity(network, programme, psychologist, year, metropole):
    coordinator = User.objects.get(username="coordination.dijon")
    referred_on = datetime.date(year, 2, 1)
    referrals = []
    for child in Child.objects.filter(programme=programme).order_by("pk").select_related("household", "programme"):
        try:
            with transaction.atomic():
                referrals.append(services.refer_to_psychologist(coordinator, child, psychologist, 16, referred_on))
        except ValidationError:
            continue  # too old or too young that day, or no consent for the psychologist: not referred
        if len(referrals) == 4:
            break
    psy_user = psychologist.user
    for n, referral in enumerate(referrals):
        for month in range(2, 12):
            for day, attendance in ((6 + n, "attended"), (20 + n, "missed" if month % 4 == n % 4 else "attended")):
                services.record_session(psy_user, referral, datetime.date(year, month, day), 45, "child", attendance)
    if not referrals:
        return
    # Invoices Feb–Nov: paid, then certified, issued (overdue by now) and the last one left as a draft.
    for month in range(2, 12):
        invoice = services.build_invoice(psy_user, psychologist, year, month)
        if month == 11:
            continue
        issued_on = datetime.date(year, month + 1, 3)
        services.issue_invoice(psy_user, invoice, issued_on)
        if month <= 8:
            services.certify_invoice(metropole, invoice, issued_on + datetime.timedelta(days=7))
        if month <= 7:
            services.pay_invoice(metropole, invoice, issued_on + datetime.timedelta(days=21 + month))


def invoice_statuses(network) -> dict[str, int]:
    """Counts of demo invoices by status (for the README and tests)."""
    invoices = CareInvoice.objects.filter(psychologist__network=network)
    return {status: invoices.filter(status=status).count() for status in CareInvoice.Status.values}
