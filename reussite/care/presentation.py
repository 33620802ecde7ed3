"""A referred child as a user may see them on care pages, exports and the API.

The referral (or session, invoice) rows are scoped by their own rules; the child's *name* is shown only
to users the Child rule grants ``VIEW_NAMED`` (the programme coordination, the psychologist of the
referral) and every such read is written to the access log. The psychologist has no ``VIEW`` on the
child (no parcours page), so ``disclose_many`` — which starts from ``VIEW`` — cannot serve this case:
this uses the same building blocks (``named_ids``, ``record_accesses``) instead.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Value
from django.utils import timezone

from reussite.accounts.disclosure import named_ids, names_nobody, record_access_ids, record_accesses
from reussite.parcours.identity import age_on
from reussite.parcours.models import Child


@dataclass(frozen=True)
class ChildLabel:
    code: str
    age: int
    named: bool
    first_name: str | None = None
    last_name: str | None = None

    @property
    def label(self) -> str:
        return f"{self.first_name} {self.last_name.upper()} ({self.code})" if self.named else self.code

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name.upper()}" if self.named else ""


def child_labels(
    user, children: Iterable[Child], *, reason: str, today: datetime.date | None = None
) -> dict[int, ChildLabel]:
    """Per child id, what ``user`` may see (children loaded from rows the user was served)."""
    children = {c.pk: c for c in children}
    if not children:
        return {}
    today = today or timezone.localdate()
    named = named_ids(user, Child, children)
    record_accesses(user, [children[pk] for pk in sorted(named)], reason)
    return {
        pk: ChildLabel(
            code=child.code,
            age=age_on(child.birth_date, today),
            named=pk in named,
            first_name=child.first_name if pk in named else None,
            last_name=child.last_name if pk in named else None,
        )
        for pk, child in children.items()
    }


def child_name_fields(user, path: str) -> tuple:
    """The lookups of the first and last names of the child at ``path``, for a ``values_list`` read
    that :func:`child_label_texts` labels; two blanks for a user who may see no child named (a
    métropole's export of thousands of sessions reads no personal column)."""
    if names_nobody(user, Child):
        return Value(""), Value("")
    return f"{path}__first_name", f"{path}__last_name"


def child_label_texts(user, children: dict[int, tuple[str, str, str]], *, reason: str) -> dict[int, str]:
    """Per child id, the label ``ChildLabel.label`` shows, from ``{id: (code, first_name, last_name)}``
    read as values (an export of thousands of sessions builds no model instance per row); the same
    access-log entries as :func:`child_labels`."""
    if not children:
        return {}
    if names_nobody(user, Child):  # a métropole: codes, known without a query
        return {pk: code for pk, (code, _first, _last) in children.items()}
    named = named_ids(user, Child, children)
    record_access_ids(user, Child, sorted(named), reason)
    return {
        pk: f"{first} {last.upper()} ({code})" if pk in named else code for pk, (code, first, last) in children.items()
    }
