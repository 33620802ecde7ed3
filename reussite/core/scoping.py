"""The one place that decides what a user may see and change.

Every queryset a view or an API endpoint returns goes through :func:`scoped`. Each app registers
one rule per model with :func:`scope_rule`; a model without a rule cannot be served (the lookup
raises), so forgetting to scope a new model fails loudly instead of leaking data.

An object outside the user's scope is not found (404), never "forbidden".

The mechanism lives in ``core`` so that every layer can use it; what a user's memberships give is
loaded by ``accounts`` (:func:`register_scope_loader`, called from its app config), which sits above
the referential (``territory``). ``reussite.accounts.scoping`` re-exports these names.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.http import Http404
from django.utils import timezone


class Action(StrEnum):
    """What a user wants to do with a record. Members compare equal to their string values.

    ``VIEW_NAMED`` is reading a record *with* the identity of the person it is about (a child's
    name, birth date, address); without it a visible record is shown pseudonymously (see
    ``accounts/disclosure.py``). A rule that does not handle an action returns nothing for it.
    """

    VIEW = "view"
    VIEW_NAMED = "view_named"
    CHANGE = "change"


VIEW = Action.VIEW
VIEW_NAMED = Action.VIEW_NAMED
CHANGE = Action.CHANGE

Rule = Callable[["Scope", models.QuerySet, str], models.QuerySet]
_RULES: dict[type[models.Model], Rule] = {}
_LOADER: list[Callable[[Any], tuple[MembershipFact, ...]]] = []


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


def register_scope_loader(loader: Callable[[Any], tuple[MembershipFact, ...]]) -> None:
    """``loader(user) -> facts``: the user's active memberships (registered once, by ``accounts``)."""
    _LOADER[:] = [loader]


@dataclass(frozen=True)
class MembershipFact:
    organisation_id: int
    network_id: int
    role: str
    in_metropole: bool = False  # the membership's organisation is the métropole of its network


# Bumped by every save or delete: what a Scope memoised (the id sets the domain rules filter on) is
# recomputed after any change, so a scope kept across changes (a service that creates then reads, a
# test) never works from stale ids.
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

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    def memo(self, key: str, compute: Callable[[Scope], Any]) -> Any:
        """``compute(self)``, once per scope (and again after a change): lets upper layers cache what
        they derive from it, e.g. the id sets their rules filter on, so that a rule is a plain
        ``own_column IN (ids)`` instead of ORs across joins and sub-selects that read every network's
        rows. Domains own their keys (layering: this module does not know their models)."""
        version, value = self._memo.get(key, (None, None))
        if version != _data_version[0]:
            value = compute(self)
            self._memo[key] = (_data_version[0], value)
        return value

    @property
    def roles(self) -> frozenset[str]:
        return self.memo("roles", lambda s: frozenset(f.role for f in s.facts))

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def network_ids(self) -> frozenset[int]:
        return self.memo("network_ids", lambda s: frozenset(f.network_id for f in s.facts))

    @property
    def organisation_ids(self) -> frozenset[int]:
        return self.memo("organisation_ids", lambda s: frozenset(f.organisation_id for f in s.facts))

    def organisation_ids_for(self, *roles: str) -> frozenset[int]:
        return frozenset(f.organisation_id for f in self.facts if f.role in roles)

    def metropole_network_ids_for(self, *roles: str) -> frozenset[int]:
        """Networks where the user holds one of ``roles`` *in the métropole itself*.

        Network-wide powers (coordination, finance of the network) come only from a membership of
        the métropole: a finance officer of a CCAS acts for that CCAS, not for the network.
        """
        return frozenset(f.network_id for f in self.facts if f.role in roles and f.in_metropole)


def get_scope(user) -> Scope:
    if user is None or not user.is_authenticated:
        return Scope(user_id=None)
    cached = getattr(user, "_reussite_scope", None)
    if cached is not None:
        return cached
    if not _LOADER:
        raise ImproperlyConfigured("No scope loader registered (reussite.accounts registers it).")
    scope = Scope(user_id=user.pk, facts=_LOADER[0](user))
    user._reussite_scope = scope
    return scope


def scoped(user, queryset_or_model, action: Action | str = VIEW) -> models.QuerySet:
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


def get_scoped_or_404(user, queryset_or_model, action: Action | str = VIEW, **lookup):
    try:
        return scoped(user, queryset_or_model, action).get(**lookup)
    except (models.ObjectDoesNotExist, ValueError) as exc:
        raise Http404 from exc


def can(user, action: Action | str, obj: models.Model) -> bool:
    """Whether ``user`` may perform ``action`` on ``obj`` (same rules as the querysets)."""
    return scoped(user, type(obj), action).filter(pk=obj.pk).exists()
