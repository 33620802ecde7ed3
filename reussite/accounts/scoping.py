"""The one place that decides what a user may see and change.

Every queryset a view or an API endpoint returns goes through :func:`scoped`. Each app registers
one rule per model with :func:`scope_rule`; a model without a rule cannot be served (the lookup
raises), so forgetting to scope a new model fails loudly instead of leaking data.

An object outside the user's scope is not found (404), never "forbidden".
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.http import Http404
from django.utils import timezone

from .models import Role

VIEW = "view"
CHANGE = "change"

Rule = Callable[["Scope", models.QuerySet, str], models.QuerySet]
_RULES: dict[type[models.Model], Rule] = {}


def scope_rule(model: type[models.Model]):
    """Register the scoping rule of ``model``: ``rule(scope, queryset, action) -> queryset``."""

    def register(rule: Rule) -> Rule:
        if model in _RULES:
            raise ImproperlyConfigured(f"Scoping rule for {model.__name__} registered twice.")
        _RULES[model] = rule
        return rule

    return register


def registered_models() -> set[type[models.Model]]:
    return set(_RULES)


@dataclass(frozen=True)
class MembershipFact:
    organisation_id: int
    network_id: int
    role: str
    organisation_kind: str = ""


# Bumped by every save or delete: an id set memoised by a Scope is recomputed after any change, so a
# scope kept across changes (a service that creates then reads, a test) never works from stale ids.
_data_version = [0]


def _data_changed(**kwargs):
    _data_version[0] += 1


post_save.connect(_data_changed, dispatch_uid="reussite_scope_data_changed_save")
post_delete.connect(_data_changed, dispatch_uid="reussite_scope_data_changed_delete")


@dataclass
class Scope:
    """What a user's active memberships give access to, computed once per request."""

    user_id: int | None
    facts: tuple[MembershipFact, ...] = field(default_factory=tuple)
    today: datetime.date = field(default_factory=timezone.localdate)
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    def memo(self, key: str, compute: Callable[[], object]):
        """``compute()`` once per request (and again after a change): the id sets the domain rules
        filter on, so that a rule is a plain ``own_column IN (ids)`` instead of ORs across joins and
        sub-selects that read every network's rows. Domains own their keys (layering: this module
        does not know their models)."""
        version, value = self._memo.get(key, (None, None))
        if version != _data_version[0]:
            value = compute()
            self._memo[key] = (_data_version[0], value)
        return value

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @cached_property
    def roles(self) -> frozenset[str]:
        return frozenset(f.role for f in self.facts)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @cached_property
    def network_ids(self) -> frozenset[int]:
        return frozenset(f.network_id for f in self.facts)

    @cached_property
    def organisation_ids(self) -> frozenset[int]:
        return frozenset(f.organisation_id for f in self.facts)

    def organisation_ids_for(self, *roles: str) -> frozenset[int]:
        return frozenset(f.organisation_id for f in self.facts if f.role in roles)

    def metropole_network_ids_for(self, *roles: str) -> frozenset[int]:
        """Networks where the user holds one of ``roles`` *in the métropole itself*.

        Network-wide powers (coordination, finance of the network) come only from a membership of
        the métropole: a finance officer of a CCAS acts for that CCAS, not for the network.
        """
        from reussite.territory.models import Organisation

        return frozenset(
            f.network_id for f in self.facts if f.role in roles and f.organisation_kind == Organisation.Kind.METROPOLE
        )

    @cached_property
    def coordinated_programme_ids(self) -> frozenset[int]:
        """Programmes carried today by an organisation where the user coordinates a programme."""
        from reussite.territory.models import ProgrammeCarrier

        org_ids = self.organisation_ids_for(Role.PROGRAMME_COORDINATOR)
        if not org_ids:
            return frozenset()
        carriers = ProgrammeCarrier.objects.valid_on(self.today).filter(organisation_id__in=org_ids)
        return frozenset(carriers.values_list("programme_id", flat=True))

    @cached_property
    def programme_ids(self) -> frozenset[int]:
        """Programmes the user works in (coordinator or référent of its carrier)."""
        from reussite.territory.models import ProgrammeCarrier

        org_ids = self.organisation_ids_for(Role.PROGRAMME_COORDINATOR, Role.REFERENT)
        if not org_ids:
            return frozenset()
        carriers = ProgrammeCarrier.objects.valid_on(self.today).filter(organisation_id__in=org_ids)
        return frozenset(carriers.values_list("programme_id", flat=True))


def get_scope(user) -> Scope:
    if user is None or not user.is_authenticated:
        return Scope(user_id=None)
    cached = getattr(user, "_reussite_scope", None)
    if cached is not None:
        return cached
    facts = tuple(
        MembershipFact(organisation_id=org_id, network_id=network_id, role=role, organisation_kind=kind)
        for org_id, network_id, role, kind in user.memberships.active().values_list(
            "organisation_id", "organisation__network_id", "role", "organisation__kind"
        )
    )
    scope = Scope(user_id=user.pk, facts=facts)
    user._reussite_scope = scope
    return scope


def scoped(user, queryset_or_model, action: str = VIEW) -> models.QuerySet:
    """``queryset`` restricted to what ``user`` may see (or change, with ``action=CHANGE``)."""
    queryset = queryset_or_model._default_manager.all() if isinstance(queryset_or_model, type) else queryset_or_model
    scope = get_scope(user)
    if not scope.is_authenticated:
        return queryset.none()
    try:
        rule = _RULES[queryset.model]
    except KeyError as exc:
        raise ImproperlyConfigured(
            f"No scoping rule for {queryset.model.__name__}: register one with @scope_rule."
        ) from exc
    return rule(scope, queryset, action)


def get_scoped_or_404(user, queryset_or_model, action: str = VIEW, **lookup):
    try:
        return scoped(user, queryset_or_model, action).get(**lookup)
    except (models.ObjectDoesNotExist, ValueError) as exc:
        raise Http404 from exc


def can(user, action: str, obj: models.Model) -> bool:
    """Whether ``user`` may perform ``action`` on ``obj`` (same rules as the querysets)."""
    return scoped(user, type(obj), action).filter(pk=obj.pk).exists()
