"""Field disclosure: which visible records a user may see *named*, and the log of every such read.

Row scoping (``scoping.py``) decides which records a user sees at all. Records about a person (a
child) add a second question: may the user see who it is? The scoping rule of such a model answers
``Action.VIEW_NAMED`` with the records the user may see named (the programme's coordination, the
child's référent); the other visible records are shown pseudonymously (a stable code, an age, a
quartier), and the fields the model declares in ``personal_data_fields`` are withheld.

Views, exports and the API get named records only through :func:`disclose` (one record) or
:func:`disclose_many` (a page, an export): they scope, check ``VIEW_NAMED`` and write the access
log (who, when, which record, why) in one call, so there is no other way to show a name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import models
from django.http import Http404

from .scoping import VIEW, VIEW_NAMED, Action, get_scoped_or_404, scoped

__all__ = [
    "Action",
    "Disclosed",
    "disclose",
    "disclose_many",
    "disclose_values",
    "named_ids",
    "names_nobody",
    "require_named",
]

# The access log lives in the audit app, a layer above accounts: audit registers its writer here
# when it starts (``AuditConfig.ready``), so accounts does not import it. It is called with the
# user, the model, the ids of the records read named and the reason.
_access_recorder: Callable[[Any, type[models.Model], list[int], str], None] | None = None


def register_access_recorder(recorder: Callable[[Any, type[models.Model], list[int], str], None]) -> None:
    global _access_recorder
    _access_recorder = recorder


def record_accesses(user, records: list, reason: str) -> None:
    if records:
        record_access_ids(user, type(records[0]), [r.pk for r in records], reason)


def record_access_ids(user, model: type[models.Model], ids: list[int], reason: str) -> None:
    if _access_recorder is None:
        raise ImproperlyConfigured("No access recorder: the audit app must be installed to show named records.")
    if ids:
        _access_recorder(user, model, ids, reason)


@dataclass(frozen=True)
class Disclosed:
    """A record as a user may see it: ``named`` or pseudonymous."""

    record: Any
    named: bool

    def value(self, field_name: str):
        """The field's value, or None when it is personal data and the record is not named."""
        if not self.named and field_name in personal_fields(type(self.record)):
            return None
        return getattr(self.record, field_name)


def personal_fields(model) -> frozenset[str]:
    return frozenset(getattr(model, "personal_data_fields", {}) or {})


# Above this many ids, a check reads the ids of the scope within their range and keeps those asked
# for, rather than sending one parameter per id: an export of a network's thousands of children spent
# more time building and parsing a 5 000-parameter IN list than reading the rows.
IN_LIST_LIMIT = 500


def _ids_within(queryset, ids: list[int]) -> set[int]:
    """Which of ``ids`` ``queryset`` holds (one query). Unordered: a set is asked for, and the model's
    default ordering sorted the thousands of ids of an export for nothing."""
    queryset = queryset.order_by()
    if len(ids) <= IN_LIST_LIMIT:
        return set(queryset.filter(pk__in=ids).values_list("pk", flat=True))
    wanted = set(ids)
    within = queryset.filter(pk__gte=min(ids), pk__lte=max(ids)).values_list("pk", flat=True)
    return {pk for pk in within if pk in wanted}


def _holds_nothing(queryset) -> bool:
    """Whether ``queryset`` is empty by construction (``none()``, ``pk__in=[]``...): Django then sends
    no query, and neither does this."""
    if queryset.query.is_empty():
        return True
    try:
        queryset.query.get_compiler(queryset.db).as_sql()
    except EmptyResultSet:
        return True
    return False


def names_nobody(user, model: type[models.Model]) -> bool:
    """Whether ``user`` may see no record of ``model`` named at all (a métropole, for children),
    known without a query: their reads need no personal column, nor the joins that bring them."""
    return _holds_nothing(scoped(user, model, VIEW_NAMED))


def named_ids(user, model: type[models.Model], ids: Iterable[int]) -> set[int]:
    """Which of ``ids`` the user may see named (one query)."""
    ids = list(ids)
    if not ids:
        return set()
    return _ids_within(scoped(user, model, VIEW_NAMED), ids)


def disclose(user, queryset_or_model, *, reason: str, **lookup) -> Disclosed:
    """The one record ``lookup`` designates, as ``user`` may see it; 404 outside their scope.

    A named read is written to the access log with ``reason``.
    """
    record = get_scoped_or_404(user, queryset_or_model, VIEW, **lookup)
    named = bool(named_ids(user, type(record), [record.pk]))
    if named:
        record_accesses(user, [record], reason)
    return Disclosed(record, named)


def disclose_many(user, records: Iterable[models.Model], *, reason: str) -> list[Disclosed]:
    """``records`` (a page, an export) as ``user`` may see them; one access-log entry per named one.

    Records outside the user's scope are dropped: callers pass what a scoped queryset returned, so
    this only guards against a mistake. Costs three queries whatever the number of records.
    """
    records = list(records)
    if not records:
        return []
    model = type(records[0])
    ids = [r.pk for r in records]
    visible = _ids_within(scoped(user, model, VIEW), ids)
    named = named_ids(user, model, visible)
    result = [Disclosed(r, r.pk in named) for r in records if r.pk in visible]
    record_accesses(user, [d.record for d in result if d.named], reason)
    return result


def disclose_values(
    user, queryset: models.QuerySet, fields: Sequence[str], *, reason: str, for_statistics: Sequence[str] = ()
) -> list[tuple[tuple, bool]]:
    """Like :func:`disclose_many` for an export of thousands of rows: ``queryset.values_list("pk",
    *fields)`` as ``(row, named)`` pairs, with no model instance built per record.

    In a row the user may not see named, every field the model declares personal (a lookup through a
    personal relation too, ``school__name``) is ``None`` — except those of ``for_statistics``, which
    the caller only derives non-identifying figures from (an age from the birth date) and never
    writes out. One access-log entry per named row; three queries plus the rows', whatever their
    number.
    """
    model = queryset.model
    fields = list(fields)
    personal = personal_fields(model)
    withheld = {
        index
        for index, field in enumerate(fields, start=1)
        if field.split("__", 1)[0] in personal and field not in for_statistics
    }
    width = len(fields) + 1
    # A pseudonymous row: the same tuple with None (the extra last item) in the withheld places.
    places = [width if index in withheld else index for index in range(width)]
    blank = itemgetter(*places) if width > 1 else lambda row: (row[0],)
    if withheld and names_nobody(user, model):
        # The user may see no record named (a métropole): the withheld fields are not read at all —
        # fewer columns and joins for thousands of rows — and each row is read already blank.
        kept = [field for index, field in enumerate(fields, start=1) if index not in withheld]
        read = list(queryset.values_list("pk", *kept))
        if not read:
            return []
        positions = iter(range(len(kept) + 1))
        places = [len(kept) + 1 if index in withheld else next(positions) for index in range(width)]
        spread = itemgetter(*places)
        visible = _ids_within(scoped(user, model, VIEW), [row[0] for row in read])
        return [(spread((*row, None)), False) for row in read if row[0] in visible]
    rows = list(queryset.values_list("pk", *fields))
    if not rows:
        return []
    visible = _ids_within(scoped(user, model, VIEW), [row[0] for row in rows])
    named = named_ids(user, model, visible)
    result = []
    for row in rows:
        pk = row[0]
        if pk in named:
            result.append((row, True))
        elif pk in visible:
            result.append((blank((*row, None)), False))
    record_access_ids(user, model, [row[0] for row, is_named in result if is_named], reason)
    return result


def require_named(user, queryset_or_model, *, reason: str, action: Action = VIEW, **lookup) -> Disclosed:
    """Like :func:`disclose` for pages that only make sense named (a signed consent form): 404
    for users who would see the record pseudonymously, as for users who do not see it at all."""
    if action != VIEW:
        get_scoped_or_404(user, queryset_or_model, action, **lookup)
    disclosed = disclose(user, queryset_or_model, reason=reason, **lookup)
    if not disclosed.named:
        raise Http404
    return disclosed
