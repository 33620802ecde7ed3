"""The bundled official QPV list: the whole country, dated, well-formed, read once and indexed."""

import datetime
import re
import time
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reussite.accounts.models import Role
from reussite.territory import qpv_list
from reussite.territory.models import Commune
from reussite.territory.qpv_list import (
    department_of,
    listed_communes_in_department,
    official_quartiers,
    official_quartiers_in_department,
    official_quartiers_of,
)
from reussite.territory.services import add_official_quartier
from tests.query_counts import count_queries

D = datetime.date
CODE_2024 = re.compile(r"^QN(\d{3}|02[AB])\d{2}[MNIC]$")  # QN + department on 3 + order + kind
INSEE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
OVERSEAS = ("971", "972", "973", "974", "976", "978", "987")


def list_2024():
    return [q for q in official_quartiers() if q.valid_from in (D(2024, 1, 1), D(2025, 1, 1))]


def test_the_2024_list_has_the_official_totals():
    # 1 362 quartiers in the Hexagone (décret 2023-1314) and 222 overseas (décret 2024-1212): the 1 584
    # of the ANCT list.
    rows = list_2024()
    overseas = [q for q in rows if department_of(q.insee_codes[0]) in OVERSEAS]
    assert len(rows) == 1584
    assert len(rows) - len(overseas) == 1362 and len(overseas) == 222
    assert Counter(department_of(q.insee_codes[0]) for q in overseas) == {
        "971": 19,
        "972": 9,
        "973": 29,
        "974": 57,
        "976": 17,
        "978": 3,
        "987": 88,
    }


def test_every_2024_row_is_well_formed_dated_and_unique():
    rows = list_2024()
    assert len({q.code for q in rows}) == len(rows) == len({q.key for q in official_quartiers()}) - 5
    for q in rows:
        assert CODE_2024.match(q.code), q
        assert q.name and q.source and q.valid_until is None
        assert len(q.insee_codes) == len(q.communes) >= 1 and all(INSEE.match(c) for c in q.insee_codes), q
        overseas = department_of(q.insee_codes[0]) in OVERSEAS
        assert (q.valid_from, q.legal_basis) == (
            (D(2025, 1, 1), "Décret n° 2024-1212 du 27 décembre 2024")
            if overseas
            else (D(2024, 1, 1), "Décret n° 2023-1314 du 28 décembre 2023")
        ), q
        # The code carries the department of (one of) its communes.
        departments = {department_of(c) for c in q.insee_codes}
        assert q.code[2:5].lstrip("0") in {d.lstrip("0") for d in departments}, q
    assert sum(len(q.insee_codes) > 1 for q in rows) == 149  # quartiers spanning several communes


def test_the_2015_rows_are_the_dijon_ones_with_their_anct_codes():
    # Names as the 2017 convention prints them; codes from the ANCT QP2024–QP2015 correspondence list,
    # each the predecessor of the bundled 2024 quartier of the same commune (data/SOURCE.md).
    old = [q for q in official_quartiers() if q.valid_from == D(2015, 1, 1)]
    assert {(q.code, q.name, q.insee_codes) for q in old} == {
        ("QP021002", "Le Mail", ("21166",)),
        ("QP021003", "Fontaine d'Ouche", ("21231",)),
        ("QP021004", "Grésilles", ("21231",)),
        ("QP021005", "Bief du Moulin", ("21355",)),
        ("QP021006", "Belvédère", ("21617",)),
    }
    assert all(q.valid_until == D(2023, 12, 31) for q in old)
    assert {q.legal_basis for q in old} == {"Décret n° 2014-1750 du 30 décembre 2014"}
    successors = {"QP021002": "QN02101M", "QP021003": "QN02102M", "QP021004": "QN02103M"}
    successors |= {"QP021005": "QN02104M", "QP021006": "QN02105M"}
    by_code = {q.code: q for q in official_quartiers()}
    for code_2015, code_2024 in successors.items():
        assert by_code[code_2015].insee_codes == by_code[code_2024].insee_codes


def test_the_dijon_network_finds_its_quartiers():
    assert [(q.code, q.name) for q in official_quartiers_of("21231")] == [
        ("QN02103M", "Les Grésilles"),
        ("QN02102M", "Fontaine D'Ouche"),
        ("QP021004", "Grésilles"),
        ("QP021003", "Fontaine d'Ouche"),
    ]
    expected = {"QN02101M": "21166", "QN02104M": "21355", "QN02105M": "21617", "QN02106N": "21515"}
    for code, insee_code in expected.items():
        assert code in {q.code for q in official_quartiers_of(insee_code)}
    assert {q.code for q in official_quartiers_in_department("21") if q.code} >= set(expected) | {"QN02102M"}
    assert ("21231", "Dijon") in listed_communes_in_department("21")


def test_a_quartier_on_several_communes_is_offered_in_each_and_an_arrondissement_in_its_city():
    europe = next(q for q in official_quartiers() if q.code == "QN00201M")
    assert europe.communes == ("Omissy", "Saint-Quentin") and "sur Omissy, Saint-Quentin" in europe.label
    assert europe in official_quartiers_of("02571") and europe in official_quartiers_of("02691")
    assert official_quartiers_of("75118") == official_quartiers_of("75056") != []
    assert official_quartiers_of("13203") == official_quartiers_of("13055") != []
    assert official_quartiers_of("99999") == [] and official_quartiers_in_department("2A")


def test_the_file_is_read_once_and_a_lookup_is_cheap():
    qpv_list._load.cache_clear()
    started = time.perf_counter()
    official_quartiers()
    loading = time.perf_counter() - started
    started = time.perf_counter()
    for _ in range(1000):
        official_quartiers_of("21231")
    lookups = time.perf_counter() - started
    assert qpv_list._load.cache_info().misses == 1
    assert loading < 2 and lookups < 0.5, (loading, lookups)


@pytest.mark.django_db
def test_the_picker_page_costs_the_same_queries_for_a_big_city(client, world):
    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    small = Commune.objects.create(network=world.network, insee_code="21166", name="Chenôve")
    big = Commune.objects.create(network=world.network, insee_code="13055", name="Marseille")
    assert len(official_quartiers_of("13055")) > 30
    small_count = count_queries(client, reverse("territory:quartier_add", args=[small.pk]))
    big_count = count_queries(client, reverse("territory:quartier_add", args=[big.pk]))
    assert small_count == big_count <= 8


@pytest.mark.django_db
def test_a_commune_outside_the_list_is_shown_the_listed_communes_of_its_department(client, world):
    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    commune = Commune.objects.create(network=world.network, insee_code="21054", name="Beaune")
    page = client.get(reverse("territory:quartier_add", args=[commune.pk])).content.decode()
    assert "ne contient aucun quartier pour cette commune" in page
    assert "Dijon (21231)" in page and "Chenôve (21166)" in page


@pytest.mark.django_db
def test_a_quartier_spanning_communes_is_recorded_in_either_and_refused_elsewhere(world):
    europe = next(q for q in official_quartiers() if q.code == "QN00201M")
    omissy = Commune.objects.create(network=world.network, insee_code="02571", name="Omissy")
    saint_quentin = Commune.objects.create(network=world.network, insee_code="02691", name="Saint-Quentin")
    laon = Commune.objects.create(network=world.network, insee_code="02408", name="Laon")
    for commune in (omissy, saint_quentin):
        quartier = add_official_quartier(commune, europe)
        assert (quartier.commune, quartier.code, quartier.valid_from) == (commune, "QN00201M", D(2024, 1, 1))
    with pytest.raises(ValidationError, match="il n'est pas dans cette commune"):
        add_official_quartier(laon, europe)
