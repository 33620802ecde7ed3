"""Board secretaries keep their bodies, rule sets, members and mandates in the pages (no Django admin),
and import members from a CSV file: saved whole, or refused whole with every error by line."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reussite.accounts.models import Role
from reussite.governance import referential
from reussite.governance.models import Body, Member
from tests.governance.factories import BodyFactory, MemberFactory
from tests.query_counts import assert_constant_queries

pytestmark = pytest.mark.django_db

# The members printed by the compte-rendu of the CCAS board of 18 January 2021 (123dok.net, see
# test_as_printed.py): civility, first name and name as printed, the president first.
CCAS_2021_CSV = """civilite;prenom;nom;qualite;rang;president;debut_mandat;fin_mandat
M.;Yves;REHN;Président;1;oui;;
Mme;Nadège;LEVAIN-LAURENCEAU;Vice-Présidente;2;non;;
M.;Michel;OUDIN;;3;;;
Mme;Emmanuelle;POITRIMOL;;4;;;
M.;Chris;BIGORGNE;;5;;;
Mme;Annie;BRANGBOUR;;6;;;
"""


@pytest.fixture
def secretary(client, world):
    client.force_login(world.user(Role.BOARD_SECRETARY))
    return client


def body_values(world, **overrides):
    values = {
        "organisation": world.carrier.pk,
        "kind": Body.Kind.COMMUNITY_COUNCIL,
        "other_kind": "",
        "name": "Conseil communautaire",
        "issuer_name": "Communauté de communes",
        "register_name": "Conseil communautaire",
        "code": "cc-essai",
        "default_recipients": "Préfecture : 1",
        "quorum_numerator": 1,
        "quorum_denominator": 2,
        "max_proxies_per_holder": 1,
        "casting_vote": "on",
        "convocation_clear_days": 5,
        "second_convocation_without_quorum": "on",
        "second_convocation_clear_days": 3,
    }
    values.update(overrides)
    return values


def test_a_secretary_creates_a_body_with_its_rule_set(secretary, world):
    response = secretary.post(reverse("governance:body_create"), body_values(world, quorum_numerator=2))
    assert response.status_code == 400
    assert "Quorum : la fraction 2/2 doit être inférieure à 1" in response.content.decode()
    response = secretary.post(reverse("governance:body_create"), body_values(world, kind="other"))
    assert "précisez-le pour une instance « autre »" in response.content.decode()
    # Another organisation (not the secretary's): refused like an unknown one.
    response = secretary.post(reverse("governance:body_create"), body_values(world, organisation=world.carrier2.pk))
    assert response.status_code == 400
    assert not Body.objects.filter(code="cc-essai").exists()

    response = secretary.post(reverse("governance:body_create"), body_values(world))
    body = Body.objects.get(code="cc-essai")
    assert response.status_code == 302
    assert (body.kind_label, body.convocation_clear_days, body.president_counted_in_office) == (
        "Conseil communautaire",
        5,
        False,  # an unchecked box
    )
    response = secretary.post(
        reverse("governance:body_edit", args=[body.pk]),
        body_values(world, kind="other", other_kind="Comité syndical", president_counted_in_office="on"),
    )
    assert response.status_code == 302
    body.refresh_from_db()
    assert (body.kind_label, body.president_counted_in_office) == ("Comité syndical", True)


def test_a_secretary_adds_and_edits_members_without_civility_or_dates(secretary, world):
    body = BodyFactory(organisation=world.carrier)
    response = secretary.post(reverse("governance:member_create", args=[body.pk]), {"last_name": "", "rank": 1})
    assert response.status_code == 400
    assert "Nom : il est obligatoire." in response.content.decode()
    response = secretary.post(
        reverse("governance:member_create", args=[body.pk]),
        {"last_name": "ESCLAINE", "first_name": "Denis", "rank": 10, "mandate_start": "2020-05-25"},
    )
    assert response.status_code == 302
    member = Member.objects.get(body=body, last_name="ESCLAINE")
    assert (member.civility, member.full_label) == ("", "Denis ESCLAINE")
    response = secretary.post(
        reverse("governance:member_edit", args=[member.pk]),
        {"last_name": "ESCLAINE", "rank": 10, "mandate_start": "2020-05-25", "mandate_end": "2020-01-01"},
    )
    assert response.status_code == 400
    assert "Fin du mandat : elle ne peut précéder son début." in response.content.decode()
    page = secretary.get(reverse("governance:member_list", args=[body.pk])).content.decode()
    assert "Denis ESCLAINE" in page and "du 25 mai 2020" in page


def test_csv_import_saves_every_line_or_none_and_reports_skipped_duplicates(secretary, world):
    body = BodyFactory(organisation=world.carrier)
    url = reverse("governance:member_import", args=[body.pk])
    broken = CCAS_2021_CSV + "Mlle;;;;x;peut-être;31/02/2021;\n"
    response = secretary.post(url, {"file": SimpleUploadedFile("membres.csv", broken.encode())})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Import refusé, rien n'a été enregistré" in page
    assert "Ligne 8 : Rang : « x » n&#x27;est pas un nombre entier positif." in page
    assert not Member.objects.filter(body=body).exists()

    response = secretary.post(url, {"file": SimpleUploadedFile("membres.csv", CCAS_2021_CSV.encode("cp1252"))})
    assert response.status_code == 302
    assert list(Member.objects.filter(body=body).order_by("rank").values_list("last_name", "is_president")) == [
        ("REHN", True),
        ("LEVAIN-LAURENCEAU", False),
        ("OUDIN", False),
        ("POITRIMOL", False),
        ("BIGORGNE", False),
        ("BRANGBOUR", False),
    ]
    assert Member.objects.get(body=body, last_name="LEVAIN-LAURENCEAU").first_name == "Nadège"
    # Again, with a comma separator and one new member: the six are skipped and reported, not duplicated.
    again = CCAS_2021_CSV.replace(";", ",") + "Mme,Rolande,AUGIZEAU,,7,,,\n"
    report = referential.import_members(body, again)
    assert report.created == ["Mme Rolande AUGIZEAU"]
    assert report.skipped[0] == "Ligne 2 : M. Yves REHN figure déjà parmi les membres ; ligne ignorée."
    assert len(report.skipped) == 6
    assert Member.objects.filter(body=body).count() == 7


def test_csv_import_errors_name_the_line_and_the_rule():
    body = BodyFactory()
    with pytest.raises(referential.ImportRefused) as refused:
        referential.import_members(
            body, "prenom;nom;debut_mandat;fin_mandat\nA;;01/01/2020;\nB;X;01/01/2021;01/01/2020\n"
        )
    assert refused.value.errors == [
        "Ligne 2 : Nom : il est obligatoire.",
        "Ligne 3 : Fin du mandat : elle ne peut précéder son début.",
    ]
    with pytest.raises(referential.ImportRefused) as refused:
        referential.import_members(body, "prenom;surnom\nA;B\n")
    assert "la colonne « nom » manque" in refused.value.errors[0]


def test_member_list_costs_the_same_with_1_or_50_members(secretary, world):
    body = BodyFactory(organisation=world.carrier)

    def grow(n):
        while body.members.count() < n:
            MemberFactory(body=body)

    assert_constant_queries(secretary, reverse("governance:member_list", args=[body.pk]), grow, maximum=12)


def test_members_through_the_api(secretary, world):
    body = BodyFactory(organisation=world.carrier)
    other = BodyFactory(organisation=world.carrier2)
    url = reverse("api:governance-member-list")
    response = secretary.post(
        url, {"body": body.pk, "last_name": "LANG", "first_name": "Michel"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["civility"] == ""
    response = secretary.post(url, {"body": other.pk, "last_name": "X"}, content_type="application/json")
    assert response.status_code == 404  # a body the secretary does not keep: like a missing one
    response = secretary.post(
        url,
        {"body": body.pk, "last_name": "Y", "mandate_start": "2021-01-01", "mandate_end": "2020-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["mandate_end"] == ["Fin du mandat : elle ne peut précéder son début."]
    response = secretary.post(
        reverse("api:governance-member-import-csv"),
        {"body": body.pk, "csv": "nom;rang\nESCLAINE;x\n"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["csv"] == ["Ligne 2 : Rang : « x » n'est pas un nombre entier positif."]
    response = secretary.post(
        reverse("api:governance-member-import-csv"),
        {"body": body.pk, "csv": "nom;prenom\nESCLAINE;Denis\nLANG;Michel\n"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json() == {
        "created": ["Denis ESCLAINE"],
        "skipped": ["Ligne 3 : Michel LANG figure déjà parmi les membres ; ligne ignorée."],
    }
