"""Scoping for the domains: the mechanism of :mod:`reussite.core.scoping` (re-exported here, so a
domain imports everything from one place) fed with the user's active memberships."""

from reussite.core.scoping import (
    CHANGE,
    VIEW,
    VIEW_NAMED,
    Action,
    MembershipFact,
    Scope,
    can,
    get_scope,
    get_scoped_or_404,
    register_scope_loader,
    registered_models,
    scope_rule,
    scoped,
)
from reussite.territory.models import Organisation

__all__ = [
    "CHANGE",
    "VIEW",
    "VIEW_NAMED",
    "Action",
    "MembershipFact",
    "Scope",
    "can",
    "get_scope",
    "get_scoped_or_404",
    "load_membership_facts",
    "registered_models",
    "scope_rule",
    "scoped",
]


def load_membership_facts(user) -> tuple[MembershipFact, ...]:
    """The user's active memberships, as the facts a :class:`Scope` is computed from (one query)."""
    return tuple(
        MembershipFact(
            organisation_id=org_id,
            network_id=network_id,
            role=role,
            in_metropole=kind == Organisation.Kind.METROPOLE,
        )
        for org_id, network_id, role, kind in user.memberships.active().values_list(
            "organisation_id", "organisation__network_id", "role", "organisation__kind"
        )
    )


register_scope_loader(load_membership_facts)
