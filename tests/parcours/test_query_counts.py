"""Lists and the child page cost the same number of queries with 1 child and with 200."""

import datetime

import pytest
from django.urls import reverse

from reussite.accounts.models import Role
from reussite.parcours.models import Child, Guardian, Household
from tests.parcours.factories import consent, make_child, programme_qpv
from tests.query_counts import count_queries


def grow(world, total):
    """Bring world.programme to ``total`` children (bulk: the point is the page, not the set-up)."""
    have = Child.objects.filter(programme=world.programme).count()
    quartier = programme_qpv(world.programme)
    referent = world.user(Role.REFERENT)
    households = Household.objects.bulk_create(
        [Household(programme=world.programme, address=f"{n} rue", quartier=quartier) for n in range(have, total)]
    )
    Guardian.objects.bulk_create(
        [Guardian(household=h, first_name="G", last_name=f"N{h.pk}", relationship="mother") for h in households]
    )
    children = []
    for n, household in enumerate(households, start=have):
        child = Child(
            programme=world.programme,
            household=household,
            first_name=f"Prénom{n}",
            last_name=f"Nom{n}",
            birth_date=datetime.date(2015, 1, 1),
            sex="F",
            school_level="elementaire",
            referent=referent if n % 2 == 0 else None,
            code=f"E-TEST{n:04d}",
        )
        child.fill_derived()
        children.append(child)
    Child.objects.bulk_create(children)


URLS = [
    ("parcours:child_list", {}),
    ("parcours:child_list", {"q": "nom", "statut": "referred", "age": "6-10"}),
    ("parcours:child_list", {"eps": "en_attente", "ecole": "1"}),
    ("api:child-list", {}),
    ("parcours:child_export_csv", {}),
    ("parcours:child_export_csv", {"statut": "referred", "age": "6-10"}),
    ("parcours:child_export_xlsx", {}),
]


@pytest.mark.parametrize("role", [Role.PROGRAMME_COORDINATOR, Role.REFERENT, Role.METROPOLE_COORDINATOR])
@pytest.mark.parametrize(("url_name", "params"), URLS)
def test_lists_have_bounded_query_counts(client, world, role, url_name, params):
    client.force_login(world.user(role))
    url = reverse(url_name) + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")
    grow(world, 1)
    count_queries(client, url)  # warm the content-type cache the access log uses
    small = count_queries(client, url)
    grow(world, 200)
    large = count_queries(client, url)
    assert small == large, f"{url}: {small} queries with 1 child, {large} with 200"
    assert large <= 20


def test_child_page_has_a_bounded_query_count(client, world):
    client.force_login(world.user(Role.PROGRAMME_COORDINATOR))
    child = make_child(world.programme, guardians=("Maud", "Paul"))
    consent(child)
    url = reverse("parcours:child_detail", kwargs={"pk": child.pk})
    count_queries(client, url)  # warm the content-type cache the access log uses
    small = count_queries(client, url)
    grow(world, 200)
    for guardian in child.household.guardians.all():
        consent(child, guardian, purposes=("follow_up", "school_exchange"))
    assert count_queries(client, url) == small
    assert small <= 25
