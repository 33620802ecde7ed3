"""The parcours plan: axes → objectives → actions, reviews (*bilans*) with a measured result per
objective. Each operation runs in one transaction; the consent gate guards what is done with the
family (an action, a review) on its date."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .consents import Purpose
from .models import Axis, Child, Domain, EpsMeeting, IntensityProfile, Objective, ObjectiveResult, PlanAction, Review
from .services import require_consent


def _require_active(child: Child) -> Child:
    child = Child.objects.select_for_update(of=("self",)).get(pk=child.pk)
    if child.status != Child.Status.ACTIVE:
        raise ValidationError(
            f"Le plan ne se construit qu'en parcours : l'enfant est « {child.get_status_display()} »."
        )
    return child


def _check_day(field: str, label: str, day: datetime.date, child: Child, *, future_ok=False) -> dict:
    if not future_ok and day > timezone.localdate():
        return {field: f"{label} : la date ne peut être dans le futur."}
    if child.entered_on and day < child.entered_on:
        return {field: f"{label} : la date ne peut précéder l'entrée en parcours ({child.entered_on:%d/%m/%Y})."}
    return {}


def _require_text(field: str, label: str, text: str) -> dict:
    return {} if text.strip() else {field: f"{label} : ce champ est obligatoire."}


@transaction.atomic
def add_axis(user, child: Child, *, title: str, opened_on: datetime.date) -> Axis:
    child = _require_active(child)
    errors = _require_text("title", "Axe", title) | _check_day("opened_on", "Ouvert le", opened_on, child)
    if errors:
        raise ValidationError(errors)
    position = child.axes.count() + 1
    return Axis.objects.create(
        child=child, title=title.strip(), opened_on=opened_on, position=position, created_by=user
    )


@transaction.atomic
def add_objective(user, axis: Axis, *, title: str, opened_on: datetime.date) -> Objective:
    child = _require_active(axis.child)
    errors = _require_text("title", "Objectif", title) | _check_day("opened_on", "Fixé le", opened_on, child)
    if not errors.get("opened_on") and opened_on < axis.opened_on:
        errors["opened_on"] = f"Fixé le : la date ne peut précéder l'ouverture de l'axe ({axis.opened_on:%d/%m/%Y})."
    if errors:
        raise ValidationError(errors)
    return Objective.objects.create(axis=axis, title=title.strip(), opened_on=opened_on)


def _check_action(child, *, title, domain, kind, provider, partner, starts_on, ends_on, status) -> dict:
    errors = _require_text("title", "Action", title)
    errors |= _check_day("starts_on", "Début", starts_on, child, future_ok=True)
    if domain not in Domain.values:
        errors["domain"] = "Domaine : choisissez un domaine de la liste."
    if kind not in PlanAction.Kind.values:
        errors["kind"] = "Individuelle ou collective : choisissez l'une des deux."
    if provider not in PlanAction.Provider.values:
        errors["provider"] = "Porteur : choisissez le programme ou un partenaire."
    elif provider == PlanAction.Provider.PARTNER and not partner.strip():
        errors["partner"] = "Partenaire : nommez la structure qui mène l'action."
    if status not in PlanAction.Status.values:
        errors["status"] = "Statut : choisissez un statut de la liste."
    if ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = "Fin : la fin de l'action ne peut précéder son début."
    if status == PlanAction.Status.DONE and (ends_on is None or ends_on > timezone.localdate()):
        errors["ends_on"] = "Fin : une action réalisée a une date de fin, qui n'est pas dans le futur."
    return errors


@transaction.atomic
def add_action(
    user,
    objective: Objective,
    *,
    title: str,
    domain: str,
    kind: str,
    provider: str,
    partner: str = "",
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    status: str = PlanAction.Status.PLANNED,
) -> PlanAction:
    child = _require_active(objective.axis.child)
    errors = _check_action(
        child,
        title=title,
        domain=domain,
        kind=kind,
        provider=provider,
        partner=partner,
        starts_on=starts_on,
        ends_on=ends_on,
        status=status,
    )
    if errors:
        raise ValidationError(errors)
    # An action is part of the follow-up the holders consented to: none without their consent on its date.
    require_consent(child, Purpose.FOLLOW_UP, starts_on)
    return PlanAction.objects.create(
        objective=objective,
        title=title.strip(),
        domain=domain,
        kind=kind,
        provider=provider,
        partner=partner.strip() if provider == PlanAction.Provider.PARTNER else "",
        starts_on=starts_on,
        ends_on=ends_on,
        status=status,
    )


@transaction.atomic
def update_action(user, action: PlanAction, *, status: str, ends_on: datetime.date | None) -> PlanAction:
    action = (
        PlanAction.objects.select_for_update(of=("self",)).select_related("objective__axis__child").get(pk=action.pk)
    )
    errors = _check_action(
        action.objective.axis.child,
        title=action.title,
        domain=action.domain,
        kind=action.kind,
        provider=action.provider,
        partner=action.partner,
        starts_on=action.starts_on,
        ends_on=ends_on,
        status=status,
    )
    if errors:
        raise ValidationError(errors)
    action.status = status
    action.ends_on = ends_on
    action.save(update_fields=["status", "ends_on"])
    return action


@dataclass(frozen=True)
class ResultData:
    objective: Objective
    level: int | None  # None: not measured at this review
    comment: str = ""


@transaction.atomic
def record_review(
    user,
    child: Child,
    *,
    date: datetime.date,
    intensity_profile: int | None,
    summary: str,
    results: list[ResultData],
    eps_meeting: EpsMeeting | None = None,
) -> Review:
    """A review of the parcours: a result per objective measured; an objective at « atteint » is
    closed on the review's date. The child's intensity profile becomes the review's, when given."""
    child = _require_active(child)
    errors = _check_day("date", "Date du bilan", date, child)
    if intensity_profile is not None and intensity_profile not in IntensityProfile.values:
        errors["intensity_profile"] = "Profil d'intensité : choisissez un profil de 1 à 4."
    if eps_meeting is not None and eps_meeting.programme_id != child.programme_id:
        errors["eps_meeting"] = "Réunion de l'EPS : réunion inconnue."
    measured = [r for r in results if r.level is not None]
    for result in results:
        if result.objective.axis.child_id != child.pk:
            errors["results"] = "Résultats : objectif inconnu."
        elif result.level is not None and result.level not in ObjectiveResult.Level.values:
            errors[f"level_{result.objective.pk}"] = "Résultat : choisissez un niveau de 1 à 4."
        elif result.level is None and result.comment.strip():
            errors[f"level_{result.objective.pk}"] = "Résultat : choisissez un niveau pour l'objectif commenté."
    if not measured and not errors:
        errors["results"] = "Résultats : mesurez au moins un objectif."
    if errors:
        raise ValidationError(errors)
    require_consent(child, Purpose.FOLLOW_UP, date)
    review = Review.objects.create(
        child=child,
        date=date,
        eps_meeting=eps_meeting,
        intensity_profile=intensity_profile,
        summary=summary.strip(),
        recorded_by=user,
    )
    ObjectiveResult.objects.bulk_create(
        ObjectiveResult(review=review, objective=r.objective, level=r.level, comment=r.comment.strip())
        for r in measured
    )
    reached = [r.objective.pk for r in measured if r.level == ObjectiveResult.Level.REACHED]
    Objective.objects.filter(pk__in=reached, status=Objective.Status.OPEN).update(
        status=Objective.Status.REACHED, closed_on=date
    )
    if intensity_profile is not None and not child.reviews.filter(date__gt=date).exclude(pk=review.pk).exists():
        child.intensity_profile = intensity_profile
        child.save(update_fields=["intensity_profile"])
    return review


# --- Reading the plan ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanSummary:
    """What may be said of a plan without naming the child: counts, never wording."""

    axes: int
    objectives: int
    objectives_reached: int
    actions_by_domain: list[tuple[str, int]]  # (domain label, count), in the list's order
    individual: int
    collective: int
    reviews: int
    intensity_label: str | None


def summarise(child: Child, axes: list[Axis], reviews: list[Review]) -> PlanSummary:
    """Pure over loaded objects (axes with objectives and actions prefetched)."""
    objectives = [o for a in axes for o in a.objectives.all()]
    actions = [x for o in objectives for x in o.actions.all() if x.status != PlanAction.Status.CANCELLED]
    domains = Counter(x.domain for x in actions)
    kinds = Counter(x.kind for x in actions)
    return PlanSummary(
        axes=len(axes),
        objectives=len(objectives),
        objectives_reached=sum(1 for o in objectives if o.status == Objective.Status.REACHED),
        actions_by_domain=[(label, domains[value]) for value, label in Domain.choices if domains[value]],
        individual=kinds[PlanAction.Kind.INDIVIDUAL],
        collective=kinds[PlanAction.Kind.COLLECTIVE],
        reviews=len(reviews),
        intensity_label=child.get_intensity_profile_display() if child.intensity_profile else None,
    )


def load_plan(child: Child) -> tuple[list[Axis], list[Review]]:
    """The plan and reviews of a child, in four queries whatever their size."""
    axes = list(Axis.objects.filter(child=child).prefetch_related("objectives__actions", "objectives__results__review"))
    reviews = list(Review.objects.filter(child=child).prefetch_related("results__objective"))
    return axes, reviews


def latest_results(axes: list[Axis]) -> dict[int, ObjectiveResult]:
    """The latest measured result of each objective (by review date); also set as ``objective.latest``
    (None when never measured) for the templates."""
    latest = {}
    for axis in axes:
        for objective in axis.objectives.all():
            results = sorted(objective.results.all(), key=lambda r: (r.review.date, r.review_id))
            objective.latest = results[-1] if results else None
            if results:
                latest[objective.pk] = results[-1]
    return latest
