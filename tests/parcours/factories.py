"""Children for tests: recognisable names, so that a test can look for them in any response."""

import datetime

from reussite.accounts.models import User
from reussite.parcours.models import (
    Axis,
    Child,
    Consent,
    Guardian,
    Household,
    Objective,
    ObjectiveResult,
    PlanAction,
    Referral,
    ReferralReason,
    Review,
)
from reussite.territory.models import Quartier
from tests.factories import QuartierFactory

D = datetime.date


def programme_qpv(programme) -> Quartier:
    quartier = programme.quartiers.filter(kind="qpv").first()
    if quartier is None:
        quartier = QuartierFactory(commune=programme.commune, valid_from=D(2015, 1, 1))
        programme.quartiers.add(quartier)
    return quartier


def make_child(
    programme,
    first_name="Anatole",
    last_name="Sentinelle",
    birth_date=None,
    referent=None,
    status=Child.Status.ACTIVE,
    address="12 rue des Témoins",
    guardians=("Maud",),
    recorder=None,
):
    birth_date = birth_date or D(2015, 3, 14)
    household = Household.objects.create(
        programme=programme, address=address, postal_code="21000", city="Ville", quartier=programme_qpv(programme)
    )
    for name in guardians:
        Guardian.objects.create(household=household, first_name=name, last_name=last_name, relationship="mother")
    child = Child.objects.create(
        programme=programme,
        household=household,
        first_name=first_name,
        last_name=last_name,
        birth_date=birth_date,
        sex="M",
        school_level=Child.Level.ELEMENTAIRE,
        referent=referent,
        status=status,
    )
    recorder = recorder or User.objects.filter(is_superuser=False).first() or User.objects.create(username="rec")
    reason, _ = ReferralReason.objects.get_or_create(network=programme.network, label="Absentéisme")
    referral = Referral.objects.create(
        child=child, date=D(2025, 1, 6), source="school", eligible=True, recorded_by=recorder, referrer="Mme Témoin"
    )
    referral.reasons.add(reason)
    return child


def consent(child, guardian=None, purposes=("follow_up",), given_on=None, **kwargs):
    given_on = given_on or D(2025, 1, 10)
    guardian = guardian or child.household.guardians.first()
    recorder = kwargs.pop("recorded_by", None) or User.objects.first()
    return Consent.objects.create(
        child=child, guardian=guardian, given_on=given_on, purposes=list(purposes), recorded_by=recorder, **kwargs
    )


def children_of(world):
    """One child per target, named after it, created once per world.

    ``own``: in world.programme, assigned to the world's référent; ``other_org``: in world.programme2;
    ``other_network``: in the other network's programme.
    """
    cache = world.__dict__.setdefault("_children", {})
    if not cache:
        from reussite.accounts.models import Role

        cache["own"] = make_child(
            world.programme,
            first_name="Anatole",
            last_name="Propreville",
            birth_date=D(2014, 2, 3),
            referent=world.user(Role.REFERENT),
            address="1 allée Propre",
        )
        cache["other_org"] = make_child(
            world.programme2,
            first_name="Bérénice",
            last_name="Voisinville",
            birth_date=D(2013, 4, 5),
            address="2 allée Voisine",
        )
        cache["other_network"] = make_child(
            world.other_programme,
            first_name="Cyprien",
            last_name="Lointainville",
            birth_date=D(2012, 6, 7),
            address="3 allée Lointaine",
        )
        # Same programme, not assigned to the référent: the coordination sees them, the référent does not.
        cache["own_unassigned"] = make_child(
            world.programme,
            first_name="Dorothée",
            last_name="Sansreferent",
            birth_date=D(2016, 8, 9),
            address="4 allée Orpheline",
        )
        for key, child in cache.items():
            consent(child)
            make_plan(child, key)
    return cache


def plan_markers(key) -> list[str]:
    """The wording of a child's plan (``make_plan``): it speaks of the child, only named readers see it."""
    return [
        f"Axe-{key}-confidentiel",
        f"Objectif-{key}-confidentiel",
        f"Action-{key}-confidentielle",
        f"Synthèse-{key}-confidentielle",
        f"Commentaire-{key}-confidentiel",
    ]


def make_plan(child, key="x", recorder=None):
    """An axis, an objective, an action and a review with a result, with recognisable wording."""
    axis_title, objective_title, action_title, summary, comment = plan_markers(key)
    recorder = recorder or User.objects.first()
    axis = Axis.objects.create(child=child, title=axis_title, opened_on=D(2025, 2, 1), position=1, created_by=recorder)
    objective = Objective.objects.create(axis=axis, title=objective_title, opened_on=D(2025, 2, 1))
    action = PlanAction.objects.create(
        objective=objective, title=action_title, domain="schooling", kind="individual", starts_on=D(2025, 2, 3)
    )
    review = Review.objects.create(
        child=child, date=D(2025, 6, 1), intensity_profile=2, summary=summary, recorded_by=recorder
    )
    ObjectiveResult.objects.create(review=review, objective=objective, level=2, comment=comment)
    return axis, objective, action, review
