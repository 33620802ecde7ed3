from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from reussite.accounts.scoping import CHANGE, can, get_scope, get_scoped_or_404, scoped
from reussite.core.exports import Column, export_response
from reussite.core.pagination import paginate
from reussite.core.pdf import PDF_A, pdf_response
from reussite.territory.models import Organisation

from . import referential, services
from .extract import build_extract
from .forms import (
    AgendaItemForm,
    AttendanceCountsForm,
    BodyForm,
    CancellationForm,
    MemberForm,
    MemberImportForm,
    PublicationForm,
    RectificationForm,
    SittingForm,
    VoteForm,
    add_service_errors,
)
from .models import AgendaItem, Attendance, Body, Deliberation, Member, Sitting, VoteRectification
from .rules import secretary_orgs
from .rules_engine import convocation_check, quorum_met, quorum_threshold

BODY_COLUMNS = [
    Column("Instance", lambda b: b.name),
    Column("Organisation", lambda b: b.organisation.short_name),
    Column("Type", lambda b: b.get_kind_display()),
    Column("Délai de convocation (jours francs)", lambda b: b.convocation_clear_days),
]
DELIBERATION_COLUMNS = [
    Column("N°", lambda d: d.reference),
    Column("Séance", lambda d: d.item.sitting.date),
    Column("Objet", lambda d: d.subject),
    Column("Décision", lambda d: d.decision_sentence),
    Column("Exécutoire le", lambda d: d.executory_on),
]
SITTING_COLUMNS = [
    Column("Séance du", lambda s: s.date),
    Column("Convocation", lambda s: s.convened_on),
    Column("Président de séance", lambda s: s.president.full_label if s.president else ""),
    Column("Points", lambda s: s.item_count),
]


@login_required
def body_list(request):
    bodies = scoped(request.user, Body).select_related("organisation").order_by("organisation__short_name", "name")
    exported = export_response(request, bodies, BODY_COLUMNS, "instances", "Instances")
    if exported is not None:
        return exported
    can_create = bool(secretary_orgs(get_scope(request.user)))
    return render(request, "governance/body_list.html", {"page": paginate(request, bodies), "can_create": can_create})


@login_required
def body_detail(request, pk):
    """The register of a body: its numbered deliberations, filtered by year and subject."""
    body = get_scoped_or_404(request.user, Body.objects.select_related("organisation"), pk=pk)
    # The register: numbered acts, and cancelled entries (shown with their reason, their number kept or released).
    deliberations = (
        scoped(request.user, Deliberation)
        .filter(body=body)
        .filter(Q(number__isnull=False) | Q(cancelled_on__isnull=False))
        .select_related("item__sitting", "cancelled_item__sitting")
        .prefetch_related("rectifications__sitting")
    )
    years = sorted(set(deliberations.values_list("year", flat=True)), reverse=True)
    year = request.GET.get("annee", "")
    if year.isascii() and year.isdigit() and len(year) <= 4:  # « ² » passes isdigit() but not int()
        deliberations = deliberations.filter(year=int(year))
    query = request.GET.get("objet", "").strip()
    if query:
        deliberations = deliberations.filter(subject__icontains=query)
    exported = export_response(
        request, deliberations.order_by("-year", "-number"), DELIBERATION_COLUMNS, "deliberations", "Délibérations"
    )
    if exported is not None:
        return exported
    return render(
        request,
        "governance/body_detail.html",
        {
            "body": body,
            "page": paginate(request, deliberations.order_by("-year", F("number").desc(nulls_last=True), "-pk")),
            "years": years,
            "year": year,
            "query": query,
            "can_change": can(request.user, CHANGE, body),
        },
    )


@login_required
def sitting_list(request, pk):
    body = get_scoped_or_404(request.user, Body.objects.select_related("organisation"), pk=pk)
    sittings = (
        scoped(request.user, Sitting)
        .filter(body=body)
        .select_related("president")
        .annotate(item_count=Count("items"))
        .order_by("-date")
    )
    exported = export_response(request, sittings, SITTING_COLUMNS, "seances", "Séances")
    if exported is not None:
        return exported
    return render(
        request,
        "governance/sitting_list.html",
        {"body": body, "page": paginate(request, sittings), "can_change": can(request.user, CHANGE, body)},
    )


@login_required
def sitting_create(request, pk):
    body = get_scoped_or_404(request.user, Body.objects.select_related("organisation"), CHANGE, pk=pk)
    form = SittingForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sitting = services.prepare_sitting(
                body,
                date=data["date"],
                convened_on=data["convened_on"],
                place=data["place"],
                starts_at=data["starts_at"],
                president=data["president"],
                secretary=data["secretary"],
                secretary_name=data["secretary_name"],
                second_convocation=data["second_convocation"],
                printed_members_in_office=data["printed_members_in_office"],
                members_in_office_note=data["members_in_office_note"],
                items=form.agenda_items(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Séance du {sitting.date:%d/%m/%Y} préparée.")
            return redirect("governance:sitting_detail", pk=sitting.pk)
    rules = body.rules
    return render(request, "governance/sitting_form.html", {"body": body, "form": form, "rules": rules})


@login_required
def sitting_detail(request, pk):
    sitting = get_scoped_or_404(
        request.user, Sitting.objects.select_related("body__organisation", "president", "secretary"), pk=pk
    )
    items = (
        scoped(request.user, AgendaItem)
        .filter(sitting=sitting)
        .annotate(
            present=Count("attendances", filter=Q(attendances__status=Attendance.Status.PRESENT)),
            represented=Count("attendances", filter=Q(attendances__status=Attendance.Status.REPRESENTED)),
            recorded=Count("attendances"),
        )
        .select_related("deliberation")
        .order_by("position")
    )
    # The decision as it stands (rectified or not), one query whatever the number of items.
    rectified = {}
    for rectification in VoteRectification.objects.filter(deliberation__item__sitting=sitting).order_by(
        "sitting__date", "pk"
    ):
        rectified[rectification.deliberation_id] = rectification
    rules = sitting.body.rules
    rows = []
    for item in items:
        # Named rows, or else the counts printed by a document that names nobody.
        counted = item.counted_present is not None  # printed counts prevail over the names
        present = item.counted_present if counted else item.present
        deliberation = getattr(item, "deliberation", None)
        if deliberation and deliberation.pk in rectified:
            rectified[deliberation.pk].deliberation = deliberation
        rows.append(
            {
                "item": item,
                "recorded": item.recorded or counted,
                "present": present,
                "represented": (item.counted_represented or 0) if counted else item.represented,
                "quorum_met": quorum_met(present, sitting.members_in_office, rules, sitting.second_convocation),
                "deliberation": deliberation,
                "decision": (
                    rectified[deliberation.pk].decision_sentence + " (vote rectifié)"
                    if deliberation and deliberation.pk in rectified
                    else deliberation and deliberation.original_decision_sentence
                ),
            }
        )
    can_change = can(request.user, CHANGE, sitting)
    return render(
        request,
        "governance/sitting_detail.html",
        {
            "sitting": sitting,
            "rows": rows,
            "threshold": quorum_threshold(sitting.members_in_office, rules),
            "computed_in_office": services.computed_members_in_office(sitting.body, sitting.date),
            "convocation": convocation_check(sitting.convened_on, sitting.date, rules, sitting.second_convocation),
            "can_change": can_change,
            "item_form": AgendaItemForm() if can_change else None,
        },
    )


@login_required
@require_POST
def item_create(request, pk):
    sitting = get_scoped_or_404(request.user, Sitting.objects.select_related("body"), CHANGE, pk=pk)
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        try:
            item = services.add_item(sitting, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Point {item.position} ajouté à l'ordre du jour.")
            return redirect("governance:sitting_detail", pk=sitting.pk)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("governance:sitting_detail", pk=sitting.pk)


def _initial_attendance(item):
    """Attendance of the item, or else of the previous item (members stay unless they leave), or else present."""
    rows = {a.member_id: (a.status, a.represented_by_id) for a in item.attendances.all()}
    if rows:
        return rows
    previous = (
        AgendaItem.objects.filter(sitting_id=item.sitting_id, position__lt=item.position, attendances__isnull=False)
        .order_by("-position")
        .first()
    )
    if previous:
        return {a.member_id: (a.status, a.represented_by_id) for a in previous.attendances.all()}
    return {}


@login_required
def attendance(request, pk):
    """Attendance of one item: status of each member in office and, if represented, the proxy holder."""
    item = get_scoped_or_404(request.user, AgendaItem.objects.select_related("sitting__body"), CHANGE, pk=pk)
    sitting = item.sitting
    members = list(services.members_for(sitting))
    errors = []
    counts_form = AttendanceCountsForm(
        request.POST if request.POST.get("mode") == "counts" else None,
        prefix="nombres",
        initial={
            "present": item.counted_present,
            "represented": item.counted_represented,
            "absent": item.counted_absent,
        },
    )
    current = _initial_attendance(item)
    if request.method == "POST" and request.POST.get("mode") == "counts":
        if counts_form.is_valid():
            try:
                services.record_attendance_counts(item, **counts_form.cleaned_data)
            except ValidationError as error:
                add_service_errors(counts_form, error)
            else:
                messages.success(request, f"Présences (en nombre) du point {item.position} enregistrées.")
                return redirect("governance:sitting_detail", pk=sitting.pk)
    elif request.method == "POST":
        entries = []
        for member in members:
            # Each member has one select: a status sent twice is refused by the service, not "last one wins".
            for status in request.POST.getlist(f"status-{member.pk}") or [Attendance.Status.ABSENT]:
                holder = request.POST.get(f"holder-{member.pk}") or None
                holder = int(holder) if holder and holder.isascii() and holder.isdigit() and len(holder) < 19 else None
                entries.append((member.pk, status, holder))
        try:
            services.record_attendance(item, entries)
        except ValidationError as error:
            errors = [m for messages_ in error.message_dict.values() for m in messages_]
            current = {pk: (status, holder) for pk, status, holder in entries}
        else:
            messages.success(request, f"Présences du point {item.position} enregistrées.")
            return redirect("governance:sitting_detail", pk=sitting.pk)
    # Beside printed counts the names are partial: start from "non précisé" rather than "présent".
    default_status = Attendance.Status.UNKNOWN if item.counted_present is not None else Attendance.Status.PRESENT
    rows = [
        {
            "member": m,
            "status": current.get(m.pk, (default_status, None))[0],
            "holder": current.get(m.pk, (None, None))[1],
        }
        for m in members
    ]
    return render(
        request,
        "governance/attendance_form.html",
        {
            "item": item,
            "sitting": sitting,
            "rows": rows,
            "members": members,
            "statuses": Attendance.Status.choices,
            "errors": errors,
            "counts_form": counts_form,
            "locked": Deliberation.objects.filter(item=item).exists(),
            "threshold": quorum_threshold(sitting.members_in_office, sitting.body.rules),
        },
        status=400 if errors or counts_form.errors else 200,
    )


@login_required
def vote(request, pk):
    item = get_scoped_or_404(request.user, AgendaItem.objects.select_related("sitting__body"), CHANGE, pk=pk)
    sitting = item.sitting
    existing = Deliberation.objects.filter(item=item).first()
    if existing:
        messages.info(request, f"Le vote de ce point est déjà enregistré (délibération n° {existing.reference}).")
        return redirect("governance:deliberation_detail", pk=existing.pk)
    counts = services.attendance_counts(item)
    form = VoteForm(
        request.POST or None,
        initial={"subject": item.subject, "text": item.draft_text, "recipients": sitting.body.default_recipients},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            deliberation = services.record_vote(
                item,
                vote_mode=data["vote_mode"],
                votes_for=data["votes_for"] or 0,
                votes_against=data["votes_against"] or 0,
                abstentions=data["abstentions"] or 0,
                president_ballot=data["president_ballot"] or None,
                subject=data["subject"],
                text=data["text"],
                recipients=data["recipients"],
                printed_number=data["printed_number"],
                printed_order=data["printed_order"],
                printed_voters=data["printed_voters"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Vote enregistré : délibération n° {deliberation.reference} — {deliberation.decision_sentence}",
            )
            return redirect("governance:deliberation_detail", pk=deliberation.pk)
    rules = sitting.body.rules
    present = counts["present"]
    return render(
        request,
        "governance/vote_form.html",
        {
            "item": item,
            "sitting": sitting,
            "form": form,
            "counts": counts,
            "voters": present + counts["represented"],
            "quorum_met": quorum_met(present, sitting.members_in_office, rules, sitting.second_convocation),
            "threshold": quorum_threshold(sitting.members_in_office, rules),
        },
        status=400 if form.errors else 200,
    )


def _deliberation(request, pk, action="view"):
    return get_scoped_or_404(
        request.user,
        Deliberation.objects.select_related(
            "body__organisation",
            "item__sitting__president",
            "item__sitting__secretary",
            "cancelled_item__sitting__president",
            "cancelled_item__sitting__secretary",
        ).prefetch_related(
            Prefetch("rectifications", queryset=VoteRectification.objects.select_related("sitting").order_by("pk"))
        ),
        action,
        pk=pk,
    )


def _detail(
    request, deliberation, *, form=None, rectification_form=None, cancellation_form=None, status=200, can_change=None
):
    if can_change is None:  # the caller may have asked already (one query less)
        can_change = can(request.user, CHANGE, deliberation)
    if can_change and not deliberation.is_cancelled:
        rectification_form = rectification_form or RectificationForm(deliberation=deliberation)
        if not deliberation.transmitted_on:
            cancellation_form = cancellation_form or CancellationForm()
    return render(
        request,
        "governance/deliberation_detail.html",
        {
            "deliberation": deliberation,
            "extract": build_extract(deliberation),
            "checks": services.checks(deliberation),
            "can_change": can_change,
            "form": form,
            "rectification_form": rectification_form,
            "cancellation_form": cancellation_form,
        },
        status=status,
    )


@login_required
def deliberation_detail(request, pk):
    deliberation = _deliberation(request, pk)
    can_change = can(request.user, CHANGE, deliberation)
    form = None
    if can_change and not deliberation.is_cancelled:
        form = PublicationForm(
            deliberation=deliberation,
            user=request.user,
            initial={
                "convention": deliberation.convention_id,
                "transmitted_on": deliberation.transmitted_on,
                "published_on": deliberation.published_on,
                "recipients": deliberation.recipients,
            },
        )
    return _detail(request, deliberation, form=form, can_change=can_change)


@login_required
@require_POST
def deliberation_publication(request, pk):
    deliberation = _deliberation(request, pk, CHANGE)
    form = PublicationForm(request.POST, deliberation=deliberation, user=request.user)
    if form.is_valid():
        try:
            services.mark_transmitted_published(deliberation, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Dates de transmission et de publication enregistrées.")
            return redirect("governance:deliberation_detail", pk=deliberation.pk)
    return _detail(request, deliberation, form=form, status=400)


@login_required
@require_POST
def deliberation_rectify(request, pk):
    """A later sitting corrects the breakdown of the vote (the original is kept)."""
    deliberation = _deliberation(request, pk, CHANGE)
    form = RectificationForm(request.POST, deliberation=deliberation)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.rectify_vote(
                deliberation,
                sitting=data["sitting"],
                vote_mode=data["vote_mode"],
                votes_for=data["votes_for"] or 0,
                votes_against=data["votes_against"] or 0,
                abstentions=data["abstentions"] or 0,
                reason=data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Vote de la délibération n° {deliberation.reference} rectifié.")
            return redirect("governance:deliberation_detail", pk=deliberation.pk)
    return _detail(request, deliberation, rectification_form=form, status=400)


@login_required
@require_POST
def deliberation_cancel(request, pk):
    """Cancel a mistaken entry before transmission (the register keeps it, with the reason)."""
    deliberation = _deliberation(request, pk, CHANGE)
    form = CancellationForm(request.POST)
    if form.is_valid():
        try:
            deliberation = services.cancel_deliberation(deliberation, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Délibération n° {deliberation.reference} annulée.")
            return redirect("governance:deliberation_detail", pk=deliberation.pk)
    return _detail(request, deliberation, cancellation_form=form, status=400)


@login_required
def deliberation_extract(request, pk):
    deliberation = _deliberation(request, pk)
    return pdf_response(
        request,
        "governance/extract_print.html",
        {"extract": build_extract(deliberation)},
        deliberation.extract_filename,
        variant=PDF_A,
    )


# --- the referential: bodies, members, mandates, rule sets ------------------------------------------


def _secretary_organisations(user):
    """Organisations where the user keeps registers (board secretary); none: 404, like a missing page."""
    ids = secretary_orgs(get_scope(user))
    if not ids:
        raise Http404
    return Organisation.objects.filter(pk__in=ids).order_by("short_name")


def _body_form_page(request, body, organisations):
    form = BodyForm(request.POST or None, instance=body, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            saved = referential.save_body(body, form.cleaned_data, {o.pk for o in organisations})
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Instance « {saved.name} » enregistrée.")
            return redirect("governance:body_detail", pk=saved.pk)
    return render(
        request, "governance/body_form.html", {"form": form, "body": body}, status=400 if form.errors else 200
    )


@login_required
def body_create(request):
    return _body_form_page(request, None, _secretary_organisations(request.user))


@login_required
def body_edit(request, pk):
    body = get_scoped_or_404(request.user, Body.objects.select_related("organisation"), CHANGE, pk=pk)
    return _body_form_page(request, body, _secretary_organisations(request.user))


@login_required
def member_list(request, pk):
    body = get_scoped_or_404(request.user, Body.objects.select_related("organisation"), pk=pk)
    members = scoped(request.user, Member).filter(body=body).order_by("rank", "last_name", "pk")
    query = request.GET.get("nom", "").strip()
    if query:
        members = members.filter(last_name__icontains=query)
    return render(
        request,
        "governance/member_list.html",
        {
            "body": body,
            "page": paginate(request, members),
            "query": query,
            "can_change": can(request.user, CHANGE, body),
        },
    )


def _member_form_page(request, body, member):
    form = MemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            saved = referential.save_member(body, member, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Membre {saved.full_label} enregistré.")
            return redirect("governance:member_list", pk=body.pk)
    return render(
        request,
        "governance/member_form.html",
        {"form": form, "body": body, "member": member},
        status=400 if form.errors else 200,
    )


@login_required
def member_create(request, pk):
    body = get_scoped_or_404(request.user, Body, CHANGE, pk=pk)
    return _member_form_page(request, body, None)


@login_required
def member_edit(request, pk):
    member = get_scoped_or_404(request.user, Member.objects.select_related("body"), CHANGE, pk=pk)
    return _member_form_page(request, member.body, member)


MAX_IMPORT_BYTES = 200_000


@login_required
def member_import(request, pk):
    """CSV of members: saved whole or refused whole, every error listed by line; duplicates skipped."""
    body = get_scoped_or_404(request.user, Body, CHANGE, pk=pk)
    form = MemberImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_IMPORT_BYTES:
                raise referential.ImportRefused([f"Fichier : {upload.size} octets, 200 Ko au plus."])
            raw = upload.read()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = raw.decode("cp1252", errors="replace")  # Excel's "CSV (séparateur : point-virgule)"
            report = referential.import_members(body, text)
        except referential.ImportRefused as refused:
            errors = refused.errors
        else:
            messages.success(
                request, f"{len(report.created)} membre(s) importé(s), {len(report.skipped)} ligne(s) ignorée(s)."
            )
            for line in report.skipped:
                messages.info(request, line)
            return redirect("governance:member_list", pk=body.pk)
    return render(
        request,
        "governance/member_import.html",
        {"form": form, "body": body, "errors": errors},
        status=400 if request.method == "POST" else 200,
    )
