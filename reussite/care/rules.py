"""Who sees what of psychological support (scoping rules)."""

from django.db.models import Q

from reussite.accounts.models import Role
from reussite.accounts.scoping import CHANGE, VIEW, scope_rule
from reussite.parcours.rules import named_access_provider
from reussite.territory.scoping import coordinated_programme_ids

from .models import (
    CareInvoice,
    CareInvoiceLine,
    CareRate,
    CareReferral,
    CareSession,
    HourAllocation,
    HourBudget,
    HourMovement,
    HourOverrun,
    Psychologist,
    SessionCap,
)

METROPOLE_ROLES = (Role.METROPOLE_COORDINATOR, Role.FINANCE_OFFICER)


def _in(path: str, ids) -> Q:
    """``path__in=ids``; with no ids, a condition on the row's own key: as false, but it joins none of
    the tables along ``path`` (a programme coordination's lists joined allocations and budgets, and
    sessions their psychologists, for the métropole's empty network set)."""
    return Q(**{f"{path}__in": ids}) if ids else Q(pk__in=[])


def _own_psychologist_q(scope, path: str = "") -> Q:
    """The user's psychologist records, in the networks where they hold the role today: a
    psychologist agreed by two métropoles loses the first's children when it ends their membership."""
    networks = {f.network_id for f in scope.facts if f.role == Role.PSYCHOLOGIST}
    if not networks:
        return Q(pk__in=[])
    return Q(**{f"{path}user_id": scope.user_id, f"{path}network_id__in": networks})


def _network_rule(path: str, programme_path: str | None = None):
    """The métropole sees (and its coordination changes) its network; a programme its own rows."""

    def rule(scope, queryset, action):
        if action == CHANGE:
            return queryset.filter(**{f"{path}__in": scope.metropole_network_ids_for(Role.METROPOLE_COORDINATOR)})
        if action != VIEW:
            return queryset.none()
        q = Q(**{f"{path}__in": scope.metropole_network_ids_for(*METROPOLE_ROLES)})
        if programme_path:
            q |= Q(**{f"{programme_path}__in": coordinated_programme_ids(scope)})
        return queryset.filter(q).distinct() if programme_path and "__" in programme_path else queryset.filter(q)

    return rule


@scope_rule(Psychologist)
def psychologist_rule(scope, queryset, action):
    """The métropole sees (its coordination changes) its network's psychologists; a programme
    coordination sees those serving its programmes (to refer a child); a psychologist their own record."""
    if action == CHANGE:
        return queryset.filter(network_id__in=scope.metropole_network_ids_for(Role.METROPOLE_COORDINATOR))
    if action != VIEW:
        return queryset.none()
    serving = Psychologist.programmes.through.objects.filter(programme_id__in=coordinated_programme_ids(scope))
    q = Q(network_id__in=scope.metropole_network_ids_for(*METROPOLE_ROLES)) | Q(
        pk__in=serving.values("psychologist_id")
    )
    return queryset.filter(q | _own_psychologist_q(scope))


scope_rule(CareRate)(_network_rule("network_id"))
scope_rule(SessionCap)(_network_rule("network_id"))
scope_rule(HourBudget)(_network_rule("network_id"))
scope_rule(HourAllocation)(_network_rule("budget__network_id", "programme_id"))
scope_rule(HourMovement)(_network_rule("budget__network_id", "target__programme_id"))
scope_rule(HourOverrun)(_network_rule("allocation__budget__network_id", "allocation__programme_id"))


@scope_rule(CareReferral)
def referral_rule(scope, queryset, action):
    """The métropole sees its network's referrals (a child's code only, never the name); the
    programme coordination its programmes' (and changes them); the psychologist those made to them."""
    coordinated = _in("child__programme_id", coordinated_programme_ids(scope))
    if action == CHANGE:
        return queryset.filter(coordinated)
    if action != VIEW:
        return queryset.none()
    metropole = _in("allocation__budget__network_id", scope.metropole_network_ids_for(*METROPOLE_ROLES))
    own = _own_psychologist_q(scope, "psychologist__")
    return queryset.filter(metropole | coordinated | own)


def _psychologist_rule(psychologist_path: str, programme_path: str | None):
    """Sessions and invoices: the psychologist's own, the métropole's network (codes only), and for
    sessions the programme coordination (attendance)."""

    def rule(scope, queryset, action):
        if action not in (VIEW, CHANGE):
            return queryset.none()
        own = _own_psychologist_q(scope, f"{psychologist_path}__") if scope.has_role(Role.PSYCHOLOGIST) else None
        if action == CHANGE:
            return queryset.filter(own) if own is not None else queryset.none()
        q = _in(f"{psychologist_path}__network_id", scope.metropole_network_ids_for(*METROPOLE_ROLES))
        if own is not None:
            q |= own
        if programme_path:
            q |= _in(programme_path, coordinated_programme_ids(scope))
        return queryset.filter(q)

    return rule


scope_rule(CareSession)(_psychologist_rule("referral__psychologist", "referral__child__programme_id"))
scope_rule(CareInvoice)(_psychologist_rule("psychologist", None))
scope_rule(CareInvoiceLine)(_psychologist_rule("invoice__psychologist", None))


@named_access_provider
def referred_children(scope):
    """A psychologist sees named the children referred to them (their name and age, on care pages
    only: the parcours file and the family stay out of reach, see parcours.rules)."""
    if not scope.has_role(Role.PSYCHOLOGIST):
        return Q(pk__in=[])
    return Q(pk__in=CareReferral.objects.filter(_own_psychologist_q(scope, "psychologist__")).values("child_id"))
