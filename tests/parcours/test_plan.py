"""The parcours plan: axes → objectives → actions, reviews with measured results, intensity profile."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reussite.accounts.models import Role
from reussite.parcours.models import Axis, Child, Objective, ObjectiveResult, PlanAction, Review
from reussite.parcours.plan import ResultData, add_action, add_axis, add_objective, record_review, update_action
from reussite.parcours.services import revoke_consent
from tests.parcours.factories import children_of, consent, make_child, make_plan
from tests.query_counts import count_queries

D = datetime.date


@pytest.fixture
def child(world):
    child = make_child(world.programme, guardians=("Maud", "Paul"), referent=world.user(Role.REFERENT))
    child.entered_on = D(2025, 2, 1)
    child.save()
    for guardian in child.household.guardians.all():
        consent(child, guardian)
    return child


def messages_of(error: ValidationError) -> dict:
    return {k: [str(m) for m in v] for k, v in error.message_dict.items()} if hasattr(error, "error_dict") else {}


def test_plan_is_built_axis_objective_action(world, child):
    user = world.user(Role.REFERENT)
    axis = add_axis(user, child, title="Reprendre confiance à l'école", opened_on=D(2025, 3, 1))
    objective = add_objective(user, axis, title="Aller en classe chaque jour", opened_on=D(2025, 3, 1))
    action = add_action(
        user,
        objective,
        title="Atelier d'aide aux devoirs",
        domain="schooling",
        kind="collective",
        provider="partner",
        partner="Centre social (test)",
        starts_on=D(2025, 3, 10),
    )
    assert (axis.position, action.partner, action.status) == (1, "Centre social (test)", "planned")
    assert list(child.axes.all()) == [axis] and list(objective.actions.all()) == [action]


def test_action_fields_are_checked_with_french_messages(world, child):
    user = world.user(Role.REFERENT)
    axis = add_axis(user, child, title="Santé", opened_on=D(2025, 3, 1))
    objective = add_objective(user, axis, title="Bilan orthophonique", opened_on=D(2025, 3, 1))
    with pytest.raises(ValidationError) as caught:
        add_action(
            user,
            objective,
            title=" ",
            domain="astrologie",
            kind="individual",
            provider="partner",
            partner="",
            starts_on=D(2025, 1, 1),
            ends_on=D(2024, 12, 1),
            status="done",
        )
    errors = messages_of(caught.value)
    assert errors["title"] == ["Action : ce champ est obligatoire."]
    assert errors["domain"] == ["Domaine : choisissez un domaine de la liste."]
    assert errors["partner"] == ["Partenaire : nommez la structure qui mène l'action."]
    assert "précéder l'entrée en parcours (01/02/2025)" in errors["starts_on"][0]
    assert errors["ends_on"] == ["Fin : la fin de l'action ne peut précéder son début."]
    assert not PlanAction.objects.filter(objective=objective).exists()


def test_no_action_without_every_holders_follow_up_consent_on_its_date(world, child):
    user = world.user(Role.REFERENT)
    axis = add_axis(user, child, title="Parentalité", opened_on=D(2025, 3, 1))
    objective = add_objective(user, axis, title="Soutenir la mère", opened_on=D(2025, 3, 1))
    paul = child.household.guardians.get(first_name="Paul")
    revoke_consent(user, child.consents.get(guardian=paul), revoked_on=D(2025, 4, 1), note="")
    kwargs = {"title": "Groupe de parents", "domain": "parenting", "kind": "collective", "provider": "internal"}
    add_action(user, objective, starts_on=D(2025, 3, 15), **kwargs)  # before the revocation: allowed
    with pytest.raises(ValidationError) as caught:
        add_action(user, objective, starts_on=D(2025, 4, 2), **kwargs)
    assert "Consentement manquant" in caught.value.messages[0] and "Paul" in caught.value.messages[0]
    assert objective.actions.count() == 1


def test_plan_only_during_a_parcours(world, child):
    child.status = Child.Status.EXITED
    child.save()
    with pytest.raises(ValidationError, match="Le plan ne se construit qu'en parcours : l'enfant est « Sorti »"):
        add_axis(world.user(Role.REFERENT), child, title="Axe", opened_on=D(2025, 3, 1))


def test_review_measures_objectives_closes_reached_ones_and_sets_the_profile(world, child):
    user = world.user(Role.REFERENT)
    axis = add_axis(user, child, title="Scolarité", opened_on=D(2025, 3, 1))
    first = add_objective(user, axis, title="Lire couramment", opened_on=D(2025, 3, 1))
    second = add_objective(user, axis, title="Venir à l'heure", opened_on=D(2025, 3, 1))
    review = record_review(
        user,
        child,
        date=D(2025, 9, 1),
        intensity_profile=3,
        summary="Progrès nets.",
        results=[ResultData(first, 4, "Lit seul."), ResultData(second, 2, "")],
    )
    assert {(r.objective_id, r.level) for r in review.results.all()} == {(first.pk, 4), (second.pk, 2)}
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.closed_on) == (Objective.Status.REACHED, D(2025, 9, 1))
    assert second.status == Objective.Status.OPEN
    child.refresh_from_db()
    assert child.intensity_profile == 3
    # An older review recorded later does not replace the current profile.
    record_review(user, child, date=D(2025, 6, 1), intensity_profile=1, summary="", results=[ResultData(second, 1)])
    child.refresh_from_db()
    assert child.intensity_profile == 3


def test_review_refuses_bad_input_and_saves_nothing(world, child):
    user = world.user(Role.REFERENT)
    axis = add_axis(user, child, title="Scolarité", opened_on=D(2025, 3, 1))
    objective = add_objective(user, axis, title="Lire", opened_on=D(2025, 3, 1))
    with pytest.raises(ValidationError) as caught:
        record_review(user, child, date=D(2025, 9, 1), intensity_profile=None, summary="", results=[])
    assert messages_of(caught.value) == {"results": ["Résultats : mesurez au moins un objectif."]}
    with pytest.raises(ValidationError) as caught:
        record_review(
            user, child, date=D(2030, 1, 1), intensity_profile=7, summary="", results=[ResultData(objective, None, "x")]
        )
    errors = messages_of(caught.value)
    assert errors["date"] == ["Date du bilan : la date ne peut être dans le futur."]
    assert errors["intensity_profile"] == ["Profil d'intensité : choisissez un profil de 1 à 4."]
    assert errors[f"level_{objective.pk}"] == ["Résultat : choisissez un niveau pour l'objectif commenté."]
    other = make_child(world.programme, first_name="Autre", guardians=("Zoé",))
    other_objective = make_plan(other)[1]
    with pytest.raises(ValidationError) as caught:
        record_review(
            user,
            child,
            date=D(2025, 9, 1),
            intensity_profile=None,
            summary="",
            results=[ResultData(other_objective, 2)],
        )
    assert messages_of(caught.value) == {"results": ["Résultats : objectif inconnu."]}
    assert not Review.objects.filter(child=child).exists()


def test_update_action_to_done_needs_an_end_date(world, child):
    user = world.user(Role.REFERENT)
    _axis, _objective, action, _review = make_plan(child)
    with pytest.raises(ValidationError) as caught:
        update_action(user, action, status="done", ends_on=None)
    assert "une action réalisée a une date de fin" in caught.value.messages[0]
    update_action(user, action, status="done", ends_on=D(2025, 5, 1))
    action.refresh_from_db()
    assert (action.status, action.ends_on) == ("done", D(2025, 5, 1))


def test_coordinator_builds_the_plan_and_a_review_in_the_pages(client, world, child):
    client.force_login(world.user(Role.PROGRAMME_COORDINATOR))
    url = reverse("parcours:axis_create", kwargs={"pk": child.pk})
    page = client.get(url)
    assert 'class="required-mark"' in page.content.decode()
    response = client.post(url, {"title": "Santé et bien-être", "opened_on": "2025-03-01"})
    assert response.status_code == 302 and response["Location"].endswith("#plan")
    axis = Axis.objects.get(child=child)
    client.post(
        reverse("parcours:objective_create", kwargs={"pk": child.pk, "axis_pk": axis.pk}),
        {"title": "Consulter un orthophoniste", "opened_on": "2025-03-01"},
    )
    objective = axis.objectives.get()
    response = client.post(
        reverse("parcours:action_create", kwargs={"pk": child.pk, "objective_pk": objective.pk}),
        {
            "title": "Prise de rendez-vous",
            "domain": "health",
            "kind": "individual",
            "provider": "internal",
            "starts_on": "2025-03-05",
            "status": "planned",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("parcours:review_create", kwargs={"pk": child.pk}),
        {
            "date": "2025-10-01",
            "intensity_profile": "2",
            "summary": "",
            f"level_{objective.pk}": "3",
            f"comment_{objective.pk}": "Suivi engagé.",
        },
    )
    assert response.status_code == 302
    text = client.get(reverse("parcours:child_detail", kwargs={"pk": child.pk})).content.decode()
    for shown in [
        "Santé et bien-être",
        "Consulter un orthophoniste",
        "Prise de rendez-vous",
        "Largement atteint",
        "Suivi engagé.",
        "Profil 2",
        "Bilan du 01/10/2025",
    ]:
        assert shown in text


def test_a_bad_form_shows_the_error_summary_and_keeps_nothing(client, world, child):
    client.force_login(world.user(Role.REFERENT))
    axis, objective, _action, _review = make_plan(child)
    response = client.post(
        reverse("parcours:action_create", kwargs={"pk": child.pk, "objective_pk": objective.pk}),
        {
            "title": "Séjour",
            "domain": "stays",
            "kind": "collective",
            "provider": "partner",
            "partner": "",
            "starts_on": "2025-07-01",
            "status": "planned",
        },
    )
    text = response.content.decode()
    assert response.status_code == 200 and 'role="alert"' in text
    assert "Partenaire : nommez la structure qui mène l&#x27;action." in text
    assert objective.actions.count() == 1


def test_pseudonymous_plan_is_counts_only(client, world):
    children = children_of(world)
    Child.objects.filter(pk=children["own"].pk).update(intensity_profile=2)
    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    text = client.get(reverse("parcours:child_detail", kwargs={"pk": children["own"].pk})).content.decode()
    assert "Plan du parcours" in text and "Profil 2 — accompagnement régulier" in text
    assert "Scolarité : 1" in text and "1 individuelle(s), 0 collective(s)" in text
    assert "Axe-own-confidentiel" not in text and "Ajouter un axe" not in text


def test_referent_cannot_reach_the_plan_of_another_childs(client, world):
    children = children_of(world)
    client.force_login(world.user(Role.REFERENT))
    objective = children["own_unassigned"].axes.first().objectives.first()
    url = reverse("parcours:action_create", kwargs={"pk": children["own_unassigned"].pk, "objective_pk": objective.pk})
    assert client.get(url).status_code == 404
    # and an objective of another child, under the URL of their own child: 404 too
    url = reverse("parcours:action_create", kwargs={"pk": children["own"].pk, "objective_pk": objective.pk})
    assert client.get(url).status_code == 404


def test_child_page_query_count_does_not_grow_with_the_plan(client, world, child):
    client.force_login(world.user(Role.PROGRAMME_COORDINATOR))
    make_plan(child)
    url = reverse("parcours:child_detail", kwargs={"pk": child.pk})
    count_queries(client, url)
    small = count_queries(client, url)
    for n in range(5):
        axis, objective, _action, review = make_plan(child, key=f"k{n}")
        PlanAction.objects.create(
            objective=objective, title="x", domain="culture", kind="collective", starts_on=D(2025, 3, 1)
        )
        ObjectiveResult.objects.create(
            review=Review.objects.exclude(pk=review.pk).first(), objective=objective, level=1
        )
    assert count_queries(client, url) == small


def test_review_form_offers_eps_meetings_only_to_the_coordination(client, world, child):
    from reussite.parcours.models import EpsMeeting

    meeting = EpsMeeting.objects.create(
        programme=world.programme, date=D(2025, 9, 20), created_by=world.user(Role.PROGRAMME_COORDINATOR)
    )
    make_plan(child)
    url = reverse("parcours:review_create", kwargs={"pk": child.pk})
    client.force_login(world.user(Role.REFERENT))
    assert "EPS du 20/09/2025" not in client.get(url).content.decode()
    objective = child.axes.first().objectives.first()
    data = {"date": "2025-10-01", "eps_meeting": meeting.pk, f"level_{objective.pk}": "2"}
    response = client.post(url, data)
    assert response.status_code == 200 and not Review.objects.filter(child=child, date=D(2025, 10, 1)).exists()
    client.force_login(world.user(Role.PROGRAMME_COORDINATOR))
    assert "EPS du 20/09/2025" in client.get(url).content.decode()
    assert client.post(url, data).status_code == 302
    assert Review.objects.get(child=child, date=D(2025, 10, 1)).eps_meeting == meeting
