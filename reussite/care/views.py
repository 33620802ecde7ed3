"""Pages of psychological support, for the métropole (hours, invoices to certify and pay), the programme
coordination (its territory's hours, its referrals) and the psychologists (their referred children,
sessions, invoices). Children appear by name only to those the disclosure layer allows (the
coordination of their programme, the psychologist they are referred to); the métropole reads codes."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from reussite.accounts.models import Role
from reussite.accounts.scoping import CHANGE, get_scope, get_scoped_or_404, scoped
from reussite.core.errors import add_to_form, error_items
from reussite.core.links import detail_url
from reussite.core.pagination import paginate
from reussite.core.pdf import PDF_A, cached_document, render_pdf
from reussite.funding.models import BudgetLine
from reussite.parcours.identity import age_on
from reussite.parcours.models import Child
from reussite.territory.models import Network, Programme
from reussite.territory.scoping import coordinated_programme_ids

from . import einvoice, queries, services
from .billing import VAT_MENTION
from .forms import (
    MONTHS,
    AdjustmentForm,
    BudgetForm,
    InvoiceBuildForm,
    OverrunForm,
    PaymentForm,
    ReferralForm,
    SessionForm,
    TransferForm,
)
from .hours import format_hours
from .models import (
    CareInvoice,
    CareReferral,
    CareSession,
    HourAllocation,
    HourMovement,
    HourOverrun,
    Psychologist,
)
from .presentation import child_label_texts, child_labels, child_name_fields
from .rules import METROPOLE_ROLES
from .tables import DATE, EUR, HOURS, INT, Column, Row, Table, export_response


def _audience(user) -> set[str]:
    scope = get_scope(user)
    audience = set()
    if scope.metropole_network_ids_for(*METROPOLE_ROLES):
        audience.add("metropole")
    if coordinated_programme_ids(scope):
        audience.add("programme")
    if scope.has_role(Role.PSYCHOLOGIST):
        audience.add("psychologist")
    return audience


def _require(user, *audiences) -> set[str]:
    """The care pages exist only for their audiences: 404 for the others (as for a missing page)."""
    audience = _audience(user)
    if not audience.intersection(audiences):
        raise Http404
    return audience


LIST_DEFAULTS = {"months": None, "attendances": None, "statuses": None, "programmes": None, "psychologists": None}


def _page(request, template, context):
    """``render`` with what every care page shows: the sub-navigation of the user's audiences."""
    audience = _audience(request.user)
    return render(request, template, {**LIST_DEFAULTS, **context, "care_audience": dict.fromkeys(audience, True)})


def _filter_choices(user):
    """The filters' options as value rows (``pk``, name): a métropole lists every psychologist."""
    psychologists = scoped(user, Psychologist).order_by("full_name").values("pk", "full_name")
    programmes = Programme.objects.filter(
        pk__in=scoped(user, CareReferral).values("allocation__programme_id")
    ).order_by("name")
    return list(psychologists), list(programmes.values("pk", "name"))


# --- Dashboard -----------------------------------------------------------------------------------

DASHBOARD_COLUMNS = [
    Column("Territoire"),
    Column("Année", INT),
    Column("Heures allouées", HOURS),
    Column("Heures engagées", HOURS),
    Column("Heures consommées", HOURS),
    Column("Heures restantes", HOURS),
    Column("Alloué (€)", EUR),
    Column("Facturé (€)", EUR),
    Column("Payé (€)", EUR),
    Column("Reste (€)", EUR),
    Column("Épuisement prévu", DATE),
]


@login_required
def dashboard(request):
    _require(request.user, "metropole", "programme")
    today = timezone.localdate()
    years = queries.budget_years(request.user)
    year = queries.Filters.from_params(request.GET).year
    if year is None and years:
        year = today.year if today.year in years else years[0]
    rows = queries.territory_rows(request.user, year, today)
    table = Table(
        "Heures de soutien psychologique par territoire",
        DASHBOARD_COLUMNS,
        [
            Row(
                [
                    r.programme,
                    r.year,
                    r.allocated,
                    r.committed,
                    r.consumed,
                    r.left,
                    r.allocated_eur,
                    r.invoiced,
                    r.paid,
                    r.left_eur,
                    r.run_out,
                ],
                url=reverse("care:allocation_detail", args=[r.key]),
                flag="quota dépassé" if r.exceeded else ("quota bientôt atteint" if r.nearing else ""),
            )
            for r in rows
        ],
    )
    export = export_response(table, request.GET.get("format", ""), f"soutien-psychologique-{year or 'tout'}")
    if export:
        return export
    totals = {
        "allocated": sum((r.allocated for r in rows), 0),
        "committed": sum((r.committed for r in rows), 0),
        "consumed": sum((r.consumed for r in rows), 0),
        "invoiced": sum((r.invoiced for r in rows), 0),
        "paid": sum((r.paid for r in rows), 0),
    }
    return _page(
        request,
        "care/dashboard.html",
        {
            "table": table,
            "years": years,
            "year": year,
            "totals": totals,
            "today": today,
            "can_allocate": bool(get_scope(request.user).metropole_network_ids_for(Role.METROPOLE_COORDINATOR)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def budget_create(request):
    """The métropole coordination turns a year's budget into hours per territory (once per year)."""
    networks = get_scope(request.user).metropole_network_ids_for(Role.METROPOLE_COORDINATOR)
    if not networks:
        raise Http404
    network = Network.objects.get(pk=min(networks))
    programmes = scoped(request.user, Programme).filter(network=network).order_by("name")
    last = scoped(request.user, HourAllocation).filter(budget__network=network).order_by("-budget__year")
    initial_weights = {}
    for allocation in last:  # the latest key used, as a starting point
        initial_weights.setdefault(allocation.programme_id, allocation.weight)
    budget_lines = (
        scoped(request.user, BudgetLine)
        .filter(convention__network=network, action_kind__code=services.PSYCHOLOGICAL_SUPPORT)
        .select_related("convention", "action_kind")
        .order_by("-year", "convention__reference")
    )
    form = BudgetForm(
        request.POST or None,
        budget_lines=budget_lines,
        programmes=programmes,
        initial_weights=initial_weights,
        initial={"year": timezone.localdate().year},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            budget = services.allocate_hours(
                request.user,
                network,
                data["year"],
                None if data["budget_line"] else data["amount"],
                form.weights(),
                Decimal(data["unit"]),
                data["budget_line"],
            )
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, f"{format_hours(budget.total_hours)} h réparties entre les territoires.")
            return redirect(reverse("care:dashboard") + f"?annee={budget.year}")
    return _page(request, "care/budget_form.html", {"form": form, "network": network})


MOVEMENT_FORMS = {"transfer": TransferForm, "adjust": AdjustmentForm, "overrun": OverrunForm}
MOVED = {
    "transfer": "Transfert enregistré.",
    "adjust": "Ajustement enregistré.",
    "overrun": "Dépassement approuvé.",
}


def _movement(user, action, allocation, data):
    if action == "transfer":
        return services.transfer_hours(user, allocation, data["target"], data["hours"], data["reason"])
    if action == "adjust":
        return services.adjust_hours(user, allocation, data["delta"], data["reason"])
    return services.approve_overrun(user, allocation, data["hours"], data["reason"])


@login_required
@require_http_methods(["GET", "POST"])
def allocation_detail(request, pk):
    """A territory's hours for a year, their history (transfers, adjustments, approved overruns) and,
    for the métropole coordination, the forms that move them (each with its reason)."""
    _require(request.user, "metropole", "programme")
    allocation = get_scoped_or_404(
        request.user, HourAllocation.objects.select_related("budget__rate", "programme"), pk=pk
    )
    can_change = scoped(request.user, HourAllocation, CHANGE).filter(pk=pk).exists()
    targets = (
        scoped(request.user, HourAllocation, CHANGE)
        .filter(budget_id=allocation.budget_id)
        .exclude(pk=pk)
        .select_related("programme")
        .order_by("programme__name")
    )
    action = request.POST.get("action") if request.method == "POST" else None
    forms = (
        {
            name: (
                form_class(request.POST if action == name else None, targets=targets)
                if name == "transfer"
                else form_class(request.POST if action == name else None)
            )
            for name, form_class in MOVEMENT_FORMS.items()
        }
        if can_change
        else {}
    )
    if request.method == "POST":
        if action not in forms:
            raise Http404
        form = forms[action]
        if form.is_valid():
            try:
                _movement(request.user, action, allocation, form.cleaned_data)
            except ValidationError as error:
                add_to_form(form, error)
            else:
                messages.success(request, MOVED[action])
                return redirect("care:allocation_detail", pk)
    [row] = queries.territory_rows(
        request.user, None, timezone.localdate(), queries.allocation_figures(request.user).filter(pk=pk)
    )
    movements = (
        scoped(request.user, HourMovement)
        .filter(Q(source=allocation) | Q(target=allocation))
        .select_related("source__programme", "target__programme", "approved_by")
        .order_by("-approved_at", "-pk")
    )
    overruns = scoped(request.user, HourOverrun).filter(allocation=allocation).select_related("approved_by")
    return _page(
        request,
        "care/allocation_detail.html",
        {
            "allocation": allocation,
            "row": row,
            "movements": list(movements),
            "overruns": list(overruns.order_by("-approved_at", "-pk")),
            "forms": forms,
        },
    )


# --- Referrals -----------------------------------------------------------------------------------

REFERRAL_COLUMNS = [
    Column("Enfant"),
    Column("Âge", INT),
    Column("Territoire"),
    Column("Psychologue"),
    Column("Orienté le", DATE),
    Column("Heures demandées", HOURS),
    Column("Heures réalisées", HOURS),
]


def _referral_table(user, referrals, reason):
    url = detail_url("care:referral_detail")
    referrals = list(referrals)
    labels = child_labels(user, [r.child for r in referrals], reason=reason)
    return Table(
        "Orientations vers un psychologue",
        REFERRAL_COLUMNS,
        [
            Row(
                [
                    labels[r.child_id].label,
                    labels[r.child_id].age,
                    r.allocation.programme.name,
                    r.psychologist.full_name,
                    r.referred_on,
                    r.requested_hours,
                    services.minutes_to_hours(r.consumed_minutes),
                ],
                url=url(r.pk),
            )
            for r in referrals
        ],
    )


def _referral_export_table(user, referrals, reason):
    """The same cells as ``_referral_table``, read as values (no model instances or URL per row)."""
    rows = list(
        referrals.values_list(
            "child_id",
            "child__code",
            *child_name_fields(user, "child"),
            "child__birth_date",
            "allocation__programme__name",
            "psychologist__full_name",
            "referred_on",
            "requested_hours",
            "consumed_minutes",
        )
    )
    labels = child_label_texts(user, {r[0]: (r[1], r[2], r[3]) for r in rows}, reason=reason)
    today = timezone.localdate()
    return Table(
        "Orientations vers un psychologue",
        REFERRAL_COLUMNS,
        [
            Row(
                [
                    labels[child_id],
                    age_on(born, today),
                    programme,
                    psychologist,
                    referred_on,
                    requested,
                    services.minutes_to_hours(consumed),
                ]
            )
            for child_id, _code, _first, _last, born, programme, psychologist, referred_on, requested, consumed in rows
        ],
    )


@login_required
def referral_list(request):
    audience = _require(request.user, "metropole", "programme", "psychologist")
    filters = queries.Filters.from_params(request.GET)
    referrals = queries.referrals(request.user, filters)
    file_format = request.GET.get("format", "")
    if file_format in ("csv", "xlsx"):
        table = _referral_export_table(request.user, referrals, f"Export {file_format.upper()} des orientations")
        return export_response(table, file_format, "orientations")
    page = paginate(request, referrals)
    psychologists, programmes = _filter_choices(request.user)
    return _page(
        request,
        "care/referral_list.html",
        {
            "page": page,
            "table": _referral_table(request.user, page.object_list, "Liste des orientations"),
            "filters": filters,
            "psychologists": psychologists,
            "programmes": programmes,
            "can_refer": "programme" in audience,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def referral_create(request):
    _require(request.user, "programme")
    psychologists = scoped(request.user, Psychologist).filter(
        programmes__in=coordinated_programme_ids(get_scope(request.user))
    )
    form = ReferralForm(
        request.POST or None,
        psychologists=Psychologist.objects.filter(pk__in=psychologists.values("pk")).order_by("full_name"),
        initial={"child_code": request.GET.get("enfant", "")[:12]},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Out of the user's programmes answers like an unknown code.
        child = scoped(request.user, Child, CHANGE).filter(code__iexact=data["child_code"].strip()).first()
        if child is None:
            form.add_error("child_code", "Code de l'enfant : aucun enfant de vos programmes ne porte ce code.")
        else:
            try:
                referral = services.refer_to_psychologist(
                    request.user, child, data["psychologist"], data["hours"], data["referred_on"]
                )
            except ValidationError as error:
                add_to_form(form, error)
            else:
                messages.success(request, "Orientation enregistrée.")
                return redirect("care:referral_detail", referral.pk)
    return _page(request, "care/referral_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def referral_detail(request, pk):
    _require(request.user, "metropole", "programme", "psychologist")
    referral = get_scoped_or_404(
        request.user,
        CareReferral.objects.select_related("child", "psychologist", "allocation__programme", "allocation__budget"),
        pk=pk,
    )
    label = child_labels(request.user, [referral.child], reason="Consultation d'une orientation")[referral.child_id]
    can_record = referral.psychologist.user_id == request.user.pk
    form = SessionForm(request.POST or None) if can_record else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.record_session(
                    request.user,
                    referral,
                    data["date"],
                    data["duration_minutes"],
                    data["with_whom"],
                    data["attendance"],
                )
            except ValidationError as error:
                add_to_form(form, error)
            else:
                messages.success(request, "Séance enregistrée.")
                return redirect("care:referral_detail", referral.pk)
    sessions = list(scoped(request.user, CareSession).filter(referral=referral).order_by("-date", "-pk"))
    consumed = services.consumed_hours(CareSession.objects.filter(pk__in=[s.pk for s in sessions]))
    return _page(
        request,
        "care/referral_detail.html",
        {
            "referral": referral,
            "child": label,
            "sessions": sessions,
            "consumed": consumed,
            "left": referral.requested_hours - consumed,
            "form": form,
        },
    )


# --- Sessions ------------------------------------------------------------------------------------

SESSION_COLUMNS = [
    Column("Date", DATE),
    Column("Enfant"),
    Column("Territoire"),
    Column("Psychologue"),
    Column("Durée (min)", INT),
    Column("Avec"),
    Column("Présence"),
]


def _session_fields(user) -> tuple:
    """What a session row reads, as values (no model instances: five per row with select_related)."""
    return (
        "date",
        "referral_id",
        "referral__child_id",
        "referral__child__code",
        *child_name_fields(user, "referral__child"),
        "referral__allocation__programme__name",
        "referral__psychologist__full_name",
        "duration_minutes",
        "with_whom",
        "attendance",
    )


def _session_table(user, rows, reason, *, links: bool):
    """The sessions' table from ``_session_fields`` rows; ``links``: each row links to its referral
    (the page; an export has no links). The labels as ``get_FOO_display`` gives them."""
    rows = list(rows)
    url = detail_url("care:referral_detail") if links else None
    labels = child_label_texts(user, {r[2]: (r[3], r[4], r[5]) for r in rows}, reason=reason)
    with_whom = {value: str(label) for value, label in CareSession.WithWhom.choices}
    attendance = {value: str(label) for value, label in CareSession.Attendance.choices}
    return Table(
        "Séances",
        SESSION_COLUMNS,
        [
            Row(
                [
                    day,
                    labels[child_id],
                    programme,
                    psychologist,
                    minutes,
                    with_whom.get(whom, whom),
                    attendance.get(present, present),
                ],
                url=url(referral_id) if links else "",
            )
            for day, referral_id, child_id, _code, _first, _last, programme, psychologist, minutes, whom, present in (
                rows
            )
        ],
    )


@login_required
def session_list(request):
    _require(request.user, "metropole", "programme", "psychologist")
    filters = queries.Filters.from_params(request.GET)
    sessions = queries.sessions(request.user, filters).values_list(*_session_fields(request.user))
    file_format = request.GET.get("format", "")
    if file_format in ("csv", "xlsx"):
        reason = f"Export {file_format.upper()} des séances"
        return export_response(_session_table(request.user, sessions, reason, links=False), file_format, "seances")
    page = paginate(request, sessions)
    psychologists, programmes = _filter_choices(request.user)
    return _page(
        request,
        "care/session_list.html",
        {
            "page": page,
            "table": _session_table(request.user, page.object_list, "Liste des séances", links=True),
            "filters": filters,
            "psychologists": psychologists,
            "programmes": programmes,
            "attendances": CareSession.Attendance.choices,
            "months": MONTHS,
        },
    )


# --- Invoices ------------------------------------------------------------------------------------

INVOICE_COLUMNS = [
    Column("Facture"),
    Column("Psychologue"),
    Column("Période"),
    Column("Statut"),
    Column("Total (€)", EUR),
    Column("Émise le", DATE),
    Column("À payer avant le", DATE),
    Column("Payée le", DATE),
]


def _invoice_table(invoices, today):
    url = detail_url("care:invoice_detail")
    return Table(
        "Factures des psychologues",
        INVOICE_COLUMNS,
        [
            Row(
                [
                    i.display_number,
                    i.psychologist.full_name,
                    f"{MONTHS[i.month]} {i.year}",
                    i.get_status_display(),
                    i.total,
                    i.issued_on,
                    i.due_on,
                    i.paid_on,
                ],
                url=url(i.pk),
                flag="en retard" if _is_overdue(i, today) else "",
            )
            for i in invoices
        ],
    )


def _is_overdue(invoice, today) -> bool:
    overdue = invoice.due_on is not None and invoice.due_on < today
    return overdue and invoice.status in (CareInvoice.Status.ISSUED, CareInvoice.Status.CERTIFIED)


def _own_psychologist(user):
    # Scoped: the record of a network where the user still holds the role (not one that ended it).
    own = scoped(user, Psychologist).filter(user=user).order_by("pk")
    return own.first() if _audience(user) & {"psychologist"} else None


@login_required
def invoice_list(request):
    _require(request.user, "metropole", "psychologist")
    today = timezone.localdate()
    filters = queries.Filters.from_params(request.GET)
    invoices = queries.invoices(request.user, filters, today)
    file_format = request.GET.get("format", "")
    if file_format in ("csv", "xlsx"):
        # Built only for an export: the page itself tabulates one page of invoices, not all of them.
        return export_response(_invoice_table(invoices, today), file_format, "factures")
    page = paginate(request, invoices)
    psychologists, _ = _filter_choices(request.user)
    return _page(
        request,
        "care/invoice_list.html",
        {
            "page": page,
            "table": _invoice_table(page.object_list, today),
            "filters": filters,
            "psychologists": psychologists,
            "statuses": CareInvoice.Status.choices,
            "months": MONTHS,
            "build_form": InvoiceBuildForm() if _own_psychologist(request.user) else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def invoice_build(request):
    _require(request.user, "psychologist")
    psychologist = _own_psychologist(request.user)
    if psychologist is None:
        raise Http404
    form = InvoiceBuildForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invoice = services.build_invoice(
                request.user, psychologist, form.cleaned_data["year"], form.cleaned_data["month"]
            )
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "Facture préparée (brouillon) : vérifiez-la puis émettez-la.")
            return redirect("care:invoice_detail", invoice.pk)
    return _page(request, "care/invoice_build.html", {"form": form})


DONE = {
    "issue": "Facture émise : le délai de paiement de 30 jours court.",
    "certify": "Service fait certifié.",
    "pay": "Paiement enregistré.",
}
INVOICE_DETAIL = CareInvoice.objects.select_related("psychologist__organisation", "psychologist__network")


@login_required
@require_http_methods(["GET", "POST"])
def invoice_detail(request, pk):
    audience = _require(request.user, "metropole", "psychologist")
    invoice = get_scoped_or_404(request.user, INVOICE_DETAIL, pk=pk)
    own = invoice.psychologist.user_id == request.user.pk
    metropole = "metropole" in audience and not own
    payment_form = PaymentForm(request.POST if request.POST.get("action") == "pay" else None)
    refusals = []
    if request.method == "POST":
        action = request.POST.get("action")
        allowed = {"issue": own, "certify": metropole, "pay": metropole}
        if not allowed.get(action):
            raise Http404
        if action != "pay" or payment_form.is_valid():
            try:
                if action == "issue":
                    services.issue_invoice(request.user, invoice)
                elif action == "certify":
                    services.certify_invoice(request.user, invoice)
                else:
                    services.pay_invoice(request.user, invoice, payment_form.cleaned_data["paid_on"])
            except ValidationError as exc:
                refusals = [message for _, message in error_items(exc)]
            else:
                messages.success(request, DONE[action])
                return redirect("care:invoice_detail", invoice.pk)
    return _page(
        request,
        "care/invoice_detail.html",
        {
            "invoice": invoice,
            "lines": list(invoice.lines.order_by("date", "pk")),
            "period": f"{MONTHS[invoice.month]} {invoice.year}",
            "overdue": _is_overdue(invoice, timezone.localdate()),
            "can_issue": own and invoice.status == CareInvoice.Status.DRAFT,
            "can_certify": metropole and invoice.status == CareInvoice.Status.ISSUED,
            "can_pay": metropole and invoice.status == CareInvoice.Status.CERTIFIED,
            "payment_form": payment_form,
            "refusals": refusals,
        },
    )


def invoice_document(invoice: CareInvoice) -> dict:
    """What the invoice PDF prints (child codes only, never a name)."""
    psychologist = invoice.psychologist
    payer = psychologist.network.organisations.filter(kind="metropole").order_by("pk").first()
    return {
        "invoice": invoice,
        "psychologist": psychologist,
        "provider": psychologist.organisation,
        "payer": payer,
        "lines": list(invoice.lines.order_by("date", "pk")),
        "period": f"{MONTHS[invoice.month]} {invoice.year}",
        "vat_mention": VAT_MENTION,
    }


@login_required
def invoice_pdf(request, pk):
    """The invoice as PDF/A-3b; with the provider's SIRET, a Factur-X (EN 16931 XML embedded)."""
    _require(request.user, "metropole", "psychologist")
    invoice = get_scoped_or_404(request.user, INVOICE_DETAIL, pk=pk)
    context = invoice_document(invoice)
    base_url = request.build_absolute_uri("/")

    def render():
        pdf = render_pdf("care/invoice_pdf.html", context, base_url=base_url, variant=PDF_A)
        if einvoice.has_factur_x(invoice):
            pdf = einvoice.embed(pdf, einvoice.factur_x_xml(invoice, context["payer"], context["lines"]))
        return pdf

    pdf = cached_document(f"care-invoice:{base_url}", _fingerprint(context), render)
    number = invoice.display_number if invoice.number else f"brouillon-{invoice.pk}"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="facture-{number}.pdf"'
    return response


def _fingerprint(context) -> str:
    """Everything the invoice document prints (and its XML holds): a change renders it again."""
    invoice, provider, payer, psychologist = (context[k] for k in ("invoice", "provider", "payer", "psychologist"))
    return repr(
        (
            invoice.pk,
            invoice.display_number,
            invoice.status,
            invoice.issued_on,
            invoice.due_on,
            invoice.total,
            [(line.date, line.child_code, line.duration_minutes, line.amount) for line in context["lines"]],
            (provider.name, provider.address, provider.siret),
            (payer.name, payer.address, payer.siret) if payer else None,
            (psychologist.full_name, psychologist.rpps, psychologist.adeli),
            context["vat_mention"],
        )
    )
