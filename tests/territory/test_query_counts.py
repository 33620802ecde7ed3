import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from reussite.accounts.models import Role
from reussite.audit.models import SignInEvent
from tests.factories import OrganisationFactory, ProgrammeFactory, QuartierFactory, YouthCountFactory
from tests.query_counts import assert_constant_queries

pytestmark = pytest.mark.django_db


def grow_to(factory):
    made = []

    def grow(n):
        while len(made) < n:
            made.append(factory())

    return grow


@pytest.fixture
def coordinator_client(client, world):
    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    return client


def programme_with_data(world):
    def make():
        carrier = OrganisationFactory(network=world.network)
        programme = ProgrammeFactory(network=world.network, carrier=carrier)
        QuartierFactory(commune=programme.commune)
        programme.quartiers.add(programme.commune.quartiers.first())
        YouthCountFactory(programme=programme, year=2015, count=9)
        YouthCountFactory(programme=programme, year=2016, count=12)
        return programme

    return make


@pytest.mark.parametrize(
    ("url_name", "maximum"),
    [
        ("territory:organisation_list", 8),
        ("territory:programme_list", 10),
        ("territory:territory_list", 8),
        ("territory:youth_counts", 10),
        ("home", 17),  # one query per home card (territory, funding, care, coordination, accounts)
        ("api:organisation-list", 10),
        ("api:programme-list", 10),
        ("api:quartier-list", 8),
        ("api:youth-count-list", 9),  # + the counts of the network, for small-cell suppression
        ("api:youth-count-printed-checks", 10),
    ],
)
def test_list_pages_have_bounded_queries(coordinator_client, world, url_name, maximum):
    assert_constant_queries(coordinator_client, reverse(url_name), grow_to(programme_with_data(world)), maximum)


def test_audit_pages_have_bounded_queries(coordinator_client, world):
    def grow_events(n):
        while SignInEvent.objects.count() < n:
            SignInEvent.objects.create(user=world.user(Role.REFERENT), kind="login")

    assert_constant_queries(coordinator_client, reverse("audit:sign_in_events"), grow_events, 8)

    def grow_changes(n):
        while LogEntry.objects.count() < n:
            OrganisationFactory(network=world.network)

    assert_constant_queries(coordinator_client, reverse("audit:change_history"), grow_changes, 10)
