"""Pages of grants (outgoing money): envelopes distributed to beneficiaries by a rule.

Thin: scoping through reussite.accounts.scoping, operations in services, checks in computations.
"""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from reussite.accounts.scoping import CHANGE, get_scope, get_scoped_or_404, scoped
from reussite.core.errors import add_to_form
from reussite.core.exports import Column, export_response
from reussite.core.models import SourceDocument
from reussite.core.pagination import paginate
from reussite.core.spreadsheets import csv_text
from reussite.territory.models import Organisation

from . import services
from .forms import GrantEnvelopeForm, GrantLineFormSet, GrantPaymentForm, unique_source_code
from .models import Grant, GrantEnvelope, GrantPayment
from .rules import GRANT_CHANGE_ROLES, STAFF_ROLES


def _grantors(user):
    """The organisations the user may enter envelopes for: its network's (staff) or its own."""
    scope = get_scope(user)
    networks = scope.metropole_network_ids_for(*STAFF_ROLES)
    own = scope.organisation_ids_for(*GRANT_CHANGE_ROLES)
    return (
        scoped(user, Organisation)
        .filter(Q(network_id__in=networks) | Q(pk__in=own))
        .exclude(kind=Organisation.Kind.PROVIDER)
        .order_by("short_name")
    )


def _network_organisations(user, network_id):
    return scoped(user, Organisation).filter(network_id=network_id).order_by("short_name")


ENVELOPE_COLUMNS = [
    Column("Enveloppe", lambda e: e.title),
    Column("Décision", lambda e: e.decision_reference),
    Column("Exercice", lambda e: e.year),
    Column("Attributaire", lambda e: e.grantor.short_name),
    Column("Règle", lambda e: e.get_rule_display()),
    Column("Montant de l'enveloppe", lambda e: e.total_amount, money=True),
    Column("Attribué", lambda e: e.granted, money=True),
]


@login_required
def grant_list(request):
    envelopes = (
        scoped(request.user, GrantEnvelope)
        .select_related("grantor")
        .annotate(granted=Sum("grants__amount"))
        .order_by("-year", "title", "id")
    )
    year = request.GET.get("annee", "")
    text = request.GET.get("q", "").strip()
    if year.isascii() and year.isdigit() and len(year) <= 4:  # « ² » passes isdigit() but not int()
        envelopes = envelopes.filter(year=int(year))
    if text:
        envelopes = envelopes.filter(Q(title__icontains=text) | Q(grants__beneficiary_name__icontains=text)).distinct()
    exported = export_response(request, envelopes, ENVELOPE_COLUMNS, "subventions", "Subventions attribuées")
    if exported is not None:
        return exported
    return render(
        request,
        "funding/grant_list.html",
        {
            "page": paginate(request, envelopes),
            "year": year,
            "q": text,
            "can_create": _grantors(request.user).exists(),
        },
    )


def _lines_initial(envelope):
    return [
        {
            "beneficiary_name": g.beneficiary_name,
            "beneficiary": g.beneficiary_id,
            "units": g.units,
            "fixed_amount": g.fixed_amount,
            "key_weight": g.key_weight,
            "printed_amount": g.printed_amount,
        }
        for g in envelope.grants.order_by("position", "id")
    ]


def _save(request, form, formset, envelope):
    envelope = form.save(commit=False)
    envelope.network_id = envelope.grantor.network_id
    title = form.cleaned_data.get("source_title", "").strip()
    if title:
        if envelope.source_id and envelope.source.title != title:
            SourceDocument.objects.filter(pk=envelope.source_id).update(title=title)
        elif not envelope.source_id:
            envelope.source = SourceDocument.objects.create(
                code=unique_source_code(title), title=title, issued_on=envelope.decision_date
            )
    lines = [
        services.GrantData(
            name=f.cleaned_data["beneficiary_name"],
            beneficiary=f.cleaned_data.get("beneficiary"),
            units=f.cleaned_data.get("units"),
            fixed_amount=f.cleaned_data.get("fixed_amount"),
            key_weight=f.cleaned_data.get("key_weight"),
            printed_amount=f.cleaned_data.get("printed_amount"),
        )
        for f in formset.forms
        if f.cleaned_data and f.cleaned_data.get("beneficiary_name") and not f.cleaned_data.get("DELETE")
    ]
    return services.save_grant_envelope(envelope, lines)


def _edit(request, envelope):
    grantors = _grantors(request.user)
    if envelope is None and not grantors.exists():
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    form = GrantEnvelopeForm(data, instance=envelope or GrantEnvelope(), grantors=grantors)
    network_id = envelope.network_id if envelope else None
    if data and form.is_valid():
        network_id = form.cleaned_data["grantor"].network_id
    organisations = _network_organisations(request.user, network_id) if network_id else Organisation.objects.none()
    formset = GrantLineFormSet(
        data, prefix="subventions", organisations=organisations, initial=_lines_initial(envelope) if envelope else None
    )
    if data and form.is_valid() and formset.is_valid():
        try:
            with transaction.atomic():
                saved = _save(request, form, formset, envelope)
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, f"Enveloppe enregistrée : {saved.title}.")
            return redirect("funding:grant_detail", pk=saved.pk)
    return render(request, "funding/grant_form.html", {"form": form, "formset": formset, "envelope": envelope})


@login_required
def grant_create(request):
    return _edit(request, None)


@login_required
def grant_edit(request, pk):
    envelope = get_scoped_or_404(request.user, GrantEnvelope.objects.select_related("source"), CHANGE, pk=pk)
    return _edit(request, envelope)


@login_required
def grant_detail(request, pk):
    envelope = get_scoped_or_404(request.user, GrantEnvelope.objects.select_related("grantor", "source"), pk=pk)
    can_change = scoped(request.user, GrantEnvelope, CHANGE).filter(pk=pk).exists()
    grants = list(
        envelope.grants.select_related("beneficiary").annotate(paid=Sum("payments__amount")).order_by("position", "id")
    )
    panel = services.grant_panel_for(envelope, grants)
    if request.GET.get("format") == "csv":
        return _grants_csv(envelope, grants, panel)
    payments = (
        scoped(request.user, GrantPayment)
        .filter(grant__envelope=envelope)
        .select_related("grant")
        .order_by("paid_on", "id")
    )
    return render(
        request,
        "funding/grant_detail.html",
        {
            "envelope": envelope,
            "rows": list(zip(grants, panel.rows, strict=True)),
            "panel": panel,
            "payments": payments,
            "can_change": can_change,
        },
    )


CSV_COLUMNS = [
    "Bénéficiaire",
    "Unités",
    "Montant fixé",
    "Poids",
    "Montant selon la règle",
    "Plafonné",
    "Montant imprimé",
    "Imprimé conforme",
    "Avance",
    "Solde",
    "Versé",
]


def _csv_number(value) -> str:
    return "" if value is None else str(value).replace(".", ",")  # French Excel reads a decimal comma


def _grants_csv(envelope, grants, panel) -> HttpResponse:
    """The beneficiaries as French Excel opens them (UTF-8 with BOM, « ; », decimal comma); typed
    names never become formulas (core.spreadsheets)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for grant, row in zip(grants, panel.rows, strict=True):
        conform = "" if row.printed_amount is None or row.amount is None else ("non" if row.printed_differs else "oui")
        writer.writerow(
            [
                csv_text(grant.beneficiary_name),
                _csv_number(grant.units),
                _csv_number(grant.fixed_amount),
                _csv_number(grant.key_weight),
                _csv_number(row.amount),
                "oui" if row.capped else "",
                _csv_number(row.printed_amount),
                conform,
                _csv_number(row.advance),
                _csv_number(row.balance),
                _csv_number(grant.paid),
            ]
        )
    response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="subventions-{envelope.year}-{envelope.pk}.csv"'
    return response


@login_required
def grant_payment_create(request, pk):
    grant = get_scoped_or_404(request.user, Grant.objects.select_related("envelope"), CHANGE, pk=pk)
    form = GrantPaymentForm(request.POST or None, initial={"paid_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_grant_payment(
                grant,
                kind=form.cleaned_data["kind"],
                amount=form.cleaned_data["amount"],
                paid_on=form.cleaned_data["paid_on"],
                reference=form.cleaned_data["reference"],
                by=request.user,
            )
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, f"Versement enregistré pour {grant.beneficiary_name}.")
            return redirect("funding:grant_detail", pk=grant.envelope_id)
    return render(request, "funding/grant_payment_form.html", {"grant": grant, "form": form})
