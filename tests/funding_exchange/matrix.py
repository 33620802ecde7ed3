"""Permission matrix of the convention documents and JSON exchange (namespace ``funding_exchange``).

Targets: the sentinel conventions (tests/sentinels.py): ``own`` is one world.carrier (programme
coordinator, référent, board secretary) is party to; ``other_org`` one between the métropole and
world.carrier2; ``other_network`` one of the other network. Whoever sees a convention downloads its
documents and exports it; importing needs the métropole coordinator or finance officer role (403
otherwise: the page has no object to hide).
"""

from reussite.accounts.models import Role
from tests.matrix import Entry, Seen, only, statuses

ALL_404 = statuses(404)
STAFF = [Role.FINANCE_OFFICER, Role.METROPOLE_COORDINATOR]
PARTY_MEMBERS = [*STAFF, Role.PROGRAMME_COORDINATOR, Role.BOARD_SECRETARY]
VIEW = {"own": only(PARTY_MEMBERS), "other_org": only(STAFF), "other_network": ALL_404}


def sentinel_kwargs(w, t):
    return {"pk": w.sentinels.object("convention", t).pk}


# Each document names its convention and its amounts, and nothing of another convention.
DOCUMENT = [Seen("convention", VIEW), Seen("convention_reference", VIEW), Seen("call", VIEW)]


ENTRIES = [
    Entry("funding_exchange:convention_pdf", VIEW, sentinel_kwargs, content=DOCUMENT),
    Entry("funding_exchange:convention_docx", VIEW, sentinel_kwargs, content=DOCUMENT),
    Entry("funding_exchange:convention_json", VIEW, sentinel_kwargs, content=DOCUMENT),
    Entry("funding_exchange:convention_import", {"list": only(STAFF, no=403)}),
    # An empty upload: the form is shown again with its error (400) to those who may import.
    Entry("funding_exchange:convention_import", {"list": only(STAFF, yes=400, no=403)}, method="post"),
    Entry("api:convention-exchange-export", VIEW, sentinel_kwargs, anonymous=403, content=DOCUMENT),
    # The matrix posts form data: the endpoint takes JSON only (415) from those who may import.
    Entry("api:convention-exchange-import", {"list": only(STAFF, yes=415, no=403)}, method="post", anonymous=403),
]
