import re

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from reussite.accounts.models import Role
from reussite.accounts.scoping import get_scope, scoped
from reussite.core.numbers import Withheld, suppress_small_cells
from reussite.core.pagination import paginate
from reussite.territory.scoping import programme_ids

from .models import SignInEvent


def _require_metropole_coordinator(user):
    if not get_scope(user).has_role(Role.METROPOLE_COORDINATOR):
        raise PermissionDenied("Réservé à la coordination métropolitaine.")


def readable_changes(entry, shown=lambda name, value: value) -> list[tuple[str, str, str]]:
    """(field label, before, after) of a change, labelled as users know the fields; ``shown(name,
    value)`` gives what the reader may see of a value.

    auditlog's ``changes_display_dict`` would also resolve related objects, one query per field.
    """
    model = entry.content_type.model_class()
    labels = {f.name: str(getattr(f, "verbose_name", f.name)) for f in model._meta.get_fields()} if model else {}
    return [
        (labels.get(name, name), *("" if value in (None, "None") else shown(name, value) for value in change[:2]))
        for name, change in entry.changes_dict.items()
    ]


# Entries stored before youth counts left their text ("Dijon 2016 : 3").
_COUNT_IN_TEXT = re.compile(r" : \d+$")


def youth_count_shown(entry, owned_programme_ids):
    """What the history shows of a youth count's values, as the tables would: counts of the reader's
    programmes as they are, others through small-cell suppression, and network totals never (beside
    the table's counts, a total would give away a withheld one: 50 − 48 = 2)."""
    programme_id = (entry.additional_data or {}).get("programme_id")
    threshold = settings.REUSSITE_SMALL_CELL_THRESHOLD

    def shown(name, value):
        if name != "count" or programme_id in owned_programme_ids:
            return value
        if programme_id is None or not str(value).isdigit():
            return str(Withheld(threshold, primary=False))
        return str(suppress_small_cells({programme_id: int(value)}, threshold=threshold).cells[programme_id])

    return shown


@login_required
def change_history(request):
    _require_metropole_coordinator(request.user)
    entries = scoped(request.user, LogEntry).select_related("actor", "content_type").order_by("-timestamp")
    model = request.GET.get("objet", "")
    if model:
        entries = entries.filter(content_type__model=model)
    models = scoped(request.user, LogEntry).order_by().values_list("content_type__model", flat=True).distinct()
    page = paginate(request, entries)
    owned = programme_ids(get_scope(request.user))
    for entry in page:
        if entry.content_type.model == "youthcount":
            entry.object_repr = _COUNT_IN_TEXT.sub("", entry.object_repr)
            entry.readable_changes = readable_changes(entry, youth_count_shown(entry, owned))
        else:
            entry.readable_changes = readable_changes(entry)
    return render(
        request,
        "audit/change_history.html",
        {"page": page, "models": sorted(set(models)), "model": model},
    )


@login_required
def sign_in_events(request):
    _require_metropole_coordinator(request.user)
    events = scoped(request.user, SignInEvent).select_related("user").order_by("-at")
    kind = request.GET.get("type", "")
    if kind in SignInEvent.Kind.values:
        events = events.filter(kind=kind)
    return render(
        request,
        "audit/sign_in_events.html",
        {"page": paginate(request, events), "kinds": SignInEvent.Kind.choices, "kind": kind},
    )
