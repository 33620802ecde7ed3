"""Permission matrix of the convention documents and JSON exchange (namespace ``funding_exchange``).

Targets: ``own`` is a convention world.carrier (programme coordinator, référent, board secretary) is
party to; ``other_org`` one between the métropole and world.carrier2; ``other_network`` one of the
other network. Whoever sees a convention downloads its documents and exports it; importing needs the
métropole coordinator or finance officer role (403 otherwise: the page has no object to hide).
"""

from reussite.accounts.models import Role
from tests.funding_exchange.factories import make_convention
from tests.matrix import Entry, only, statuses

ALL_404 = statuses(404)
STAFF = [Role.FINANCE_OFFICER, Role.METROPOLE_COORDINATOR]
PARTY_MEMBERS = [*STAFF, Role.PROGRAMME_COORDINATOR, Role.BOARD_SECRETARY]
VIEW = {"own": only(PARTY_MEMBERS), "other_org": only(STAFF), "other_network": ALL_404}


def convention(world, target):
    cache = world.__dict__.setdefault("_exchange_conventions", {})
    if target not in cache:
        if target == "own":
            cache[target] = make_convention(world.network, world.metropole, [world.carrier], amounts=["1000"])
        elif target == "other_org":
            cache[target] = make_convention(world.network, world.metropole, [world.carrier2], amounts=["1000"])
        else:
            cache[target] = make_convention(
                world.other_network, world.other_metropole, [world.other_carrier], amounts=["1000"]
            )
    return cache[target]


def conv_kwargs(w, t):
    return {"pk": convention(w, t).pk}


ENTRIES = [
    Entry("funding_exchange:convention_pdf", VIEW, conv_kwargs),
    Entry("funding_exchange:convention_docx", VIEW, conv_kwargs),
    Entry("funding_exchange:convention_json", VIEW, conv_kwargs),
    Entry("funding_exchange:convention_import", {"list": only(STAFF, no=403)}),
    # An empty upload: the form is shown again with its error (400) to those who may import.
    Entry("funding_exchange:convention_import", {"list": only(STAFF, yes=400, no=403)}, method="post"),
    Entry("api:convention-exchange-export", VIEW, conv_kwargs, anonymous=403),
    # The matrix posts form data: the endpoint takes JSON only (415) from those who may import.
    Entry("api:convention-exchange-import", {"list": only(STAFF, yes=415, no=403)}, method="post", anonymous=403),
]
