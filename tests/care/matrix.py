"""Permission matrix of the care pages and endpoints.

Targets: ``own`` is the allocation of world.programme (carried by the programme coordinator's CCAS),
the invoice of the world's psychologist and a child of world.programme referred to them (with a
session); ``other_org`` the same of world.programme2 and another psychologist of the network;
``other_network`` those of the other network. Hours, totals, children's names and codes are
recognisable, so each role's response is checked for what it must and must not show — the métropole
never receives a name.
"""

import datetime
from decimal import Decimal

from reussite.accounts.models import Role
from reussite.care.models import (
    CareInvoice,
    CareRate,
    CareReferral,
    CareSession,
    HourAllocation,
    HourBudget,
    Psychologist,
)
from reussite.territory.models import Organisation
from tests.factories import OrganisationFactory
from tests.matrix import Entry, only, statuses
from tests.parcours.factories import make_child

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
# As printed on the pages: « 1 234,5 h », « 4 567,89 € ».
PAGE_HOURS = {"own": "1 234,5", "other_org": "2 345,5", "other_network": "3 456,5"}
PAGE_TOTALS = {"own": "4 567,89", "other_org": "5 678,91", "other_network": "6 789,12"}
CHILDREN = {
    "own": ("Ombeline", "Orsay"),
    "other_org": ("Philippine", "Pradel"),
    "other_network": ("Quitterie", "Quimper"),
}
REFERRAL_VIEW = {
    "own": only([*METROPOLE, Role.PROGRAMME_COORDINATOR, Role.PSYCHOLOGIST]),
    "other_org": only(METROPOLE),
    "other_network": statuses(404),
}
# Named: the coordination of the child's programme and the psychologist it is referred to; never the métropole.
NAMED_VIEW = {
    "own": only([Role.PROGRAMME_COORDINATOR, Role.PSYCHOLOGIST]),
    "other_org": statuses(404),
    "other_network": statuses(404),
}
NAMED_NONE = {t: statuses(404) for t in ("own", "other_org", "other_network")}
DASHBOARD = only([*METROPOLE, Role.PROGRAMME_COORDINATOR])
REFERRAL_PAGES = only([*METROPOLE, Role.PROGRAMME_COORDINATOR, Role.PSYCHOLOGIST])
INVOICE_PAGES = only([*METROPOLE, Role.PSYCHOLOGIST])


def care_objects(world):
    """One allocation and one invoice per target, built once per world."""
    cache = world.__dict__.get("_care")
    if cache:
        return cache
    cache = {"allocation": {}, "invoice": {}, "referral": {}, "session": {}}
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
        first_name, last_name = CHILDREN[target]
        child = make_child(programme, first_name=first_name, last_name=last_name, birth_date=datetime.date(2016, 5, 1))
        referral = CareReferral.objects.create(
            child=child,
            psychologist=psychologist,
            allocation=cache["allocation"][target],
            requested_hours=10,
            referred_on=datetime.date(2025, 3, 1),
            referred_by=world.user(Role.PROGRAMME_COORDINATOR),
        )
        cache["referral"][target] = referral
        cache["session"][target] = CareSession.objects.create(
            referral=referral,
            date=datetime.date(2025, 3, 5),
            duration_minutes=45,
            with_whom="child",
            attendance="attended",
            recorded_by=world.user(Role.PSYCHOLOGIST),
        )
    world._care = cache
    return cache


def seen(values, view, *more):
    """Texts of each target shown to the roles ``view`` allows, hidden from the others; ``more`` adds
    other (values, view) pairs. ``values`` maps a target to a text, or is ``(world, target) -> text``."""
    pairs = [(values, view), *zip(more[::2], more[1::2], strict=True)]

    def text(world, values, target):
        return values(world, target) if callable(values) else values[target]

    def visible(target, t, view, role):
        return target in ("list", t) and view[t].get(role) == 200

    def shows(world, target, role):
        care_objects(world)
        return [text(world, v, t) for v, w in pairs for t in TARGETS if visible(target, t, w, role)]

    def hides(world, target, role):
        care_objects(world)
        return [text(world, v, t) for v, w in pairs for t in TARGETS if not visible(target, t, w, role)]

    return {"shows": shows, "hides": hides}


TARGETS = ("own", "other_org", "other_network")


def child_code(world, target):
    return care_objects(world)["referral"][target].child.code


def child_name(world, target):
    return CHILDREN[target][1]  # the last name: one word on pages (« Ombeline ORSAY ») and in JSON


def child_names(view):
    """Names (first and last) follow ``view``; the other targets' last names never appear."""
    return (child_name, view)


def kwargs_of(kind):
    return lambda w, t: {"pk": care_objects(w)[kind][t].pk}


def with_care_world(world, target):
    care_objects(world)
    return {}


REFERRAL_CONTENT = seen(child_code, REFERRAL_VIEW, *child_names(NAMED_VIEW))
API_PATTERNS = {"list": statuses(200)}

ENTRIES = [
    Entry("api:hour-allocation-list", API_PATTERNS, anonymous=403, **seen(HOURS, ALLOCATION_VIEW)),
    Entry(
        "api:hour-allocation-detail",
        ALLOCATION_VIEW,
        kwargs_of("allocation"),
        anonymous=403,
        **seen(HOURS, ALLOCATION_VIEW),
    ),
    Entry("api:care-invoice-list", API_PATTERNS, anonymous=403, **seen(TOTALS, INVOICE_VIEW)),
    Entry("api:care-invoice-detail", INVOICE_VIEW, kwargs_of("invoice"), anonymous=403, **seen(TOTALS, INVOICE_VIEW)),
    Entry("api:care-referral-list", API_PATTERNS, anonymous=403, **REFERRAL_CONTENT),
    Entry("api:care-referral-detail", REFERRAL_VIEW, kwargs_of("referral"), anonymous=403, **REFERRAL_CONTENT),
    # Sessions carry codes only, never a name.
    Entry(
        "api:care-session-list", API_PATTERNS, anonymous=403, **seen(child_code, REFERRAL_VIEW, child_name, NAMED_NONE)
    ),
    Entry(
        "api:care-session-detail",
        REFERRAL_VIEW,
        kwargs_of("session"),
        anonymous=403,
        **seen(child_code, REFERRAL_VIEW, child_name, NAMED_NONE),
    ),
    # Pages.
    Entry("care:dashboard", {"list": DASHBOARD}, **seen(PAGE_HOURS, ALLOCATION_VIEW)),
    Entry("care:budget_create", {"list": only([Role.METROPOLE_COORDINATOR])}),
    Entry("care:allocation_detail", ALLOCATION_VIEW, kwargs_of("allocation"), **seen(PAGE_HOURS, ALLOCATION_VIEW)),
    Entry("care:referral_list", {"list": REFERRAL_PAGES}, **REFERRAL_CONTENT),
    Entry("care:referral_create", {"list": only([Role.PROGRAMME_COORDINATOR])}, with_care_world),
    Entry("care:referral_detail", REFERRAL_VIEW, kwargs_of("referral"), **REFERRAL_CONTENT),
    Entry("care:session_list", {"list": REFERRAL_PAGES}, **REFERRAL_CONTENT),
    Entry("care:invoice_list", {"list": INVOICE_PAGES}, **seen(PAGE_TOTALS, INVOICE_VIEW)),
    # The world's psychologist has their record (care_objects) to invoice from.
    Entry("care:invoice_build", {"list": only([Role.PSYCHOLOGIST])}, with_care_world),
    Entry("care:invoice_detail", INVOICE_VIEW, kwargs_of("invoice"), **seen(PAGE_TOTALS, INVOICE_VIEW)),
    Entry("care:invoice_pdf", INVOICE_VIEW, kwargs_of("invoice"), **seen(PAGE_TOTALS, INVOICE_VIEW)),
]
