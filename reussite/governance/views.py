from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from reussite.accounts.scoping import CHANGE, can, get_scoped_or_404, scoped
from reussite.core.exports import Column, export_response
from reussite.core.pagination import paginate
from reussite.core.pdf import PDF_A, pdf_response

from . import services
from .extract import build_extract
from .forms import AgendaItemForm, PublicationForm, SittingForm, VoteForm, add_service_errors
from .models import AgendaItem, Attendance, Body, Deliberation, Sitting
from .rules_engine import quorum_met, quorum_threshold

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
    return render(request, "governance/body_list.html", {"page": paginate(request, bodies)})


@login_required
def body_detail(request, pk):
    """The register of a body: its numbered deliberations, filtered by year and subject."""
    body = get_scoped_or_404(request.user, Body.objects.select_related("organisation"), pk=pk)
    deliberations = scoped(request.user, Deliberation).filter(body=body).numbered().select_related("item__sitting")
    years = sorted(set(deliberations.values_list("year", flat=True)), reverse=True)
    year = request.GET.get("annee", "")
    if year.isdigit():
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
            "page": paginate(request, deliberations.order_by("-year", "-number")),
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
                second_convocation=data["second_convocation"],
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
    rules = sitting.body.rules
    rows = [
        {
            "item": item,
            "quorum_met": quorum_met(item.present, sitting.members_in_office, rules, sitting.second_convocation),
            "deliberation": getattr(item, "deliberation", None),
        }
        for item in items
    ]
    can_change = can(request.user, CHANGE, sitting)
    return render(
        request,
        "governance/sitting_detail.html",
        {
            "sitting": sitting,
            "rows": rows,
            "threshold": quorum_threshold(sitting.members_in_office, rules),
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
    if request.method == "POST":
        entries = {}
        for member in members:
            status = request.POST.get(f"status-{member.pk}", Attendance.Status.ABSENT)
            holder = request.POST.get(f"holder-{member.pk}") or None
            entries[member.pk] = (status, int(holder) if holder and holder.isdigit() else None)
        try:
            services.record_attendance(item, entries)
        except ValidationError as error:
            errors = [m for messages_ in error.message_dict.values() for m in messages_]
            current = entries
        else:
            messages.success(request, f"Présences du point {item.position} enregistrées.")
            return redirect("governance:sitting_detail", pk=sitting.pk)
    else:
        current = _initial_attendance(item)
    rows = [
        {
            "member": m,
            "status": current.get(m.pk, (Attendance.Status.PRESENT, None))[0],
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
            "locked": Deliberation.objects.filter(item=item).exists(),
            "threshold": quorum_threshold(sitting.members_in_office, sitting.body.rules),
        },
        status=400 if errors else 200,
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
            "body__organisation", "item__sitting__president", "item__sitting__secretary"
        ),
        action,
        pk=pk,
    )


@login_required
def deliberation_detail(request, pk):
    deliberation = _deliberation(request, pk)
    can_change = can(request.user, CHANGE, deliberation)
    form = None
    if can_change:
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
    return render(
        request,
        "governance/deliberation_detail.html",
        {"deliberation": deliberation, "extract": build_extract(deliberation), "can_change": can_change, "form": form},
    )


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
    return render(
        request,
        "governance/deliberation_detail.html",
        {"deliberation": deliberation, "extract": build_extract(deliberation), "can_change": True, "form": form},
        status=400,
    )


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
