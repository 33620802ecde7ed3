import datetime
import re

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import capfirst

from reussite.accounts.models import Role
from reussite.accounts.scoping import get_scope, scoped
from reussite.core.exports import Column, export_response, requested_format
from reussite.core.formatting import format_short_date
from reussite.core.numbers import Withheld, suppress_small_cells
from reussite.core.pagination import paginate
from reussite.territory.scoping import programme_ids

from .models import SignInEvent
from .rules import REFERENTIAL_APPS


def _require_metropole_coordinator(user):
    if not get_scope(user).has_role(Role.METROPOLE_COORDINATOR):
        raise PermissionDenied("Réservé à la coordination métropolitaine.")


def readable_value(field, value: str) -> str:
    """A stored value as users read it: « Oui »/« Non », a choice's label (a role's name, not its
    code), dates in French, times in Europe/Paris (auditlog stores naive UTC)."""
    if field is None or value in (None, "None", ""):
        return "" if value in (None, "None") else value
    if field.choices:
        return str({str(key): label for key, label in field.flatchoices}.get(value, value))
    if isinstance(field, models.BooleanField):
        return {"True": "Oui", "False": "Non"}.get(value, value)
    try:
        if isinstance(field, models.DateTimeField):
            moment = datetime.datetime.fromisoformat(value)
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment, datetime.UTC)
            local = timezone.localtime(moment)
            return f"{format_short_date(local)} {local:%H:%M}"
        if isinstance(field, models.DateField):
            return format_short_date(datetime.date.fromisoformat(value))
    except ValueError:
        return value
    return value


def model_label(model) -> str:
    return capfirst(model._meta.verbose_name) if model else ""


def readable_changes(entry, shown=lambda name, value: value) -> list[tuple[str, str, str]]:
    """(field label, before, after) of a change, labelled as users know the fields; ``shown(name,
    value)`` gives what the reader may see of a value. Reverse relations (auditlog writes
    « funding.ConventionParty.None » for them on a creation) and the id are left out.

    auditlog's ``changes_display_dict`` would also resolve related objects, one query per field.
    """
    model = entry.content_type.model_class()
    fields = {f.name: f for f in model._meta.concrete_fields} if model else {}
    rows = []
    for name, change in entry.changes_dict.items():
        field = fields.get(name)
        if model and (field is None or field.primary_key):
            continue
        label = str(field.verbose_name) if field else name
        before, after = (
            "" if value in (None, "None") else readable_value(field, shown(name, value)) for value in change[:2]
        )
        rows.append((label, before, after))
    return rows


def audited_kinds() -> list[tuple[str, str]]:
    """(model name, French label) of every audited kind of object, for the filter."""
    kinds = {
        model._meta.model_name: model_label(model)
        for model in auditlog.get_models()
        if model._meta.app_label in REFERENTIAL_APPS
    }
    return sorted(kinds.items(), key=lambda item: item[1].lower())


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


def _readable(entries, owned):
    """Entries as the page shows them: French labels, counts withheld like the youth table's."""
    for entry in entries:
        entry.kind_label = model_label(entry.content_type.model_class())
        if entry.content_type.model == "youthcount":
            entry.object_repr = _COUNT_IN_TEXT.sub("", entry.object_repr)
            entry.readable_changes = readable_changes(entry, youth_count_shown(entry, owned))
        else:
            entry.readable_changes = readable_changes(entry)
    return entries


ACTIONS = {0: "création", 1: "modification", 2: "suppression"}
CHANGE_COLUMNS = [
    Column("Date", lambda e: e.timestamp),
    Column(
        "Auteur",
        lambda e: f"{e.actor.get_full_name() or e.actor.username} ({e.actor.username})" if e.actor else "système",
    ),
    Column("Action", lambda e: ACTIONS.get(e.action, "consultation")),
    Column("Objet", lambda e: f"{e.kind_label} — {e.object_repr}"),
    Column(
        "Modifications",
        lambda e: " ; ".join(
            f"{label} : {before or '∅'} → {after or '∅'}" for label, before, after in e.readable_changes
        ),
    ),
]
SIGN_IN_COLUMNS = [
    Column("Date", lambda e: e.at),
    Column("Compte", lambda e: e.user.username if e.user else "compte inconnu"),
    Column("Événement", lambda e: e.get_kind_display()),
]


@login_required
def change_history(request):
    _require_metropole_coordinator(request.user)
    entries = scoped(request.user, LogEntry).select_related("actor", "content_type").order_by("-timestamp")
    kinds = audited_kinds()
    model = request.GET.get("objet", "")
    if model in dict(kinds):
        entries = entries.filter(content_type__model=model)
    owned = programme_ids(get_scope(request.user))
    if requested_format(request):
        return export_response(
            request, _readable(list(entries), owned), CHANGE_COLUMNS, "historique", "Historique des modifications"
        )
    page = paginate(request, entries)
    _readable(page, owned)
    return render(
        request,
        "audit/change_history.html",
        {"page": page, "kinds": kinds, "model": model},
    )


@login_required
def sign_in_events(request):
    _require_metropole_coordinator(request.user)
    events = scoped(request.user, SignInEvent).select_related("user").order_by("-at")
    kind = request.GET.get("type", "")
    if kind in SignInEvent.Kind.values:
        events = events.filter(kind=kind)
    exported = export_response(request, events, SIGN_IN_COLUMNS, "connexions", "Connexions")
    if exported is not None:
        return exported
    return render(
        request,
        "audit/sign_in_events.html",
        {"page": paginate(request, events), "kinds": SignInEvent.Kind.choices, "kind": kind},
    )
