from .models import Role
from .scoping import get_scope


def roles(request):
    """Roles of the signed-in user, for navigation (``{% if roles.metropole_coordinator %}``)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"roles": {}}
    scope = get_scope(user)
    return {"roles": {role.value: role.value in scope.roles for role in Role}}


def second_factor(request):
    """``second_factor_pending``: the session still owes its second factor (no navigation yet)."""
    from .second_factor import must_verify

    user = getattr(request, "user", None)
    return {"second_factor_pending": user is not None and hasattr(request, "session") and must_verify(request)}
