"""Who reads the indicators of which network and programme, and whose cells they own.

- The indicators of a network (and of each of its programmes) are read by its métropole coordination
  and finance officers (members of the métropole), its programme coordinations and its readers
  (elected members); référents, psychologists and board secretaries have their own pages.
- A viewer **owns** the programmes their organisation carries as programme coordination: those
  figures are shown as they are; everything else goes through small-cell suppression
  (``suppression.py``), the métropole included (it follows children only pseudonymously).
"""

from reussite.accounts.models import Role
from reussite.accounts.scoping import get_scope
from reussite.territory.scoping import coordinated_programme_ids

NETWORK_ROLES = (Role.METROPOLE_COORDINATOR, Role.FINANCE_OFFICER)
MEMBER_ROLES = (Role.PROGRAMME_COORDINATOR, Role.READER)


def _readable(scope) -> frozenset[int]:
    networks = set(scope.metropole_network_ids_for(*NETWORK_ROLES))
    networks |= {f.network_id for f in scope.facts if f.role in MEMBER_ROLES}
    return frozenset(networks)


def readable_network_ids(scope) -> frozenset[int]:
    return scope.memo("reporting_network_ids", _readable)


def owned_programme_ids(scope) -> frozenset[int]:
    return coordinated_programme_ids(scope)


def coordinated_network_ids(scope) -> frozenset[int]:
    """Networks whose métropole coordination the user is (annual figures of every programme)."""
    return scope.metropole_network_ids_for(Role.METROPOLE_COORDINATOR)


def can_read_reporting(user) -> bool:
    return bool(readable_network_ids(get_scope(user)))


def dashboard_kind(scope) -> str | None:
    """Which dashboard a user gets first: the most network-wide of their roles."""
    if scope.metropole_network_ids_for(Role.METROPOLE_COORDINATOR):
        return "metropole"
    if owned_programme_ids(scope):
        return "programme"
    if scope.metropole_network_ids_for(Role.FINANCE_OFFICER):
        return "finance"
    if scope.has_role(Role.READER, Role.PROGRAMME_COORDINATOR):
        return "reader"
    return None
