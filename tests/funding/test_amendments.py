"""Avenants: a signed convention changes its amounts, parties or articles only by an avenant,
numbered, dated, approved and signed; the convention shows its consolidated state and history.

Fixture from a real public text: « Avenant n° 1 à la convention du 20 octobre 2010 entre l'Etat et
l'ANRU relative au programme d'investissements d'avenir » (JORF n° 0104 du 3 mai 2012), dated
30 April 2012, whose article 2 rewrites article 1.3 « Volume et rythme des engagements » of the
convention ("Au sein du programme, 324,500 M€ ont été ouverts …"); then avenant n° 2 of
31 December 2013 (named by avenant n° 3 of 12 December 2014, JORF n° 0289 of 14 December 2014).
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from reussite.funding import services
from reussite.funding.models import Amendment, AmendmentChange, Convention, ConventionArticle
from tests.funding.factories import ConventionFactory, PartyFactory, make_convention

pytestmark = pytest.mark.django_db
D = datetime.date
OLD_1_3 = "Au sein du programme, 500 M€ ont été ouverts par la loi de finances rectificative n° 2010-237."
NEW_1_3 = (
    "Au sein du programme, 324,500 M€ ont été ouverts par la loi de finances rectificative n° 2010-237 du 9 mars 2010."
)


@pytest.fixture
def anru(world):
    """The convention of 20 October 2010, signed and in force, with its article 1.3."""
    convention = ConventionFactory(
        network=world.network,
        reference="ETAT-ANRU-2010",
        title="Convention entre l'Etat et l'ANRU relative au programme d'investissements d'avenir",
        first_year=2010,
        last_year=2014,
        kind=Convention.Kind.CPO,
        end_date=D(2014, 12, 31),
        signature_date=D(2010, 10, 20),
        status=Convention.Status.IN_FORCE,
    )
    PartyFactory(convention=convention, organisation=world.metropole, role="coordinator", position=0)
    PartyFactory(convention=convention, organisation=world.carrier, position=1, approval_date=D(2010, 10, 1))
    ConventionArticle.objects.create(
        convention=convention, position=1, number="Article 1.3", title="Volume et rythme des engagements", body=OLD_1_3
    )
    return convention


def _articles_post(convention, body):
    article = convention.articles.get()
    return {
        "articles-TOTAL_FORMS": "1",
        "articles-INITIAL_FORMS": "1",
        "articles-MIN_NUM_FORMS": "0",
        "articles-MAX_NUM_FORMS": "1000",
        "articles-0-id": article.pk,
        "articles-0-convention": convention.pk,
        "articles-0-position": "1",
        "articles-0-number": "Article 1.3",
        "articles-0-title": "Volume et rythme des engagements",
        "articles-0-body": body,
    }


def test_a_signed_convention_is_not_edited_silently(client, world, anru):
    client.force_login(world.user("finance_officer"))
    response = client.post(reverse("funding:articles_edit", args=[anru.pk]), _articles_post(anru, NEW_1_3))
    assert response.status_code == 302
    assert response.url == reverse("funding:amendment_create", args=[anru.pk])
    assert anru.articles.get().body == OLD_1_3
    page = client.get(response.url).content.decode()
    assert "ne se modifient que par un avenant" in page


def test_avenant_1_rewrites_article_1_3_and_is_approved_then_signed(client, world, anru):
    client.force_login(world.user("finance_officer"))
    response = client.post(
        reverse("funding:amendment_create", args=[anru.pk]),
        {"object": "Répartition des 150 M€ restants entre les deux actions", "drafted_on": "2012-04-02"},
    )
    assert response.status_code == 302
    amendment = Amendment.objects.get()
    assert amendment.number == 1 and amendment.status == Amendment.Status.DRAFT
    response = client.post(reverse("funding:articles_edit", args=[anru.pk]), _articles_post(anru, NEW_1_3))
    assert response.status_code == 302
    change = AmendmentChange.objects.get()
    assert (change.amendment, change.kind, change.label) == (amendment, "article", "Article 1.3")
    assert OLD_1_3 in change.before and NEW_1_3 in change.after
    url = reverse("funding:amendment_detail", args=[amendment.pk])
    response = client.post(url, {"approuver": "1", "approval_date": "2012-04-20", "approval_reference": "CA ANRU"})
    assert response.status_code == 302
    response = client.post(url, {"signer": "1", "signature_date": "2012-04-30"})
    assert response.status_code == 302
    amendment.refresh_from_db()
    assert (amendment.status, amendment.signature_date) == (Amendment.Status.SIGNED, D(2012, 4, 30))
    page = client.get(reverse("funding:convention_detail", args=[anru.pk])).content.decode()
    assert "Avenant n° 1" in page and "30/04/2012" in page and "324,500 M€" in page  # consolidated + history
    api = client.get(reverse("api:amendment-list"), {"convention": anru.pk}).json()
    assert api["results"][0]["changes"][0]["label"] == "Article 1.3"
    # The next avenant is n° 2 (the printed one of 31 December 2013).
    second = services.create_amendment(anru, object="Avenant n° 2", drafted_on=D(2013, 12, 1))
    assert second.number == 2


def test_one_avenant_in_draft_at_a_time_and_none_before_signature(world, anru):
    services.create_amendment(anru, object="n° 1", drafted_on=D(2012, 4, 2))
    with pytest.raises(ValidationError, match="l'avenant n° 1 est en projet"):
        services.create_amendment(anru, object="n° 2", drafted_on=D(2012, 4, 3))
    draft = make_convention(world.metropole, [world.carrier2], status=Convention.Status.DRAFT)
    with pytest.raises(ValidationError, match="pas encore signée"):
        services.create_amendment(draft, object="x", drafted_on=D(2025, 4, 3))


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ("drafted_before_signature", "Date du projet : elle ne peut précéder la signature de la convention"),
        ("approved_before_draft", "Date d'approbation : elle ne peut précéder le projet d'avenant"),
        ("signed_before_approval", "Date de signature : elle ne peut précéder l'approbation de l'avenant"),
        ("signed_in_the_future", "Date de signature : elle ne peut pas être dans le futur"),
        ("approved_without_change", "Approbation : l'avenant ne modifie encore rien."),
    ],
)
def test_avenant_dates_make_sense(world, anru, step, message):
    if step == "drafted_before_signature":
        with pytest.raises(ValidationError, match=message):
            services.create_amendment(anru, object="x", drafted_on=D(2010, 10, 1))
        return
    amendment = services.create_amendment(anru, object="x", drafted_on=D(2012, 4, 2))
    if step == "approved_without_change":
        with pytest.raises(ValidationError, match=message):
            services.approve_amendment(amendment, on=D(2012, 4, 20))
        return
    with services.amending(anru):
        anru.articles.update(body=NEW_1_3)
    if step == "approved_before_draft":
        with pytest.raises(ValidationError, match=message):
            services.approve_amendment(amendment, on=D(2012, 4, 1))
        return
    services.approve_amendment(amendment, on=D(2012, 4, 20))
    day = D(2012, 4, 19) if step == "signed_before_approval" else timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match=message):
        services.sign_amendment(amendment, on=day)
    amendment.refresh_from_db()
    assert amendment.status == Amendment.Status.APPROVED


def test_amounts_and_parties_changed_by_avenant_and_calls_wait_for_its_signature(client, world):
    convention = make_convention(world.metropole, [world.carrier, world.carrier2], signature_date=D(2025, 3, 10))
    services.create_amendment(convention, object="Nouvelle clé 2025", drafted_on=D(2025, 6, 1))
    parties = {p.organisation_id: p.pk for p in convention.parties.all()}
    client.force_login(world.user("finance_officer"))
    response = client.post(
        reverse("funding:funding_edit", args=[convention.pk, 2025]),
        {
            "total_cost": "1900",
            "shared_total": "900",
            "key_kind": "percent",
            f"part-{parties[world.metropole.pk]}-kind": "contribution",
            f"part-{parties[world.metropole.pk]}-fixed_amount": "1000",
            f"part-{parties[world.carrier.pk]}-kind": "key",
            f"part-{parties[world.carrier.pk]}-key_percent": "60",
            f"part-{parties[world.carrier2.pk]}-kind": "key",
            f"part-{parties[world.carrier2.pk]}-key_percent": "40",
        },
    )
    assert response.status_code == 302, response.content.decode()
    changes = {c.label: (c.before, c.after) for c in AmendmentChange.objects.all()}
    carrier = convention.parties.get(organisation=world.carrier).name
    assert changes[f"2025 — part de {carrier}"] == ("450,00\u00a0€", "540,00\u00a0€")
    with pytest.raises(ValidationError, match="l'avenant n° 1 n'est pas signé"):
        services.issue_calls_for_funds(convention, 2025, issue_date=D(2025, 6, 5))
    assert not convention.calls_for_funds.exists()
    assert Decimal(540) == convention.funding_years.get().shares.get(party__organisation=world.carrier).amount


def test_line_endings_typed_in_a_browser_are_no_change(world, anru):
    services.create_amendment(anru, object="x", drafted_on=D(2012, 4, 2))
    with services.amending(anru):
        anru.articles.update(body=OLD_1_3 + "\r\n")
    assert not AmendmentChange.objects.exists()


def test_an_edit_outside_amounts_parties_and_articles_needs_no_avenant(client, world, anru):
    """A signatory's name mistyped is corrected without an avenant; nothing is recorded."""
    party = anru.parties.get(organisation=world.carrier)
    client.force_login(world.user("finance_officer"))
    response = client.post(
        reverse("funding:party_edit", args=[party.pk]),
        {
            "organisation": world.carrier.pk,
            "role": "paying",
            "position": 1,
            "signatory_name": "M. le Président",
            "approval_reference": "D-1",
            "approval_date": "2010-10-01",
            "has_approved": "on",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("funding:convention_detail", args=[anru.pk])
    party.refresh_from_db()
    assert party.signatory_name == "M. le Président"
    assert not Amendment.objects.exists() and not AmendmentChange.objects.exists()
