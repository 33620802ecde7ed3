"""The métropole coordination maintains its network's referential through pages."""

import datetime
import html

import pytest
from django.urls import reverse

from reussite.accounts.models import Role
from reussite.territory.models import Commune, Organisation, Programme, ProgrammeCarrier, Quartier, Representative
from reussite.territory.qpv_list import official_quartiers_of
from tests.factories import OrganisationFactory

D = datetime.date


def page_text(response) -> str:
    return html.unescape(response.content.decode())


VALID_SIRET = "21210000200006"  # a SIRET whose Luhn key holds


@pytest.fixture
def coordinator(client, world):
    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    return client


def test_an_organisation_is_created_in_the_coordinators_network_with_a_checked_siret(coordinator, world):
    url = reverse("territory:organisation_create")
    data = {"kind": "association", "name": "Association Les Petits Pas", "short_name": "Les Petits Pas"}
    response = coordinator.post(url, {**data, "siret": "12345678901234"})
    assert response.status_code == 200
    assert "SIRET : le numéro « 12345678901234 » n'est pas valide" in page_text(response)
    assert not Organisation.objects.filter(short_name="Les Petits Pas").exists()

    response = coordinator.post(url, {**data, "siret": "212 100 002 00006"})
    organisation = Organisation.objects.get(short_name="Les Petits Pas")
    assert response.status_code == 302
    assert organisation.network == world.network
    assert organisation.siret == VALID_SIRET
    assert organisation.get_kind_display() == "Association"


def test_a_short_name_is_unique_in_the_network_only(coordinator, world):
    url = reverse("territory:organisation_create")
    taken = {"kind": "epci", "name": "Communauté", "short_name": world.carrier2.short_name}
    response = coordinator.post(url, taken)
    assert "Nom court : une autre organisation du réseau porte déjà ce nom." in page_text(response)
    # "CCAS B1" exists in the other network only: accepted here.
    response = coordinator.post(url, {**taken, "short_name": world.other_carrier.short_name})
    assert response.status_code == 302


def test_payment_details_are_validated(coordinator, world):
    url = reverse("territory:organisation_edit", args=[world.metropole.pk])
    data = {"kind": "metropole", "name": "Métropole A", "short_name": "Métropole A", "accountant": "SGC de A"}
    response = coordinator.post(url, {**data, "iban": "FR14 2004 1010 0505 0001 3M02 607"})
    assert "IBAN : le numéro" in page_text(response)
    response = coordinator.post(url, {**data, "iban": "FR14 2004 1010 0505 0001 3M02 606", "bic": "bdfefrppcct"})
    assert response.status_code == 302
    world.metropole.refresh_from_db()
    assert (world.metropole.iban, world.metropole.bic) == ("FR1420041010050500013M02606", "BDFEFRPPCCT")


def test_a_new_representative_ends_the_previous_one_the_day_before(coordinator, world):
    Representative.objects.create(
        organisation=world.carrier, full_name="Ancienne PRÉSIDENTE", capacity="Présidente", valid_from=D(2020, 7, 1)
    )
    url = reverse("territory:representative_add", args=[world.carrier.pk])
    response = coordinator.post(
        url, {"civility": "M.", "full_name": "Nouveau PRÉSIDENT", "capacity": "Président", "valid_from": "2026-07-10"}
    )
    assert response.status_code == 302
    history = list(world.carrier.representatives.order_by("valid_from").values_list("full_name", "valid_until"))
    assert history == [("Ancienne PRÉSIDENTE", D(2026, 7, 9)), ("Nouveau PRÉSIDENT", None)]
    # A start before the one in office would overwrite history: refused, nothing saved.
    response = coordinator.post(url, {"full_name": "Trop TÔT", "capacity": "Président", "valid_from": "2026-07-10"})
    assert "une période commençant le 10/07/2026 est déjà enregistrée" in page_text(response)
    assert not Representative.objects.filter(full_name="Trop TÔT").exists()


def test_a_term_is_ended_without_a_successor(coordinator, world, client):
    current = Representative.objects.create(
        organisation=world.carrier, full_name="Présidente SORTANTE", capacity="Présidente", valid_from=D(2020, 7, 1)
    )
    url = reverse("territory:representative_end", args=[current.pk])
    assert coordinator.get(url).status_code == 405
    detail = reverse("territory:organisation_detail", args=[world.carrier.pk])
    for data, message in (
        ({}, "Dernier jour du mandat : ce champ est obligatoire."),
        (
            {"valid_until": "2020-06-30"},
            "Dernier jour du mandat : il ne peut pas précéder le début du mandat (01/07/2020).",
        ),
    ):
        response = coordinator.post(url, data, follow=True)
        assert message in page_text(response)
        current.refresh_from_db()
        assert current.valid_until is None
    response = coordinator.post(url, {"valid_until": "2026-06-30"})
    assert response.status_code == 302 and response["Location"] == detail
    current.refresh_from_db()
    assert current.valid_until == D(2026, 6, 30)
    assert "Mandat de Présidente SORTANTE terminé le 30/06/2026." in page_text(coordinator.get(detail))
    # Another network's representative answers like a missing one, and is left as it was.
    other = Representative.objects.create(
        organisation=world.other_carrier, full_name="Autre RÉSEAU", capacity="Président", valid_from=D(2020, 1, 1)
    )
    response = coordinator.post(reverse("territory:representative_end", args=[other.pk]), {"valid_until": "2026-06-30"})
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.valid_until is None
    # A role that does not maintain the referential gets 404 too.
    client.force_login(world.user(Role.PROGRAMME_COORDINATOR))
    other_current = Representative.objects.create(
        organisation=world.carrier, full_name="Suivant", capacity="Président", valid_from=D(2026, 7, 1)
    )
    response = client.post(
        reverse("territory:representative_end", args=[other_current.pk]), {"valid_until": "2026-12-31"}
    )
    assert response.status_code == 404


def test_a_commune_then_its_quartiers_from_the_bundled_official_list(coordinator, world):
    response = coordinator.post(reverse("territory:commune_create"), {"insee_code": "21231", "name": "Dijon"})
    commune = Commune.objects.get(insee_code="21231")
    assert response.status_code == 302 and commune.network == world.network
    page = page_text(coordinator.get(reverse("territory:quartier_add", args=[commune.pk])))
    assert "QN02102M" in page and "QN02103M" in page and "QN02101M" not in page  # Le Mail is in Chenôve
    grésilles = next(q for q in official_quartiers_of("21231") if q.code == "QN02103M")
    coordinator.post(reverse("territory:quartier_add", args=[commune.pk]), {"official": grésilles.key})
    quartier = Quartier.objects.get(commune=commune)
    assert (quartier.name, quartier.code, quartier.valid_from, quartier.valid_until) == (
        "Les Grésilles",
        "QN02103M",
        D(2024, 1, 1),
        None,
    )
    assert quartier.legal_basis == "Décret n° 2023-1314 du 28 décembre 2023"
    # Twice the same period: refused with the field named.
    response = coordinator.post(reverse("territory:quartier_add", args=[commune.pk]), {"official": grésilles.key})
    assert "Quartier de la liste officielle : il est déjà enregistré pour cette période." in page_text(response)
    # A quartier de veille is typed, its unknown code left blank.
    coordinator.post(
        reverse("territory:quartier_add", args=[commune.pk]),
        {"name": "Stalingrad", "kind": "veille", "valid_from": "2015-01-01", "valid_until": "2023-12-31"},
    )
    assert commune.quartiers.get(name="Stalingrad").code == ""


def test_a_coordinator_picks_the_2015_code_for_2016_and_the_2024_code_for_2025(coordinator, world):
    commune = Commune.objects.create(network=world.network, insee_code="21166", name="Chenôve")
    url = reverse("territory:quartier_add", args=[commune.pk])
    page = page_text(coordinator.get(url))
    # Both lists are offered, each with its code, its dates and its decree.
    assert "Le Mail — QN02101M — depuis le 01/01/2024 (Décret n° 2023-1314 du 28 décembre 2023)" in page
    assert "Le Mail — QP021002 — du 01/01/2015 au 31/12/2023 (Décret n° 2014-1750 du 30 décembre 2014)" in page
    for code in ("QP021002", "QN02101M"):
        entry = next(q for q in official_quartiers_of("21166") if q.code == code)
        assert coordinator.post(url, {"official": entry.key}).status_code == 302
    in_2016 = commune.quartiers.valid_on(D(2016, 9, 1)).get()
    in_2025 = commune.quartiers.valid_on(D(2025, 9, 1)).get()
    assert (in_2016.code, in_2016.valid_from, in_2016.valid_until) == ("QP021002", D(2015, 1, 1), D(2023, 12, 31))
    assert in_2016.legal_basis == "Décret n° 2014-1750 du 30 décembre 2014"
    assert (in_2025.code, in_2025.valid_from, in_2025.valid_until) == ("QN02101M", D(2024, 1, 1), None)


def test_an_insee_code_of_another_network_is_refused_without_naming_it(coordinator, world):
    response = coordinator.post(
        reverse("territory:commune_create"), {"insee_code": world.other_programme.commune.insee_code, "name": "X"}
    )
    page = page_text(response)
    assert "cette commune est déjà enregistrée sur la plateforme" in page
    assert world.other_network.name not in page


def test_a_programme_with_its_carrier_then_a_new_carrier(coordinator, world):
    commune = Commune.objects.create(network=world.network, insee_code="21617", name="Talant")
    response = coordinator.post(
        reverse("territory:programme_create"),
        {
            "commune": commune.pk,
            "name": "PRE de Talant",
            "age_min": 2,
            "age_max": 16,
            "carrier": world.carrier2.pk,
            "carrier_from": "2024-01-01",
        },
    )
    programme = Programme.objects.get(name="PRE de Talant")
    assert response.status_code == 302
    assert programme.carrier_on(D(2025, 1, 1)) == world.carrier2
    newcomer = OrganisationFactory(network=world.network, kind="association", short_name="Asso T")
    coordinator.post(
        reverse("territory:carrier_add", args=[programme.pk]), {"organisation": newcomer.pk, "valid_from": "2026-09-01"}
    )
    assert programme.carrier_on(D(2026, 8, 31)) == world.carrier2
    assert programme.carrier_on(D(2026, 9, 1)) == newcomer
    assert ProgrammeCarrier.objects.filter(programme=programme).count() == 2


def test_a_carrier_of_another_network_is_not_offered(coordinator, world):
    response = coordinator.post(
        reverse("territory:carrier_add", args=[world.programme.pk]),
        {"organisation": world.other_carrier.pk, "valid_from": "2026-09-01"},
    )
    page = page_text(response)
    assert response.status_code == 200
    assert "Organisation porteuse : Sélectionnez un choix valide" in page
    assert world.other_carrier.short_name not in page


def test_other_roles_change_nothing(client, world):
    client.force_login(world.user(Role.PROGRAMME_COORDINATOR))
    response = client.post(reverse("territory:organisation_create"), {"kind": "ccas", "name": "X", "short_name": "X"})
    assert response.status_code == 403
    response = client.post(
        reverse("territory:representative_add", args=[world.carrier.pk]),
        {"full_name": "X", "capacity": "Président", "valid_from": "2026-01-01"},
    )
    assert response.status_code == 404
    assert not Representative.objects.exists()


def test_a_network_parameter_that_is_not_ascii_digits_is_ignored(coordinator, world):
    """« ² » passes str.isdigit() but not int(): the coordinator's own network is used."""
    response = coordinator.get(reverse("territory:organisation_create") + "?reseau=²")
    assert response.status_code == 200
