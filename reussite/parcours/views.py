"""Pages of the caseload. Every child shown goes through the disclosure layer: a named read is logged."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from reussite.accounts.disclosure import disclose, disclose_many, require_named
from reussite.accounts.scoping import CHANGE, VIEW_NAMED, get_scope, get_scoped_or_404, scoped
from reussite.audit.models import AccessLog
from reussite.core.pagination import paginate
from reussite.territory.scoping import coordinated_programme_ids, programme_ids

from . import exports
from .consents import PURPOSE_LABELS, Purpose
from .forms import (
    ConsentForm,
    ExitForm,
    IntakeForm,
    ReferralForm,
    RevocationForm,
    StartParcoursForm,
    add_service_errors,
)
from .identity import AGE_BANDS
from .models import Child, Consent
from .plan import latest_results, load_plan, summarise
from .presentation import child_row, rows_html
from .queries import (
    EPS_PENDING,
    CaseloadFilters,
    caseload,
    caseload_rows,
    caseloads_by_referent,
    filter_choices,
    require_child_access,
)
from .services import (
    DuplicateChild,
    exit_parcours,
    intake_programmes,
    programme_referents,
    record_consent,
    record_intake,
    record_referral,
    revoke_consent,
    start_parcours,
)

NOT_RECORDED_HERE = (
    "Cette saisine ne peut pas être enregistrée depuis votre compte : transmettez-la à la coordination "
    "du programme, qui l'enregistrera."
)
CHILD_DETAIL = Child.objects.select_related("programme__commune", "household__quartier", "school", "referent")


@login_required
def child_list(request):
    require_child_access(request.user)
    filters = CaseloadFilters.from_params(request.GET)
    page = paginate(request, caseload(request.user, filters), counted=caseload_rows(request.user, filters))
    rows = [child_row(d) for d in disclose_many(request.user, page.object_list, reason="Liste des enfants")]
    referents, quartiers, schools = filter_choices(request.user)
    return render(
        request,
        "parcours/child_list.html",
        {
            "page": page,
            "rows": rows,
            "rows_html": rows_html(rows),
            "filters": filters,
            "statuses": Child.Status.choices,
            "age_bands": [(code, label) for code, label, _low, _high in AGE_BANDS],
            "referents": referents,
            "quartiers": quartiers,
            "schools": schools,
            "eps_pending_value": EPS_PENDING,
            "can_create": bool(programme_ids(get_scope(request.user))),
        },
    )


def _export_table(request, reason, *, for_csv):
    require_child_access(request.user)
    children = caseload(request.user, CaseloadFilters.from_params(request.GET))
    return exports.export_table(request.user, children, reason=reason, for_csv=for_csv)


@login_required
def child_export_csv(request):
    columns, cells = _export_table(request, "Export CSV de la liste des enfants", for_csv=True)
    response = HttpResponse(exports.to_csv(columns, cells), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="enfants.csv"'
    return response


@login_required
def child_export_xlsx(request):
    columns, cells = _export_table(request, "Export XLSX de la liste des enfants", for_csv=False)
    response = HttpResponse(
        exports.to_xlsx(columns, cells),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="enfants.xlsx"'
    return response


def _timeline(child, reviews=()):
    """Referrals, consents (given, revoked), entry, reviews and exit of a named child, most recent first."""
    events = []
    for referral in child.referrals.all():
        verdict = "éligible" if referral.eligible else f"non éligible — {referral.ineligibility_reason}"
        reasons = ", ".join(r.label for r in referral.reasons.all())
        events.append(
            (referral.date, 0, "Saisine", f"{referral.get_source_display()} ({reasons}) : {verdict}", referral)
        )
    for consent in child.consents.all():
        purposes = ", ".join(consent.purpose_labels)
        events.append((consent.given_on, 1, "Consentement", f"{consent.guardian.display_name} : {purposes}", consent))
        if consent.revoked_on:
            events.append(
                (consent.revoked_on, 2, "Révocation", f"{consent.guardian.display_name} : {purposes}", consent)
            )
    if child.entered_on:
        events.append((child.entered_on, 3, "Entrée en parcours", f"Référent : {child.referent or '—'}", None))
    for review in reviews:
        profile = f" — {review.get_intensity_profile_display()}" if review.intensity_profile else ""
        events.append((review.date, 3, "Bilan", f"{len(review.results.all())} objectif(s) mesuré(s){profile}", None))
    if child.exited_on:
        note = f" — {child.exit_note}" if child.exit_note else ""
        events.append((child.exited_on, 4, "Sortie", f"{child.exit_reason}{note}", None))
    events.sort(key=lambda e: (e[0], e[1]), reverse=True)
    return [{"date": e[0], "kind": e[2], "text": e[3]} for e in events]


@login_required
def child_detail(request, pk):
    disclosed = disclose(request.user, CHILD_DETAIL, reason="Consultation de la fiche", pk=pk)
    child = disclosed.record
    axes, reviews = load_plan(child)
    context = {
        "row": child_row(disclosed),
        "child": child if disclosed.named else None,
        # Without the name, the plan is counts only: its wording says much about the child.
        "plan_summary": summarise(child, axes, reviews),
    }
    if disclosed.named:
        child = (
            Child.objects.select_related("referent", "exit_reason")
            .prefetch_related(
                "household__guardians",
                "referrals__reasons",
                "consents__guardian",
            )
            .get(pk=child.pk)
        )
        consents = list(child.consents.all())
        today = timezone.localdate()
        context.update(
            child=child,
            household=child.household,
            guardians=list(child.household.guardians.all()),
            consents=consents,
            timeline=_timeline(child, reviews),
            axes=axes,
            reviews=reviews,
            latest_results=latest_results(axes),
            consent_status=_consent_status(child, consents, today),
            parcours_months=child.parcours_months(today),
            accesses=_recent_accesses(request.user, child),
            can_change=scoped(request.user, Child, CHANGE).filter(pk=child.pk).exists(),
        )
    return render(request, "parcours/child_detail.html", context)


def _recent_accesses(user, child, limit=20):
    """Who read this file lately (for the programme coordination; others only see their own reads)."""
    if child.programme_id not in coordinated_programme_ids(get_scope(user)):
        return None
    return list(
        scoped(user, AccessLog)
        .filter(content_type=ContentType.objects.get_for_model(Child), object_id=child.pk)
        .select_related("user")
        .order_by("-at")[:limit]
    )


def _consent_status(child, consents, today):
    """Per purpose: which holders consent today (a summary for the child page)."""
    holders = [g for g in child.household.guardians.all() if g.holds_parental_authority]
    result = []
    for purpose in Purpose:
        if purpose == Purpose.PARTNER_SHARING:
            partners = sorted({c.partner for c in consents if purpose in c.purposes and c.is_valid_on(today)})
            result.append((PURPOSE_LABELS[purpose], ", ".join(partners) if partners else "aucun partenaire", None))
            continue
        missing = [
            h.display_name
            for h in holders
            if not any(c.guardian_id == h.pk and purpose in c.purposes and c.is_valid_on(today) for c in consents)
        ]
        result.append(
            (PURPOSE_LABELS[purpose], "manque : " + ", ".join(missing) if missing else "recueilli", not missing)
        )
    return result


@login_required
@require_http_methods(["GET", "POST"])
def child_create(request):
    programmes = intake_programmes(request.user)
    if not programmes:
        raise PermissionDenied("Réservé à la coordination et aux référents d'un programme.")
    scope = get_scope(request.user)
    form = IntakeForm(request.POST or None, programmes=programmes, network_ids=scope.network_ids)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            intake = record_intake(
                request.user,
                programme=data["programme"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                birth_date=data["birth_date"],
                sex=data["sex"],
                school=data["school"],
                school_level=data["school_level"],
                address=data["address"],
                postal_code=data["postal_code"],
                city=data["city"],
                quartier=data["quartier"],
                guardians=form.guardians(),
                referral_date=data["referral_date"],
                source=data["source"],
                reasons=data["reasons"],
                referrer=data["referrer"],
            )
        except DuplicateChild as error:
            if scoped(request.user, Child, VIEW_NAMED).filter(pk=error.existing.pk).exists():
                add_service_errors(form, error)
                duplicate = error.existing
            else:
                # A référent not assigned to that child must not learn that the programme follows them.
                form.add_error(None, NOT_RECORDED_HERE)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if intake.eligibility.eligible:
                messages.success(request, "Saisine enregistrée : l'enfant est éligible.")
            else:
                messages.warning(
                    request, f"Saisine enregistrée, mais l'enfant n'est pas éligible : {intake.eligibility.message}"
                )
            return redirect("parcours:child_detail", pk=intake.child.pk)
    return render(request, "parcours/child_form.html", {"form": form, "duplicate": duplicate})


def _named_child_for_change(request, pk, reason):
    get_scoped_or_404(request.user, Child, CHANGE, pk=pk)
    return require_named(request.user, CHILD_DETAIL, reason=reason, pk=pk).record


@login_required
@require_http_methods(["GET", "POST"])
def consent_create(request, pk):
    child = _named_child_for_change(request, pk, "Enregistrement d'un consentement")
    form = ConsentForm(request.POST or None, request.FILES or None, child=child)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record_consent(
                request.user,
                child=child,
                guardian=data["guardian"],
                given_on=data["given_on"],
                purposes=data["purposes"],
                partner=data["partner"],
                evidence=data["evidence"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Consentement enregistré.")
            return redirect("parcours:child_detail", pk=child.pk)
    return render(request, "parcours/consent_form.html", {"form": form, "child": child})


@login_required
@require_http_methods(["GET", "POST"])
def consent_revoke(request, pk, consent_pk):
    child = _named_child_for_change(request, pk, "Révocation d'un consentement")
    consent = get_scoped_or_404(
        request.user, Consent.objects.select_related("guardian"), CHANGE, pk=consent_pk, child=child
    )
    form = RevocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            revoke_consent(
                request.user, consent, revoked_on=form.cleaned_data["revoked_on"], note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Révocation enregistrée : ce qui en dépendait cesse à cette date.")
            return redirect("parcours:child_detail", pk=child.pk)
    return render(request, "parcours/revocation_form.html", {"form": form, "child": child, "consent": consent})


@login_required
def consent_evidence(request, pk, consent_pk):
    """The signed form, served only to who sees the child named (never from the web root)."""
    child = require_named(request.user, CHILD_DETAIL, reason="Consultation d'un formulaire de consentement", pk=pk)
    consent = get_scoped_or_404(request.user, Consent, VIEW_NAMED, pk=consent_pk, child=child.record)
    if not consent.evidence:
        raise Http404
    extension = consent.evidence.name.rsplit(".", 1)[-1]
    content_types = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}
    response = FileResponse(
        consent.evidence.open("rb"),
        content_type=content_types.get(extension, "application/octet-stream"),
        as_attachment=True,
        filename=f"consentement-{child.record.code}.{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def parcours_start(request, pk):
    child = _named_child_for_change(request, pk, "Entrée en parcours")
    referents = programme_referents(child.programme, timezone.localdate())
    form = StartParcoursForm(request.POST or None, referents=referents, initial={"referent": child.referent_id})
    if request.method == "POST" and form.is_valid():
        try:
            start_parcours(request.user, child, on=form.cleaned_data["on"], referent=form.cleaned_data["referent"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Parcours ouvert.")
            return redirect("parcours:child_detail", pk=child.pk)
    return render(request, "parcours/parcours_start_form.html", {"form": form, "child": child})


@login_required
@require_http_methods(["GET", "POST"])
def referral_create(request, pk):
    child = _named_child_for_change(request, pk, "Nouvelle saisine")
    form = ReferralForm(request.POST or None, network_id=child.programme.network_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = record_referral(
                request.user,
                child,
                date=data["date"],
                source=data["source"],
                reasons=list(data["reasons"]),
                referrer=data["referrer"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if referral.eligible:
                messages.success(request, "Nouvelle saisine enregistrée : l'enfant est éligible.")
            else:
                messages.warning(
                    request, f"Saisine enregistrée, mais l'enfant n'est pas éligible : {referral.ineligibility_reason}"
                )
            return redirect("parcours:child_detail", pk=child.pk)
    return render(request, "parcours/referral_form.html", {"form": form, "child": child})


@login_required
@require_http_methods(["GET", "POST"])
def parcours_exit(request, pk):
    child = _named_child_for_change(request, pk, "Sortie du parcours")
    form = ExitForm(request.POST or None, network_id=child.programme.network_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            exit_parcours(request.user, child, on=data["on"], reason=data["reason"], note=data["note"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Sortie enregistrée.")
            return redirect("parcours:child_detail", pk=child.pk)
    return render(request, "parcours/exit_form.html", {"form": form, "child": child})


@login_required
def referent_caseloads(request):
    """Per référent of the user's programmes: how many children they follow, by status (counts only
    of children the user may see named; about a hundred per référent is a normal caseload)."""
    if not programme_ids(get_scope(request.user)):
        raise Http404
    return render(request, "parcours/referent_caseloads.html", {"caseloads": caseloads_by_referent(request.user)})
