from auditlog.models import LogEntry
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from reussite.accounts.models import Role
from reussite.accounts.scoping import get_scope, scoped
from reussite.core.pagination import paginate

from .models import SignInEvent


def _require_metropole_coordinator(user):
    if not get_scope(user).has_role(Role.METROPOLE_COORDINATOR):
        raise PermissionDenied("Réservé à la coordination métropolitaine.")


@login_required
def change_history(request):
    _require_metropole_coordinator(request.user)
    entries = scoped(request.user, LogEntry).select_related("actor", "content_type").order_by("-timestamp")
    model = request.GET.get("objet", "")
    if model:
        entries = entries.filter(content_type__model=model)
    models = scoped(request.user, LogEntry).order_by().values_list("content_type__model", flat=True).distinct()
    return render(
        request,
        "audit/change_history.html",
        {"page": paginate(request, entries), "models": sorted(set(models)), "model": model},
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
