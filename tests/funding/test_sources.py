"""Source documents created in the pages: the documents whose printed figures are recorded.

Fixture: the note on the CCAS budget 2023 voted on 15 February 2023 (jeanlouisberland.fr), the same
real text as tests/funding/test_evolutions.py.
"""

import pytest
from django.urls import reverse

from reussite.core.models import SourceDocument
from reussite.funding.models import Convention, MoneyEvolution
from tests.funding.factories import make_convention

pytestmark = pytest.mark.django_db
TITLE = "Conseil d'administration du CCAS du 15 février 2023 — budget primitif 2023"


def test_a_source_document_is_created_in_the_pages_and_cited_by_an_evolution(client, world):
    convention = make_convention(world.metropole, [world.carrier], status=Convention.Status.DRAFT)
    client.force_login(world.user("finance_officer"))
    response = client.post(
        reverse("funding:source_create", args=[convention.pk]),
        {"title": TITLE, "issued_on": "2023-02-15", "reference": "", "suite": "evolution"},
    )
    document = SourceDocument.objects.get(title=TITLE)
    assert response.url == f"{reverse('funding:evolution_add', args=[convention.pk])}?source={document.pk}"
    convention.refresh_from_db()
    assert convention.source == document  # the first document becomes the convention's source
    assert list(convention.documents.all()) == [document]
    assert document.code.startswith("conseil-dadministration-du-ccas")
    response = client.post(
        reverse("funding:evolution_add", args=[convention.pk]),
        {"year": "2025", "subject": "total_cost", "printed_change": "33 907", "source": document.pk},
    )
    assert response.status_code == 302
    assert MoneyEvolution.objects.get().source == document
    page = client.get(reverse("funding:convention_detail", args=[convention.pk])).content.decode()
    assert "budget primitif 2023" in page


def test_a_document_of_another_convention_cannot_be_cited(client, world):
    mine = make_convention(world.metropole, [world.carrier], status=Convention.Status.DRAFT)
    other = make_convention(world.other_metropole, [world.other_carrier], status=Convention.Status.DRAFT)
    foreign = SourceDocument.objects.create(code="autre", title="Document d'un autre réseau")
    other.documents.add(foreign)
    client.force_login(world.user("finance_officer"))
    response = client.post(
        reverse("funding:evolution_add", args=[mine.pk]),
        {"year": "2025", "subject": "total_cost", "printed_change": "1", "source": foreign.pk},
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert "Document d&#x27;un autre réseau" not in response.content.decode()
    assert not MoneyEvolution.objects.exists()


def test_a_source_document_dated_in_the_future_is_refused(client, world):
    convention = make_convention(world.metropole, [world.carrier], status=Convention.Status.DRAFT)
    client.force_login(world.user("finance_officer"))
    response = client.post(
        reverse("funding:source_create", args=[convention.pk]), {"title": "Extrait", "issued_on": "2099-01-01"}
    )
    assert "Date : elle ne peut pas être dans le futur" in response.content.decode()
    assert not SourceDocument.objects.filter(title="Extrait").exists()
