"""Permission matrix: every view and endpoint × every role × own / other organisation / other network.

Each app's tests declare their entries in ``tests/<app>/matrix.py`` as ``ENTRIES``; the test in
``tests/test_permission_matrix.py`` runs them all and fails when a URL name has no entry.

Targets:
- ``"list"``: a page without an object;
- ``"own"``: an object of the user's own organisation (or programme);
- ``"other_org"``: an object of another organisation of the same network;
- ``"other_network"``: an object of another network.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from reussite.accounts.models import Role

ROLES = [role.value for role in Role]
OUTSIDER = "outsider"  # authenticated, without any membership
EVERYONE = [*ROLES, OUTSIDER]


def statuses(default: int, **overrides: int) -> dict[str, int]:
    """Expected status per role: ``default`` for all, then per-role overrides."""
    result = dict.fromkeys(EVERYONE, default)
    result.update(overrides)
    return result


def only(roles, yes: int = 200, no: int = 404) -> dict[str, int]:
    allowed = {r.value if hasattr(r, "value") else r for r in roles}
    return {role: (yes if role in allowed else no) for role in EVERYONE}


@dataclass
class Entry:
    url_name: str
    # target -> expected status per role
    expect: dict[str, dict[str, int]]
    # (world, target) -> kwargs for reverse(); may create the object it needs
    kwargs: Callable = field(default=lambda world, target: {})
    method: str = "get"
    data: Callable | None = None  # (world, target) -> POST data
    anonymous: int = 302  # status for a visitor who is not signed in


def entries_by_app():
    import importlib
    import pkgutil

    import tests

    found = []
    for module in pkgutil.iter_modules(tests.__path__):
        if not module.ispkg:
            continue
        try:
            matrix = importlib.import_module(f"tests.{module.name}.matrix")
        except ModuleNotFoundError as error:
            if error.name == f"tests.{module.name}.matrix":
                continue
            raise
        found.extend(matrix.ENTRIES)
    return found
