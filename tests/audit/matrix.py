from reussite.accounts.models import Role
from tests.matrix import Entry, only

ENTRIES = [
    Entry("audit:change_history", {"list": only([Role.METROPOLE_COORDINATOR], no=403)}),
    Entry("audit:sign_in_events", {"list": only([Role.METROPOLE_COORDINATOR], no=403)}),
]
