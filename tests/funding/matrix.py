"""Permission matrix of the funding pages and endpoints.

Targets: ``own`` is a convention the programme's carrier (world.carrier, where the programme
coordinator, the référent and the board secretary work) is party to; ``other_org`` one between the
métropole and world.carrier2 only; ``other_network`` one of the other network.
"""

from reussite.accounts.models import Role
from reussite.funding.models import StateConvention
from tests.funding.factories import first_call, make_convention
from tests.matrix import Entry, Seen, only, statuses

ALL_200 = statuses(200)
ALL_404 = statuses(404)
STAFF = [Role.FINANCE_OFFICER, Role.METROPOLE_COORDINATOR]
PARTY_MEMBERS = [*STAFF, Role.PROGRAMME_COORDINATOR, Role.BOARD_SECRETARY]


def convention(world, target):
    cache = world.__dict__.setdefault("_funding_conventions", {})
    if target not in cache:
        if target == "own":
            cache[target] = make_convention(world.metropole, [world.carrier], issue=True)
        elif target == "other_org":
            cache[target] = make_convention(world.metropole, [world.carrier2], issue=True)
        else:
            cache[target] = make_convention(world.other_metropole, [world.other_carrier], issue=True)
    return cache[target]


def paying_party(world, target):
    return convention(world, target).parties.get(role="paying")


def call(world, target):
    return first_call(convention(world, target))


# Readers (elected members) of the métropole see every convention it is party to and the calls it issued.
VIEW = {
    "own": only([*PARTY_MEMBERS, Role.READER]),
    "other_org": only([*STAFF, Role.READER]),
    "other_network": ALL_404,
}
CHANGE = {"own": only(STAFF), "other_org": only(STAFF), "other_network": ALL_404}


# Grants: the network's staff, and the granting organisation's members (world.carrier for "own").
GRANT_MEMBERS = [*STAFF, Role.PROGRAMME_COORDINATOR, Role.BOARD_SECRETARY]
GRANTS = {"own": only(GRANT_MEMBERS), "other_org": only(STAFF), "other_network": ALL_404}

# Lists show the sentinel conventions, calls and payments to those who may read them.
CONVENTIONS = [Seen("convention", VIEW), Seen("convention_reference", VIEW)]
CALLS = [Seen("convention_reference", VIEW), Seen("call", VIEW), Seen("payment", VIEW)]


def sentinel_kwargs(kind):
    return lambda w, t: {"pk": w.sentinels.object(kind, t).pk}


def conv_kwargs(w, t):
    return {"pk": convention(w, t).pk}


def year_kwargs(w, t):
    return {"pk": convention(w, t).pk, "year": 2025}


ENTRIES = [
    Entry("funding:convention_list", {"list": ALL_200}, content=CONVENTIONS),
    Entry("funding:call_list", {"list": ALL_200}, content=CALLS),
    Entry("funding:overdue_list", {"list": ALL_200}, content=CALLS),
    Entry("funding:convention_create", {"list": only(STAFF, no=403)}),
    Entry("funding:convention_validate", {"list": only(STAFF)}, method="post", data=lambda w, t: {"title": "x"}),
    Entry(
        "funding:convention_detail",
        VIEW,
        sentinel_kwargs("convention"),
        content=[*CONVENTIONS, *CALLS[1:], Seen("evolution", VIEW), Seen("amendment", VIEW)],
    ),
    Entry("funding:convention_edit", CHANGE, conv_kwargs),
    Entry("funding:articles_edit", CHANGE, conv_kwargs),
    Entry("funding:convention_status", CHANGE, conv_kwargs),
    Entry("funding:party_add", CHANGE, conv_kwargs),
    Entry("funding:state_convention_add", CHANGE, conv_kwargs),
    Entry("funding:party_edit", CHANGE, lambda w, t: {"pk": paying_party(w, t).pk}),
    Entry(
        "funding:state_convention_status",
        CHANGE,
        lambda w, t: {"pk": StateConvention.objects.get(party=paying_party(w, t)).pk},
    ),
    Entry("funding:lines_edit", CHANGE, year_kwargs),
    Entry("funding:funding_edit", CHANGE, year_kwargs),
    Entry("funding:calls_issue", CHANGE, year_kwargs),
    Entry("funding:allocations_edit", CHANGE, year_kwargs),
    Entry(
        "funding:recompute_split",
        {t: {r: (302 if s == 200 else s) for r, s in e.items()} for t, e in CHANGE.items()},
        year_kwargs,
        method="post",
    ),
    Entry("funding:source_create", CHANGE, conv_kwargs),
    Entry("funding:evolution_add", CHANGE, conv_kwargs),
    Entry("funding:evolution_delete", CHANGE, lambda w, t: {"pk": _evolution(w, t).pk}),
    Entry("funding:amendment_create", CHANGE, conv_kwargs),
    Entry(
        "funding:amendment_detail",
        VIEW,
        sentinel_kwargs("amendment"),
        content=[Seen("amendment", VIEW), Seen("convention_reference", VIEW)],
    ),
    Entry("funding:grant_list", {"list": ALL_200}, content=[Seen("grant", GRANTS)]),
    Entry("funding:grant_create", {"list": only(GRANT_MEMBERS, no=403)}),
    Entry(
        "funding:grant_detail",
        GRANTS,
        sentinel_kwargs("grant"),
        content=[Seen("grant", GRANTS), Seen("grant_line", GRANTS), Seen("grant_payment", GRANTS)],
    ),
    Entry("funding:grant_edit", GRANTS, sentinel_kwargs("grant")),
    Entry("funding:grant_payment_create", GRANTS, sentinel_kwargs("grant_line")),
    Entry("funding:call_detail", VIEW, sentinel_kwargs("call"), content=CALLS),
    Entry("funding:call_pdf", VIEW, sentinel_kwargs("call"), content=CALLS[:2]),
    # The sentinel calls are overdue (issued in 2025, partly paid): their reminder reads like the call.
    Entry("funding:call_reminder_pdf", VIEW, sentinel_kwargs("call"), content=CALLS[:2]),
    Entry("funding:payment_create", CHANGE, lambda w, t: {"pk": call(w, t).pk}),
    # API
    *[
        Entry(f"api:{basename}-list", {"list": ALL_200}, anonymous=403, content=[Seen(kind, VIEW)])
        for basename, kind in [
            ("convention", "convention"),
            ("convention-party", "party"),  # named by their organisation; no other convention exists
            ("budget-line", "budget"),
            ("funding-year", "budget"),
            ("funding-share", "call"),  # the one paying party's share is the amount it is called for
            ("call-for-funds", "call"),
            ("payment", "payment"),
            ("money-evolution", "evolution"),
            ("amendment", "amendment"),
        ]
    ],
    *[
        Entry(f"api:{basename}-list", {"list": ALL_200}, anonymous=403, content=[Seen(kind, GRANTS)])
        for basename, kind in [
            ("grant-envelope", "grant"),
            ("grant", "grant_line"),
            ("grant-payment", "grant_payment"),
        ]
    ],
    *[
        Entry(f"api:{basename}-detail", GRANTS, sentinel_kwargs(kind), anonymous=403, content=[Seen(kind, GRANTS)])
        for basename, kind in [
            ("grant-envelope", "grant"),
            ("grant", "grant_line"),
            ("grant-payment", "grant_payment"),
        ]
    ],
    Entry("api:grant-envelope-checks", GRANTS, sentinel_kwargs("grant"), anonymous=403),
    Entry("api:convention-evolutions", VIEW, conv_kwargs, anonymous=403),
    Entry(
        "api:money-evolution-detail",
        VIEW,
        sentinel_kwargs("evolution"),
        anonymous=403,
        content=[Seen("evolution", VIEW)],
    ),
    Entry("api:amendment-detail", VIEW, sentinel_kwargs("amendment"), anonymous=403, content=[Seen("amendment", VIEW)]),
    Entry("api:convention-detail", VIEW, sentinel_kwargs("convention"), anonymous=403, content=CONVENTIONS),
    Entry("api:convention-consistency", VIEW, conv_kwargs, anonymous=403),
    Entry("api:convention-party-detail", VIEW, lambda w, t: {"pk": paying_party(w, t).pk}, anonymous=403),
    Entry(
        "api:budget-line-detail",
        VIEW,
        lambda w, t: {"pk": convention(w, t).budget_lines.first().pk},
        anonymous=403,
    ),
    Entry(
        "api:funding-year-detail",
        VIEW,
        lambda w, t: {"pk": convention(w, t).funding_years.first().pk},
        anonymous=403,
    ),
    Entry(
        "api:funding-share-detail",
        VIEW,
        lambda w, t: {"pk": convention(w, t).funding_years.first().shares.get(party__role="paying").pk},
        anonymous=403,
    ),
    Entry("api:call-for-funds-detail", VIEW, lambda w, t: {"pk": call(w, t).pk}, anonymous=403),
    Entry(
        "api:payment-detail",
        VIEW,
        lambda w, t: {"pk": _payment(w, t).pk},
        anonymous=403,
    ),
]


def _payment(world, target):
    import datetime
    from decimal import Decimal

    from reussite.funding import services

    c = call(world, target)
    return c.payments.first() or services.record_payment(c, amount=Decimal("10"), paid_on=datetime.date(2025, 5, 1))


def _evolution(world, target):
    """A printed evolution of the target's convention (its deletion page)."""
    from reussite.funding.models import MoneyEvolution

    return MoneyEvolution.objects.create(
        convention=convention(world, target), year=2025, subject="total_cost", printed_change=1
    )
