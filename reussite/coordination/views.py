import datetime
import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from reussite.accounts.models import Role
from reussite.accounts.scoping import CHANGE, can, get_scope, get_scoped_or_404, scoped
from reussite.core.errors import add_to_form
from reussite.core.exports import Column, export_response
from reussite.core.links import detail_url
from reussite.core.pagination import paginate
from reussite.core.pdf import pdf_response
from reussite.territory.models import Network, Programme

from . import exports, grid, ics, services
from .forms import (
    CancelForm,
    CostForm,
    EventForm,
    FeedbackForm,
    InviteForm,
    MinutesForm,
    RateForm,
    ResourceForm,
    SeriesForm,
)
from .models import (
    CalendarToken,
    Event,
    EventCost,
    EventKind,
    EventSeries,
    Feedback,
    Invitation,
    ProviderRate,
    Resource,
)
from .rows import calendar_rows
from .rules import MONEY_ROLES


def _int(value):
    return int(value) if value and value.isascii() and value.isdigit() and len(value) < 10 else None


ATTENDANCE_FIGURES = {
    "invited": Count("invitations"),
    "replied_yes": Count("invitations", filter=Q(invitations__reply=Invitation.Reply.YES)),
    "replied_no": Count("invitations", filter=Q(invitations__reply=Invitation.Reply.NO)),
    "present": Count("invitations", filter=Q(invitations__attended=True)),
}


def _invitations_counted(**condition):
    return Coalesce(
        Subquery(
            Invitation.objects.filter(event=OuterRef("pk"), **condition)
            .order_by()
            .values("event")
            .annotate(n=Count("pk"))
            .values("n")
        ),
        Value(0),
    )


# The same figures, one sub-select each: for a page of fifty events, PostgreSQL computes them for the
# fifty rows after sorting and limiting, instead of joining every invitation of the network's events.
PAGE_ATTENDANCE_FIGURES = {
    "invited": _invitations_counted(),
    "replied_yes": _invitations_counted(reply=Invitation.Reply.YES),
    "replied_no": _invitations_counted(reply=Invitation.Reply.NO),
    "present": _invitations_counted(attended=True),
}


def _calendar_events(request, default_month=None):
    """The events the calendar (and its export) shows: scoped, filtered by kind, programme and month
    (``default_month`` when none is asked). The list and the export add the attendance figures
    (``ATTENDANCE_FIGURES``): the list counts its events without them (no join to the invitations)."""
    events = scoped(request.user, Event).select_related("kind").order_by("date", "start_time", "id")
    kind, programme = request.GET.get("type", "")[:60], _int(request.GET.get("programme", ""))
    if kind:
        events = events.filter(kind__code=kind)
    if programme:
        events = events.filter(audience_programmes=programme)
    month = request.GET.get("mois", "")
    try:
        first = datetime.date.fromisoformat(f"{month}-01") if month else None
    except ValueError:
        first = None
    first = first or default_month
    if first:
        events = events.filter(date__gte=first, date__lt=grid.neighbour_months(first)[1])
    return events, kind, programme, first


@login_required
def calendar(request):
    """The network calendar, filtered by kind and programme: a list (paginated, optionally of one
    month) or (``?vue=mois``) the month as a grid of weeks, the current month by default."""
    month_view = request.GET.get("vue") == "mois"
    today = datetime.date.today()
    events, kind, programme, first = _calendar_events(request, today.replace(day=1) if month_view else None)
    token, _ = CalendarToken.objects.get_or_create(user=request.user)
    shown, page = {}, None
    if month_view:  # the grid shows no attendance figure
        previous, following = grid.neighbour_months(first)
        shown = {
            "weeks": grid.month_grid(first, list(events)),
            "previous_month": previous,
            "next_month": following,
            "today": today,
        }
    else:
        page = paginate(request, events.annotate(**PAGE_ATTENDANCE_FIGURES), counted=events)
        shown = {"rows": calendar_rows(page, detail_url("coordination:event_detail"))}
    return render(
        request,
        "coordination/calendar.html",
        {
            **shown,
            "month_view": month_view,
            "page": page,
            "kinds": scoped(request.user, EventKind),
            "programmes": scoped(request.user, Programme).order_by("name"),
            "kind": kind,
            "programme": programme,
            "month": first,
            "feed_url": request.build_absolute_uri(reverse("coordination:feed", args=[token.token])),
            "can_plan": bool(get_scope(request.user).metropole_network_ids_for(Role.METROPOLE_COORDINATOR)),
            "can_price": bool(get_scope(request.user).metropole_network_ids_for(*MONEY_ROLES)),
        },
    )


MINUTES_ROLES = (Role.METROPOLE_COORDINATOR, Role.PROGRAMME_COORDINATOR)


@login_required
def event_detail(request, pk):
    event = get_scoped_or_404(
        request.user,
        Event.objects.select_related("kind", "organiser", "provider", "series").prefetch_related(
            "audience_programmes",
            Prefetch("invitations", queryset=Invitation.objects.select_related("organisation", "programme")),
        ),
        pk=pk,
    )
    mine = next((i for i in event.invitations.all() if i.user_id == request.user.pk), None)
    cost = scoped(request.user, EventCost).filter(event=event).first()
    invitations = list(event.invitations.all())
    figures = {
        "invited": len(invitations),
        "replied_yes": sum(i.reply == Invitation.Reply.YES for i in invitations),
        "replied_no": sum(i.reply == Invitation.Reply.NO for i in invitations),
        "present": sum(i.attended is True for i in invitations),
    }
    return render(
        request,
        "coordination/event_detail.html",
        {
            "event": event,
            "mine": mine,
            "cost": cost,
            "figures": figures,
            # Documents presented, as the library shows them to this user (their own audience).
            "documents": scoped(request.user, Resource).filter(event=event).order_by("title", "id"),
            "can_change": can(request.user, CHANGE, event),
            "can_cost": event.network_id in get_scope(request.user).metropole_network_ids_for(*MONEY_ROLES),
            # Minutes of a parcours-analysis workshop may discuss children by code: only the
            # coordinations, who follow children, read them (finance, boards, readers never see child data).
            "can_read_minutes": get_scope(request.user).has_role(*MINUTES_ROLES),
        },
    )


def _planning_network(user):
    ids = sorted(get_scope(user).metropole_network_ids_for(Role.METROPOLE_COORDINATOR))
    if not ids:
        raise Http404
    return Network.objects.get(pk=ids[0])


def _organiser(user, network):
    membership = (
        user.memberships.active()
        .filter(organisation__network=network, role=Role.METROPOLE_COORDINATOR)
        .select_related("organisation")
        .first()
    )
    return membership.organisation


@login_required
def series_create(request):
    network = _planning_network(request.user)
    form = SeriesForm(request.POST or None, user=request.user, network=network)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            series = services.create_series(
                network=network,
                organiser=_organiser(request.user, network),
                programmes=data.pop("programmes"),
                roles=data.pop("roles"),
                **data,
            )
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, f"Série créée : {series.events.count()} dates.")
            return redirect(reverse("coordination:calendar"))
    return render(request, "coordination/series_form.html", {"form": form})


@login_required
def event_create(request):
    network = _planning_network(request.user)
    form = EventForm(request.POST or None, user=request.user, network=network)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = services.create_event(
                network=network,
                organiser=_organiser(request.user, network),
                programmes=data.pop("programmes"),
                roles=data.pop("roles"),
                **data,
            )
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "Événement créé.")
            return redirect(event_url(event))
    return render(request, "coordination/event_form.html", {"form": form})


@login_required
def event_invite(request, pk):
    event = get_scoped_or_404(request.user, Event.objects.select_related("kind"), CHANGE, pk=pk)
    form = InviteForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.invite(event, form.cleaned_data["memberships"])
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, f"{len(sent)} invitation(s) envoyée(s).")
            return redirect(event_url(event))
    return render(request, "coordination/invite_form.html", {"event": event, "form": form})


def event_url(event):
    return reverse("coordination:event_detail", args=[event.pk])


def _changeable_event(request, pk):
    return get_scoped_or_404(
        request.user, Event.objects.select_related("kind", "network", "organiser", "provider"), CHANGE, pk=pk
    )


@login_required
def event_edit(request, pk):
    """Change an event (or one date of a series); invited people are told of a new date, time or
    place with the updated .ics."""
    event = _changeable_event(request, pk)
    if event.is_cancelled:
        raise Http404
    form = EventForm(request.POST or None, instance=event, user=request.user, network=event.network)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS}
        # The form's own instance was changed by is_valid(): give the service a fresh copy to compare.
        try:
            _, told = services.update_event(
                Event.objects.get(pk=event.pk),
                programmes=form.cleaned_data["programmes"],
                roles=form.cleaned_data["roles"],
                **data,
            )
        except ValidationError as error:
            add_to_form(form, error)
        else:
            notice = f" {told} personne(s) invitée(s) prévenue(s)." if told else ""
            messages.success(request, f"Événement modifié.{notice}")
            return redirect(event_url(event))
    return render(request, "coordination/event_form.html", {"form": form, "event": event})


@login_required
def event_cancel(request, pk):
    """Cancel an event: a confirmation with the reason, then a cancellation sent to every invitee."""
    event = _changeable_event(request, pk)
    if event.is_cancelled:
        raise Http404
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            told = services.cancel_event(event, form.cleaned_data["reason"])
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, f"Événement annulé ; {told} personne(s) invitée(s) prévenue(s).")
            return redirect(event_url(event))
    return render(request, "coordination/cancel_form.html", {"form": form, "event": event})


@login_required
def series_cancel(request, pk):
    """Cancel the dates of a series from today on, each with its notice to the invited people."""
    series = get_scoped_or_404(request.user, EventSeries, CHANGE, pk=pk)
    today = datetime.date.today()
    upcoming = list(series.events.filter(date__gte=today, cancelled_at__isnull=True).order_by("date"))
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cancelled, told = services.cancel_series(series, form.cleaned_data["reason"], from_date=today)
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request, f"{cancelled} date(s) de la série annulée(s) ; {told} invitation(s) d'agenda retirée(s)."
            )
            return redirect(reverse("coordination:calendar"))
    return render(request, "coordination/series_cancel.html", {"form": form, "series": series, "upcoming": upcoming})


@login_required
def event_minutes(request, pk):
    """Write the minutes (compte rendu) of an event: its planner, the métropole coordination."""
    event = _changeable_event(request, pk)
    form = MinutesForm(request.POST or None, initial={"minutes": event.minutes})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_minutes(event, form.cleaned_data["minutes"])
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "Compte rendu enregistré.")
            return redirect(event_url(event))
    return render(request, "coordination/minutes_form.html", {"form": form, "event": event})


@login_required
def event_attendance(request, pk):
    event = get_scoped_or_404(request.user, Event.objects.select_related("kind"), CHANGE, pk=pk)
    invitations = list(event.invitations.select_related("organisation"))
    error = ""
    if request.method == "POST":
        present = {_int(v) for v in request.POST.getlist("present")}
        try:
            services.record_attendance(event, {p for p in present if p is not None})
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, "Présences enregistrées.")
            return redirect(event_url(event))
    return render(
        request, "coordination/attendance_form.html", {"event": event, "invitations": invitations, "error": error}
    )


@login_required
def event_cost(request, pk):
    """Record an event's cost (rate in force on its date) and its payment: the métropole coordination
    and finance officers of the network. A payment feeds the convention's actuals."""
    networks = get_scope(request.user).metropole_network_ids_for(*MONEY_ROLES)
    event = get_scoped_or_404(request.user, Event.objects.select_related("kind").filter(network_id__in=networks), pk=pk)
    cost = EventCost.objects.filter(event=event).first()
    initial = (
        {
            "provider": cost.provider_id,
            "unit": cost.unit,
            "quantity": cost.quantity,
            "invoice_reference": cost.invoice_reference,
            "paid_on": cost.paid_on,
        }
        if cost
        else {"provider": event.provider_id, "quantity": 1}
    )
    form = CostForm(request.POST or None, event=event, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                cost = services.record_cost(
                    event,
                    provider=data["provider"],
                    unit=data["unit"],
                    quantity=data["quantity"],
                    invoice_reference=data["invoice_reference"],
                )
                services.mark_paid(cost, data["paid_on"])
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "Coût enregistré.")
            return redirect(event_url(event))
    return render(request, "coordination/cost_form.html", {"event": event, "form": form, "cost": cost})


RATE_COLUMNS = [
    Column("Prestataire", lambda r: r.provider.short_name),
    Column("Unité", lambda r: r.get_unit_display()),
    Column("Tarif (€)", lambda r: r.amount),  # a unit price: no totals row
    Column("Hypothèse", lambda r: r.is_assumption),
    Column("Applicable à partir du", lambda r: r.valid_from),
    Column("Contrat", lambda r: r.contract_reference),
]


@login_required
def rates(request):
    """Providers' dated rates (per session or per hour, with their contract): listed and added by the
    métropole coordination and finance officers; the rate in force on an event's date prices it."""
    networks = sorted(get_scope(request.user).metropole_network_ids_for(*MONEY_ROLES))
    if not networks:
        raise Http404
    network = Network.objects.get(pk=networks[0])
    listed = (
        scoped(request.user, ProviderRate)
        .select_related("provider")
        .order_by("provider__short_name", "unit", "-valid_from", "id")
    )
    if request.method == "GET":
        exported = export_response(request, listed, RATE_COLUMNS, "tarifs-prestataires", "Tarifs des prestataires")
        if exported is not None:
            return exported
    form = RateForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_rate(network=network, **form.cleaned_data)
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "Tarif ajouté.")
            return redirect(reverse("coordination:rates"))
    return render(request, "coordination/rates.html", {"form": form, "page": paginate(request, listed)})


@login_required
@require_POST
def event_reply(request, pk):
    event = get_scoped_or_404(request.user, Event, pk=pk)
    invitation = scoped(request.user, Invitation).filter(event=event, user=request.user).first()
    if invitation is None:
        raise Http404
    try:
        services.reply(invitation, request.POST.get("reply", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Réponse enregistrée.")
    return redirect(event_url(event))


@login_required
def event_sheet(request, pk):
    """The sign-in sheet (feuille d'émargement): one line per invited person, a signature column."""
    event = get_scoped_or_404(request.user, Event.objects.select_related("kind", "organiser", "provider"), pk=pk)
    invitations = event.invitations.select_related("organisation").order_by("organisation__short_name", "full_name")
    return pdf_response(
        request,
        "coordination/sheet_print.html",
        {"event": event, "invitations": invitations},
        f"emargement-{event.pk}.pdf",
    )


def _year_invitations(request):
    """Invitations to the past, not cancelled events of the year asked (``?annee=``), scoped."""
    year = _int(request.GET.get("annee", "")) or datetime.date.today().year
    invitations = scoped(request.user, Invitation).filter(
        event__date__year=year, event__date__lte=datetime.date.today(), event__cancelled_at__isnull=True
    )
    return year, invitations


@login_required
def attendance_report(request):
    """Attendance per programme over a year: invited, present, and who never came."""
    year, invitations = _year_invitations(request)
    rows = (
        invitations.values("programme__name", "organisation__short_name")
        .annotate(invited=Count("id"), present=Count("id", filter=Q(attended=True)))
        .order_by("programme__name", "organisation__short_name")
    )
    never = (
        invitations.values("full_name", "organisation__short_name")
        .annotate(present=Count("id", filter=Q(attended=True)), invited=Count("id"))
        .filter(present=0)
        .order_by("organisation__short_name", "full_name")
    )
    return render(
        request, "coordination/attendance_report.html", {"year": year, "rows": list(rows), "never": list(never)}
    )


@login_required
def attendance_export(request, fmt):
    """The year's attendance per person (programme, organisation, invitations, presences): who never
    comes is a row with no presence."""
    year, invitations = _year_invitations(request)
    people = (
        invitations.values("programme__name", "organisation__short_name", "full_name")
        .annotate(invited=Count("id"), present=Count("id", filter=Q(attended=True)))
        .order_by("programme__name", "organisation__short_name", "full_name")
    )
    columns = ["Programme", "Organisation", "Nom", "Invitations", "Présences"]
    rows = [
        [p["programme__name"] or "", p["organisation__short_name"], p["full_name"], p["invited"], p["present"]]
        for p in people
    ]
    return exports.table_response(fmt, f"presences-{year}", columns, rows, f"Présences {year}")


@login_required
def calendar_export(request, fmt):
    """The calendar's events (same filters) with their attendance figures."""
    events, _, _, _ = _calendar_events(request)
    events = events.select_related("organiser").annotate(**ATTENDANCE_FIGURES)
    columns = [
        "Date",
        "Début",
        "Fin",
        "Type",
        "Intitulé",
        "Lieu",
        "Lien de visioconférence",
        "Organisateur",
        "Annulé",
        "Invités",
        "Oui",
        "Non",
        "Présents",
    ]
    rows = [
        [
            e.date,
            e.start_time,
            e.end_time,
            e.kind.label,
            e.title,
            e.place,
            e.video_link,
            e.organiser.short_name,
            e.is_cancelled,
            e.invited,
            e.replied_yes,
            e.replied_no,
            e.present,
        ]
        for e in events[:EXPORT_LIMIT]
    ]
    return exports.table_response(fmt, "evenements", columns, rows, "Événements")


EXPORT_LIMIT = 5000


@login_not_required  # calendar applications cannot sign in: the secret token is the credential
def calendar_feed(request, token):
    """The user's ``.ics`` feed: the events of their networks, reached by a secret token (calendar
    applications do not sign in). An unknown token is a 404; no personal data in the feed."""
    found = CalendarToken.objects.select_related("user").filter(token=token[:64]).first()
    if found is None or not found.user.is_active:
        raise Http404
    events = scoped(found.user, Event).select_related("kind").order_by("date")[:500]
    response = HttpResponse(ics.calendar_bytes(events), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="reussite.ics"'
    return response


@login_required
@require_POST
def feed_renew(request):
    CalendarToken.objects.filter(user=request.user).delete()
    CalendarToken.objects.create(user=request.user)
    messages.success(request, "Nouvelle adresse d'agenda créée ; l'ancienne ne fonctionne plus.")
    return redirect(reverse("coordination:calendar"))


# --- Resource library -----------------------------------------------------------------------------


def _library_resources(request):
    resources = scoped(request.user, Resource).select_related("event").order_by("-created_at", "id")
    query, kind = request.GET.get("q", "").strip()[:100], request.GET.get("type", "")[:20]
    if query:
        resources = resources.filter(
            Q(title__icontains=query) | Q(description__icontains=query) | Q(tags__icontains=query)
        )
    if kind:
        resources = resources.filter(kind=kind)
    if not request.GET.get("toutes"):
        resources = resources.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=datetime.date.today()))
    return resources, query, kind


@login_required
def library_export(request, fmt):
    resources, _, _ = _library_resources(request)
    columns = ["Titre", "Type", "Description", "Mots-clés", "Valable jusqu'au", "Présenté lors de", "Lien", "Fichier"]
    rows = [
        [
            r.title,
            r.get_kind_display(),
            r.description,
            r.tags,
            r.valid_until,
            r.event.title if r.event else "",
            r.link,
            request.build_absolute_uri(reverse("coordination:resource_download", args=[r.pk])) if r.file else "",
        ]
        for r in resources[:EXPORT_LIMIT]
    ]
    return exports.table_response(fmt, "bibliotheque", columns, rows, "Bibliothèque")


@login_required
def library(request):
    resources, query, kind = _library_resources(request)
    return render(
        request,
        "coordination/library.html",
        {
            "page": paginate(request, resources),
            "query": query,
            "kind": kind,
            "kinds": Resource.Kind.choices,
            "can_add": bool(get_scope(request.user).metropole_network_ids_for(Role.METROPOLE_COORDINATOR)),
        },
    )


@login_required
def resource_create(request):
    network = _planning_network(request.user)
    form = ResourceForm(request.POST or None, request.FILES or None, user=request.user, network=network)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_resource(
                network=network,
                upload=data.pop("upload"),
                programmes=data.pop("programmes"),
                roles=data.pop("roles"),
                **data,
            )
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "Ressource ajoutée.")
            return redirect(reverse("coordination:library"))
    return render(request, "coordination/resource_form.html", {"form": form})


@login_required
def resource_download(request, pk):
    """A library file, served only after the scope check (never by the web server directly)."""
    resource = get_scoped_or_404(request.user, Resource, pk=pk)
    if not resource.file:
        raise Http404
    return FileResponse(
        resource.file.open("rb"),
        content_type=resource.content_type,
        as_attachment=True,
        filename=f"ressource-{resource.pk}{mimetypes.guess_extension(resource.content_type) or ''}",
    )


# --- Satisfaction ---------------------------------------------------------------------------------


@login_required
def event_feedback(request, pk):
    """The invited person gives their opinion on a training or analyse de la pratique session."""
    event = get_scoped_or_404(request.user, Event.objects.select_related("kind"), pk=pk)
    invitation = scoped(request.user, Invitation).filter(event=event, user=request.user).first()
    if invitation is None:
        raise Http404
    existing = Feedback.objects.filter(invitation=invitation).first()
    initial = {"score": existing.score, "comment": existing.comment} if existing else {}
    form = FeedbackForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.give_feedback(invitation, form.cleaned_data["score"], form.cleaned_data["comment"])
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "Merci, votre avis est enregistré.")
            return redirect(event_url(event))
    return render(request, "coordination/feedback_form.html", {"event": event, "form": form})


@login_required
def feedback_report(request):
    """Satisfaction per event and per provider (the métropole coordination sees every opinion of its
    network, anyone else only their own); comments without names."""
    feedback = scoped(request.user, Feedback)
    per_event = (
        feedback.values("invitation__event_id", "invitation__event__title", "invitation__event__date")
        .annotate(count=Count("id"), average=Avg("score"))
        .order_by("-invitation__event__date", "invitation__event_id")
    )
    per_provider = (
        feedback.exclude(invitation__event__provider=None)
        .values("invitation__event__provider__name")
        .annotate(count=Count("id"), average=Avg("score"))
        .order_by("invitation__event__provider__name")
    )
    comments = (
        feedback.exclude(comment="")
        .values_list("invitation__event_id", "comment")
        .order_by("invitation__event_id", "id")
    )
    by_event = {}
    for event_id, comment in comments:
        by_event.setdefault(event_id, []).append(comment)
    rows = [{**row, "comments": by_event.get(row["invitation__event_id"], [])} for row in per_event]
    return render(request, "coordination/feedback_report.html", {"rows": rows, "providers": list(per_provider)})
