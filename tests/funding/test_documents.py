"""The convention rendered from its data: PDF (through its HTML) and editable DOCX."""

import html as html_lib
import io
import re
from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from reussite.funding import demo
from reussite.funding.documents import build_document, document_queryset, render_docx, share_percents
from reussite.funding.models import Convention

pytestmark = pytest.mark.django_db

SPACES = re.compile(r"[\s\u202f\u00a0]+")


def plain(text: str) -> str:
    """Text with every kind of space (non-breaking, narrow) as one ordinary space."""
    text = SPACES.sub(" ", html_lib.unescape(re.sub(r"<[^>]+>", " ", text)))
    return re.sub(r" ([,.])", r"\1", text)


@pytest.fixture
def convention_2017(demo_world):
    return document_queryset().get(reference=demo.REF_2017)


def test_html_of_the_2017_convention_has_parties_amounts_and_structure(convention_2017):
    doc = build_document(convention_2017)
    html = plain(render_to_string("funding/documents/convention_print.html", {"doc": doc}))
    for text in [
        "Entre",
        "DIJON MÉTROPOLE",
        "40 avenue du Drapeau",
        "représentée par François REBSAMEN, Président",
        "en vertu d'une délibération du Conseil métropolitain du 29 juin 2017",
        "LE CENTRE COMMUNAL D'ACTION SOCIALE DE LA VILLE DE CHENÔVE, Hôtel de ville, 21300 CHENOVE",
        "Et",
        "représenté par Thierry FALCONNET",
        "PRÉAMBULE",
        "Il est convenu ce qui suit :",
        "Article 1er : Objet de la convention",
        "Article 7 : La durée de la convention",
        "Fait en 6 exemplaires originaux,",
        "A Dijon, le",
        "Pour Dijon Métropole, Le Président, François REBSAMEN",
        "Pour le Centre communal d'action sociale de la Ville de Chenôve, Le Président, Thierry FALCONNET",
        "Pour la Caisse des écoles publiques de la Ville de Dijon, La Présidente déléguée, Anne DILLENSEGER",
        "Anne DILLENSEGER",
    ]:
        assert text in html, text
    for amount in ["17 500,00 €", "4 300,00 €", "13 200,00 €", "1 224,00 €", "4 738,00 €", "792,00 €", "330,00 €"]:
        assert amount in html, amount
    for amount in ["416,00 €", "7 500,00 €", "10 000,00 €"]:
        assert amount in html, amount
    assert html.count("Il est convenu ce qui suit") == 1


def test_printed_percentages_are_replaced_by_computed_ones_that_add_up(convention_2017):
    doc = build_document(convention_2017)
    [year] = doc.financing
    shares = {row.label: row.percent for row in year.shares}
    # Computed from the amounts (the seed printed 16, 63, 10, 4, 5: 98 %).
    assert shares == {
        "Chenôve": Decimal("16.32"),
        "Dijon": Decimal("63.17"),
        "Longvic": Decimal("10.56"),
        "Quetigny": Decimal("4.40"),
        "Talant": Decimal("5.55"),
    }
    assert sum(shares.values()) == 100
    html = plain(render_to_string("funding/documents/convention_print.html", {"doc": doc}))
    assert "Longvic (10 %)" not in html and "Talant (5 %)" not in html
    assert "10,56 %" in html and "100,00 %" in html


def test_share_percents_always_add_up_to_100():
    amounts = [Decimal(1), Decimal(1), Decimal(1)]
    result = share_percents(amounts, ["a", "b", "c"])
    assert sum(result) == 100
    assert sorted(result) == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]
    assert share_percents([Decimal(5), None], ["a", "b"]) == [None, None]


def test_pdf_download_starts_like_a_pdf(client, convention_2017):
    from reussite.accounts.models import Membership, Role

    membership = Membership.objects.filter(role=Role.FINANCE_OFFICER, is_active=True).select_related("user").first()
    client.force_login(membership.user)
    from django.urls import reverse

    response = client.get(reverse("funding_exchange:convention_pdf", args=[convention_2017.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="convention-2017-dijon-metropole.pdf"' in response["Content-Disposition"]


def test_docx_reads_back_with_articles_and_financing_table(convention_2017):
    from docx import Document

    data = render_docx(build_document(convention_2017))
    document = Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    for heading in ["Article 1er : Objet de la convention", "Article 6 : Les financements des actions"]:
        assert heading in paragraphs
    cells = [[plain(c.text) for c in row.cells] for t in document.tables for row in t.rows]
    assert ["Chenôve", "16,32 %", "1 224,00 €"] in cells
    assert ["Total", "100,00 %", "7 500,00 €"] in cells
    assert ["Coût total", "17 500,00 €"] in cells
    assert ["Dijon Métropole", "10 000,00 €"] in cells


def test_cpo_with_shares_to_be_set_renders(demo_world):
    convention = document_queryset().get(reference=demo.REF_CPO)
    doc = build_document(convention)
    assert [y.year for y in doc.financing] == [2024, 2025, 2026]
    assert doc.filename_stem == "convention-2024-2026-dijon-metropole"
    html = plain(render_to_string("funding/documents/convention_print.html", {"doc": doc}))
    assert "à définir" in html and "4 820,00 €" in html
    assert Convention.objects.filter(reference=demo.REF_CPO).exists()


def _docx(convention):
    from docx import Document

    return Document(io.BytesIO(render_docx(build_document(convention))))


def test_docx_is_a4_in_french_with_page_numbers(convention_2017):
    from docx.oxml.ns import qn

    document = _docx(convention_2017)
    for section in document.sections:
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
        footer = section.footer._element.xml
        assert 'w:instr="PAGE"' in footer and "Page " in footer
    languages = {e.get(qn("w:val")) for e in document.styles.element.iter(qn("w:lang"))}
    assert languages == {"fr-FR"}
    assert document.core_properties.language == "fr-FR"


def test_object_typed_in_the_ui_is_printed_in_pdf_and_docx(world):
    from tests.funding.factories import make_convention

    convention = make_convention(world.metropole, [world.carrier])
    convention.object = "Soutenir les parcours de réussite éducative des quartiers prioritaires."
    convention.save()
    convention.articles.filter(title__icontains="objet").delete()
    doc = build_document(document_queryset().get(pk=convention.pk))
    html = plain(render_to_string("funding/documents/convention_print.html", {"doc": doc}))
    assert "Objet de la convention Soutenir les parcours de réussite éducative" in html
    paragraphs = [p.text for p in _docx(convention).paragraphs]
    assert paragraphs[paragraphs.index("Objet de la convention") + 1].startswith("Soutenir les parcours")


def test_object_stated_by_an_article_is_not_printed_twice(convention_2017):
    html = plain(render_to_string("funding/documents/convention_print.html", {"doc": build_document(convention_2017)}))
    assert html.count("Objet de la convention") == 1
