"""Permission matrix of the care endpoints.

Targets: ``own`` is the allocation of world.programme (carried by the programme coordinator's CCAS)
and the invoice of the world's psychologist; ``other_org`` the allocation of world.programme2 and the
invoice of another psychologist of the network; ``other_network`` those of the other network.
Amounts are recognisable, so each role's response is checked for what it must and must not show.
"""

import datetime
from decimal import Decimal

from reussite.accounts.models import Role
from reussite.care.models import CareInvoice, CareRate, HourAllocation, HourBudget, Psychologist
from reussite.territory.models import Organisation
from tests.factories import OrganisationFactory
from tests.matrix import Entry, only, statuses

METROPOLE = [Role.METROPOLE_COORDINATOR, Role.FINANCE_OFFICER]
HOURS = {"own": "1234.5", "other_org": "2345.5", "other_network": "3456.5"}
TOTALS = {"own": "4567.89", "other_org": "5678.91", "other_network": "6789.12"}
ALLOCATION_VIEW = {
    "own": only([*METROPOLE, Role.PROGRAMME_COORDINATOR]),
    "other_org": only(METROPOLE),
    "other_network": statuses(404),
}
INVOICE_VIEW = {
    "own": only([*METROPOLE, Role.PSYCHOLOGIST]),
    "other_org": only(METROPOLE),
    "other_network": statuses(404),
}


def care_objects(world):
    """One allocation and one invoice per target, built once per world."""
    cache = world.__dict__.get("_care")
    if cache:
        return cache
    cache = {"allocation": {}, "invoice": {}}
    day = datetime.date(2025, 1, 1)
    for target, network, programme in (
        ("own", world.network, world.programme),
        ("other_org", world.network, world.programme2),
        ("other_network", world.other_network, world.other_programme),
    ):
        rate, _ = CareRate.objects.get_or_create(
            network=network, valid_from=day, defaults={"unit": "hour", "amount": 50}
        )
        budget, _ = HourBudget.objects.get_or_create(
            network=network,
            year=2025,
            defaults={"amount": Decimal("400000"), "rate": rate, "unit": Decimal("0.5"), "total_hours": 8000},
        )
        hours = Decimal(HOURS[target])
        cache["allocation"][target] = HourAllocation.objects.create(
            budget=budget, programme=programme, weight=1, initial_hours=hours, hours=hours
        )
        provider = (
            world.provider if target == "own" else OrganisationFactory(network=network, kind=Organisation.Kind.PROVIDER)
        )
        psychologist = Psychologist.objects.create(
            network=network,
            organisation=provider,
            user=world.user(Role.PSYCHOLOGIST) if target == "own" else None,
            full_name=f"Psy {target}",
            adeli="219312345",
            agreement_from=day,
        )
        cache["invoice"][target] = CareInvoice.objects.create(
            psychologist=psychologist, year=2025, month=3, number=1, status="issued", total=Decimal(TOTALS[target])
        )
    world._care = cache
    return cache


def seen(values, view):
    """Texts of each target shown to the roles ``view`` allows, hidden from the others (list pages)."""

    def shows(world, target, role):
        care_objects(world)
        return [values[t] for t in values if (target in ("list", t)) and view[t].get(role) == 200]

    def hides(world, target, role):
        care_objects(world)
        return [values[t] for t in values if not ((target in ("list", t)) and view[t].get(role) == 200)]

    return {"shows": shows, "hides": hides}


def kwargs_of(kind):
    return lambda w, t: {"pk": care_objects(w)[kind][t].pk}


ENTRIES = [
    Entry("api:hour-allocation-list", {"list": statuses(200)}, anonymous=403, **seen(HOURS, ALLOCATION_VIEW)),
    Entry(
        "api:hour-allocation-detail",
        ALLOCATION_VIEW,
        kwargs_of("allocation"),
        anonymous=403,
        **seen(HOURS, ALLOCATION_VIEW),
    ),
    Entry("api:care-invoice-list", {"list": statuses(200)}, anonymous=403, **seen(TOTALS, INVOICE_VIEW)),
    Entry("api:care-invoice-detail", INVOICE_VIEW, kwargs_of("invoice"), anonymous=403, **seen(TOTALS, INVOICE_VIEW)),
]
