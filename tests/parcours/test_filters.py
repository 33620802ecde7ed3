"""Caseload filters « école » and « décision de l'EPS en attente », on the page, the exports and the API."""

import datetime

from django.urls import reverse

from reussite.accounts.models import Role
from reussite.parcours.models import Child, EpsAgendaItem, EpsMeeting, School
from tests.parcours.factories import children_of

D = datetime.date


def names_in(client, url_name, params):
    text = client.get(reverse(url_name), params).content.decode()
    return {
        key for key, name in [("own", "Propreville"), ("unassigned", "Sansreferent")] if name.lower() in text.lower()
    }


def test_school_filter_on_page_export_and_api(client, world):
    children = children_of(world)
    school = School.objects.create(network=world.network, commune=world.programme.commune, name="École des Filtres")
    Child.objects.filter(pk=children["own"].pk).update(school=school)
    client.force_login(world.user(Role.PROGRAMME_COORDINATOR))
    page = client.get(reverse("parcours:child_list")).content.decode()
    assert "École des Filtres" in page  # offered as a choice
    for url_name in ["parcours:child_list", "parcours:child_export_csv", "api:child-list"]:
        assert names_in(client, url_name, {"ecole": school.pk}) == {"own"}, url_name
        assert names_in(client, url_name, {}) == {"own", "unassigned"}, url_name


def test_school_filter_never_narrows_a_pseudonymous_list(client, world):
    children = children_of(world)
    school = School.objects.create(network=world.network, commune=world.programme.commune, name="École Secrète")
    Child.objects.filter(pk=children["own"].pk).update(school=school)
    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    text = client.get(reverse("parcours:child_list"), {"ecole": school.pk}).content.decode()
    assert "École Secrète" not in text and children["own"].code not in text  # « which child goes there? »: none


def test_eps_pending_filter(client, world):
    children = children_of(world)
    coordinator = world.user(Role.PROGRAMME_COORDINATOR)
    meeting = EpsMeeting.objects.create(programme=world.programme, date=D(2025, 3, 1), created_by=coordinator)
    EpsAgendaItem.objects.create(meeting=meeting, child=children["own"])  # pending
    EpsAgendaItem.objects.create(meeting=meeting, child=children["own_unassigned"], decision="entry")  # decided
    client.force_login(coordinator)
    assert 'name="eps"' in client.get(reverse("parcours:child_list")).content.decode()
    for url_name in ["parcours:child_list", "api:child-list"]:
        assert names_in(client, url_name, {"eps": "en_attente"}) == {"own"}, url_name
    assert names_in(client, "parcours:child_export_csv", {"eps": "en_attente"}) == {"own"}
    # Once decided, the child leaves the filter.
    EpsAgendaItem.objects.filter(child=children["own"]).update(decision="plan")
    assert names_in(client, "parcours:child_list", {"eps": "en_attente"}) == set()
    # The métropole does not learn which children await an EPS decision.
    EpsAgendaItem.objects.filter(child=children["own"]).update(decision="")
    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    text = client.get(reverse("parcours:child_list"), {"eps": "en_attente"}).content.decode()
    assert children["own"].code not in text and 'name="eps"' not in text


def test_the_list_counts_the_rows_it_pages(world):
    """The list counts ``caseload_rows`` (no columns' joins): the same children as ``caseload``, for
    every role and filter, a child without quartier or school included."""
    from reussite.parcours.queries import CaseloadFilters, caseload, caseload_rows

    children = children_of(world)
    quartierless = children["own"]
    quartierless.household.quartier = None
    quartierless.household.save()
    quartier_id = Child.objects.exclude(household__quartier=None).values_list("household__quartier_id", flat=True)[0]
    params = [{}, {"statut": "active"}, {"q": "propreville"}, {"quartier": str(quartier_id)}, {"age": "6-10"}]
    for role in (Role.PROGRAMME_COORDINATOR, Role.REFERENT, Role.METROPOLE_COORDINATOR):
        user = world.user(role)
        for param in params:
            filters = CaseloadFilters.from_params(param)
            # Unordered: the caseload sorts on keys it selects (PostgreSQL refuses its NULL key unselected).
            expected = sorted(caseload(user, filters).order_by().values_list("pk", flat=True))
            assert sorted(caseload_rows(user, filters).values_list("pk", flat=True)) == expected, (role, param)
            assert caseload_rows(user, filters).count() == len(expected)
