"""Pages of the funding app. Thin: scoping through reussite.accounts.scoping, operations in services."""

import datetime
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from reussite.accounts.scoping import CHANGE, VIEW, get_scope, get_scoped_or_404, scoped
from reussite.core.errors import add_to_form
from reussite.core.exports import Column, export_response
from reussite.core.models import SourceDocument
from reussite.core.pagination import paginate
from reussite.core.pdf import pdf_response
from reussite.territory.models import Network, Organisation

from . import rows, services
from .forms import (
    AllocationForm,
    AmendmentApprovalForm,
    AmendmentForm,
    AmendmentSignatureForm,
    ArticleFormSet,
    BudgetLineFormSet,
    ConventionForm,
    FundingYearForm,
    IssueCallsForm,
    MoneyEvolutionForm,
    PartyForm,
    PaymentForm,
    ShareForm,
    SourceDocumentForm,
    StateConventionForm,
    StateStatusForm,
    StatusForm,
)
from .models import (
    Amendment,
    AmendmentChange,
    BudgetLine,
    CallForFunds,
    Convention,
    ConventionParty,
    FundingShare,
    FundingYear,
    MoneyEvolution,
    Payment,
    StateAllocation,
    StateConvention,
)
from .panels import panels_for
from .rules import STAFF_ROLES, may_change_convention


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


# --- Lists ----------------------------------------------------------------------------------------


CONVENTION_COLUMNS = [
    Column("Référence", lambda c: c.reference),
    Column("Intitulé", lambda c: c.title),
    Column("Type", lambda c: c.get_kind_display()),
    Column("Première année", lambda c: c.first_year),
    Column("Dernière année", lambda c: c.last_year),
    Column("Statut", lambda c: c.get_status_display()),
    Column("Parties", lambda c: ", ".join(p.name for p in c.parties.all())),
]
CALL_COLUMNS = [
    Column("N°", lambda c: c.reference),
    Column("Convention", lambda c: c.convention.reference),
    Column("Exercice", lambda c: c.year),
    Column("Partie", lambda c: c.party.name),
    Column("Échéance", lambda c: c.due_date),
    Column("Appelé", lambda c: c.amount, money=True),
    Column("Payé", lambda c: c.paid_total, money=True),
    Column("Solde", lambda c: c.balance, money=True),
]


@login_required
def convention_list(request):
    conventions = (
        scoped(request.user, Convention)
        .select_related("network")
        .prefetch_related(
            Prefetch(
                "parties",
                queryset=ConventionParty.objects.select_related("organisation").order_by("position", "id"),
            )
        )
        .order_by("-first_year", "reference")
    )
    filters = {
        "annee": _int(request.GET.get("annee")),
        "statut": request.GET.get("statut", ""),
        "type": request.GET.get("type", ""),
        "partie": _int(request.GET.get("partie")),
        "q": request.GET.get("q", "").strip(),
    }
    if filters["annee"]:
        conventions = conventions.covering_year(filters["annee"])
    if filters["statut"] in Convention.Status.values:
        conventions = conventions.filter(status=filters["statut"])
    if filters["type"] in Convention.Kind.values:
        conventions = conventions.filter(kind=filters["type"])
    if filters["partie"]:
        conventions = conventions.filter(
            id__in=ConventionParty.objects.filter(organisation_id=filters["partie"]).values("convention_id")
        )
    if filters["q"]:
        conventions = conventions.filter(Q(reference__icontains=filters["q"]) | Q(title__icontains=filters["q"]))
    exported = export_response(request, conventions, CONVENTION_COLUMNS, "conventions", "Conventions")
    if exported is not None:
        return exported
    organisations = scoped(request.user, Organisation).filter(convention_parties__isnull=False).distinct()
    return render(
        request,
        "funding/convention_list.html",
        {
            "page": paginate(request, conventions),
            "filters": filters,
            "statuses": Convention.Status.choices,
            "kinds": Convention.Kind.choices,
            "organisations": organisations.order_by("short_name"),
            "can_create": bool(get_scope(request.user).metropole_network_ids_for(*STAFF_ROLES)),
        },
    )


def _calls_queryset(user):
    return (
        scoped(user, CallForFunds)
        .with_paid()
        .select_related("convention", "party__organisation", "issuer")
        .order_by("-number_year", "-number")
    )


@login_required
def call_list(request):
    calls = _calls_queryset(request.user)
    year = _int(request.GET.get("annee"))
    if year:
        calls = calls.filter(year=year)
    state = request.GET.get("etat", "")
    if state == "solde":
        calls = calls.filter(paid_total__gte=F("amount"))
    elif state == "attente":
        calls = calls.filter(paid_total__lt=F("amount"))
    exported = export_response(request, calls, CALL_COLUMNS, "appels-de-fonds", "Appels de fonds")
    if exported is not None:
        return exported
    return render(
        request,
        "funding/call_list.html",
        {"page": paginate(request, calls), "year": year, "state": state, "today": timezone.localdate()},
    )


@login_required
def overdue_list(request):
    today = timezone.localdate()
    calls = (
        scoped(request.user, CallForFunds).overdue(today).select_related("convention", "party__organisation", "issuer")
    )
    exported = export_response(request, calls, CALL_COLUMNS, "appels-de-fonds-en-retard", "Appels en retard")
    if exported is not None:
        return exported
    return render(request, "funding/overdue_list.html", {"page": paginate(request, calls), "today": today})


# --- Convention -----------------------------------------------------------------------------------


def _selected_year(request, convention):
    year = _int(request.GET.get("annee"))
    if year in convention.years:
        return year
    current = timezone.localdate().year
    return min(max(current, convention.first_year), convention.last_year)


def _received_by_party(calls):
    received = {}
    for call in calls:
        received[call.party_id] = received.get(call.party_id, Decimal(0)) + call.paid_total
    return received


@login_required
def convention_detail(request, pk):
    convention = get_scoped_or_404(request.user, Convention.objects.select_related("network", "source"), pk=pk)
    can_change = may_change_convention(get_scope(request.user), convention.pk)
    year = _selected_year(request, convention)
    # Orderings within the one convention (or party) spelt without the model's leading foreign key, whose
    # own ordering would join the convention (or the party, then the convention) for a constant.
    parties = list(
        convention.parties.select_related("organisation")
        .prefetch_related(Prefetch("state_conventions", StateConvention.objects.order_by("start_date")))
        .order_by("position")
    )
    funding_years = list(convention.funding_years.order_by("year"))  # the year shown, and the evolutions
    funding_year = next((fy for fy in funding_years if fy.year == year), None)
    lines = list(convention.budget_lines.filter(year=year).select_related("action_kind").order_by("position", "id"))
    # Every year's shares in one query (the year's table and the evolutions), their parties and years
    # taken from the lists above rather than joined again.
    parties_by_id = {p.pk: p for p in parties}
    all_shares = _with_parties(
        FundingShare.objects.filter(funding_year__convention=convention).order_by(), parties_by_id
    )
    years_by_id = {fy.pk: fy for fy in funding_years}
    for share in all_shares:
        share.funding_year = years_by_id[share.funding_year_id]
    shares = (
        sorted(
            (s for s in all_shares if s.funding_year_id == funding_year.pk),
            key=lambda s: (s.kind, s.party.position, s.pk),  # was order_by("kind", "party__position", "id")
        )
        if funding_year
        else []
    )
    panel = services.panel_for(funding_year, lines, shares) if funding_year else None
    calls = _with_parties(
        scoped(request.user, CallForFunds).with_paid().filter(convention=convention, year=year).order_by("number"),
        parties_by_id,
    )
    calls_by_id = {call.pk: call for call in calls}
    for call in calls:
        call.convention = convention
    # A payment is in scope exactly when its call is (the same rule): its call is one of ``calls``.
    payments = list(
        scoped(request.user, Payment).filter(call__convention=convention, call__year=year).order_by("paid_on", "id")
    )
    for payment in payments:
        if payment.call_id in calls_by_id:
            payment.call = calls_by_id[payment.call_id]
    execution = services.execution_for(year, lines, shares, _received_by_party(calls)) if funding_year else None
    # ``caused_by`` is only a flag there
    history = list(convention.status_changes.select_related("recorded_by").order_by("recorded_at", "id"))
    return render(
        request,
        "funding/convention_detail.html",
        {
            "convention": convention,
            "can_change": can_change,
            "year": year,
            "parties": parties,
            "article_details": rows.article_details(convention.articles.order_by("position")),
            "year_tabs": rows.year_tabs(convention.years, year),
            "panels": panels_for(request, convention, parties),  # e.g. the deliberations registry's approvals
            "history": history,
            "last_change": history[-1] if history else None,
            "funding_year": funding_year,
            "lines": lines,
            "shares": shares,
            "panel": panel,
            "calls": calls,
            "payments": payments,
            "execution": execution,
            "paying_shares_missing": [s for s in shares if s.kind == FundingShare.Kind.KEY and s.amount is None],
            "parties_to_call": _parties_to_call(parties, calls),
            # The tables' rows written in Python (funding/rows.py: the bytes their template loops wrote).
            "party_rows": rows.party_rows(parties, can_change),
            "line_rows": rows.budget_line_rows(lines),
            "call_rows": rows.call_rows(calls, year, timezone.localdate()),
            "payment_rows": rows.payment_rows(payments),
            "history_rows": rows.history_rows(history),
            "evolutions": services.evolutions_for(convention, parties, funding_years, all_shares),
            "amendments": convention.amendments.prefetch_related(
                Prefetch("changes", AmendmentChange.objects.order_by("recorded_at", "id"))
            ).order_by("number"),
            "requires_amendment": services.requires_amendment(convention),
            "sources": _convention_sources(convention),
        },
    )


def _with_parties(queryset, parties_by_id) -> list:
    """The rows of ``queryset`` (each with a ``party_id``) with their party set from ``parties_by_id``
    (the convention's parties, read with their organisations) instead of joined in SQL."""
    items = list(queryset)
    for item in items:
        if item.party_id in parties_by_id:
            item.party = parties_by_id[item.party_id]
    return items


def _parties_to_call(parties, calls) -> list:
    """Paying parties not yet called for the year (the issue-calls link is offered only while one is left)."""
    called = {call.party_id for call in calls}
    return [p for p in parties if p.role == ConventionParty.Role.PAYING and p.pk not in called]


def _status_choices(convention):
    return [(s, Convention.Status(s).label) for s in services.allowed_transitions(convention)]


def _staff_networks(user):
    ids = get_scope(user).metropole_network_ids_for(*STAFF_ROLES)
    return Network.objects.filter(pk__in=ids).order_by("name")


@login_required
def convention_create(request):
    networks = list(_staff_networks(request.user))
    if not networks:
        raise PermissionDenied
    form = ConventionForm(request.POST or None, network=networks[0])
    if request.method == "POST" and form.is_valid():
        convention = services.create_convention(form.save(commit=False), by=request.user)
        messages.success(request, f"Convention {convention.reference} créée. Ajoutez maintenant ses parties.")
        return redirect("funding:party_add", pk=convention.pk)
    return render(request, "funding/convention_form.html", {"form": form, "convention": None})


def _amendment_needed(request, convention, error):
    """A signed convention changes only by an avenant: say so and offer to open one (nothing saved)."""
    messages.error(request, error.messages[0])
    return redirect("funding:amendment_create", pk=convention.pk)


def _changeable(request, pk):
    return get_scoped_or_404(request.user, Convention, CHANGE, pk=pk)


@login_required
def convention_edit(request, pk):
    convention = _changeable(request, pk)
    form = ConventionForm(request.POST or None, instance=convention)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Convention enregistrée.")
        return redirect("funding:convention_detail", pk=pk)
    return render(request, "funding/convention_form.html", {"form": form, "convention": convention})


@login_required
def convention_validate(request):
    """htmx: validate the convention form as typed and return only its error messages, swapped out of
    band into their places: the inputs are never replaced, so a field being typed in keeps its text."""
    networks = list(_staff_networks(request.user))
    if not networks or request.method != "POST":
        raise Http404
    instance = None
    pk = _int(request.POST.get("convention_id"))
    if pk:
        instance = get_scoped_or_404(request.user, Convention, CHANGE, pk=pk)
    form = ConventionForm(request.POST, instance=instance, network=networks[0])
    form.is_valid()
    return render(request, "funding/includes/convention_errors_oob.html", {"form": form})


@login_required
def articles_edit(request, pk):
    convention = _changeable(request, pk)
    formset = ArticleFormSet(request.POST or None, instance=convention)
    if request.method == "POST" and formset.is_valid():
        try:
            with transaction.atomic(), services.amending(convention, by=request.user):
                formset.save()
        except services.AmendmentRequired as error:
            return _amendment_needed(request, convention, error)
        messages.success(request, "Articles enregistrés.")
        return redirect("funding:convention_detail", pk=pk)
    return render(request, "funding/articles_form.html", {"convention": convention, "formset": formset})


@login_required
def convention_status(request, pk):
    convention = _changeable(request, pk)
    form = StatusForm(request.POST or None, choices=_status_choices(convention))
    if request.method == "POST" and form.is_valid():
        try:
            services.change_status(
                convention,
                form.cleaned_data["status"],
                on=form.cleaned_data["effective_date"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_to_form(form, error)
        else:
            convention.refresh_from_db()
            messages.success(request, f"Statut : {convention.get_status_display()}.")
            return redirect("funding:convention_detail", pk=pk)
    return render(request, "funding/status_form.html", {"convention": convention, "form": form})


# --- Parties and State conventions ----------------------------------------------------------------


@login_required
def party_add(request, pk):
    convention = _changeable(request, pk)
    form = PartyForm(
        request.POST or None,
        convention=convention,
        user=request.user,
        initial={"position": convention.parties.count() + 1},
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic(), services.amending(convention, by=request.user):
                party = form.save()
        except services.AmendmentRequired as error:
            return _amendment_needed(request, convention, error)
        messages.success(request, f"Partie ajoutée : {party.name}.")
        if "encore" in request.POST:
            return redirect("funding:party_add", pk=pk)
        return redirect("funding:convention_detail", pk=pk)
    parties = convention.parties.select_related("organisation")
    return render(request, "funding/party_form.html", {"convention": convention, "form": form, "parties": parties})


@login_required
def party_edit(request, pk):
    party = get_scoped_or_404(request.user, ConventionParty.objects.select_related("convention"), CHANGE, pk=pk)
    form = PartyForm(request.POST or None, instance=party, convention=party.convention, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic(), services.amending(party.convention, by=request.user):
                form.save()
        except services.AmendmentRequired as error:
            return _amendment_needed(request, party.convention, error)
        messages.success(request, f"Partie enregistrée : {party.name}.")
        return redirect("funding:convention_detail", pk=party.convention_id)
    return render(request, "funding/party_form.html", {"convention": party.convention, "form": form, "party": party})


@login_required
def state_convention_add(request, pk):
    convention = _changeable(request, pk)
    form = StateConventionForm(request.POST or None, convention=convention)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Convention avec l'État enregistrée.")
        return redirect("funding:convention_detail", pk=pk)
    return render(request, "funding/state_convention_form.html", {"convention": convention, "form": form})


@login_required
def state_convention_status(request, pk):
    state_convention = get_scoped_or_404(
        request.user, StateConvention.objects.select_related("party__convention", "party__organisation"), CHANGE, pk=pk
    )
    convention = state_convention.party.convention
    form = StateStatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            caused = services.change_state_convention_status(
                state_convention,
                form.cleaned_data["status"],
                on=form.cleaned_data["effective_date"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_to_form(form, error)
        else:
            message = "Statut de la convention avec l'État enregistré."
            if caused:
                message += f" Article 7 : la convention passe au statut « {caused.get_to_status_display()} »."
            messages.success(request, message)
            return redirect("funding:convention_detail", pk=convention.pk)
    history = state_convention.status_changes.select_related("recorded_by")
    return render(
        request,
        "funding/state_status_form.html",
        {"convention": convention, "state_convention": state_convention, "form": form, "history": history},
    )


# --- Budget and funding of a year -----------------------------------------------------------------


def _check_year(convention, year):
    if year not in convention.years:
        raise Http404


@login_required
def lines_edit(request, pk, year):
    convention = _changeable(request, pk)
    _check_year(convention, year)
    queryset = BudgetLine.objects.filter(convention=convention, year=year).select_related("action_kind")
    formset = BudgetLineFormSet(request.POST or None, queryset=queryset, prefix="lignes")
    if request.method == "POST" and formset.is_valid():
        try:
            with transaction.atomic(), services.amending(convention, by=request.user):
                for line in formset.save(commit=False):
                    line.convention, line.year = convention, year
                    line.save()
                for line in formset.deleted_objects:
                    line.delete()
        except services.AmendmentRequired as error:
            return _amendment_needed(request, convention, error)
        messages.success(request, f"Lignes budgétaires {year} enregistrées.")
        return redirect(f"{reverse('funding:convention_detail', args=[pk])}?annee={year}")
    return render(request, "funding/lines_form.html", {"convention": convention, "year": year, "formset": formset})


def _share_forms(convention, funding_year, data=None):
    parties = list(convention.parties.select_related("organisation").order_by("position", "id"))
    existing = {}
    if funding_year is not None and funding_year.pk:
        existing = {s.party_id: s for s in funding_year.shares.all()}
    forms = []
    for party in parties:
        share = existing.get(party.pk)
        initial = {}
        if share:
            initial = {
                "kind": share.kind,
                "fixed_amount": share.fixed_amount,
                "key_percent": share.key_percent,
                "printed_amount": share.printed_amount,
                "printed_percent": share.printed_percent,
            }
        elif funding_year is None or not funding_year.pk:
            initial = {"kind": FundingShare.Kind.CONTRIBUTION if not party.is_paying else FundingShare.Kind.KEY}
        forms.append(ShareForm(data, party=party, initial=initial, prefix=f"part-{party.pk}"))
    return forms


def _save_funding(convention, year, form, share_forms):
    funding_year = form.save(commit=False)
    funding_year.convention, funding_year.year = convention, year
    shares = [
        services.ShareData(
            party=f.party,
            kind=f.cleaned_data["kind"],
            fixed_amount=f.cleaned_data.get("fixed_amount"),
            key_percent=f.cleaned_data.get("key_percent"),
            printed_amount=f.cleaned_data.get("printed_amount"),
            printed_percent=f.cleaned_data.get("printed_percent"),
        )
        for f in share_forms
        if f.cleaned_data.get("kind")
    ]
    return services.save_funding_year(funding_year, shares)


@login_required
def funding_edit(request, pk, year):
    convention = _changeable(request, pk)
    _check_year(convention, year)
    funding_years = list(convention.funding_years.order_by("year"))  # the year shown, and the evolutions
    funding_year = next((fy for fy in funding_years if fy.year == year), None)
    data = request.POST if request.method == "POST" else None
    form = FundingYearForm(data, instance=funding_year or FundingYear(convention=convention, year=year))
    share_forms = _share_forms(convention, funding_year, data)
    preview = None
    if request.method == "POST":
        valid = form.is_valid() & all([f.is_valid() for f in share_forms])  # noqa: C419 - validate every form
        if valid:
            try:
                if "apercu" in request.POST or request.htmx:
                    preview = _preview(convention, year, form, share_forms)
                else:
                    with transaction.atomic(), services.amending(convention, by=request.user):
                        _save_funding(convention, year, form, share_forms)
                    messages.success(request, f"Financement {year} enregistré et répartition calculée.")
                    return redirect(f"{reverse('funding:convention_detail', args=[pk])}?annee={year}")
            except services.AmendmentRequired as error:
                return _amendment_needed(request, convention, error)
            except ValidationError as error:
                add_to_form(form, error)
    context = {
        "convention": convention,
        "year": year,
        "form": form,
        "share_forms": share_forms,
        "preview": preview,
        "issued_calls": convention.calls_for_funds.filter(year=year).count(),
        "errors": [e for f in [form, *share_forms] for errors in f.errors.values() for e in errors]
        if request.htmx
        else [],
    }
    if request.htmx:
        return render(request, "funding/includes/funding_preview.html", context)
    return render(request, "funding/funding_form.html", context)


class _Preview(Exception):  # noqa: N818 - carries the result out of a rolled-back transaction
    pass


def _preview(convention, year, form, share_forms):
    """The split and the consistency panel of the typed data, computed then rolled back (nothing saved)."""
    try:
        with transaction.atomic():
            funding_year = _save_funding(convention, year, form, share_forms)
            lines = list(convention.budget_lines.filter(year=year).select_related("action_kind"))
            shares = list(funding_year.shares.select_related("party__organisation").order_by("kind", "party__position"))
            raise _Preview(services.panel_for(funding_year, lines, shares))
    except _Preview as result:
        return result.args[0]


# --- Calls for funds and payments -----------------------------------------------------------------


@login_required
def calls_issue(request, pk, year):
    convention = _changeable(request, pk)
    _check_year(convention, year)
    form = IssueCallsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.issue_calls_for_funds(
                convention,
                year,
                issue_date=form.cleaned_data["issue_date"],
                due_date=form.cleaned_data["due_date"],
                by=request.user,
            )
        except ValidationError as error:
            add_to_form(form, error)
        else:
            if result.created:
                refs = ", ".join(c.reference for c in result.created)
                messages.success(request, f"{len(result.created)} appel(s) de fonds émis : {refs}.")
            for reason in result.skipped:
                messages.warning(request, reason)
            return redirect(f"{reverse('funding:convention_detail', args=[pk])}?annee={year}")
    funding_years = list(convention.funding_years.order_by("year"))  # the year shown, and the evolutions
    funding_year = next((fy for fy in funding_years if fy.year == year), None)
    shares = (
        list(funding_year.shares.filter(party__role=ConventionParty.Role.PAYING).select_related("party__organisation"))
        if funding_year
        else []
    )
    return render(
        request,
        "funding/calls_issue_form.html",
        {"convention": convention, "year": year, "form": form, "shares": shares},
    )


def _call(request, pk, action=VIEW):
    return get_scoped_or_404(
        request.user,
        CallForFunds.objects.with_paid().select_related("convention", "party__organisation", "issuer"),
        action,
        pk=pk,
    )


@login_required
def call_detail(request, pk):
    call = _call(request, pk)
    can_change = scoped(request.user, CallForFunds, CHANGE).filter(pk=pk).exists()
    return render(
        request,
        "funding/call_detail.html",
        {
            "call": call,
            "balance": call.amount - call.paid_total,
            "payments": call.payments.order_by("paid_on", "id"),
            "can_change": can_change,
            "today": timezone.localdate(),
        },
    )


@login_required
def call_pdf(request, pk):
    call = _call(request, pk)
    representative = call.issuer.representative_on(call.issue_date)
    coordinator = call.convention.parties.filter(organisation=call.issuer).first()
    return pdf_response(
        request,
        "funding/print/call_for_funds.html",
        {"call": call, "representative": representative, "coordinator": coordinator},
        call.filename,
    )


@login_required
def call_reminder_pdf(request, pk):
    """Lettre de relance of an overdue call (past its due date, balance unpaid); signed by whoever
    represents the issuer today."""
    call = _call(request, pk)
    today = timezone.localdate()
    balance = call.amount - call.paid_total
    if balance <= 0 or call.due_date >= today:
        raise Http404  # nothing to remind
    return pdf_response(
        request,
        "funding/print/call_reminder.html",
        {
            "call": call,
            "balance": balance,
            "today": today,
            "days_late": (today - call.due_date).days,
            "representative": call.issuer.representative_on(today),
            "coordinator": call.convention.parties.filter(organisation=call.issuer).first(),
        },
        f"relance-{call.filename}",
    )


@login_required
def payment_create(request, pk):
    call = _call(request, pk, CHANGE)
    form = PaymentForm(request.POST or None, initial={"paid_on": datetime.date.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_payment(
                call,
                amount=form.cleaned_data["amount"],
                paid_on=form.cleaned_data["paid_on"],
                reference=form.cleaned_data["reference"],
                by=request.user,
            )
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, f"Paiement enregistré sur l'appel de fonds {call.reference}.")
            return redirect("funding:call_detail", pk=pk)
    return render(
        request,
        "funding/payment_form.html",
        {"call": call, "form": form, "balance": call.amount - call.paid_total},
    )


@login_required
@require_POST
def recompute_split(request, pk, year):
    convention = _changeable(request, pk)
    funding_years = list(convention.funding_years.order_by("year"))  # the year shown, and the evolutions
    funding_year = next((fy for fy in funding_years if fy.year == year), None)
    if funding_year is None:
        raise Http404
    try:
        with transaction.atomic(), services.amending(convention, by=request.user):
            services.compute_split(funding_year)
    except services.AmendmentRequired as error:
        return _amendment_needed(request, convention, error)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"Répartition {year} recalculée.")
    return redirect(f"{reverse('funding:convention_detail', args=[pk])}?annee={year}")


@login_required
def allocations_edit(request, pk, year):
    """State allocations of the paying parties for a year (they cap the calls for funds if the convention says so)."""
    convention = _changeable(request, pk)
    _check_year(convention, year)
    parties = list(convention.parties.filter(role=ConventionParty.Role.PAYING).select_related("organisation"))
    existing = {a.party_id: a for a in StateAllocation.objects.filter(party__in=parties, year=year)}
    forms = [
        AllocationForm(
            request.POST or None,
            party=party,
            prefix=f"dotation-{party.pk}",
            initial={"amount": existing[party.pk].amount if party.pk in existing else None},
        )
        for party in parties
    ]
    if request.method == "POST" and all([f.is_valid() for f in forms]):  # noqa: C419 - validate every form
        with transaction.atomic():
            for form in forms:
                amount = form.cleaned_data["amount"]
                if amount is None:
                    StateAllocation.objects.filter(party=form.party, year=year).delete()
                else:
                    StateAllocation.objects.update_or_create(party=form.party, year=year, defaults={"amount": amount})
        messages.success(request, f"Dotations de l'État {year} enregistrées.")
        return redirect(f"{reverse('funding:convention_detail', args=[pk])}?annee={year}")
    return render(request, "funding/allocations_form.html", {"convention": convention, "year": year, "forms": forms})


# --- Printed sources ------------------------------------------------------------------------------


def _convention_sources(convention):
    """The documents recorded for a convention (its own source and the others created for it)."""
    ids = set(convention.documents.values_list("id", flat=True))
    if convention.source_id:
        ids.add(convention.source_id)
    return SourceDocument.objects.filter(pk__in=ids).order_by("issued_on", "title")


@login_required
def source_create(request, pk):
    """Create a source document (whose printed figures are then recorded) for a convention."""
    convention = _changeable(request, pk)
    form = SourceDocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            document = form.save()
            convention.documents.add(document)
            if request.POST.get("source_de_la_convention") or convention.source_id is None:
                Convention.objects.filter(pk=convention.pk).update(source=document)
        messages.success(request, f"Document source enregistré : {document.title}.")
        target = request.POST.get("suite")
        if target == "evolution":
            return redirect(f"{reverse('funding:evolution_add', args=[pk])}?source={document.pk}")
        return redirect("funding:convention_detail", pk=pk)
    return render(
        request,
        "funding/source_form.html",
        {"convention": convention, "form": form, "suite": request.GET.get("suite", "")},
    )


# --- Evolutions -----------------------------------------------------------------------------------


@login_required
def evolution_add(request, pk):
    convention = _changeable(request, pk)
    sources = _convention_sources(convention)
    initial = {"source": _int(request.GET.get("source"))} if request.GET.get("source") else {}
    form = MoneyEvolutionForm(request.POST or None, convention=convention, sources=sources, initial=initial)
    if request.method == "POST" and form.is_valid():
        evolution = form.save(commit=False)
        try:
            services.record_money_evolution(evolution)
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "Évolution imprimée enregistrée.")
            return redirect(f"{reverse('funding:convention_detail', args=[pk])}#evolutions")
    return render(request, "funding/evolution_form.html", {"convention": convention, "form": form})


@login_required
def evolution_delete(request, pk):
    """Delete a printed evolution typed by mistake (a confirmation page, then POST)."""
    evolution = get_scoped_or_404(
        request.user, MoneyEvolution.objects.select_related("convention", "party__organisation"), CHANGE, pk=pk
    )
    if request.method == "POST":
        evolution.delete()
        messages.success(request, "Évolution imprimée supprimée.")
        return redirect(f"{reverse('funding:convention_detail', args=[evolution.convention_id])}#evolutions")
    return render(
        request, "funding/evolution_delete.html", {"evolution": evolution, "convention": evolution.convention}
    )


# --- Amendments -----------------------------------------------------------------------------------


@login_required
def amendment_create(request, pk):
    convention = _changeable(request, pk)
    current = services.open_amendment(convention)
    form = AmendmentForm(request.POST or None, initial={"drafted_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            amendment = services.create_amendment(
                convention,
                object=form.cleaned_data["object"],
                drafted_on=form.cleaned_data["drafted_on"],
                by=request.user,
            )
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request,
                f"Avenant n° {amendment.number} ouvert : les modifications de la convention sont enregistrées à son "
                "titre jusqu'à son approbation.",
            )
            return redirect("funding:convention_detail", pk=pk)
    return render(
        request,
        "funding/amendment_form.html",
        {
            "convention": convention,
            "form": form,
            "current": current,
            "signed": services.requires_amendment(convention),
        },
    )


@login_required
def amendment_detail(request, pk):
    amendment = get_scoped_or_404(request.user, Amendment.objects.select_related("convention"), pk=pk)
    convention = amendment.convention
    can_change = scoped(request.user, Amendment, CHANGE).filter(pk=pk).exists()
    approval = AmendmentApprovalForm(request.POST if "approuver" in request.POST else None)
    signature = AmendmentSignatureForm(request.POST if "signer" in request.POST else None)
    if request.method == "POST":
        if not can_change:
            raise Http404
        try:
            if "approuver" in request.POST and approval.is_valid():
                services.approve_amendment(
                    amendment,
                    on=approval.cleaned_data["approval_date"],
                    reference=approval.cleaned_data["approval_reference"],
                )
                messages.success(request, f"Avenant n° {amendment.number} approuvé.")
                return redirect("funding:amendment_detail", pk=pk)
            if "signer" in request.POST and signature.is_valid():
                services.sign_amendment(amendment, on=signature.cleaned_data["signature_date"])
                messages.success(request, f"Avenant n° {amendment.number} signé.")
                return redirect("funding:amendment_detail", pk=pk)
        except ValidationError as error:
            add_to_form(approval if "approuver" in request.POST else signature, error)
    return render(
        request,
        "funding/amendment_detail.html",
        {
            "amendment": amendment,
            "convention": convention,
            "changes": amendment.changes.select_related("recorded_by"),
            "can_change": can_change,
            "approval": approval,
            "signature": signature,
        },
    )
