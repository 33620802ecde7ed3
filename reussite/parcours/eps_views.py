"""EPS pages: the programme coordination's (404 for everyone else)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from reussite.accounts.disclosure import disclose_many
from reussite.accounts.scoping import CHANGE, get_scoped_or_404, scoped
from reussite.core.pdf import pdf_response

from . import eps
from .forms import AgendaAddForm, DecisionForm, EpsMeetingForm, EpsMemberForm, MinutesForm, add_service_errors
from .models import EpsAgendaItem, EpsMeeting, EpsMember
from .presentation import child_row
from .queries import parse_id
from .views import CHILD_DETAIL


def _programmes_or_404(user):
    programmes = eps.eps_programmes(user)
    if not programmes:
        raise Http404
    return programmes


@login_required
def eps_home(request):
    _programmes_or_404(request.user)
    members = scoped(request.user, EpsMember).select_related("programme__commune").order_by("full_name")
    meetings = scoped(request.user, EpsMeeting).select_related("programme__commune").order_by("-date")
    return render(request, "parcours/eps_home.html", {"members": members, "meetings": meetings[:50]})


@login_required
@require_http_methods(["GET", "POST"])
def eps_member_create(request):
    form = EpsMemberForm(request.POST or None, programmes=_programmes_or_404(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            eps.add_member(request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Membre de l'EPS enregistré.")
            return redirect("parcours:eps_home")
    return render(request, "parcours/eps_form.html", {"form": form, "title": "Ajouter un membre à l'EPS"})


@login_required
@require_http_methods(["GET", "POST"])
def eps_meeting_create(request):
    form = EpsMeetingForm(request.POST or None, programmes=_programmes_or_404(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            meeting = eps.create_meeting(request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("parcours:eps_meeting_detail", pk=meeting.pk)
    return render(request, "parcours/eps_form.html", {"form": form, "title": "Préparer une réunion de l'EPS"})


@login_required
@require_http_methods(["GET", "POST"])
def eps_meeting_detail(request, pk):
    """The meeting: its agenda of children (named, each read logged), decisions and minutes."""
    meeting = get_scoped_or_404(request.user, EpsMeeting.objects.select_related("programme__commune"), pk=pk)
    add_form, minutes_form = AgendaAddForm(prefix="add"), MinutesForm(initial={"minutes": meeting.minutes})
    if request.method == "POST":
        get_scoped_or_404(request.user, EpsMeeting, CHANGE, pk=pk)
        action = request.POST.get("action")
        try:
            if action == "add":
                add_form = AgendaAddForm(request.POST, prefix="add")
                if add_form.is_valid():
                    eps.add_to_agenda(request.user, meeting, add_form.cleaned_data["code"])
                    return redirect("parcours:eps_meeting_detail", pk=pk)
            elif action == "decide":
                item_pk = parse_id(request.POST.get("item"))
                if item_pk is None:
                    raise Http404
                item = get_scoped_or_404(request.user, EpsAgendaItem, CHANGE, pk=item_pk, meeting=meeting)
                form = DecisionForm(request.POST)
                if form.is_valid():
                    eps.record_decision(request.user, item, **form.cleaned_data)
                    messages.success(request, "Décision enregistrée.")
                    return redirect("parcours:eps_meeting_detail", pk=pk)
                messages.error(request, "Choisissez une décision.")
            elif action == "minutes":
                minutes_form = MinutesForm(request.POST)
                if minutes_form.is_valid():
                    eps.save_minutes(request.user, meeting, minutes_form.cleaned_data["minutes"])
                    messages.success(request, "Compte rendu enregistré.")
                    return redirect("parcours:eps_meeting_detail", pk=pk)
        except ValidationError as error:
            if action == "add":
                add_service_errors(add_form, error)
            else:
                for message in error.messages:
                    messages.error(request, message)
    items = list(meeting.items.order_by("pk"))
    children = CHILD_DETAIL.filter(pk__in=[i.child_id for i in items])
    rows = {
        d.record.pk: child_row(d)
        for d in disclose_many(request.user, children, reason=f"Ordre du jour de l'EPS du {meeting.date:%d/%m/%Y}")
    }
    agenda = [(item, rows[item.child_id]) for item in items if item.child_id in rows]
    return render(
        request,
        "parcours/eps_meeting.html",
        {
            "meeting": meeting,
            "agenda": agenda,
            "members": eps.members_on(meeting.programme, meeting.date),
            "add_form": add_form,
            "minutes_form": minutes_form,
            "decisions": EpsAgendaItem.Decision.choices,
        },
    )


@login_required
def eps_agenda_pdf(request, pk):
    """The agenda sheet handed out at the meeting: each child named only to whom may see them named
    (others read a code, an age and a quartier), each named read logged."""
    meeting = get_scoped_or_404(request.user, EpsMeeting.objects.select_related("programme__commune"), pk=pk)
    items = list(meeting.items.order_by("pk"))
    children = CHILD_DETAIL.filter(pk__in=[i.child_id for i in items])
    reason = f"Ordre du jour de l'EPS du {meeting.date:%d/%m/%Y} (PDF)"
    rows = {d.record.pk: child_row(d, today=meeting.date) for d in disclose_many(request.user, children, reason=reason)}
    agenda = [(item, rows[item.child_id]) for item in items if item.child_id in rows]
    return pdf_response(
        request,
        "parcours/eps_agenda_print.html",
        {"meeting": meeting, "agenda": agenda, "members": eps.members_on(meeting.programme, meeting.date)},
        f"eps-ordre-du-jour-{meeting.date:%Y-%m-%d}.pdf",
    )
