"""Pages of the parcours plan: axes, objectives, actions and reviews of a child named to the user who
may change them (the programme coordination, the child's référent); 404 for anyone else."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from reussite.accounts.scoping import CHANGE, get_scoped_or_404, scoped

from .forms import ActionUpdateForm, AxisForm, ObjectiveForm, PlanActionForm, ReviewForm, add_service_errors
from .models import Axis, EpsMeeting, Objective, PlanAction
from .plan import add_action, add_axis, add_objective, record_review, update_action
from .views import _named_child_for_change


def _form_page(request, child, form, *, title, intro, submit, parent=None):
    return render(
        request,
        "parcours/plan_form.html",
        {"form": form, "child": child, "title": title, "intro": intro, "submit": submit, "parent": parent},
    )


def _saved(request, child, message):
    messages.success(request, message)
    return redirect(reverse("parcours:child_detail", args=[child.pk]) + "#plan")


@login_required
@require_http_methods(["GET", "POST"])
def axis_create(request, pk):
    child = _named_child_for_change(request, pk, "Plan du parcours : nouvel axe")
    form = AxisForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            add_axis(request.user, child, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _saved(request, child, "Axe ajouté au plan.")
    return _form_page(
        request,
        child,
        form,
        title="Nouvel axe du plan",
        intro="Un axe regroupe des objectifs (par exemple « Reprendre confiance à l'école »).",
        submit="Ajouter l'axe",
    )


@login_required
@require_http_methods(["GET", "POST"])
def objective_create(request, pk, axis_pk):
    child = _named_child_for_change(request, pk, "Plan du parcours : nouvel objectif")
    axis = get_scoped_or_404(request.user, Axis, CHANGE, pk=axis_pk, child=child)
    form = ObjectiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            add_objective(request.user, axis, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _saved(request, child, "Objectif ajouté.")
    return _form_page(
        request,
        child,
        form,
        title="Nouvel objectif",
        intro="Chaque objectif reçoit un résultat mesuré à chaque bilan.",
        submit="Ajouter l'objectif",
        parent=f"Axe : {axis.title}",
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_create(request, pk, objective_pk):
    child = _named_child_for_change(request, pk, "Plan du parcours : nouvelle action")
    objective = get_scoped_or_404(request.user, Objective, CHANGE, pk=objective_pk, axis__child=child)
    form = PlanActionForm(request.POST or None, initial={"kind": "individual", "provider": "internal"})
    if request.method == "POST" and form.is_valid():
        try:
            add_action(request.user, objective, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _saved(request, child, "Action ajoutée.")
    return _form_page(
        request,
        child,
        form,
        title="Nouvelle action",
        intro="Une action se fait avec l'accord des titulaires de l'autorité parentale (consentement au suivi "
        "du parcours à sa date de début).",
        submit="Ajouter l'action",
        parent=f"Objectif : {objective.title}",
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_update(request, pk, action_pk):
    child = _named_child_for_change(request, pk, "Plan du parcours : suivi d'une action")
    action = get_scoped_or_404(request.user, PlanAction, CHANGE, pk=action_pk, objective__axis__child=child)
    form = ActionUpdateForm(request.POST or None, initial={"status": action.status, "ends_on": action.ends_on})
    if request.method == "POST" and form.is_valid():
        try:
            update_action(request.user, action, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _saved(request, child, "Action mise à jour.")
    return _form_page(
        request,
        child,
        form,
        title="Suivi d'une action",
        intro=f"{action.get_domain_display()} — {action.get_kind_display().lower()}, "
        f"depuis le {action.starts_on:%d/%m/%Y}.",
        submit="Enregistrer",
        parent=f"Action : {action.title}",
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_create(request, pk):
    child = _named_child_for_change(request, pk, "Plan du parcours : bilan")
    objectives = list(
        Objective.objects.filter(axis__child=child, status=Objective.Status.OPEN)
        .select_related("axis")
        .order_by("axis__position", "axis_id", "pk")
    )
    meetings = scoped(request.user, EpsMeeting).filter(programme_id=child.programme_id).order_by("-date")
    form = ReviewForm(request.POST or None, meetings=meetings, objectives=objectives)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record_review(
                request.user,
                child,
                date=data["date"],
                intensity_profile=data["intensity_profile"],
                summary=data["summary"],
                results=form.results(),
                eps_meeting=data["eps_meeting"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _saved(request, child, "Bilan enregistré.")
    return render(request, "parcours/review_form.html", {"form": form, "child": child})
