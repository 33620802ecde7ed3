"""The invoice PDF/A, and the Factur-X (EN 16931) XML embedded when the provider has a SIRET: codes
only, never a child's name."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from reussite.care.services import build_invoice, issue_invoice, record_session, refer_to_psychologist

pytestmark = pytest.mark.django_db
D = datetime.date
SIRET = "73282932000074"


@pytest.fixture
def invoice(care):
    referral = refer_to_psychologist(care["coordinator"], care["child"], care["psy"], 4, D(2017, 3, 1))
    for day in (6, 13):
        record_session(care["psy"].user, referral, D(2017, 3, day), 45, "child", "attended")
    return build_invoice(care["psy"].user, care["psy"], 2017, 3)


def download(client, user, invoice):
    client.force_login(user)
    response = client.get(reverse("care:invoice_pdf", args=[invoice.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def test_an_issued_invoice_of_a_provider_with_a_siret_is_a_factur_x(client, care, invoice):
    provider = care["psy"].organisation
    provider.siret = SIRET
    provider.save()
    issue_invoice(care["psy"].user, invoice, D(2017, 4, 2))
    reader = download(client, care["metropole"], invoice)
    [xml] = reader.attachments["factur-x.xml"]
    xml = xml.decode()
    assert "<ram:ID>2017-0001</ram:ID>" in xml and "urn:cen.eu:en16931:2017" in xml
    assert f'schemeID="0009">{SIRET}<' in xml and "<ram:CategoryCode>E</ram:CategoryCode>" in xml
    assert "<ram:DuePayableAmount>100.00</ram:DuePayableAmount>" in xml
    assert care["child"].code in xml and care["child"].last_name not in xml
    metadata = reader.xmp_metadata
    assert metadata is not None and "pdfaid" in str(reader.trailer["/Root"]["/Metadata"].get_object().get_data())
    text = "".join(page.extract_text() for page in reader.pages)
    assert "2017-0001" in text and care["child"].last_name not in text


def test_without_siret_or_before_issue_the_pdf_a_alone(client, care, invoice):
    reader = download(client, care["psy"].user, invoice)  # a draft
    assert not reader.attachments
    assert "brouillon" in "".join(page.extract_text() for page in reader.pages)
    issue_invoice(care["psy"].user, invoice, D(2017, 4, 2))
    assert not download(client, care["psy"].user, invoice).attachments  # the provider has no SIRET
