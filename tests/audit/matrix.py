from reussite.accounts.models import Role
from tests.matrix import Entry, Seen, only

COORDINATOR = only([Role.METROPOLE_COORDINATOR], no=403)
NOBODY = only([], no=403)
# The métropole coordination reads its own network's referential history and sign-ins, nothing else.
NETWORK = {"own": COORDINATOR, "other_org": COORDINATOR, "other_network": NOBODY}

ENTRIES = [
    Entry(
        "audit:change_history",
        {"list": COORDINATOR},
        content=[Seen("organisation", NETWORK), Seen("quartier", NETWORK), Seen("account", NETWORK)],
    ),
    Entry("audit:sign_in_events", {"list": COORDINATOR}, content=[Seen("account", NETWORK)]),
]
